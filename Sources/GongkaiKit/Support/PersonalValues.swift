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
        let v = value.trimmingCharacters(in: .whitespaces)
        guard v.count >= 2, v.unicodeScalars.count <= 200, !Self.placeholders.contains(v), !protected(v) else { return }
        // Only digits, separators and X: a phone or an identity number, which masking by shape handles.
        if v.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.numericType != nil || "+-() xX".unicodeScalars.contains($0)) }) { return }
        let bytes = Array(v.utf8)
        guard let key = Self.key(bytes, at: 0) else { return }
        lock.lock()
        defer { lock.unlock() }
        guard values.insert(v).inserted else { return }
        index[key, default: []].append(bytes)
        isEmptyFlag = false
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
