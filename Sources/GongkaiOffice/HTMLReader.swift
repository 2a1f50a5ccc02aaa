import CLibXML2
import Foundation
import GongkaiCore

/// Reads a web page saved from a government site with libxml2's HTML parser: `<table>`s with `rowspan` and
/// `colspan` resolved into grids, and the text of other block elements as paragraphs, in reading order.
public enum HTMLReader {
    public static func read(_ data: Data, name: String) throws(GongkaiError) -> [DocumentBlock] {
        // Decoded here (UTF-8, else GB18030) so a page's wrong or missing charset declaration cannot garble it.
        let text = TextDecoding.decode(data, declared: charset(in: data)).text
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let bytes = Array(text.utf8)
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options) }
            }
        }
        guard let doc = parsed else {
            throw GongkaiError(Message("\(name) 无法作为网页解析", "\(name) cannot be parsed as a web page"))
        }
        defer { xmlFreeDoc(doc) }
        var walker = Walker()
        walker.visit(xmlDocGetRootElement(doc))
        walker.flush()
        if let table = walker.tooLarge { throw TableGrid.tooLarge(name, table: table.index, cells: table.cells, merges: "rowspan/colspan") }
        return walker.blocks
    }

    /// The charset a page declares in a `<meta>` tag, if any.
    static func charset(in data: Data) -> String.Encoding? {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        guard let r = head.range(of: "charset=") else { return nil }
        let name = head[r.upperBound...].drop { $0 == "\"" || $0 == "'" }.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return TextDecoding.encoding(named: String(name))
    }

    private struct Walker {
        var blocks: [DocumentBlock] = []
        var pending = ""
        var tables = 0
        /// The first table whose spans claim more grid than its cells allow; reading stops there.
        var tooLarge: (index: Int, cells: Int)?
        static let breaking: Set<String> = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "blockquote", "pre"]
        static let skipped: Set<String> = ["script", "style", "head", "noscript"]

        mutating func flush() {
            let t = pending.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { blocks.append(.paragraph(t)) }
            pending = ""
        }

        mutating func visit(_ node: xmlNodePtr?) {
            var child = node
            while let n = child, tooLarge == nil {
                switch n.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    pending += HTMLReader.content(n).replacingOccurrences(of: "\n", with: " ")
                case XML_ELEMENT_NODE:
                    let tag = HTMLReader.name(n)
                    if Self.skipped.contains(tag) { break }
                    if tag == "table" {
                        flush()
                        tables += 1
                        switch HTMLReader.grid(n) {
                        case .success(let grid): blocks.append(.table(grid))
                        case .failure(let claim): tooLarge = (tables, claim.cells)
                        }
                    } else if Self.breaking.contains(tag) {
                        flush()
                        visit(n.pointee.children)
                        flush()
                    } else {
                        visit(n.pointee.children)
                    }
                default: break
                }
                child = n.pointee.next
            }
        }
    }

    static func name(_ n: xmlNodePtr) -> String { n.pointee.name.map { String(cString: $0) }?.lowercased() ?? "" }

    static func content(_ n: xmlNodePtr) -> String {
        guard let c = xmlNodeGetContent(n) else { return "" }
        defer { gongkai_xml_free(c) }
        return String(cString: c)
    }

    static func attribute(_ n: xmlNodePtr, _ key: String) -> String? {
        let value = key.withCString { name in name.withMemoryRebound(to: xmlChar.self, capacity: key.utf8.count + 1) { xmlGetProp(n, $0) } }
        guard let v = value else { return nil }
        defer { gongkai_xml_free(v) }
        return String(cString: v)
    }

    /// A table whose spans claim more grid than `TableGrid.maxCells(spreading:)` allows for its cells.
    struct GridTooLarge: Error {
        var cells: Int
    }

    /// Rows of a table (its own, not a nested table's), with rowspan/colspan spread over the grid. A span is the
    /// page's word: a rowspan ends with the table's rows, and the grid may hold no more than its cells allow.
    static func grid(_ table: xmlNodePtr) -> Result<TableGrid, GridTooLarge> {
        var rows: [xmlNodePtr] = []
        func collectRows(_ node: xmlNodePtr?) {
            var c = node
            while let n = c {
                if n.pointee.type == XML_ELEMENT_NODE {
                    let tag = name(n)
                    if tag == "tr" { rows.append(n) } else if ["thead", "tbody", "tfoot"].contains(tag) { collectRows(n.pointee.children) }
                }
                c = n.pointee.next
            }
        }
        collectRows(table.pointee.children)
        let cells = rows.reduce(0) { n, tr in
            var count = 0
            var c = tr.pointee.children
            while let cell = c {
                if cell.pointee.type == XML_ELEMENT_NODE, ["td", "th"].contains(name(cell)) { count += 1 }
                c = cell.pointee.next
            }
            return n + count
        }
        let limit = TableGrid.maxCells(spreading: cells)
        var claimed = 0
        var grid: [[String?]] = []
        // Cells still spanning down: column → (text, rows left).
        var carry: [Int: (String, Int)] = [:]
        for (index, tr) in rows.enumerated() {
            var out: [String?] = []
            var col = 0
            func fillCarried() {
                while let (text, left) = carry[col] {
                    out.append(text)
                    carry[col] = left > 1 ? (text, left - 1) : nil
                    col += 1
                }
            }
            var c = tr.pointee.children
            while let n = c {
                if n.pointee.type == XML_ELEMENT_NODE, ["td", "th"].contains(name(n)) {
                    fillCarried()
                    let text = cellText(n)
                    let colspan = min(max(Int(attribute(n, "colspan") ?? "") ?? 1, 1), 64)
                    let rowspan = min(max(Int(attribute(n, "rowspan") ?? "") ?? 1, 1), 10_000, rows.count - index)
                    for _ in 0..<colspan {
                        out.append(text)
                        if rowspan > 1 { carry[col] = (text, rowspan - 1) }
                        col += 1
                    }
                }
                c = n.pointee.next
            }
            fillCarried()
            // Cells spanning down past the end of a short row.
            for k in carry.keys.sorted() where k >= col {
                while out.count < k { out.append(nil) }
                if let (text, left) = carry[k] {
                    out.append(text)
                    carry[k] = left > 1 ? (text, left - 1) : nil
                }
            }
            grid.append(out)
            claimed += out.count
            if claimed > limit { return .failure(GridTooLarge(cells: cells)) }
        }
        let width = grid.map(\.count).max() ?? 0
        // Padded to a rectangle: one wide row must not widen every other past the limit either.
        guard width * grid.count <= limit else { return .failure(GridTooLarge(cells: cells)) }
        return .success(TableGrid(rows: grid.map { r in r.map { $0 ?? "" } + Array(repeating: "", count: width - r.count) }))
    }

    /// A cell's text: paragraphs and line breaks become newlines, runs of white space one space.
    static func cellText(_ cell: xmlNodePtr) -> String {
        var parts: [String] = []
        var current = ""
        func walk(_ node: xmlNodePtr?) {
            var c = node
            while let n = c {
                if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_CDATA_SECTION_NODE {
                    current += content(n)
                } else if n.pointee.type == XML_ELEMENT_NODE {
                    let tag = name(n)
                    let breaks = tag == "br" || tag == "p" || tag == "div" || tag == "li" || tag == "tr"
                    if breaks {
                        parts.append(current)
                        current = ""
                    }
                    walk(n.pointee.children)
                    if breaks {
                        parts.append(current)
                        current = ""
                    }
                }
                c = n.pointee.next
            }
        }
        walk(cell.pointee.children)
        parts.append(current)
        return parts.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
