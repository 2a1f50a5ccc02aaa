import Foundation
import GongkaiCore

/// A drafted document: the title and a flat list of blocks, each writer (Word, Markdown, HTML) lays them out.
/// Kept apart from the drafting so the same draft prints the same in every format.
public struct ReportDocument: Sendable {
    public var title: String
    public var author: String
    public var blocks: [ReportBlock]
    /// Texts the agency publishes under its own name (its contact telephone): masking leaves them as written.
    public var published: [String]

    public init(title: String, author: String, blocks: [ReportBlock], published: [String] = []) {
        self.title = title
        self.author = author
        self.blocks = blocks
        self.published = published
    }

    /// The level-1 headings in order (一、总体情况 …).
    public var partHeadings: [String] { blocks.compactMap { if case .heading1(let s) = $0 { s } else { nil } } }

    /// The document with identity, mobile and landline numbers masked in every text (Redaction.mask): a docx is
    /// compressed, so the output boundary cannot mask inside it.
    public func masked() -> ReportDocument {
        let published = self.published
        func mask(_ s: String) -> String { Redaction.mask(s, keeping: published) }
        func m(_ b: ReportBlock) -> ReportBlock {
            switch b {
            case .heading1(let s): return .heading1(mask(s))
            case .heading2(let s): return .heading2(mask(s))
            case .heading3(let s): return .heading3(mask(s))
            case .paragraph(let s): return .paragraph(mask(s))
            case .note(let s): return .note(mask(s))
            case .signature(let s): return .signature(mask(s))
            case .draftNotice(let summary, let items): return .draftNotice(summary: mask(summary), items: items.map(mask))
            case .table(var t):
                t.rows = t.rows.map {
                    $0.map {
                        var c = $0
                        c.text = mask(c.text)
                        return c
                    }
                }
                return .table(t)
            }
        }
        return ReportDocument(title: mask(title), author: mask(author), blocks: blocks.map(m), published: published)
    }

    /// Every word a reader sees, for checks that nothing English or ISO slipped in.
    public var plainText: String {
        ([title]
            + blocks.flatMap { b -> [String] in
                switch b {
                case .heading1(let s), .heading2(let s), .heading3(let s), .paragraph(let s), .note(let s), .signature(let s): [s]
                case .draftNotice(let summary, let items): [summary] + items
                case .table(let t): t.rows.flatMap { $0.map(\.text) }
                }
            }).joined(separator: "\n")
    }
}

public enum ReportBlock: Sendable {
    /// 一、总体情况 (黑体).
    case heading1(String)
    /// （一）主动公开 (楷体).
    case heading2(String)
    /// 1. … (仿宋, bold).
    case heading3(String)
    case paragraph(String)
    /// A small-print line under a table (注：…).
    case note(String)
    /// The agency and date, right-aligned at the end.
    case signature(String)
    case table(ReportTable)
    /// The draft's own warning right after the title: what to verify before publishing, one item a line. Not part of
    /// the report; a clean draft has none.
    case draftNotice(summary: String, items: [String])
}

/// A table laid out on a grid: a cell spans `span` grid columns; `merge` continues a vertically merged cell from the row above.
/// Writers get the merged header cells of the national format without knowing the format.
public struct ReportTable: Sendable {
    public struct Cell: Sendable, Equatable {
        public enum Merge: Sendable, Equatable { case none, restart, `continue` }
        public var text: String
        public var span: Int
        public var merge: Merge
        public var bold: Bool
        /// Labels left-aligned, numbers centred.
        public var isLabel: Bool

        public init(_ text: String, span: Int = 1, merge: Merge = .none, bold: Bool = false, isLabel: Bool = false) {
            self.text = text
            self.span = span
            self.merge = merge
            self.bold = bold
            self.isLabel = isLabel
        }
        public static func label(_ text: String, span: Int = 1, merge: Merge = .none, bold: Bool = false) -> Cell {
            Cell(text, span: span, merge: merge, bold: bold, isLabel: true)
        }
        /// The lower part of a vertically merged cell.
        public static func below(span: Int = 1) -> Cell { Cell("", span: span, merge: .continue) }
    }

    /// Grid column widths in twentieths of a point; their sum is the table's width.
    public var columnWidths: [Int]
    /// Rows repeated at the top of every page.
    public var headerRows: Int
    public var rows: [[Cell]]
    /// Half-points (18 = 小五, 21 = 五号).
    public var fontSize: Int

    public init(columnWidths: [Int], headerRows: Int, rows: [[Cell]], fontSize: Int = 18) {
        self.columnWidths = columnWidths
        self.headerRows = headerRows
        self.rows = rows
        self.fontSize = fontSize
    }

    /// Rows whose spans do not add up to the grid: a bug in a builder, caught before a broken file is written.
    public var malformedRows: [Int] {
        rows.indices.filter { rows[$0].reduce(0) { $0 + $1.span } != columnWidths.count }
    }

    /// How many rows a merged cell starting at (row, grid column) covers.
    public func rowSpan(row: Int, gridColumn: Int) -> Int {
        var n = 1
        var r = row + 1
        while r < rows.count, let c = cell(row: r, gridColumn: gridColumn), c.merge == .continue {
            n += 1
            r += 1
        }
        return n
    }

    /// The cell that starts at a grid column in a row, if one does.
    public func cell(row: Int, gridColumn: Int) -> Cell? {
        var g = 0
        for c in rows[row] {
            if g == gridColumn { return c }
            g += c.span
            if g > gridColumn { return nil }
        }
        return nil
    }
}

/// The text block of a GB/T 9704 page: 156 mm, in twentieths of a point.
let textBlockWidth = 8844
