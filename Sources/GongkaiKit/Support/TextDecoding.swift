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
}

extension String {
    /// Byte-for-byte equal: the common case of `==`, without its Unicode normalisation of non-ASCII text.
    func sameBytes(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
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
    /// Without leading and trailing spaces and tabs; the string itself when there are none (the common case).
    /// Foundation's trimmingCharacters(in:) goes through NSString and was a third of a ledger's load time.
    var trimmedSpaces: String {
        // The first and last bytes decide the common case: a space, a tab, U+3000 (E3 80 80) and U+00A0 (C2 A0)
        // start with 20, 09, E3 or C2 and end with 20, 09, 80 or A0.
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return self }
        if firstByte != 0x20 && firstByte != 0x09 && firstByte != 0xE3 && firstByte != 0xC2
            && lastByte != 0x20 && lastByte != 0x09 && lastByte != 0x80 && lastByte != 0xA0 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" }
        if !isSpace(first) && !isSpace(last) { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
