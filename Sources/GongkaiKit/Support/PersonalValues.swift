import Foundation

/// The values of personal fields seen during this run (applicants' names and addresses), kept in memory only, never
/// written: masking by shape cannot know a name, so every output also loses these wherever they arrive — a ledger's
/// file or sheet name, free text, a note — in any encoding gongkai writes (`Redaction.mask` is the one boundary, and
/// SARIF masks a path before percent-encoding it). Numbers (phones, identity numbers) are masked by their shape.
public final class PersonalValues: @unchecked Sendable {
    public static let seen = PersonalValues()

    private let lock = NSLock()
    private var values = Set<String>()
    /// By the UTF-8 bytes of a value's first two characters (at most 8 bytes): the candidates to compare.
    private var index: [UInt64: [[UInt8]]] = [:]
    private var isEmptyFlag = true

    /// Words that are never kept as someone's name: placeholders offices type instead of one.
    static let placeholders: Set<String> = ["无", "匿名", "个人", "本人", "不详", "略", "某某", "申请人", "见附件", "保密"]

    /// Notes a personal field's value; numbers and placeholders are left to masking by shape.
    public func note(_ value: String, unless protected: (String) -> Bool = { _ in false }) {
        noteAll([value], unless: protected)
    }

    /// Notes many values under one lock (a parsing thread's, when it is done).
    public func noteAll(_ values: some Sequence<String>, unless protected: (String) -> Bool = { _ in false }) {
        var add: [(String, UInt64, [UInt8])] = []
        for value in values {
            let v = value.trimmingCharacters(in: .whitespaces)
            guard v.count >= 2, v.utf8.count <= 600, !Self.placeholders.contains(v), !protected(v), !Self.isNumber(v) else { continue }
            let bytes = Array(v.utf8)
            guard let key = Self.key(bytes, at: 0) else { continue }
            add.append((v, key, bytes))
        }
        guard !add.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for (v, key, bytes) in add where self.values.insert(v).inserted {
            index[key, default: []].append(bytes)
            isEmptyFlag = false
        }
    }

    /// Only digits, separators and X: a phone or an identity number, which masking by shape handles.
    static func isNumber(_ v: String) -> Bool {
        v.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 40 || $0 == 41 || $0 == 32 || $0 == 88 || $0 == 120 }
    }

    /// Forgets every value (a test, or a run over several folders that must not share them).
    public func reset() {
        lock.lock()
        values = []
        index = [:]
        isEmptyFlag = true
        lock.unlock()
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isEmptyFlag
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
            if b[i] & 0xC0 != 0x80, let k = Self.key(b, at: i), let candidates = index[k],
                let match = candidates.filter({ i + $0.count <= b.count && b[i..<(i + $0.count)].elementsEqual($0) }).max(by: { $0.count < $1.count })
            {
                if !changed { out.reserveCapacity(b.count) }
                changed = true
                out += b[copied..<i]
                let characters = String(decoding: match, as: UTF8.self).count
                for _ in 0..<characters { out += [0xEF, 0xBC, 0x8A] }  // ＊
                i += match.count
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
final class PersonalCollector: @unchecked Sendable {
    @exclusivity(unchecked) var values = Set<String>()
    /// The plan's own words, never kept as a name.
    let protected: @Sendable (String) -> Bool

    init(protected: @escaping @Sendable (String) -> Bool) { self.protected = protected }

    /// Numbers are masked by their shape: only other values are kept.
    func note(_ value: String) {
        if !PersonalValues.isNumber(value) { values.insert(value) }
    }

    deinit { PersonalValues.seen.noteAll(values, unless: protected) }
}
