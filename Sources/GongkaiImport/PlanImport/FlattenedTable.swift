import Foundation
import GongkaiCore
import GongkaiPlan

/// A plan table flattened one cell per line, as a browser's "copy" or a web page's text gives it (issue 27): a header
/// of column words on lines of their own (工作任务 / 具体要求 / 责任科室 / 时限要求, or an assessment's 一级指标 …
/// 五级指标), then each row's cells one per line, with `|` lines between them or blank lines, a spanned cell given once
/// before (工作任务) or after (责任科室) the rows it covers. Each line is told by what it holds: a number, a score, a
/// numbered requirement or a sentence, a responsibility phrase, a deadline, or otherwise a heading; a row is closed by
/// its responsibility cell, so a requirement short enough to look like a heading (an assessment's 是否公开…) is still
/// found. The rows are rebuilt whole, every cell keeping the line it came from, and whatever was joined, shared or left
/// over is said in `notes`.
enum FlattenedTable {
    struct Found {
        /// The lines before the header (title, cover letter), as paragraphs.
        var before: [PlanSource.Cell]
        var table: PlanSource.Table
        var notes: [LoadIssue]
    }

    /// The table; nil when the text is not such a table (fewer than two header words in a row, a column whose cells
    /// cannot be told by what they hold, or fewer than two rows).
    static func read(_ lines: [String], file: String) -> Found? {
        // The cells: every line that holds text, `|` lines and blank lines dropped.
        let cells: [PlanSource.Cell] = lines.enumerated().compactMap { i, raw in
            let t = raw.trimmingSpaces
            guard !t.isEmpty, t.contains(where: { $0 != "|" && !$0.isWhitespace }) else { return nil }
            return PlanSource.Cell(PlanSource.clean(t.trimmingCharacters(in: CharacterSet(charactersIn: "| "))), SourceLocation(file: file, line: i + 1))
        }
        // Pipe or tab rows with several cells are a table the text reader already handles.
        if lines.contains(where: { $0.contains("\t") || $0.split(separator: "|").filter({ !$0.trimmingSpaces.isEmpty }).count >= 2 }) {
            return nil
        }
        guard let start = cells.indices.first(where: { i in i + 1 < cells.count && isHeader(cells[i].text) && isHeader(cells[i + 1].text) })
        else { return nil }
        var end = start
        while end < cells.count, isHeader(cells[end].text) { end += 1 }
        let header = cells[start..<end].map(\.text)
        guard header.contains(where: { PlanLayout.headerColumn($0) == .responsibility || PlanLayout.headerColumn($0) == .lead }) else { return nil }
        let assessment = header.contains { PlanLayout.indicatorLevel($0) != nil }
        // Columns whose cells cannot be told by what they hold (完成情况, 备注, separate 配合单位): left to a person
        // to paste as a table, never guessed. An assessment's scores are numbers, told apart and left out.
        let readable: Set<PlanLayout.Column> = [.task, .number, .requirement, .responsibility, .deadline, .section]
        guard
            header.allSatisfy({ h in
                (assessment && (PlanLayout.indicatorLevel(h) != nil || PlanLayout.headerColumn(h) == .score))
                    || (PlanLayout.headerColumn(h).map(readable.contains) ?? false)
            })
        else { return nil }
        let hasDeadline = header.contains { PlanLayout.headerColumn($0) == .deadline }
        // The indicator levels written as headings before each requirement: all of them, or all but the deepest
        // when that level is the requirement itself (no 考核内容 column of its own).
        let levels = header.filter { PlanLayout.indicatorLevel($0) != nil }.count
        let headingLevels = header.contains { PlanLayout.headerColumn($0) == .requirement } ? levels : levels - 1
        var reader = Reader(assessment: assessment, hasDeadline: hasDeadline, headingLevels: headingLevels)
        for cell in cells[end...] { reader.take(cell) }
        reader.finish()
        let rows = reader.rows
        guard rows.count >= 2 else { return nil }
        // The numbers given must run upward without repeats: anything else is not a table read right.
        let numbers = rows.compactMap { r in (r.number?.text ?? leadingNumber(r.requirement)).flatMap { Int($0) } }
        guard zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        let at = cells[start].location
        let headerRow = ["领域", "工作任务", "序号", "具体要求", "责任科室"].map { PlanSource.Cell($0, at) } + (hasDeadline ? [PlanSource.Cell("完成时限", at)] : [])
        let body = rows.map { r in
            let at = r.requirement.location
            let blank = PlanSource.Cell("", at)
            let number = r.number ?? leadingNumber(r.requirement).map { PlanSource.Cell($0, at) } ?? blank
            return [r.section ?? blank, r.heading ?? blank, number, stripped(r.requirement), r.role ?? blank] + (hasDeadline ? [r.deadline ?? blank] : [])
        }
        return Found(before: Array(cells[..<start]), table: PlanSource.Table(name: "表1", rows: [headerRow] + body), notes: reader.notes)
    }

    struct Row {
        var section: PlanSource.Cell?
        var heading: PlanSource.Cell?
        var number: PlanSource.Cell?
        var requirement: PlanSource.Cell
        var role: PlanSource.Cell?
        var deadline: PlanSource.Cell?
    }

    /// Reads the cells after the header one by one into rows.
    struct Reader {
        let assessment: Bool
        let hasDeadline: Bool
        /// An assessment's indicator levels above the requirement (一级指标 … 四级指标): a row that repeats them all
        /// begins with its 一级指标, the section.
        let headingLevels: Int
        var rows: [Row] = []
        var notes: [LoadIssue] = []
        var section: PlanSource.Cell?
        var heading: PlanSource.Cell?
        /// Heading-like cells since the last row: headings, or the requirement of a row its role cell will close.
        var pending: [PlanSource.Cell] = []
        var pendingNumber: PlanSource.Cell?
        /// Rows still waiting for their responsibility cell (a spanned one covers them all), then for their deadline.
        var noRole: [Int] = []
        var noDeadline: [Int] = []
        /// The rows the last cell gave a role to, while the next may continue it (a role cell over two lines).
        var justGiven: [Int]?
        /// Rows are numbered (in a 序号 cell or the text): an unnumbered sentence then continues the row above.
        var numbered = false

        init(assessment: Bool, hasDeadline: Bool, headingLevels: Int = 0) {
            self.assessment = assessment
            self.hasDeadline = hasDeadline
            self.headingLevels = headingLevels
        }

        mutating func take(_ raw: PlanSource.Cell) {
            var cell = raw
            if assessment {
                if FlattenedTable.isScore(cell.text) { return }
                cell.text = FlattenedTable.withoutScore(cell.text)
            } else if cell.text.count <= 3, Int(cell.text) != nil {
                pendingNumber = cell
                justGiven = nil
                return
            }
            let t = cell.text
            if let given = justGiven, FlattenedTable.isResponsibility(t), let first = given.first, let role = rows[first].role {
                let joined = PlanSource.Cell(role.text + "、" + t, role.location)
                for r in given { rows[r].role = joined }
                notes.append(
                    LoadIssue(
                        cell.location,
                        Message(
                            "第\(line(role))行和第\(line(cell))行的责任单位读作同一格：\(joined.text)",
                            "the responsibility on lines \(line(role)) and \(line(cell)) is read as one cell: \(joined.text)")))
                return
            }
            justGiven = nil
            if FlattenedTable.isResponsibility(t) {
                // A requirement that looked like a heading: the role cell closes its row.
                if noRole.isEmpty, !pending.isEmpty { closePending() }
                if !noRole.isEmpty {
                    giveRole(cell)
                    return
                }
            }
            if !noDeadline.isEmpty, FlattenedTable.isDeadline(t) {
                for r in noDeadline { rows[r].deadline = cell }
                noDeadline = []
                return
            }
            if PlanLayout.sectionHeading(t) != nil || PlanLayout.itemHeading(t) != nil, !FlattenedTable.isSentence(t) {
                // 一、… and （一）… are headings, even between a 序号 cell and its requirement.
                pending.append(cell)
                noDeadline = []
            } else if pendingNumber != nil || FlattenedTable.numbered(t) {
                numbered = true
                addRow(cell, number: pendingNumber)
                pendingNumber = nil
            } else if let last = rows.indices.last, rows[last].role == nil, continues(rows[last].requirement.text, with: t) {
                notes.append(
                    LoadIssue(
                        cell.location,
                        Message(
                            "第\(line(cell))行接在第\(line(rows[last].requirement))行的要求后面（同一格跨行）",
                            "line \(line(cell)) continues the requirement of line \(line(rows[last].requirement)) (one cell over two lines)")))
                rows[last].requirement.text += t
            } else if FlattenedTable.isSentence(t), PlanLayout.sectionHeading(t) == nil, PlanLayout.itemHeading(t) == nil {
                addRow(cell, number: nil)
            } else {
                pending.append(cell)
                noDeadline = []
            }
        }

        /// What is left at the end (a page cut short) is named, never dropped unseen.
        mutating func finish() {
            for cell in pending + (pendingNumber.map { [$0] } ?? []) {
                notes.append(
                    LoadIssue(
                        cell.location,
                        Message(
                            "第\(line(cell))行“\(PlanLayout.short(cell.text))”后面没有要求或责任单位，未作为任务导入（原文可能不完整）",
                            "line \(line(cell)) \"\(PlanLayout.short(cell.text))\" is followed by no requirement or responsibility and was not "
                                + "imported (the text may be cut short)"
                        )))
            }
        }

        /// A cell continues the requirement above when the rows are numbered and it is a sentence, or when the
        /// requirement stops mid-sentence.
        func continues(_ requirement: String, with t: String) -> Bool {
            guard PlanLayout.sectionHeading(t) == nil, PlanLayout.itemHeading(t) == nil else { return false }
            if numbered && FlattenedTable.isSentence(t) { return true }
            return !FlattenedTable.endsSentence(requirement)
        }

        mutating func giveRole(_ cell: PlanSource.Cell) {
            for r in noRole { rows[r].role = cell }
            if noRole.count > 1 {
                let lines = noRole.map { line(rows[$0].requirement) }.map(String.init).joined(separator: "、")
                notes.append(
                    LoadIssue(
                        cell.location,
                        Message(
                            "第\(lines)行的 \(noRole.count) 项任务共用一格责任单位“\(PlanLayout.short(cell.text))”（合并单元格）",
                            "the \(noRole.count) tasks on lines \(lines) share one responsibility cell \"\(PlanLayout.short(cell.text))\" (a merged cell)")))
            }
            noDeadline = hasDeadline ? noRole : []
            justGiven = noRole
            noRole = []
        }

        /// The pending cells closed by a role cell: the last sentence-like one (with what follows it, one cell broken
        /// over lines) is the requirement, those before it headings.
        mutating func closePending() {
            let k = pending.lastIndex { FlattenedTable.isSentenceLike($0.text) } ?? pending.count - 1
            var requirement = pending[k]
            for c in pending[(k + 1)...] { requirement.text += c.text }
            if k + 1 < pending.count {
                notes.append(
                    LoadIssue(
                        requirement.location,
                        Message(
                            "第\(line(pending[k]))～\(line(pending[pending.count - 1]))行合为一项要求（同一格跨行）",
                            "lines \(line(pending[k]))–\(line(pending[pending.count - 1])) are read as one requirement (one cell over several lines)")))
            }
            if !FlattenedTable.isSentenceLike(requirement.text) && !assessment {
                notes.append(
                    LoadIssue(
                        requirement.location,
                        Message(
                            "第\(line(requirement))行“\(PlanLayout.short(requirement.text))”没有具体要求，按任务读取",
                            "line \(line(requirement)) \"\(PlanLayout.short(requirement.text))\" has no requirement of its own and is read as the task")))
            }
            pending = Array(pending[..<k])
            addRow(requirement, number: pendingNumber)
            pendingNumber = nil
        }

        mutating func addRow(_ cell: PlanSource.Cell, number: PlanSource.Cell?) {
            // The heading cells before a row: a 一、 section, else the row's task heading (the last one given); in an
            // assessment that repeats every level, the first level's cell is the section.
            if assessment, headingLevels >= 1, pending.count >= headingLevels {
                section = pending[pending.count - headingLevels]
                heading = headingLevels >= 2 ? pending.last : nil
                pending = []
            }
            for c in pending {
                if PlanLayout.sectionHeading(c.text) != nil {
                    section = c
                    heading = nil
                } else {
                    heading = c
                }
            }
            pending = []
            noDeadline = []
            rows.append(Row(section: section, heading: heading, number: number, requirement: cell))
            noRole.append(rows.count - 1)
        }

        func line(_ c: PlanSource.Cell) -> Int { c.location.line ?? 0 }
    }

    static func isHeader(_ t: String) -> Bool { PlanLayout.headerColumn(t) != nil }

    /// `1.依托…`, `2、…`, `（3）…`.
    static func numbered(_ t: String) -> Bool { leadingNumberText(t) != nil }

    static func leadingNumberText(_ t: String) -> (number: String, rest: Substring)? {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let mark = t.dropFirst(digits.count).first, ".．、".contains(mark) else { return nil }
        // "7.0版" is a version, not a number.
        if mark == ".", let next = t.dropFirst(digits.count + 1).first, next.isASCII && next.isNumber { return nil }
        return (String(digits), t.dropFirst(digits.count + 1))
    }

    static func leadingNumber(_ c: PlanSource.Cell) -> String? { leadingNumberText(c.text)?.number }

    /// The requirement without its number, which goes to the 序号 column.
    static func stripped(_ c: PlanSource.Cell) -> PlanSource.Cell {
        guard let (_, rest) = leadingNumberText(c.text) else { return c }
        return PlanSource.Cell(String(rest).trimmingSpaces, c.location)
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

    /// A sentence of a requirement: long, or with a sentence's punctuation.
    static func isSentence(_ t: String) -> Bool {
        t.count > 40 || t.hasSuffix("。") || t.contains("，") || t.contains("；") || t.contains(";")
    }

    /// Sentence-like enough to be a requirement rather than a heading: a list or clause in it, or a question
    /// (an assessment's 是否公开…).
    static func isSentenceLike(_ t: String) -> Bool {
        isSentence(t) || t.hasPrefix("是否") || t.contains("、") || t.contains(",") || t.count > 20
    }

    static func endsSentence(_ t: String) -> Bool {
        guard let last = t.last else { return true }
        return "。；;！？!?".contains(last)
    }

    /// An assessment's score on a line of its own: 23, 0.75.
    static func isScore(_ t: String) -> Bool {
        guard let first = t.first, first.isASCII, first.isNumber, t.count <= 6 else { return false }
        return t.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." }
    }

    /// "养老服务(2", "…相关政策(0.25", "…信息等0.5", "（2分）": the text without the score written after it.
    static func withoutScore(_ t: String) -> String {
        var s = Substring(t)
        if s.hasSuffix(")") || s.hasSuffix("）") { s = s.dropLast() }
        if s.hasSuffix("分") { s = s.dropLast() }
        let number = s.reversed().prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
        guard !number.isEmpty, number.count < s.count else { return t }
        var rest = s.dropLast(number.count)
        // A bare number is a score only with a decimal point ("等0.5"); "(2" is one in brackets.
        if rest.hasSuffix("(") || rest.hasSuffix("（") {
            rest = rest.dropLast()
        } else if !number.contains(".") {
            return t
        }
        return String(rest).trimmingSpaces
    }
}
