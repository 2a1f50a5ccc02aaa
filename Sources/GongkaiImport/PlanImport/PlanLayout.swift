import Foundation
import GongkaiCore
import GongkaiPlan

/// Turns a `PlanSource` (tables and paragraphs) into sections, items and tasks with their responsibility phrases,
/// whatever the layout: columns found by their header words in any order (or by their content when there is no
/// header), section and item rows or columns, numbers in a 序号 column, in the text or nowhere; list-style
/// paragraphs with `（牵头单位：…；责任单位：…）` or a `责任单位：…` line. Nothing is dropped silently: every row or
/// paragraph it cannot place is reported.
public struct PlanLayout: Sendable {
    public struct RawTask: Sendable {
        public var no: Int
        /// The importer numbered it (the source had no number).
        public var autoNumbered: Bool
        public var requirement: String
        public var responsibility: String
        public var deadlineText: String?
        public var location: SourceLocation
        public var phraseLocation: SourceLocation
        /// The source row or paragraph, for the review.
        public var sourceText: String
    }
    public struct RawItem: Sendable {
        public var no: String
        public var title: String
        public var tasks: [RawTask]
    }
    public struct RawSection: Sendable {
        public var no: String
        public var title: String
        public var items: [RawItem]
    }

    public struct Result: Sendable {
        public var sections: [RawSection]
        /// 科室, 股室, 处室, 单位… from the responsibility column's heading.
        public var unitWord: String?
        /// Title lines stated in the document (…分工方案, …任务分解…).
        public var titleCandidates: [String]
        public var problems: [LoadIssue]
        /// What was skipped and why (a cover letter's tables, rows before the header), for the review.
        public var notes: [LoadIssue]
        public var tasks: [RawTask] { sections.flatMap { $0.items.flatMap(\.tasks) } }
    }

    enum Column: Equatable { case number, section, item, task, requirement, responsibility, lead, cooperating, deadline, score, ignored }

    static let headerWords: [(String, Column)] = [
        ("序号", .number), ("编号", .number), ("领域", .section),
        ("工作任务", .task), ("重点任务", .task), ("主要任务", .task), ("任务名称", .task), ("任务", .task), ("目标", .section), ("项目", .task),
        ("具体要求", .requirement), ("具体工作要求", .requirement), ("工作要求", .requirement), ("考核内容", .requirement), ("具体措施", .requirement), ("主要内容", .requirement),
        ("细化分工", .requirement),
        ("工作内容", .requirement), ("具体任务", .requirement), ("任务内容", .requirement), ("工作措施", .requirement), ("具体内容", .requirement),
        ("牵头单位", .lead), ("牵头科室", .lead), ("牵头部门", .lead), ("牵头处室", .lead), ("牵头股室", .lead),
        ("主办单位", .lead), ("主办科室", .lead), ("主办部门", .lead), ("协办科室", .cooperating), ("协办部门", .cooperating),
        ("配合单位", .cooperating), ("配合科室", .cooperating), ("配合部门", .cooperating), ("配合处室", .cooperating), ("配合股室", .cooperating), ("协办单位", .cooperating),
        ("责任科室", .responsibility), ("责任股室", .responsibility), ("责任处室", .responsibility), ("责任单位", .responsibility),
        ("责任部门", .responsibility), ("落实科室", .responsibility), ("落实单位", .responsibility), ("落实部门", .responsibility),
        ("负责科室", .responsibility), ("负责单位", .responsibility), ("责任主体", .responsibility), ("承办单位", .responsibility),
        ("完成时限", .deadline), ("时限要求", .deadline), ("时间要求", .deadline), ("完成时间", .deadline), ("时限", .deadline), ("时间节点", .deadline),
        ("备注", .ignored), ("完成情况", .ignored), ("进展情况", .ignored), ("分值", .score), ("分数", .score), ("权重", .score),
    ]

    static func headerColumn(_ text: String) -> Column? {
        var t = text.filter { !$0.isWhitespace && $0 != "|" }
        // 落实科室（部门）, 责任单位(部门): the aside names the same column.
        if let open = t.firstIndex(where: { $0 == "（" || $0 == "(" }), t.last == "）" || t.last == ")", open != t.startIndex { t = String(t[..<open]) }
        guard !t.isEmpty, t.count <= 10 else { return nil }
        // An assessment's 一级指标 … 五级指标: the first level is the section; which of the others holds the task is
        // decided with the whole header (`assessmentColumns`).
        if let level = indicatorLevel(t) { return level == 1 ? .section : .task }
        return headerWords.first { t == $0.0 || (t.hasPrefix($0.0) && t.count <= $0.0.count + 3) }?.1
    }

    /// "三级指标" → 3; nil for any other word.
    static func indicatorLevel(_ text: String) -> Int? {
        let t = text.withoutWhitespace
        guard t.count == 4, t.hasSuffix("级指标"), let first = t.first, let n = numerals.firstIndex(of: first) else { return nil }
        return numerals.distance(from: numerals.startIndex, to: n) + 1
    }

    /// An assessment table's indicator columns: the deepest holds the task (unless a requirement column is named),
    /// the one above it the item, the first the section; the levels between are kept in the source text only.
    static func assessmentColumns(_ columns: [Column?], header: [String]) -> [Column?] {
        let levels = header.indices.compactMap { j in indicatorLevel(header[j]).map { (j, $0) } }.sorted { $0.1 < $1.1 }
        guard levels.count >= 2, let deepest = levels.last else { return columns }
        var out = columns
        let hasRequirement = columns.contains(.requirement)
        for (k, (j, level)) in levels.enumerated() {
            if level == 1 {
                out[j] = .section
            } else if j == deepest.0 {
                out[j] = hasRequirement ? .task : .requirement
            } else if k == levels.count - 2 {
                out[j] = hasRequirement ? .ignored : .task
            } else {
                out[j] = .ignored
            }
        }
        return out
    }

    public var year: Int
    public init(year: Int) { self.year = year }

    /// The paragraphs that read as a plan's title (…2025年度…清单及分工), in order.
    static func titleCandidates(_ source: PlanSource) -> [String] {
        source.blocks.compactMap { block in
            if case .paragraph(let p) = block, isTitle(p.text) { titleText(p.text) } else { nil }
        }
    }

    public func analyse(_ source: PlanSource) -> Result {
        var result = Result(sections: [], unitWord: nil, titleCandidates: Self.titleCandidates(source), problems: [], notes: source.notes)
        var tableTasks = 0
        for block in source.blocks {
            guard case .table(let table) = block else { continue }
            let before = result.tasks.count
            analyse(table, into: &result)
            let found = result.tasks.count - before
            tableTasks += found
            if found == 0 {
                let place = table.rows.first?.first?.location ?? SourceLocation(file: source.file)
                result.notes.append(
                    LoadIssue(
                        place, Message("跳过\(table.name)：不是分工表（找不到工作任务和责任列）", "skipped \(table.name): not a plan table (no task and responsibility columns)")))
            }
        }
        if tableTasks == 0 {
            let paragraphs = source.blocks.compactMap { if case .paragraph(let p) = $0 { p } else { nil } }
            analyseList(paragraphs, into: &result)
        }
        noteNumberJumps(&result)
        return result
    }

    /// Numbers the source gives that skip ahead (3, then 6) are named: the tasks between may sit in one cell.
    func noteNumberJumps(_ result: inout Result) {
        let given = result.tasks.filter { !$0.autoNumbered }
        for (a, b) in zip(given, given.dropFirst()) where b.no > a.no + 1 {
            result.notes.append(
                LoadIssue(
                    b.location,
                    Message(
                        "任务编号从 \(a.no) 跳到 \(b.no)：原文中间的编号没有读到，请核对（可能在同一格中，或原文漏编）",
                        "task numbers jump from \(a.no) to \(b.no): the numbers between were not found; please check (one cell holding several, or a "
                            + "gap in the source)"
                    )))
        }
    }

    // MARK: Tables

    func analyse(_ table: PlanSource.Table, into result: inout Result) {
        var rows = table.rows.map { row in row.map { PlanSource.Cell($0.text.trimmingCharacters(in: .whitespacesAndNewlines), $0.location) } }
        guard let widest = rows.map(\.count).max(), widest >= 2 else {
            if let first = rows.first?.first {
                result.problems.append(
                    LoadIssue(
                        first.location,
                        Message(
                            "\(table.name) 只有一列，分不出任务、要求和责任", "\(table.name) has a single column: tasks, requirements and responsibilities cannot be told apart"
                        )))
            }
            return
        }
        // Short rows of a flattened web table are right-aligned under the header, their leading cells merged from above.
        if table.shortRowsInheritLeft {
            let trimmed = rows.map { r -> [PlanSource.Cell] in
                var row = r
                while let last = row.last, last.text.isEmpty, row.count > 1 { row.removeLast() }
                return row
            }
            let isHeader = trimmed.map { $0.filter { Self.headerColumn($0.text) != nil }.count >= 2 }
            let dataWidth = zip(trimmed, isHeader).filter { !$0.1 }.map { $0.0.count }.max() ?? widest
            var previous: [PlanSource.Cell]?
            for i in rows.indices {
                var row = trimmed[i]
                let texts = Set(row.map(\.text).filter { !$0.isEmpty })
                if row.count < dataWidth, isHeader[i] {
                    // A header whose first heading spans the section/item/number columns: align it with the data's right edge.
                    row = (0..<(dataWidth - row.count)).map { _ in PlanSource.Cell("", row[0].location) } + row
                } else if row.count < dataWidth, !texts.isEmpty, let previous {
                    // The cells a merge covers are missing on the left; a row cut short also misses cells on the right.
                    // The first cell goes under the column where the row above has the same kind of text.
                    let kind = Self.cellKind(row[0].text)
                    let shift = previous.firstIndex { Self.cellKind($0.text) == kind && kind != .other } ?? (dataWidth - row.count)
                    row = Array(previous.prefix(min(shift, dataWidth - row.count))) + row
                }
                rows[i] = row
                if Set(row.map(\.text).filter { !$0.isEmpty }).count > 1, !isHeader[i] { previous = row }
            }
        }
        let width = rows.map(\.count).max() ?? widest
        // An empty row (a table's blank line) takes the place of the first cell found: it has none of its own.
        let someLocation = rows.lazy.compactMap(\.first).first?.location ?? SourceLocation(file: "")
        rows = rows.map { r in r + (r.count < width ? (r.count..<width).map { _ in PlanSource.Cell("", r.last?.location ?? someLocation) } : []) }
        var headerIndex: Int?
        var columns: [Column?] = Array(repeating: nil, count: width)
        for (i, row) in rows.enumerated() {
            let found = row.map { Self.headerColumn($0.text) }
            if found.compactMap({ $0 }).count >= 2 || (i < 3 && Self.looksLikeHeader(row, found)) {
                headerIndex = i
                columns = Self.assessmentColumns(found, header: row.map(\.text))
                // A header word it does not know is named: that column is read by its content.
                for (cell, column) in zip(row, found) where column == nil && !cell.text.isEmpty {
                    result.notes.append(
                        LoadIssue(
                            cell.location,
                            Message(
                                "表头“\(Self.short(cell.text))”不是已知的列名，该列按内容判断",
                                "the heading \"\(Self.short(cell.text))\" is not a known column; the column is read by its content")))
                }
                if let unitCell = row.first(where: { Self.headerColumn($0.text) == .responsibility || Self.headerColumn($0.text) == .lead }) {
                    let t = unitCell.text.filter { !$0.isWhitespace }
                    for word in ["科室", "股室", "处室", "单位", "部门"] where t.hasSuffix(word) { result.unitWord = result.unitWord ?? word }
                }
                break
            }
        }
        let dataStart = (headerIndex ?? -1) + 1
        let data = Array(rows[dataStart...])
        columns = inferColumns(columns, data: data)
        let has = { (c: Column) in columns.contains(c) }
        guard has(.responsibility) || has(.lead) || has(.cooperating), has(.requirement) || has(.task) else {
            if headerIndex != nil || rows.count > 1, let first = rows.first?.first {
                result.notes.append(
                    LoadIssue(
                        first.location,
                        Message(
                            "\(table.name) 的列无法区分（需要任务或要求列，以及责任列）",
                            "\(table.name): its columns cannot be told apart (a task or requirement column and a responsibility column are needed)")))
            }
            return
        }
        if let headerIndex {
            for row in rows[..<headerIndex] {
                let texts = Set(row.map(\.text).filter { !$0.isEmpty })
                if texts.count == 1, let t = texts.first, Self.isTitle(t) {
                    result.titleCandidates.append(Self.titleText(t))
                } else if let first = row.first(where: { !$0.text.isEmpty }) {
                    result.notes.append(
                        LoadIssue(
                            first.location,
                            Message(
                                "表头之前的一行未导入：\(Self.short(row.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")))",
                                "a row before the header was not imported: \(Self.short(row.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")))")))
                }
            }
        }
        let requirementColumn = columns.firstIndex(of: .requirement) ?? columns.firstIndex(of: .task)
        let itemColumns = columns.indices.filter { columns[$0] == .task && $0 != requirementColumn }
        let headerNames = headerIndex.map { rows[$0].map(\.text) } ?? columns.map { _ in "" }
        var state = TableState()
        for row in data {
            process(
                row, columns: columns, requirementColumn: requirementColumn, itemColumns: itemColumns, headerNames: headerNames, state: &state, result: &result)
        }
        if !state.sections.isEmpty { result.sections += state.sections }
    }

    /// A header row with one known word, a responsibility column's, and other short words (指标内容, 五级指标): taken
    /// as the header, never as a task.
    static func looksLikeHeader(_ row: [PlanSource.Cell], _ found: [Column?]) -> Bool {
        guard found.contains(where: { $0 == .responsibility || $0 == .lead }) else { return false }
        let others = zip(row, found).filter { $0.1 == nil && !$0.0.text.isEmpty }.map(\.0.text)
        return !others.isEmpty
            && others.allSatisfy { t in
                t.count <= 8 && !t.contains(where: { ($0.isASCII && $0.isNumber) || "。，,；;：:".contains($0) }) && sectionHeading(t) == nil
                    && itemHeading(t) == nil
            }
    }

    /// Columns a header did not name, told by their content: numbers, section or item headings, role phrases,
    /// deadline words, and the longest text as the requirement.
    func inferColumns(_ given: [Column?], data: [[PlanSource.Cell]]) -> [Column?] {
        var columns = given
        let width = columns.count
        func cells(_ j: Int) -> [String] { data.map { $0[j].text }.filter { !$0.isEmpty } }
        for j in 0..<width {
            let texts = cells(j)
            guard !texts.isEmpty else { continue }
            let share = { (p: (String) -> Bool) in Double(texts.filter(p).count) / Double(texts.count) }
            if share({ $0.count <= 3 && $0.allSatisfy(\.isNumber) }) >= 0.8 {
                columns[j] = .number
                continue
            }
            if columns[j] == nil || columns[j] == .task {
                if share({ Self.sectionHeading($0) != nil }) >= 0.8 {
                    columns[j] = .section
                    continue
                }
                if share({ Self.itemHeading($0) != nil }) >= 0.8 && columns[j] == nil {
                    columns[j] = .item
                    continue
                }
            }
        }
        let parser = ResponsibilityParser(departments: [], businessDepartments: [])
        for j in 0..<width where columns[j] == nil {
            let texts = cells(j)
            guard !texts.isEmpty else { continue }
            let share = { (p: (String) -> Bool) in Double(texts.filter(p).count) / Double(texts.count) }
            if !columns.contains(.deadline), share({ DeadlineParser.parse(requirement: $0, year: year) != nil && $0.count <= 20 }) >= 0.6 {
                columns[j] = .deadline
                continue
            }
            if !columns.contains(.responsibility), share({ $0.count <= 40 && parser.parse($0) != nil }) >= 0.6 {
                columns[j] = .responsibility
                continue
            }
        }
        if !columns.contains(.requirement) {
            let open = (0..<width).filter { columns[$0] == nil || columns[$0] == .task }
            let lengths = open.map { j in (j, cells(j).map(\.count).reduce(0, +) / max(cells(j).count, 1)) }
            if let longest = lengths.max(by: { $0.1 < $1.1 }), longest.1 > 0 {
                columns[longest.0] = .requirement
                for (j, _) in lengths where j != longest.0 && columns[j] == nil && !cells(j).isEmpty { columns[j] = .task }
            }
        }
        return columns
    }

    struct TableState {
        var sections: [RawSection] = []
        var lastNumber = 0
        var numbersInText = false
        var sectionText = ""
        var itemText = ""
    }

    func process(
        _ row: [PlanSource.Cell], columns: [Column?], requirementColumn: Int?, itemColumns: [Int], headerNames: [String],
        state: inout TableState, result: inout Result
    ) {
        let texts = row.map(\.text)
        guard texts.contains(where: { !$0.isEmpty }) else { return }
        // A header row repeated at a page break.
        if row.filter({ Self.headerColumn($0.text) != nil }).count >= 2 { return }
        let distinct = Set(texts.filter { !$0.isEmpty })
        let firstCell = row.first { !$0.text.isEmpty } ?? row[0]
        // A row that is one merged cell: a section, an item, or a title.
        let nonEmpty = texts.filter { !$0.isEmpty }.count
        if distinct.count == 1, let only = distinct.first,
            Self.sectionHeading(only) != nil || Self.itemHeading(only) != nil || nonEmpty == row.count || (texts[0] == only && Self.isTitle(only))
        {
            if let (no, title) = Self.sectionHeading(only) {
                startSection(no, title, &state)
            } else if let (no, title) = Self.itemHeading(only) {
                startItem(no, title, &state)
            } else if Self.isTitle(only) {
                result.titleCandidates.append(Self.titleText(only))
            } else {
                result.problems.append(
                    LoadIssue(
                        firstCell.location,
                        Message("跳过一行：看不出是部分、项目还是任务：\(Self.short(only))", "skipped a row: neither a section, an item nor a task: \(Self.short(only))")))
            }
            return
        }
        for (j, column) in columns.enumerated() where column == .section && !texts[j].isEmpty && texts[j] != state.sectionText {
            let (no, title) = Self.sectionHeading(texts[j]) ?? ("", texts[j])
            startSection(no, title, &state)
            state.sectionText = texts[j]
        }
        var taskTitle = ""
        // A task heading this row begins (not one spanned from above): the task itself when the requirement is empty.
        var newHeading: PlanSource.Cell?
        for j in itemColumns + columns.indices.filter({ columns[$0] == .item }) where !texts[j].isEmpty {
            let t = texts[j]
            if let (no, title) = Self.sectionHeading(t) {
                if t != state.sectionText {
                    startSection(no, title, &state)
                    state.sectionText = t
                }
            } else if t != state.itemText {
                if let (no, title) = Self.itemHeading(t) {
                    startItem(no, title, &state)
                } else if Self.numbered(t) != nil {
                    // "1.行政规范性文件集中公开" over a 具体要求 cell: the task's own title.
                    taskTitle = t
                    state.itemText = t
                    continue
                } else {
                    startItem("", t, &state)
                    newHeading = row[j]
                }
                state.itemText = t
            } else if Self.numbered(t) != nil {
                taskTitle = t
            }
        }
        guard let rc = requirementColumn else { return }
        var requirement = texts[rc]
        var no: Int?
        // The task's number is the requirement's own ("3.…"), so a "4." later in the cell is the next task.
        var numberedInCell = false
        if let j = columns.firstIndex(of: .number), let n = Int(texts[j]) { no = n }
        if !taskTitle.isEmpty, let (n, title) = Self.numbered(taskTitle) {
            no = no ?? n
            requirement = requirement.isEmpty ? title : "\(title)：\(requirement)"
        } else if let (n, text) = Self.numbered(requirement) {
            if no == nil { state.numbersInText = true }
            numberedInCell = no == nil
            no = no ?? n
            requirement = text
        }
        let phrase = phraseText(texts, columns)
        let phraseCell =
            columns.indices.first { [.responsibility, .lead, .cooperating].contains(columns[$0]) && !texts[$0].isEmpty }.map { row[$0] } ?? row[rc]
        let deadlineText = columns.firstIndex(of: .deadline).map { texts[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        let sourceText = zip(headerNames, texts).filter { !$0.1.isEmpty }.map { $0.0.isEmpty ? $0.1 : "\($0.0.filter { !$0.isWhitespace })：\($0.1)" }.joined(
            separator: " ｜ ")
        if requirement.isEmpty {
            if phrase.isEmpty { return }
            guard let heading = newHeading else {
                result.problems.append(
                    LoadIssue(
                        firstCell.location,
                        Message(
                            "跳过一行：具体要求栏是空的，只有“\(Self.short(texts.filter { !$0.isEmpty }.joined(separator: " ")))”",
                            "skipped a row: its requirement cell is empty, it holds only \"\(Self.short(texts.filter { !$0.isEmpty }.joined(separator: " ")))\""
                        )))
                return
            }
            // The row's own 工作任务 cell, with no requirement beside it, is the task.
            requirement = heading.text
            result.notes.append(
                LoadIssue(
                    heading.location,
                    Message(
                        "具体要求栏是空的，以工作任务“\(Self.short(heading.text))”为任务内容",
                        "the requirement cell is empty; the task \"\(Self.short(heading.text))\" is taken as it")))
        }
        if state.sections.isEmpty { startSection("", "", &state) }
        if state.sections[state.sections.count - 1].items.isEmpty { startItem("", "", &state) }
        let s = state.sections.count - 1
        let i = state.sections[s].items.count - 1
        let previous = state.sections[s].items[i].tasks.last
        // A requirement cell broken across a page (no number where the others have one, and no phrase of its own)
        // continues the task above, and the review says so; a requirement merged over rows with one phrase per row is
        // one task.
        if no == nil, state.numbersInText, let previous, !columns.contains(.number), phrase.isEmpty || phrase == previous.responsibility {
            state.sections[s].items[i].tasks[state.sections[s].items[i].tasks.count - 1].requirement += requirement
            result.notes.append(
                LoadIssue(
                    row[rc].location,
                    Message(
                        "这一行没有编号，已接在任务 \(previous.no) 的要求后面（原文跨页续写）：\(Self.short(requirement))",
                        "this row has no number and was joined to task \(previous.no) (a cell continued over a page): \(Self.short(requirement))")))
            return
        }
        if let previous, previous.requirement == requirement, no == nil || no == previous.no {
            if !phrase.isEmpty, phrase != previous.responsibility {
                state.sections[s].items[i].tasks[state.sections[s].items[i].tasks.count - 1].responsibility += "；" + phrase
                result.notes.append(
                    LoadIssue(
                        phraseCell.location,
                        Message(
                            "这一行的要求与任务 \(previous.no) 相同（合并单元格），责任单位“\(Self.short(phrase))”并入任务 \(previous.no)",
                            "this row's requirement is task \(previous.no)'s (a merged cell); its responsibility \"\(Self.short(phrase))\" is added "
                                + "to task \(previous.no)"
                        )))
            }
            return
        }
        let number = no ?? state.lastNumber + 1
        // Several numbered requirements in one cell ("3.… 4.… 5.…") are as many tasks, each with the row's phrase.
        let parts = numberedInCell ? Self.numberedParts(requirement, first: number) : [(number, requirement)]
        if parts.count > 1 {
            result.notes.append(
                LoadIssue(
                    row[rc].location,
                    Message(
                        "一格中有 \(parts.count) 项编号要求（\(parts[0].0)～\(parts[parts.count - 1].0)），已分为 \(parts.count) 项任务，责任单位相同",
                        "one cell holds \(parts.count) numbered requirements (\(parts[0].0)–\(parts[parts.count - 1].0)), imported as \(parts.count) "
                            + "tasks with the same roles"
                    )))
        }
        for (n, text) in parts {
            state.lastNumber = n
            state.sections[s].items[i].tasks.append(
                RawTask(
                    no: n, autoNumbered: no == nil, requirement: text, responsibility: phrase,
                    deadlineText: deadlineText, location: row[rc].location, phraseLocation: phraseCell.location, sourceText: sourceText))
        }
    }

    /// "做好A。4.做好B。5.做好C。" after task 3 → [(3, 做好A。), (4, 做好B。), (5, 做好C。)]: a number counts only as the
    /// next one in turn, after a sentence's end (so "7.0版" and "第5.2条" stay text).
    static func numberedParts(_ text: String, first: Int) -> [(Int, String)] {
        var parts: [(Int, String)] = []
        var current = first
        var rest = Substring(text)
        var searchFrom = rest.startIndex
        while true {
            let next = String(current + 1)
            var found: Range<Substring.Index>?
            var from = searchFrom
            while let r = rest.range(of: next, range: from..<rest.endIndex) {
                from = r.upperBound
                guard r.lowerBound > rest.startIndex, let mark = rest[r.upperBound...].first, ".．、".contains(mark) else { continue }
                let before = rest[rest.index(before: r.lowerBound)]
                let after = rest[r.upperBound...].dropFirst().first
                guard "。；;\n ".contains(before), !(after?.isNumber ?? true) else { continue }
                found = r
                break
            }
            guard let r = found else { break }
            parts.append((current, String(rest[..<r.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)))
            rest = rest[r.upperBound...].dropFirst()
            searchFrom = rest.startIndex
            current += 1
        }
        parts.append((current, String(rest).trimmingCharacters(in: .whitespacesAndNewlines)))
        return parts
    }

    /// The responsibility cell, or the lead / responsible / cooperating cells as labelled clauses.
    func phraseText(_ texts: [String], _ columns: [Column?]) -> String {
        let responsibility = columns.indices.filter { columns[$0] == .responsibility }.map { texts[$0] }.filter { !$0.isEmpty }
        let lead = columns.indices.filter { columns[$0] == .lead }.map { texts[$0] }.filter { !$0.isEmpty }
        let cooperating = columns.indices.filter { columns[$0] == .cooperating }.map { texts[$0] }.filter { !$0.isEmpty }
        if lead.isEmpty && cooperating.isEmpty { return responsibility.joined(separator: "；") }
        var clauses: [String] = []
        if !lead.isEmpty { clauses.append("牵头单位：" + lead.joined(separator: "、")) }
        if !responsibility.isEmpty { clauses.append("责任单位：" + responsibility.joined(separator: "、")) }
        if !cooperating.isEmpty { clauses.append("配合单位：" + cooperating.joined(separator: "、")) }
        return clauses.joined(separator: "；")
    }

    func startSection(_ no: String, _ title: String, _ state: inout TableState) {
        state.sections.append(RawSection(no: no, title: Self.stripEnd(title), items: []))
        state.itemText = ""
    }

    func startItem(_ no: String, _ title: String, _ state: inout TableState) {
        if state.sections.isEmpty { state.sections.append(RawSection(no: "", title: "", items: [])) }
        state.sections[state.sections.count - 1].items.append(RawItem(no: no, title: title, tasks: []))
    }

    // MARK: List style

    /// Paragraphs: 一、 sections, （一） items, numbered tasks; the phrase at a paragraph's end in brackets, or on a
    /// `责任单位：…` line of its own after the task (or after an item, which is then the task).
    func analyseList(_ paragraphs: [PlanSource.Cell], into result: inout Result) {
        var state = TableState()
        var lastTask: (s: Int, i: Int, t: Int)?
        var lastItem: (text: String, cell: PlanSource.Cell)?
        var skipped: [PlanSource.Cell] = []
        for p in paragraphs {
            let text = p.text.trimmingSpaces
            if let line = InlinePhrase.ownLine(text) {
                let (phrase, deadline) = InlinePhrase.splitDeadline(line)
                if let (s, i, t) = lastTask, state.sections[s].items[i].tasks[t].responsibility.isEmpty {
                    state.sections[s].items[i].tasks[t].responsibility = phrase
                    state.sections[s].items[i].tasks[t].deadlineText = deadline
                    state.sections[s].items[i].tasks[t].phraseLocation = p.location
                    state.sections[s].items[i].tasks[t].sourceText += "\n" + text
                } else if let item = lastItem {
                    lastTask = addListTask(
                        no: nil, requirement: item.text, phrase: phrase, deadline: deadline, cell: item.cell, phraseCell: p,
                        source: item.cell.text + "\n" + text, &state)
                    lastItem = nil
                } else {
                    result.problems.append(
                        LoadIssue(p.location, Message("责任单位行前面没有任务：\(Self.short(text))", "a responsibility line with no task before it: \(Self.short(text))")))
                }
                continue
            }
            // A running paragraph: several tasks, each closed by its units in brackets in the middle of the text.
            let running = InlinePhrase.running(text)
            if running.isRunning {
                lastTask = addRunning(running, paragraph: p, &state, &result)
                lastItem = nil
                continue
            }
            let (body, found) = InlinePhrase.trailing(text)
            if let found {
                let (phrase, deadline) = InlinePhrase.splitDeadline(found)
                if let (no, title) = Self.itemHeading(body) {
                    startItem(no, Self.firstSentence(title), &state)
                    lastTask = addListTask(no: nil, requirement: title, phrase: phrase, deadline: deadline, cell: p, phraseCell: p, source: text, &state)
                } else if let (n, rest) = Self.numbered(body) {
                    lastTask = addListTask(no: n, requirement: rest, phrase: phrase, deadline: deadline, cell: p, phraseCell: p, source: text, &state)
                } else if !state.sections.isEmpty {
                    lastTask = addListTask(no: nil, requirement: body, phrase: phrase, deadline: deadline, cell: p, phraseCell: p, source: text, &state)
                } else {
                    // Units named before any 一、 heading: not placed, but named.
                    skipped.append(p)
                }
                lastItem = nil
                continue
            }
            if let (no, title) = Self.sectionHeading(text) {
                startSection(no, title, &state)
                lastTask = nil
                lastItem = nil
            } else if let (no, title) = Self.itemHeading(text) {
                startItem(no, Self.firstSentence(title), &state)
                lastTask = nil
                lastItem = (title, p)
            } else if let (n, rest) = Self.numbered(text), !state.sections.isEmpty {
                lastTask = addListTask(no: n, requirement: rest, phrase: "", cell: p, phraseCell: p, source: text, &state)
                lastItem = nil
            } else if !state.sections.isEmpty {
                skipped.append(p)
            }
        }
        // Items with no task under them and text with no place are reported, so nothing vanishes unseen.
        for p in skipped {
            result.notes.append(LoadIssue(p.location, Message("未作为任务导入的段落：\(Self.short(p.text))", "paragraph not imported as a task: \(Self.short(p.text))")))
        }
        result.sections += state.sections.filter { s in s.items.contains { !$0.tasks.isEmpty } }
    }

    /// The tasks of a running paragraph: a leading （一） heading's first sentence is the item's title (and the first
    /// task when nothing else comes before the first bracket); text after the last bracket is named, not imported.
    func addRunning(
        _ running: InlinePhrase.Running, paragraph p: PlanSource.Cell,
        _ state: inout TableState, _ result: inout Result
    ) -> (Int, Int, Int)? {
        var last: (Int, Int, Int)?
        var first = true
        for task in running.tasks {
            let body = task.body
            var requirement = body
            var no: Int?
            if first {
                if let (itemNo, title) = Self.itemHeading(body) {
                    let heading = Self.firstSentence(title)
                    startItem(itemNo, heading, &state)
                    let rest = String(title.dropFirst(heading.count)).trimmingSpaces
                    requirement = rest.isEmpty ? title : rest
                } else if let (n, rest) = Self.numbered(body) {
                    no = n
                    requirement = rest
                }
            }
            first = false
            let (phrase, deadline) = InlinePhrase.splitDeadline(task.inner)
            last = addListTask(no: no, requirement: requirement, phrase: phrase, deadline: deadline, cell: p, phraseCell: p, source: task.source, &state)
        }
        if !running.tail.isEmpty {
            // A last clause whose bracket a page cut open: kept with its raw phrase if it has role words.
            let (body, open) = InlinePhrase.trailing(running.tail)
            if let open {
                let (phrase, deadline) = InlinePhrase.splitDeadline(open)
                last = addListTask(no: nil, requirement: body, phrase: phrase, deadline: deadline, cell: p, phraseCell: p, source: running.tail, &state)
            } else {
                result.notes.append(
                    LoadIssue(
                        p.location,
                        Message(
                            "段落末尾的“\(Self.short(running.tail))”后面没有责任单位，未作为任务导入（原文可能不完整）",
                            "the end of the paragraph, \"\(Self.short(running.tail))\", names no responsible unit and was not imported (the text may "
                                + "be cut short)"
                        )))
            }
        }
        return last
    }

    func addListTask(
        no: Int?, requirement: String, phrase: String, deadline: String? = nil, cell: PlanSource.Cell, phraseCell: PlanSource.Cell, source: String,
        _ state: inout TableState
    ) -> (Int, Int, Int) {
        if state.sections.isEmpty { startSection("", "", &state) }
        if state.sections[state.sections.count - 1].items.isEmpty { startItem("", "", &state) }
        let s = state.sections.count - 1
        let i = state.sections[s].items.count - 1
        let number = no ?? state.lastNumber + 1
        state.lastNumber = number
        state.sections[s].items[i].tasks.append(
            RawTask(
                no: number, autoNumbered: no == nil, requirement: requirement, responsibility: phrase, deadlineText: deadline,
                location: cell.location, phraseLocation: phraseCell.location, sourceText: source))
        return (s, i, state.sections[s].items[i].tasks.count - 1)
    }

    // MARK: Words

    enum CellKind { case number, section, item, numberedText, other }

    static func cellKind(_ s: String) -> CellKind {
        if !s.isEmpty, s.count <= 3, s.allSatisfy(\.isNumber) { return .number }
        if sectionHeading(s) != nil { return .section }
        if itemHeading(s) != nil { return .item }
        if numbered(s) != nil { return .numberedText }
        return .other
    }

    static let numerals = "一二三四五六七八九十"

    /// "一、围绕…" → ("一", "围绕…").
    static func sectionHeading(_ s: String) -> (String, String)? {
        let no = s.prefix { numerals.contains($0) }
        guard !no.isEmpty, no.count <= 3, let mark = s.dropFirst(no.count).first, "、.．".contains(mark) else { return nil }
        return (String(no), String(s.dropFirst(no.count + 1)).trimmingSpaces)
    }

    /// "（一）以权责…" or "(一) 以权责…" → ("一", "以权责…").
    static func itemHeading(_ s: String) -> (String, String)? {
        guard let open = s.first, "（(".contains(open) else { return nil }
        let body = s.dropFirst().drop { $0 == " " }
        let no = body.prefix { numerals.contains($0) }
        guard !no.isEmpty else { return nil }
        let after = body.dropFirst(no.count).drop { $0 == " " }
        guard let close = after.first, "）)".contains(close) else { return nil }
        return (String(no), String(after.dropFirst()).trimmingSpaces)
    }

    /// "1.对照…", "1．", "1、", "（1）", "(1)" → (1, "对照…").
    static func numbered(_ s: String) -> (Int, String)? {
        var rest = Substring(s)
        var bracketed = false
        if let open = rest.first, "（(".contains(open) {
            rest = rest.dropFirst()
            bracketed = true
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 5, let n = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count).drop { $0 == " " }
        guard let mark = rest.first else { return nil }
        if bracketed { guard "）)".contains(mark) else { return nil } } else { guard ".．、".contains(mark) else { return nil } }
        return (n, String(rest.dropFirst()).trimmingSpaces)
    }

    static let titleWords = [
        "分工方案", "任务分解", "责任清单", "重点工作安排", "任务清单", "工作要点", "任务台账", "分解表", "实施方案", "责任分解方案", "清单及分工", "任务分工", "要点分工", "工作清单",
        "重点工作清单", "工作任务分工", "责任分工", "及分工",
    ]

    static func isTitle(_ text: String) -> Bool {
        // A title is short and ends with a title word: any other paragraph is told at once, without stripping its marks.
        guard text.utf8.count <= 600 else { return false }
        var tail: [Unicode.Scalar] = []  // the last letters, from the end
        for s in text.unicodeScalars.reversed() where !s.isSpaceLike && !"|#《》".unicodeScalars.contains(s) {
            tail.append(s)
            if tail.count == 8 { break }
        }
        guard titleWords.contains(where: { tail.starts(with: $0.unicodeScalars.reversed()) }) else { return false }
        let t = titleText(text)
        guard t.count <= 60, !t.hasPrefix("关于"), !t.includes("通知"), !t.hasPrefix("根据"), !t.hasPrefix("为") else { return false }
        return titleWords.contains { t.hasSuffix($0) }
    }

    static func titleText(_ text: String) -> String {
        var t = text.filter { !$0.isWhitespace && !"|#《》".contains($0) }
        for mark in ["名称:", "名称：", "标题:", "标题："] {
            while let r = t.byteRange(of: mark) { t.removeSubrange(r) }
        }
        for prefix in ["附件:", "附件："] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        return t
    }

    static func firstSentence(_ s: String) -> String {
        guard let end = s.firstIndex(where: { "。；;".contains($0) }) else { return s }
        return String(s[...end])
    }

    static func stripEnd(_ s: String) -> String { s }

    static func short(_ s: String) -> String { s.count <= 40 ? s : String(s.prefix(40)) + "…" }
}
