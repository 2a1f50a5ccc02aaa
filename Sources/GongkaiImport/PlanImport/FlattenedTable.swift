import Foundation
import GongkaiCore
import GongkaiPlan

/// A plan table flattened one cell per line, as a browser's "copy" or a web page's text gives it (issue 27): a header
/// of column words on lines of their own (工作任务 / 具体要求 / 责任科室 / 时限要求), then each row's cells one per line,
/// with `|` lines between them or blank lines, a spanned 工作任务 cell given once before the rows it covers, and a
/// spanned 责任科室 cell given once after them. Each line is told by what it holds: a number, a numbered requirement,
/// a responsibility phrase, a deadline, or otherwise a task heading; the rows are rebuilt whole, every cell keeping the
/// line it came from.
enum FlattenedTable {
    /// The table, and the lines before its header (title, cover letter) as paragraphs; nil when the text is not such a
    /// table (fewer than two header words in a row, or fewer than two tasks).
    static func read(_ lines: [String], file: String) -> (before: [PlanSource.Cell], table: PlanSource.Table)? {
        // The cells: every line that holds text, `|` lines and blank lines dropped.
        let cells: [PlanSource.Cell] = lines.enumerated().compactMap { i, raw in
            let t = raw.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, t.contains(where: { $0 != "|" && !$0.isWhitespace }) else { return nil }
            return PlanSource.Cell(PlanSource.clean(t.trimmingCharacters(in: CharacterSet(charactersIn: "| "))), SourceLocation(file: file, line: i + 1))
        }
        // Pipe or tab rows with several cells are a table the text reader already handles.
        if lines.contains(where: { $0.contains("\t") || $0.split(separator: "|").filter({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }).count >= 2 }) {
            return nil
        }
        guard let start = cells.indices.first(where: { i in i + 1 < cells.count && isHeader(cells[i].text) && isHeader(cells[i + 1].text) })
        else { return nil }
        var end = start
        while end < cells.count, isHeader(cells[end].text) { end += 1 }
        let header = cells[start..<end].map(\.text)
        guard header.contains(where: { PlanLayout.headerColumn($0) == .responsibility || PlanLayout.headerColumn($0) == .lead }) else { return nil }
        // Columns whose cells cannot be told by what they hold (完成情况, 备注, separate 配合单位): left to a person
        // to paste as a table, never guessed.
        let readable: Set<PlanLayout.Column> = [.task, .number, .requirement, .responsibility, .deadline, .section]
        guard header.allSatisfy({ PlanLayout.headerColumn($0).map(readable.contains) ?? false }) else { return nil }
        let hasDeadline = header.contains { PlanLayout.headerColumn($0) == .deadline }

        struct Row {
            var heading: PlanSource.Cell?
            var number: PlanSource.Cell?
            var requirement: PlanSource.Cell
            var role: PlanSource.Cell?
            var deadline: PlanSource.Cell?
        }
        var rows: [Row] = []
        var heading: PlanSource.Cell?
        var pendingNumber: PlanSource.Cell?
        // Rows still waiting for their responsibility cell (a spanned one covers them all), then for their deadline.
        var noRole: [Int] = []
        var noDeadline: [Int] = []
        for cell in cells[end...] {
            let t = cell.text
            if t.count <= 3, Int(t) != nil {
                pendingNumber = cell
            } else if pendingNumber != nil || numbered(t) {
                rows.append(Row(heading: heading, number: pendingNumber, requirement: cell))
                noRole.append(rows.count - 1)
                pendingNumber = nil
            } else if !noRole.isEmpty, isResponsibility(t) {
                for r in noRole { rows[r].role = cell }
                noDeadline = hasDeadline ? noRole : []
                noRole = []
            } else if !noDeadline.isEmpty, isDeadline(t) {
                for r in noDeadline { rows[r].deadline = cell }
                noDeadline = []
            } else if let last = rows.indices.last, rows[last].role == nil, !isHeading(t) {
                // A requirement's cell that runs on over a second line.
                rows[last].requirement.text += t
            } else {
                heading = cell
                noDeadline = []
            }
        }
        guard rows.count >= 2 else { return nil }
        // The numbers must run upward without repeats: anything else is not a table read right.
        let numbers = rows.compactMap { r in (r.number?.text ?? leadingNumber(r.requirement)).flatMap { Int($0) } }
        guard numbers.isEmpty || (numbers.count == rows.count && zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }) else { return nil }
        let blank = { (at: SourceLocation) in PlanSource.Cell("", at) }
        let headerRow =
            [PlanSource.Cell("工作任务", cells[start].location), PlanSource.Cell("序号", cells[start].location)]
            + [PlanSource.Cell("具体要求", cells[start].location), PlanSource.Cell("责任科室", cells[start].location)]
            + (hasDeadline ? [PlanSource.Cell("完成时限", cells[start].location)] : [])
        let body = rows.map { r in
            let at = r.requirement.location
            let number = r.number ?? leadingNumber(r.requirement).map { PlanSource.Cell($0, at) } ?? blank(at)
            return [r.heading ?? blank(at), number, stripped(r.requirement), r.role ?? blank(at)] + (hasDeadline ? [r.deadline ?? blank(at)] : [])
        }
        return (Array(cells[..<start]), PlanSource.Table(name: "表1", rows: [headerRow] + body))
    }

    static func isHeader(_ t: String) -> Bool { PlanLayout.headerColumn(t) != nil }

    /// `1.依托…`, `2、…`, `（3）…`.
    static func numbered(_ t: String) -> Bool { leadingNumberText(t) != nil }

    static func leadingNumberText(_ t: String) -> (number: String, rest: Substring)? {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let mark = t.dropFirst(digits.count).first, ".．、".contains(mark) else { return nil }
        return (String(digits), t.dropFirst(digits.count + 1))
    }

    static func leadingNumber(_ c: PlanSource.Cell) -> String? { leadingNumberText(c.text)?.number }

    /// The requirement without its number, which goes to the 序号 column.
    static func stripped(_ c: PlanSource.Cell) -> PlanSource.Cell {
        guard let (_, rest) = leadingNumberText(c.text) else { return c }
        return PlanSource.Cell(String(rest).trimmingCharacters(in: .whitespaces), c.location)
    }

    /// A responsibility cell: short, no sentence end, and every name a unit, a collective or an outside body.
    static func isResponsibility(_ t: String) -> Bool {
        guard t.count <= 80, !t.hasSuffix("。"), let parsed = ResponsibilityParser.clauses(t) else { return false }
        let names = parsed.clauses.flatMap(\.names)
        return !names.isEmpty
            && names.allSatisfy { n in
                if case .collective = ResponsibilityParser.kind(of: n) { return true }
                return ResponsibilityParser.plausibleName(n)
            }
    }

    static func isDeadline(_ t: String) -> Bool { t.count <= 30 && DeadlineParser.parse(column: t, year: 2000) != nil }

    /// A task heading: short, and no sentence.
    static func isHeading(_ t: String) -> Bool { t.count <= 40 && !t.hasSuffix("。") && !t.contains("，") }
}
