import Foundation

/// The drafted report as Markdown (merged header cells flattened into one header row) or as HTML (real rowspan/colspan).
extension ReportDocument {
    public func markdown() -> String {
        var out = ["# \(title)", ""]
        for b in blocks {
            switch b {
            case .heading1(let s): out += ["## \(s)", ""]
            case .heading2(let s): out += ["### \(s)", ""]
            case .heading3(let s): out += ["#### \(s)", ""]
            case .paragraph(let s), .note(let s): out += [s, ""]
            case .signature(let s): out += ["<p align=\"right\">\(s)</p>", ""]
            case .draftNotice(let summary, let items): out += ["> **\(summary)**", ">"] + items.map { "> - \($0)" } + [""]
            case .table(let t): out += t.markdownLines() + [""]
            }
        }
        return out.joined(separator: "\n")
    }

    public func html() -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = [
            "<!DOCTYPE html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title><style>",
            "body{font-family:'仿宋_GB2312','FangSong','Noto Serif CJK SC',serif;font-size:16pt;line-height:29pt;max-width:156mm;margin:37mm auto 35mm}",
            "h1{font-family:'方正小标宋简体','SimSun','Noto Serif CJK SC',serif;font-size:22pt;font-weight:normal;text-align:center}",
            "h2{font-family:'黑体','SimHei','Noto Sans CJK SC',sans-serif;font-size:16pt;font-weight:normal;text-indent:2em}",
            "h3{font-family:'楷体_GB2312','KaiTi','Noto Serif CJK SC',serif;font-size:16pt;font-weight:normal;text-indent:2em}",
            "h4{font-size:16pt;text-indent:2em}p{text-indent:2em;margin:0}p.note{font-size:12pt;line-height:20pt}p.sign{text-align:right;padding-right:4em}",
            "div.draft{color:#c00000;border:1px solid #c00000;padding:4pt 8pt;margin-bottom:12pt}div.draft p{text-indent:0}div.draft ul{margin:0}",
            "table{border-collapse:collapse;width:100%;font-size:9pt;line-height:13pt;margin:6pt 0}"
                + "td,th{border:1px solid #000;padding:2pt;text-align:center}td.label{text-align:left}",
            "</style></head><body>", "<h1>\(esc(title))</h1>",
        ]
        for b in blocks {
            switch b {
            case .heading1(let s): out.append("<h2>\(esc(s))</h2>")
            case .heading2(let s): out.append("<h3>\(esc(s))</h3>")
            case .heading3(let s): out.append("<h4>\(esc(s))</h4>")
            case .paragraph(let s): out.append("<p>\(esc(s))</p>")
            case .note(let s): out.append("<p class=\"note\">\(esc(s))</p>")
            case .signature(let s): out.append("<p class=\"sign\">\(esc(s))</p>")
            case .draftNotice(let summary, let items):
                out.append("<div class=\"draft\"><p><strong>\(esc(summary))</strong></p><ul>\(items.map { "<li>\(esc($0))</li>" }.joined())</ul></div>")
            case .table(let t):
                out.append("<table>")
                for (i, row) in t.rows.enumerated() {
                    var cells = ""
                    var g = 0
                    for c in row {
                        defer { g += c.span }
                        if c.merge == .continue { continue }
                        let tag = i < t.headerRows ? "th" : "td"
                        let rows = c.merge == .restart ? t.rowSpan(row: i, gridColumn: g) : 1
                        cells +=
                            "<\(tag)\(c.span > 1 ? " colspan=\"\(c.span)\"" : "")\(rows > 1 ? " rowspan=\"\(rows)\"" : "")"
                            + "\(c.isLabel ? " class=\"label\"" : "")>\(esc(c.text))</\(tag)>"
                    }
                    out.append("<tr>\(cells)</tr>")
                }
                out.append("</table>")
            }
        }
        out += ["</body></html>", ""]
        return out.joined(separator: "\n")
    }
}

extension ReportTable {
    /// A Markdown table: the header rows become one row of grid-column titles (upper titles joined to lower ones),
    /// and a merged label is repeated down its rows so each row reads alone.
    func markdownLines() -> [String] {
        let n = columnWidths.count
        func gridTexts(_ row: Int) -> [String] {
            var out: [String] = []
            for c in rows[row] { out += Array(repeating: c.text, count: c.span) }
            return out
        }
        var header = Array(repeating: "", count: n)
        var filled = Array(repeating: [String](), count: n)
        for r in 0..<headerRows {
            for (g, text) in gridTexts(r).enumerated() where !text.isEmpty && filled[g].last != text { filled[g].append(text) }
        }
        for g in 0..<n { header[g] = filled[g].joined(separator: "·") }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: n)]
        var above = Array(repeating: "", count: n)
        for r in headerRows..<rows.count {
            var cells: [String] = []
            var g = 0
            for c in rows[r] {
                let text = c.merge == .continue ? above[g] : c.text
                for k in 0..<c.span {
                    cells.append(k == 0 ? text : "")
                    above[g + k] = text
                }
                g += c.span
            }
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "｜") }.joined(separator: " | ") + " |")
        }
        return lines
    }
}
