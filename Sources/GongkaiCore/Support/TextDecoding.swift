import Foundation

/// Text as it comes from offices: UTF-8 with or without BOM, CRLF, or GB18030 from Excel on Chinese Windows.
public enum TextDecoding {
    /// kCFStringEncodingGB_18030_2000 as an NSStringEncoding.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public static func encoding(named name: String) -> String.Encoding? {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "utf8": .utf8
        case "gb18030", "gbk", "gb2312", "cp936": gb18030
        default: nil
        }
    }

    /// Decodes bytes; UTF-8 unless declared or unless the bytes are not valid UTF-8 (then GB18030).
    public static func decode(_ data: Data, declared: String.Encoding?) -> (text: String, encoding: String.Encoding?) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let declared, declared != .utf8, let s = String(data: bytes, encoding: declared) { return (s, declared) }
        if let s = String(validatingUTF8Data: bytes) { return (s, .utf8) }
        if let s = String(data: bytes, encoding: gb18030) { return (s, gb18030) }
        return (String(decoding: bytes, as: UTF8.self), nil)
    }

    /// Where bytes stop being text: the 1-based line and column (in characters) of the first invalid byte.
    public struct InvalidBytes: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    /// Decodes bytes, never replacing what cannot be decoded. A file that is mostly UTF-8 (it has more valid
    /// multibyte sequences than invalid ones) with a bad byte is an error there, not GB18030 mojibake; a file
    /// with no UTF-8 multibyte text is tried as GB18030.
    public static func decodeStrictly(_ data: Data, declared: String.Encoding?) -> Result<(text: String, encoding: String.Encoding), InvalidBytes> {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let declared, declared != .utf8 {
            if let s = String(data: bytes, encoding: declared) { return .success((s, declared)) }
        }
        // The common case: valid UTF-8, checked by the standard library's fast validation.
        if let s = String(validatingUTF8Data: bytes) { return .success((s, .utf8)) }
        let scan = bytes.withUnsafeBytes { scanUTF8(UnsafeRawBufferPointer($0)) }
        guard let firstInvalid = scan.firstInvalid else {
            return .success((String(decoding: bytes, as: UTF8.self), .utf8))
        }
        if declared == nil && scan.validMultibyte < scan.invalid, let s = String(data: bytes, encoding: gb18030), !s.contains("\u{FFFD}") {
            return .success((s, gb18030))
        }
        return .failure(bytes.withUnsafeBytes { position(of: firstInvalid, in: UnsafeRawBufferPointer($0)) })
    }

    /// The first invalid UTF-8 byte's offset, and counts of valid multibyte and invalid sequences.
    static func scanUTF8(_ b: UnsafeRawBufferPointer) -> (firstInvalid: Int?, validMultibyte: Int, invalid: Int) {
        var i = 0
        var valid = 0
        var invalid = 0
        var first: Int?
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            var need = 0
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0:
                need = 2
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED:
                need = 2
                upper = 0x9F
            case 0xF0:
                need = 3
                lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4:
                need = 3
                upper = 0x8F
            default: need = -1
            }
            var ok = need > 0
            if ok {
                for k in 1...need {
                    guard i + k < n else {
                        ok = false
                        break
                    }
                    let cc = b[i + k]
                    let lo: UInt8 = k == 1 ? lower : 0x80
                    let hi: UInt8 = k == 1 ? upper : 0xBF
                    if cc < lo || cc > hi {
                        ok = false
                        break
                    }
                }
            }
            if ok {
                valid += 1
                i += need + 1
            } else {
                invalid += 1
                if first == nil { first = i }
                i += 1
            }
        }
        return (first, valid, invalid)
    }

    static func position(of offset: Int, in b: UnsafeRawBufferPointer) -> InvalidBytes {
        var line = 1
        var column = 1
        for i in 0..<min(offset, b.count) {
            if b[i] == 10 {
                line += 1
                column = 1
            } else if b[i] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return InvalidBytes(line: line, column: column)
    }
}

extension String {
    /// Byte-for-byte equal: the common case of `==`, without its Unicode normalisation of non-ASCII text.
    package func sameBytes(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        return a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.isEmpty }
                return memcmp(p, q, x.count) == 0
            }
        }?.flatMap { $0 } ?? a.elementsEqual(b)
    }

    init?(validatingUTF8Data data: Data) {
        guard let s = String(bytes: data, encoding: .utf8) else { return nil }
        self = s
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, U+3000 and U+00A0; the string itself when there are none (the
    /// common case). Foundation's trimmingCharacters(in:) goes through NSString and was a third of a ledger's load
    /// time. Read in place, as CSV fields are trimmed (`TextDecoding.spaceTrimmed`).
    package var trimmedSpaces: String {
        var text = self
        return text.withUTF8 { bytes in
            let (start, end) = TextDecoding.spaceTrimmed(UnsafeRawBufferPointer(bytes))
            return start == 0 && end == bytes.count ? self : String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}

extension TextDecoding {
    /// Where bytes of UTF-8 text start and end without leading and trailing spaces, tabs, U+3000 (E3 80 80) and
    /// U+00A0 (C2 A0). Only those sequences are taken: E3 and C2 start characters, so no other character's bytes
    /// match (倀 ends with 80, 、 is E3 80 81).
    @inline(__always)
    package static func spaceTrimmed(_ b: UnsafeRawBufferPointer) -> (start: Int, end: Int) {
        var start = 0
        var end = b.count
        while start < end {
            let c = b[start]
            if c == 0x20 || c == 0x09 {
                start += 1
            } else if c == 0xE3, end - start >= 3, b[start + 1] == 0x80, b[start + 2] == 0x80 {
                start += 3
            } else if c == 0xC2, end - start >= 2, b[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            let c = b[end - 1]
            if c == 0x20 || c == 0x09 {
                end -= 1
            } else if c == 0x80, end - start >= 3, b[end - 2] == 0x80, b[end - 3] == 0xE3 {
                end -= 3
            } else if c == 0xA0, end - start >= 2, b[end - 2] == 0xC2 {
                end -= 2
            } else {
                break
            }
        }
        return (start, end)
    }
}
