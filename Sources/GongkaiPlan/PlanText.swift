/// Whitespace handled scalar by scalar: `Character.isWhitespace` and Foundation's `trimmingCharacters` cost a large
/// plan's import most of its time in Unicode property look-ups and bridging.
extension Unicode.Scalar {
    /// The Unicode White_Space property, from its short fixed list.
    package var isSpaceLike: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension StringProtocol {
    /// The text without the spaces and tabs at either end, as `trimmingCharacters(in: .whitespaces)` (general
    /// category Zs and U+0009; line ends are kept).
    package var trimmingSpaces: String {
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }

    /// The text with every whitespace character left out, as `filter { !$0.isWhitespace }`.
    package var withoutWhitespace: String {
        guard unicodeScalars.contains(where: \.isSpaceLike) else { return String(self) }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars where !s.isSpaceLike { out.append(s) }
        return String(out)
    }
}
