import Foundation

/// The one masking function every output passes through: whatever reaches a report, a message or a workbook cell,
/// a value shaped like a Chinese identity number, a mobile number or a landline number is masked, wherever it came
/// from (a request number, a file name, a value typed into the wrong column).
///
/// - identity number: 17 digits and `X`, or 18 digits whose last is the GB 11643 check digit → `440**************X`;
/// - mobile: `1[3-9]` and 9 digits (optionally `+86`/`86`, `-` or spaces after the 3rd and 7th digit) → `138****5678`;
/// - landline with its area code: `0` and 2–3 digits, optionally `-` or a space, then 7–8 digits → `0758-*******`.
///
/// A match must stand alone: no ASCII letter or digit right before or after it, so digests (hex) and longer numbers
/// are left as they are. Only ASCII digits become `*`, so the text stays valid UTF-8 of the same length.
public enum Redaction {
    public static func mask(_ text: String) -> String {
        let names = !PersonalValues.seen.isEmpty
        // Scanned in place: most texts have no digits, and a generic walk of the UTF-8 view cost more than the check.
        guard names || (text.utf8.withContiguousStorageIfAvailable(mightContainNumber) ?? mightContainNumber(text.utf8)) else { return text }
        var bytes = Array(text.utf8)
        let numbers = maskBytes(&bytes, jsonStringsOnly: false)
        guard PersonalValues.seen.scrub(&bytes) || numbers else { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Masks everything but the texts an agency publishes under its own name (the contact telephone of its annual
    /// report, from gongkai.yaml): those stay as written wherever they occur.
    public static func mask(_ text: String, keeping published: [String]) -> String {
        guard let first = published.first(where: { !$0.isEmpty }) else { return mask(text) }
        let rest = published.filter { !$0.isEmpty && $0 != first }
        return text.components(separatedBy: first).map { mask($0, keeping: rest) }.joined(separator: first)
    }

    /// Masks text output; JSON (an object or array) is masked inside its strings only, so numbers stay numbers.
    public static func mask(_ data: Data) -> Data {
        let names = !PersonalValues.seen.isEmpty
        guard names || mightContainNumber(data) else { return data }
        var bytes = [UInt8](data)
        let numbers = maskBytes(&bytes, jsonStringsOnly: looksLikeJSON(bytes))
        guard PersonalValues.seen.scrub(&bytes) || numbers else { return data }
        return Data(bytes)
    }

    /// A file name as every format shows it: control characters (a newline that would start a forged
    /// `::error` line, an escape sequence that would recolour a terminal) written as visible escapes.
    public static func escapingControls(_ name: String) -> String {
        func control(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F || b == 0xC2 }
        guard name.utf8.withContiguousStorageIfAvailable({ $0.contains(where: control) }) ?? name.utf8.contains(where: control) else { return name }
        var out = ""
        for u in name.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F, 0x80...0x9F: out += String(format: "\\u{%02X}", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    // MARK: the scanner

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 122) }

    /// Seven digits (single `-` or spaces between them allowed) are the least any masked form has; most outputs are
    /// done after this scan.
    static func mightContainNumber(_ bytes: some Sequence<UInt8>) -> Bool {
        var run = 0
        var afterSeparator = false
        for b in bytes {
            if isDigit(b) {
                run += 1
                afterSeparator = false
                if run >= 7 { return true }
            } else if (b == UInt8(ascii: "-") || b == UInt8(ascii: " ")) && run > 0 && !afterSeparator {
                afterSeparator = true
            } else {
                run = 0
                afterSeparator = false
            }
        }
        return false
    }

    static func looksLikeJSON(_ b: [UInt8]) -> Bool {
        guard let first = b.first(where: { $0 > 32 }), let last = b.last(where: { $0 > 32 }) else { return false }
        return (first == UInt8(ascii: "{") && last == UInt8(ascii: "}")) || (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
    }

    /// Masks in place; true when anything changed.
    static func maskBytes(_ b: inout [UInt8], jsonStringsOnly: Bool) -> Bool {
        var changed = false
        var inString = false
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if jsonStringsOnly {
                if c == UInt8(ascii: "\\") && inString {
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    inString.toggle()
                    i += 1
                    continue
                }
                if !inString {
                    i += 1
                    continue
                }
            }
            // A percent escape (`%E5`, as a SARIF or HTML link writes a name) ends a word: its hex digits are not
            // glued to the digits after it.
            if c == UInt8(ascii: "%") && i + 2 < n && isHex(b[i + 1]) && isHex(b[i + 2]) {
                i += 3
                continue
            }
            guard isAlnum(c) else {
                i += 1
                continue
            }
            // Words are consumed whole, so `i` starts one here.
            guard isDigit(c) else {
                let (end, glued) = maskGlued(&b, word: i)
                (i, changed) = (end, changed || glued)
                continue
            }
            // Digits, allowing single `-` or space separators between digits.
            var digits: [Int] = []
            var separators: [Int] = []  // digit counts before each separator
            var j = i
            while j < n {
                if isDigit(b[j]) {
                    digits.append(j)
                    j += 1
                    continue
                }
                if (b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: " ")) && j + 1 < n && isDigit(b[j + 1]) && !digits.isEmpty {
                    separators.append(digits.count)
                    j += 1
                    continue
                }
                break
            }
            let end = j
            if let masked = classify(b, digits: digits, separators: separators, end: end) {
                for p in masked { b[p] = UInt8(ascii: "*") }
                changed = true
                i = end
            } else {
                let (wordEnd, glued) = maskGlued(&b, word: i)
                (i, changed) = (wordEnd, changed || glued)
            }
        }
        return changed
    }

    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 102) }

    /// Masks the digit runs of the word starting at `start` that are made wholly of numbers glued together or to
    /// letters (`tel13912340001`, a mobile glued to an identity number); returns where the word ends and whether
    /// anything was masked. A hex word of 16 or more characters with a letter in it is a digest and is left whole.
    static func maskGlued(_ b: inout [UInt8], word start: Int) -> (end: Int, changed: Bool) {
        let n = b.count
        var end = start
        var hexOnly = true
        var hexLetter = false
        while end < n && isAlnum(b[end]) {
            hexOnly = hexOnly && isHex(b[end])
            hexLetter = hexLetter || !isDigit(b[end])
            end += 1
        }
        var changed = false
        if hexOnly && hexLetter && end - start >= 16 { return (end, false) }
        var k = start
        while k < end {
            guard isDigit(b[k]) else {
                k += 1
                continue
            }
            var e = k
            while e < end && isDigit(b[e]) { e += 1 }
            let trailingX = e < end && (b[e] == UInt8(ascii: "X") || b[e] == UInt8(ascii: "x"))
            if let masked = gluedNumbers(b, from: k, to: e, trailingX: trailingX) {
                for p in masked { b[p] = UInt8(ascii: "*") }
                changed = true
            }
            k = e
        }
        return (end, changed)
    }

    /// The positions to mask when the digits `from..<to` are wholly mobiles (`1[3-9]` and 9 digits) and identity
    /// numbers (18 digits with a valid check digit, or 17 before a final `X`), or nil.
    static func gluedNumbers(_ b: [UInt8], from s: Int, to e: Int, trailingX: Bool) -> [Int]? {
        if s == e { return [] }
        func d(_ k: Int) -> Int { Int(b[k] - 48) }
        let rest = e - s
        if rest >= 11 && d(s) == 1 && d(s + 1) >= 3, let more = gluedNumbers(b, from: s + 11, to: e, trailingX: trailingX) {
            return Array((s + 3)..<(s + 7)) + more
        }
        if rest >= 18 && idCheckDigitValid((s..<(s + 18)).map(d)), let more = gluedNumbers(b, from: s + 18, to: e, trailingX: trailingX) {
            return Array((s + 3)..<(s + 17)) + more
        }
        if rest == 17 && trailingX { return Array((s + 3)..<(s + 17)) }
        return nil
    }

    /// The positions to mask for one run of digits, or nil when it is none of the three shapes.
    static func classify(_ b: [UInt8], digits: [Int], separators: [Int], end: Int) -> [Int]? {
        let count = digits.count
        let after: UInt8? = end < b.count ? b[end] : nil
        let standsAlone = after.map { !isAlnum($0) } ?? true
        func d(_ k: Int) -> Int { Int(b[digits[k]] - 48) }
        // Identity number: no separators.
        if separators.isEmpty {
            if count == 17, let x = after, x == UInt8(ascii: "X") || x == UInt8(ascii: "x"), end + 1 >= b.count || !isAlnum(b[end + 1]) {
                return Array(digits[3...])
            }
            if count == 18 && standsAlone && idCheckDigitValid((0..<18).map(d)) { return Array(digits[3..<17]) }
        }
        guard standsAlone else { return nil }
        // Mobile, optionally after 86.
        for offset in [0, 2] where count == 11 + offset {
            if offset == 2 && !(d(0) == 8 && d(1) == 6) { continue }
            guard d(offset) == 1, d(offset + 1) >= 3 else { continue }
            let allowed: Set<Int> = [offset, offset + 3, offset + 7]
            guard separators.allSatisfy(allowed.contains) else { continue }
            return Array(digits[(offset + 3)..<(offset + 7)])
        }
        // Landline with its area code: 0 + 2–3 digits, then 7–8 digits.
        if d(0) == 0, separators.count <= 1 {
            let areaLengths = separators.first.map { [$0] } ?? [3, 4]
            for area in areaLengths where (3...4).contains(area) && (7...8).contains(count - area) && d(1) != 0 {
                return Array(digits[area...])
            }
        }
        return nil
    }

    /// GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X.
    static func idCheckDigitValid(_ d: [Int]) -> Bool {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(d.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (12 - sum % 11) % 11
        return check < 10 && check == d[17]
    }
}
