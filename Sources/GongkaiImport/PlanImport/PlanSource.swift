import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiPlan

/// The one intermediate form every plan document is read into: tables of cells and paragraphs, each with where it
/// came from. Merges are already resolved (a merged cell's text is in every row it spans). The layout analyser
/// (`PlanLayout`) only ever sees this; a new input format is an adapter that fills it.
public struct PlanSource: Sendable {
    public struct Cell: Sendable {
        public var text: String
        public var location: SourceLocation
        public init(_ text: String, _ location: SourceLocation) {
            self.text = text
            self.location = location
        }
    }

    public struct Table: Sendable {
        public var name: String
        public var rows: [[Cell]]
        /// Text tables flattened from a web page (pipe rows) drop the cells a merge covers: a short row is
        /// right-aligned and takes its leading cells from the row above.
        public var shortRowsInheritLeft: Bool
        public init(name: String, rows: [[Cell]], shortRowsInheritLeft: Bool = false) {
            self.name = name
            self.rows = rows
            self.shortRowsInheritLeft = shortRowsInheritLeft
        }
    }

    public enum Block: Sendable {
        case table(Table)
        case paragraph(Cell)
    }

    public var file: String
    public var blocks: [Block]
    /// What reading the document itself joined or left over (a flattened table's cells), for the review.
    public var notes: [LoadIssue]
    public init(file: String, blocks: [Block], notes: [LoadIssue] = []) {
        self.file = file
        self.blocks = blocks
        self.notes = notes
    }

    /// A Word document or web page read by `DocxReader` / `HTMLReader`: cells located as `file › 表2 › 第3行第4列`.
    public static func document(_ blocks: [DocumentBlock], file: String) -> PlanSource {
        var out: [Block] = []
        var tableNo = 0
        var paragraphNo = 0
        for block in blocks {
            switch block {
            case .paragraph(let text):
                paragraphNo += 1
                for (k, line) in text.split(separator: "\n").enumerated() where !line.trimmingSpaces.isEmpty {
                    let suffix = k == 0 ? "" : "（第\(k + 1)行）"
                    out.append(.paragraph(Cell(String(line), SourceLocation(file: "\(file) › 第\(paragraphNo)段\(suffix)"))))
                }
            case .table(let grid):
                tableNo += 1
                let rows = grid.rows.enumerated().map { r, row in
                    row.enumerated().map { c, text in Cell(text, SourceLocation(file: "\(file) › 表\(tableNo) › 第\(r + 1)行第\(c + 1)列")) }
                }
                out.append(.table(Table(name: "表\(tableNo)", rows: rows)))
            }
        }
        return PlanSource(file: file, blocks: out)
    }

    /// Text as people paste it: runs of tab-separated rows (a table copied from Word or a browser) and of pipe rows
    /// (`| a | b |`, as pandoc or a web page's text gives), anything else a paragraph. Cells are located by line.
    public static func text(_ text: String, file: String) -> PlanSource {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        // A table flattened one cell per line (a web page's text): rebuilt row by row.
        if let flat = FlattenedTable.read(lines.map(String.init), file: file) {
            return PlanSource(file: file, blocks: flat.before.map { .paragraph($0) } + [.table(flat.table)], notes: flat.notes)
        }
        var out: [Block] = []
        var table: [[Cell]] = []
        var tableKind: Character?
        var tableNo = 0
        func endTable() {
            if !table.isEmpty {
                tableNo += 1
                out.append(.table(Table(name: "表\(tableNo)", rows: table, shortRowsInheritLeft: tableKind == "|")))
            }
            table = []
            tableKind = nil
        }
        let lastLine = lines.lastIndex { !$0.trimmingSpaces.isEmpty } ?? 0
        for (index, raw) in lines.enumerated() {
            let line = String(raw)
            let location = SourceLocation(file: file, line: index + 1)
            let trimmed = line.trimmingSpaces
            var kind: Character? = line.includes("\t") ? "\t" : (isPipeRow(trimmed) ? "|" : nil)
            // A text cut short inside a pipe table (a page excerpt): its last line is the start of one more row.
            if kind == nil, tableKind == "|", index == lastLine, index > 0, isPipeRow(lines[index - 1].trimmingSpaces) { kind = "|" }
            if let kind {
                if tableKind != nil && tableKind != kind { endTable() }
                tableKind = kind
                if kind == "|" && isSeparatorRow(trimmed) { continue }
                var cells = kind == "\t" ? line.components(separatedBy: "\t") : trimmed.components(separatedBy: "|")
                if kind == "|" {
                    if trimmed.hasPrefix("|") { cells.removeFirst() }
                    if trimmed.hasSuffix("|"), !cells.isEmpty { cells.removeLast() }
                }
                table.append(cells.map { Cell(clean($0), location) })
            } else if trimmed.isEmpty {
                // A blank line inside a table is a row gap, not its end (pasted tables have them at page breaks).
                continue
            } else {
                endTable()
                out.append(.paragraph(Cell(clean(trimmed), location)))
            }
        }
        endTable()
        return PlanSource(file: file, blocks: out)
    }

    static func isPipeRow(_ s: String) -> Bool {
        guard s.includes("|") else { return false }
        return s.hasPrefix("|") || s.hasSuffix("|") || s.includes(" | ")
    }

    static func isSeparatorRow(_ s: String) -> Bool {
        s.includes("-") && s.allSatisfy { "|-: ".contains($0) }
    }

    /// Removes bold marks and Markdown heading marks and outer white space.
    static func clean(_ s: String) -> String {
        guard s.includes("<") || s.includes("*") || s.includes("#") else { return s.trimmingSpaces }
        var t = s.replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
            .replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "<br>", with: "\n").trimmingSpaces
        while t.hasPrefix("#") { t = String(t.dropFirst()).trimmingSpaces }
        return t
    }
}
