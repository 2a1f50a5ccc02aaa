import Foundation

/// Text for XML and HTML element content and attribute values (JUnit, Word, the HTML report): the five markup
/// characters escaped, characters XML 1.0 forbids dropped. One function, so no markup format escapes differently.
public enum Markup {
    public static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Markup {
    /// Text as one Markdown code span (CommonMark 6.1): fenced with one backtick more than the longest run of backticks
    /// inside, and padded with a space where it starts or ends with a backtick, so no file name can close the span early.
    public static func markdownCode(_ s: String) -> String {
        var longest = 0
        var run = 0
        for c in s {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = s.hasPrefix("`") || s.hasSuffix("`") ? " " : ""
        return fence + pad + s + pad + fence
    }

    /// Text in Markdown prose or a table cell, read literally: every character that could start emphasis, code, a link,
    /// raw HTML or a table cell is backslash-escaped, and a line break becomes a space.
    public static func markdownText(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!":
                out.append("\\")
                out.append(c)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }
}
