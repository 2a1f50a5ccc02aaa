import Foundation

/// The values of personal fields seen during this run (applicants' names and addresses), kept in memory only, never
/// written: masking by shape cannot know a name, so every output also loses these wherever they arrive — a ledger's
/// file or sheet name, free text, a note — in any encoding gongkai writes (`Redaction.mask` is the one boundary, and
/// SARIF masks a path before percent-encoding it). Numbers (phones, identity numbers) are masked by their shape.
public final class PersonalValues: @unchecked Sendable {
    public static let seen = PersonalValues()

    /// What an output scan reads: by the bytes of a value's first two characters (at most 8), the byte lengths of the
    /// values that start so (longest first); and by a value's own hash, the values themselves to compare. A position
    /// costs one lookup, and one hash per length only where a value's first two characters stand: ten thousand names
    /// that share a surname cost a few lengths, not ten thousand comparisons.
    struct Index: Sendable {
        var lengths: [UInt64: [Int]] = [:]
        var values: [UInt64: [[UInt8]]] = [:]
        var isEmpty: Bool { values.isEmpty }
    }

    private let lock = NSLock()
    private var index = Index()

    /// Words that are never kept as someone's name: placeholders offices type instead of one.
    static let placeholders: Set<String> = ["无", "匿名", "个人", "本人", "不详", "略", "某某", "申请人", "见附件", "保密"]

    /// Notes a personal field's value; numbers and placeholders are left to masking by shape.
    public func note(_ value: String, unless protected: (String) -> Bool = { _ in false }) {
        noteAll([value], unless: protected)
    }

    /// Notes many values under one lock (a parsing thread's, when it is done).
    public func noteAll(_ values: some Sequence<String>, unless protected: (String) -> Bool = { _ in false }) {
        // Everything but the index's update is done outside the lock: parsing threads hand their values in at once.
        var add: [(bytes: [UInt8], key: UInt64, hash: UInt64)] = []
        for v in values {
            guard v.unicodeScalars.count >= 2, v.utf8.count <= 600, !Self.placeholders.contains(v), !Self.isNumber(v), !protected(v) else { continue }
            let bytes = Array(v.utf8)
            guard let key = Self.key(bytes, at: 0) else { continue }
            add.append((bytes, key, Self.hash(bytes[...])))
        }
        guard !add.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for (bytes, key, h) in add {
            if index.values[h]?.contains(bytes) == true { continue }
            index.values[h, default: []].append(bytes)
            var lengths = index.lengths[key] ?? []
            if !lengths.contains(bytes.count) {
                lengths.append(bytes.count)
                lengths.sort(by: >)
                index.lengths[key] = lengths
            }
        }
    }

    /// Only digits, separators and X: a phone or an identity number, which masking by shape handles.
    static func isNumber(_ v: String) -> Bool {
        v.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 40 || $0 == 41 || $0 == 32 || $0 == 88 || $0 == 120 }
    }

    /// Forgets every value (a test, or a run over several folders that must not share them).
    public func reset() {
        lock.lock()
        index = Index()
        lock.unlock()
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return index.isEmpty
    }

    /// The first two characters' bytes packed, when they fit in 8 bytes.
    static func key(_ b: [UInt8], at i: Int) -> UInt64? {
        var end = i
        for _ in 0..<2 {
            guard end < b.count else { return nil }
            let lead = b[end]
            end += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        guard end <= b.count, end - i <= 8 else { return nil }
        var k: UInt64 = 0
        for j in i..<end { k = k << 8 | UInt64(b[j]) }
        return k | UInt64(end - i) << 60
    }

    /// FNV-1a over the bytes.
    static func hash(_ b: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return h
    }

    /// Replaces every known value in `b` by as many ＊ as it has characters; true when anything changed.
    func scrub(_ b: inout [UInt8]) -> Bool {
        lock.lock()
        let index = self.index
        lock.unlock()
        guard !index.isEmpty else { return false }
        var out: [UInt8] = []
        var changed = false
        var i = 0
        var copied = 0
        while i < b.count {
            if b[i] & 0xC0 != 0x80, let k = Self.key(b, at: i), let lengths = index.lengths[k],
                let length = lengths.first(where: { n in
                    guard i + n <= b.count, let bucket = index.values[Self.hash(b[i..<(i + n)])] else { return false }
                    return bucket.contains { $0.count == n && $0.elementsEqual(b[i..<(i + n)]) }
                })
            {
                if !changed { out.reserveCapacity(b.count) }
                changed = true
                out += b[copied..<i]
                let characters = String(decoding: b[i..<(i + length)], as: UTF8.self).count
                for _ in 0..<characters { out += [0xEF, 0xBC, 0x8A] }  // ＊
                i += length
                copied = i
                continue
            }
            i += 1
        }
        guard changed else { return false }
        out += b[copied...]
        b = out
        return true
    }
}

/// The personal values one parsing thread saw, handed to `PersonalValues.seen` in one go when the thread's loader is
/// done with: a hundred thousand requests noted one by one under a lock cost more than reading them.
package final class PersonalCollector: @unchecked Sendable {
    @exclusivity(unchecked) var values: [String] = []
    /// The plan's own words (agency, title, units), never kept as a name: every part of them of two characters or more.
    let protectedWords: [String]

    package init(protected words: [String]) { protectedWords = words }

    /// Numbers are masked by their shape: only other values are kept.
    package func note(_ value: String) {
        if !PersonalValues.isNumber(value) { values.append(value) }
    }

    deinit {
        guard !values.isEmpty else { return }
        var parts = Set<Substring>()
        for w in protectedWords {
            let cs = Array(w.indices) + [w.endIndex]
            for a in 0..<cs.count {
                for b in stride(from: a + 2, to: min(cs.count, a + 40), by: 1) { parts.insert(w[cs[a]..<cs[b]]) }
            }
        }
        PersonalValues.seen.noteAll(values) { parts.contains(Substring($0)) }
    }
}
