import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiPlan

/// Imports a 分工方案 from the document an office received: Word (.docx), a saved web page, or pasted text (tab,
/// pipe or list layout). Each format is read into one `PlanSource`; `PlanLayout` finds sections, items and tasks;
/// `ResponsibilityParser` the roles; `DeadlineParser` the deadlines; `CheckSuggester` the checks to confirm.
/// A later format (e.g. .xlsx) is one more adapter into `PlanSource` in `importData`.
public struct PlanImporter: Sendable {
    public struct Options: Sendable {
        public var id: String?
        public var year: Int?
        public var agency: String?
        public var title: String?
        /// The department list; default: the `departments:` of the document, else the names in the phrases, in order of first appearance.
        public var departments: [String]?
        /// Departments that are not business departments (业务科室); default: 办公室, 机关党委 and other party or office units.
        public var nonBusiness: [String]?
        public init(
            id: String? = nil, year: Int? = nil, agency: String? = nil, title: String? = nil, departments: [String]? = nil, nonBusiness: [String]? = nil
        ) {
            self.id = id
            self.year = year
            self.agency = agency
            self.title = title
            self.departments = departments
            self.nonBusiness = nonBusiness
        }
    }

    public struct ImportedTask: Sendable {
        public var no: Int
        public var autoNumbered: Bool
        public var requirement: String
        public var responsibility: String
        public var line: Int
        public var location: SourceLocation
        public var phraseLocation: SourceLocation
        public var sourceText: String
        public var roles: ResponsibilityParser.Roles?
        public var deadline: TaskDeadline?
        public var checks: [SuggestedCheck]
    }

    public struct ImportedItem: Sendable {
        public var no: String
        public var title: String
        public var tasks: [ImportedTask]
    }
    public struct ImportedSection: Sendable {
        public var no: String
        public var title: String
        public var items: [ImportedItem]
    }

    public struct Result: Sendable {
        public var id: String
        public var title: String
        public var agency: String
        public var year: Int
        public var unitWord: String
        public var departments: [String]
        public var businessDepartments: [String]
        public var sections: [ImportedSection]
        /// Problems a person must look at (unparsed phrases, rows that could not be placed).
        public var warnings: [LoadIssue]
        /// What was skipped or assumed (a cover letter's table, tasks numbered in order), for the review.
        public var notes: [LoadIssue]
        public var tasks: [ImportedTask] { sections.flatMap { $0.items.flatMap(\.tasks) } }
    }

    public var options: Options
    public init(options: Options) { self.options = options }

    /// Reads a plan document of any supported kind, told from its content: Word (.docx), a web page, or text.
    public func importFile(_ url: URL, name: String) throws(GongkaiError) -> Result {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GongkaiError(Message("无法读取 \(name)", "cannot read \(name)"))
        }
        return try importData(data, name: name)
    }

    public func importData(_ data: Data, name: String) throws(GongkaiError) -> Result {
        switch DocumentKind.sniff(data) {
        case .empty:
            throw GongkaiError(Message("\(name) 是空文件，没有可导入的分工方案", "\(name) is empty: there is no plan to import"))
        case .zip:
            let archive: ZipFile
            do { archive = try ZipBounds.open(data, run: InflationBudget()).get() } catch {
                throw GongkaiError(Message("\(name) 不是有效的 Word 文档（zip 结构损坏）", "\(name) is not a valid Word document (broken zip)"))
            }
            if archive["word/document.xml"] == nil && archive["xl/workbook.xml"] != nil {
                return try importSource(try Self.workbookSource(data, name: name))
            }
            return try importSource(PlanSource.document(try DocxReader.read(archive, name: name), file: name))
        case .ole:
            throw GongkaiError(
                Message(
                    "\(name) 是旧版 Word（.doc）或 Excel（.xls）文件，无法直接读取：请在 Word 或 WPS 中打开，“另存为” .docx 后再导入",
                    "\(name) is an old Word (.doc) or Excel (.xls) file and cannot be read: open it in Word or WPS, \"Save As\" .docx, and import that"))
        case .pdf:
            throw GongkaiError(
                Message(
                    "\(name) 是 PDF：PDF 不保留表格结构，无法可靠导入。请找到原 Word 文件（.docx），或在 WPS/Word 中把 PDF 转换为 .docx 后再导入",
                    "\(name) is a PDF: a PDF keeps no table structure, so it cannot be imported reliably."
                        + "Use the original Word file (.docx), or convert the PDF to .docx in WPS or Word, and import that"
                ))
        case .html:
            return try importSource(PlanSource.document(try HTMLReader.read(data, name: name), file: name))
        case .text:
            switch TextDecoding.decodeStrictly(data, declared: nil) {
            case .success(let decoded):
                return try importSource(PlanSource.text(decoded.text, file: name))
            case .failure(let bad):
                // Bytes neither UTF-8 nor GB18030: read as far as they go, and said where, never passed off as text.
                var result = try importSource(PlanSource.text(TextDecoding.decode(data, declared: nil).text, file: name))
                result.warnings.insert(
                    LoadIssue(
                        SourceLocation(file: name, line: bad.line, column: bad.column),
                        Message(
                            "第\(bad.line)行第\(bad.column)列起有无法识别的字节（不是 UTF-8，也不是 GB18030），已显示为 �：请核对该处文字，或把文件另存为 UTF-8 后再导入",
                            "bytes from line \(bad.line), column \(bad.column) are neither UTF-8 nor GB18030 and show as �: check the text there, or "
                                + "save the file as UTF-8 and import again"
                        )), at: 0)
                return result
            }
        }
    }

    /// Text already in memory (tab, pipe or list layout).
    public func importText(_ text: String, file: String) throws(GongkaiError) -> Result {
        try importSource(PlanSource.text(text, file: file))
    }

    /// The one path every format ends in: the layout analyser, then roles, deadlines and suggested checks.
    public func importSource(_ source: PlanSource) throws(GongkaiError) -> Result {
        let stated = Self.statedTitle(source)
        // The year from the option, the title given, the title stated, or a title line the layout found (…2025年度…).
        let titled = PlanLayout.titleCandidates(source)
        let yearFound = options.year ?? ([options.title, stated] + titled.map(Optional.some)).compactMap { $0 }.lazy.compactMap(Self.year(in:)).first
        let layout = PlanLayout(year: yearFound ?? Day.today().year).analyse(source)
        var warnings = layout.problems
        let notes = layout.notes
        let rawTasks = layout.tasks
        guard !rawTasks.isEmpty else {
            throw GongkaiError(
                Message(
                    "\(source.file) 中没有找到任何任务：需要一个带“工作任务/具体要求”和“责任单位（科室）”列的表格，或带（责任单位：…）的编号段落；未写出计划",
                    "\(source.file): no task found (a table with task/requirement and responsibility columns,"
                        + "or numbered paragraphs with (责任单位：…), is needed); no plan written"
                ),
                issues: warnings + notes)
        }
        let titleFound = options.title ?? layout.titleCandidates.first ?? stated
        let agencyFound = options.agency ?? titleFound.flatMap(Self.agency(in:))
        // Everything missing is asked for at once, each with the option that gives it.
        var missing: [Message] = []
        if yearFound == nil { missing.append(Message("年份（--year，如 --year 2025）", "the year (--year, e.g. --year 2025)")) }
        if titleFound == nil { missing.append(Message("方案标题（--title）", "the plan's title (--title)")) }
        if agencyFound == nil {
            missing.append(
                titleFound.map { Message("机关名称（--agency；标题“\($0)”看不出）", "the agency (--agency; the title \"\($0)\" does not tell it)") }
                    ?? Message("机关名称（--agency）", "the agency (--agency)"))
        }
        guard let year = yearFound, let title = titleFound, let agency = agencyFound else {
            throw GongkaiError(
                Message("\(source.file) 没有写明：", "\(source.file) does not state: ") + Message.joined(missing)
                    + Message("；请补上这些选项后再导入", "; give these options and import again"))
        }
        if let given = options.year, let inTitle = Self.year(in: title), given != inTitle {
            warnings.append(
                LoadIssue(
                    SourceLocation(file: source.file),
                    Message(
                        "--year \(given) 与标题中的年份 \(inTitle) 不同；按 \(given) 导入", "--year \(given) differs from the title's year \(inTitle); imported as \(given)")
                ))
        }
        // Departments: given, or every unit name the phrases use, in order of first appearance (outside bodies excluded).
        var departments = options.departments ?? []
        if options.departments == nil {
            // Each distinct phrase once: a plan says "办公室牵头，各科室配合" over and over.
            var seen: Set<String> = []
            for t in rawTasks where seen.insert(t.responsibility).inserted {
                for (names, _) in ResponsibilityParser.clauses(t.responsibility)?.clauses ?? [] {
                    for n in names where ResponsibilityParser.kind(of: n) == .unit && !departments.contains(n) { departments.append(n) }
                }
            }
        }
        let nonBusiness = options.nonBusiness ?? departments.filter { d in ["办公室", "党委", "党组", "人事", "机关", "财务"].contains { d.includes($0) } }
        let business = departments.filter { !nonBusiness.contains($0) }
        let parser = ResponsibilityParser(departments: departments, businessDepartments: business)
        var sections: [ImportedSection] = []
        var allNotes = notes
        var parsed: [String: ResponsibilityParser.Roles?] = [:]
        for s in layout.sections {
            var items: [ImportedItem] = []
            for item in s.items {
                var tasks: [ImportedTask] = []
                for raw in item.tasks {
                    let roles = parsed[raw.responsibility] ?? parser.parse(raw.responsibility)
                    parsed[raw.responsibility] = roles
                    if raw.responsibility.isEmpty {
                        warnings.append(LoadIssue(raw.location, Message("任务 \(raw.no) 没有责任单位", "task \(raw.no) has no responsibility phrase")))
                    } else if roles == nil {
                        warnings.append(
                            LoadIssue(
                                raw.phraseLocation,
                                Message(
                                    "任务 \(raw.no) 的责任分工无法解析，保留原文、不设角色：\(raw.responsibility)",
                                    "task \(raw.no): cannot parse the responsibility phrase; kept raw, no roles: \(raw.responsibility)")))
                    } else if let unknown = roles?.named.filter({ !departments.contains($0) && ResponsibilityParser.kind(of: $0) == .unit }), !unknown.isEmpty {
                        warnings.append(
                            LoadIssue(
                                raw.phraseLocation,
                                Message(
                                    "任务 \(raw.no) 的部门不在 --departments 中：\(unknown.joined(separator: "、"))",
                                    "task \(raw.no): departments not in --departments: \(unknown.joined(separator: ", "))")))
                    }
                    let (deadline, deadlineNote) = Self.deadline(of: raw, year: year)
                    if let deadlineNote { allNotes.append(LoadIssue(raw.location, deadlineNote)) }
                    let checks = CheckSuggester.suggest(
                        requirement: raw.requirement, roles: roles, year: year, deadline: deadline, fromColumn: raw.deadlineText != nil)
                    tasks.append(
                        ImportedTask(
                            no: raw.no, autoNumbered: raw.autoNumbered, requirement: raw.requirement, responsibility: raw.responsibility,
                            line: raw.location.line ?? 0, location: raw.location, phraseLocation: raw.phraseLocation, sourceText: raw.sourceText,
                            roles: roles, deadline: deadline, checks: checks))
                }
                items.append(ImportedItem(no: item.no, title: item.title, tasks: tasks))
            }
            sections.append(ImportedSection(no: s.no, title: s.title, items: items))
        }
        let auto = rawTasks.filter(\.autoNumbered)
        if !auto.isEmpty {
            allNotes.append(
                LoadIssue(
                    auto[0].location, Message("原文没有任务编号的 \(auto.count) 项任务已按顺序编号", "\(auto.count) tasks had no number in the source and were numbered in order")
                ))
        }
        let id = options.id ?? "plan-\(year)"
        return Result(
            id: id, title: title, agency: agency, year: year, unitWord: layout.unitWord ?? "单位", departments: departments,
            businessDepartments: business, sections: sections, warnings: warnings, notes: allNotes)
    }

    /// The 时限 column wins over a date quoted in the requirement; a date of another year in the requirement (a
    /// 2024 plan quoting "2022年底前") is no deadline of this plan. Either is said in the review.
    static func deadline(of raw: PlanLayout.RawTask, year: Int) -> (TaskDeadline?, Message?) {
        let inText = DeadlineParser.parse(requirement: raw.requirement, year: year)
        if let column = raw.deadlineText.flatMap({ DeadlineParser.parse(column: $0, year: year) }) {
            guard let quoted = inText, quoted.text != column.text, quoted.due != nil, quoted.due != column.due else { return (column, nil) }
            return (
                column,
                Message(
                    "任务 \(raw.no)：要求中写有“\(quoted.text)”，以完成时限栏“\(column.text)”为准",
                    "task \(raw.no): the requirement says \"\(quoted.text)\"; the deadline column's \"\(column.text)\" is taken")
            )
        }
        if let quoted = inText, let due = quoted.due, due.year != year {
            return (
                nil,
                Message(
                    "任务 \(raw.no)：要求中的“\(quoted.text)”不是\(year)年的期限（原文引用往年的要求），未设截止日",
                    "task \(raw.no): \"\(quoted.text)\" in the requirement is not a deadline of \(year) (it quotes an earlier year); no due day set")
            )
        }
        return (inText, nil)
    }

    /// The first line of the document that reads as a plan's title.
    static func statedTitle(_ source: PlanSource) -> String? {
        for block in source.blocks {
            switch block {
            case .paragraph(let p) where PlanLayout.isTitle(p.text): return PlanLayout.titleText(p.text)
            case .table(let t):
                for row in t.rows.prefix(3) {
                    let texts = Set(row.map { $0.text.trimmingSpaces }.filter { !$0.isEmpty })
                    if texts.count == 1, let only = texts.first, PlanLayout.isTitle(only) { return PlanLayout.titleText(only) }
                }
            default: continue
            }
        }
        return nil
    }

    /// "肇庆市商务局2020年…" → 2020.
    static func year(in title: String) -> Int? {
        guard let r = title.byteRange(of: "年") else { return nil }
        let digits = title[..<r.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 4, let y = Int(String(digits.reversed())), (2000...2100).contains(y) else { return nil }
        return y
    }

    /// "肇庆市商务局2020年…" → 肇庆市商务局; "2021年冠县政务公开工作要点" → 冠县; nil when the title names none.
    static func agency(in title: String) -> String? {
        let endings = ["局", "委", "办", "厅", "中心", "政府", "院", "所", "站", "馆", "会", "室", "县", "区", "市", "省", "镇", "乡", "街道", "委员会", "公司"]
        guard let r = title.byteRange(of: "年"), year(in: title) != nil else { return nil }
        let prefix = String(title[..<r.lowerBound].dropLast(4))
        if !prefix.isEmpty, endings.contains(where: { prefix.hasSuffix($0) }) { return prefix }
        let after = title[r.upperBound...]
        for marker in ["政务公开", "政府信息公开", "工作要点"] {
            if let m = after.byteRange(of: marker) {
                let name = String(after[..<m.lowerBound])
                if name.count >= 2, !name.hasPrefix("全"), endings.contains(where: { name.hasSuffix($0) }) { return name }
            }
        }
        return nil
    }
}

/// A check proposed from a requirement's words, for a person to confirm (`suggested: true`).
public struct SuggestedCheck: Sendable, Equatable {
    public var id: String?
    public var title: String?
    public var kind: String
    /// Parameters as ordered YAML flow values.
    public var parameters: [(String, String)]

    public static func == (a: SuggestedCheck, b: SuggestedCheck) -> Bool {
        a.id == b.id && a.kind == b.kind && a.parameters.map { "\($0.0)=\($0.1)" } == b.parameters.map { "\($0.0)=\($0.1)" }
    }
}

public enum CheckSuggester {
    /// `deadline` is the task's as read (from the 时限 column when `fromColumn`): its due day gives a deadline check,
    /// its cadence (每月, 每季度, 每年) a periodic one.
    public static func suggest(
        requirement r: String, roles: ResponsibilityParser.Roles?, year: Int, deadline: TaskDeadline? = nil, fromColumn: Bool = false
    ) -> [SuggestedCheck] {
        var out: [SuggestedCheck] = []
        if r.includes("负责同志") && r.includes("备案") {
            out.append(SuggestedCheck(kind: "designation", parameters: [("type", "leader-designation"), ("require_filed", "true")]))
        }
        if r.includes("指定") && r.includes("工作机构") {
            out.append(SuggestedCheck(kind: "designation", parameters: [("type", "office-designation"), ("min_staff", "2")]))
        }
        if r.includes("日常巡查") {
            out.append(
                SuggestedCheck(
                    id: "daily-patrol", title: "网站日常巡查", kind: "periodic",
                    parameters: [("type", "website-check"), ("where", "{kind: patrol}"), ("max_gap", "3"), ("gap_unit", "working-days")]))
        }
        if r.includes("季度检查") {
            out.append(
                SuggestedCheck(
                    id: "quarterly-check", title: "网站季度检查", kind: "periodic",
                    parameters: [("type", "website-check"), ("cadence", "quarter"), ("where", "{kind: quarterly}")]))
        }
        if r.includes("年度考评") {
            out.append(
                SuggestedCheck(
                    id: "annual-evaluation", title: "网站年度考评", kind: "periodic",
                    parameters: [("type", "website-check"), ("cadence", "year"), ("where", "{kind: annual}")]))
        }
        if let n = workingDays(in: r) {
            if r.includes("规范性文件") {
                out.append(
                    SuggestedCheck(
                        kind: "deadline",
                        parameters: [
                            ("type", "normative-document"), ("from", "issued_on"), ("to", "gazette_submitted_on"), ("within", "\(n)"), ("unit", "working-days"),
                        ]))
            } else {
                out.append(
                    SuggestedCheck(
                        kind: "deadline",
                        parameters: [("type", "publication"), ("from", "formed_on"), ("to", "published_on"), ("within", "\(n)"), ("unit", "working-days")]))
            }
        }
        // The column's day, else the requirement's own 年底前 / X月底前 (of this year only).
        if let due = fromColumn ? deadline?.due : fixedDue(in: r, year: year) {
            out.append(SuggestedCheck(kind: "deadline", parameters: [("due", due.description), ("types", "[publication, work-record]")]))
        }
        if let periodic = periodic(r, cadence: deadline?.cadence), !out.contains(where: { $0.kind == "periodic" }) { out.append(periodic) }
        // 年报, but not 半年报 or 年报送 ("每半年报送一次").
        if r.includes("年度报告") || (r.includes("年报") && !r.includes("半年报") && !r.includes("年报送")) {
            out.append(SuggestedCheck(kind: "report", parameters: [("type", "annual-report"), ("due", "01-31"), ("must_mention", "[政务公开工作要点]")]))
        }
        if out.isEmpty {
            var types = [String]()
            if r.includes("解读") { types.append("policy-interpretation") }
            if r.includes("培训") || r.includes("学法") || r.includes("学习") { types.append("training") }
            if r.includes("发布") || r.includes("公开") { types.append("publication") }
            types.append("work-record")
            var params = [("types", "[" + types.joined(separator: ", ") + "]")]
            if let roles, roles.lead.isEmpty, roles.responsible.count > 1 { params.append(("each_responsible", "true")) }
            out.append(SuggestedCheck(kind: "evidence", parameters: params))
        }
        return out
    }

    /// "5个工作日内" → 5.
    static func workingDays(in r: String) -> Int? {
        guard let range = r.byteRange(of: "个工作日") else { return nil }
        let digits = r[..<range.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        return Int(String(digits.reversed()))
    }

    /// "年底前" → 12-31; "6月底前" → the month's last day; nil for a day of another year ("2022年底前" in a 2024 plan).
    static func fixedDue(in r: String, year: Int) -> Day? {
        let t = r.withoutWhitespace
        guard t.includes("年底前") || t.includes("月底前"), let (_, day) = DeadlineParser.fixedDay(t, year: year), day.year == year else { return nil }
        return day
    }

    /// 每月/每季度/每半年/每年 (from the deadline words): a periodic check of that cadence on the records the
    /// requirement names; "每月至少更新2条" gives min 2.
    static func periodic(_ r: String, cadence: TaskDeadline.Cadence?) -> SuggestedCheck? {
        guard let period = cadence?.rawValue else { return nil }
        var parameters = [("type", recordType(r)), ("cadence", period)]
        if let n = atLeast(r), n > 1 { parameters.append(("min", "\(n)")) }
        return SuggestedCheck(kind: "periodic", parameters: parameters)
    }

    /// The records a periodic requirement is kept in: interpretations, training, publications, else work records.
    static func recordType(_ r: String) -> String {
        if r.includes("解读") { return "policy-interpretation" }
        if r.includes("培训") || r.includes("学习") { return "training" }
        if ["公开", "发布", "更新", "公布"].contains(where: r.includes) { return "publication" }
        return "work-record"
    }

    /// "至少更新2条", "不少于3次" → the number.
    static func atLeast(_ r: String) -> Int? {
        for marker in ["至少", "不少于"] {
            guard let m = r.byteRange(of: marker) else { continue }
            var rest = r[m.upperBound...]
            for verb in ["更新", "发布", "公开", "开展", "报送"] where rest.hasPrefix(verb) { rest = rest.dropFirst(verb.count) }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if let n = Int(digits), ["条", "次", "篇", "期", "个"].contains(where: { rest.dropFirst(digits.count).hasPrefix($0) }) { return n }
        }
        return nil
    }
}

extension PlanImporter {
    /// A plan kept as a spreadsheet: each visible sheet is one table, a merged range's text copied into every cell it
    /// covers (as for Word and web tables), each cell located `file › 工作表 › C12`.
    static func workbookSource(_ data: Data, name: String) throws(GongkaiError) -> PlanSource {
        func unreadable(_ error: XLSXWorkbook.ReadError) -> GongkaiError {
            GongkaiError(
                Message(
                    "\(name) 不是可读的 Excel 工作簿（\(error)）：请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入",
                    "\(name) is not a readable Excel workbook (\(error)): open it in Excel or WPS and save it as .xlsx again"))
        }
        let workbook: XLSXWorkbook
        do { workbook = try XLSXWorkbook(data: data, run: InflationBudget()) } catch { throw unreadable(error) }
        var blocks: [PlanSource.Block] = []
        for sheet in workbook.sheets where !sheet.hidden {
            var grid: [Int: [Int: String]] = [:]
            var merges: [XLSXWorkbook.MergedRange] = []
            do {
                try workbook.read(
                    sheet, merged: { merges = $0 },
                    row: { row in
                        for cell in row.cells { grid[row.number, default: [:]][cell.column] = cell.value.text }
                    })
            } catch { throw unreadable(error) }
            for m in merges {
                let text = grid[m.firstRow]?[m.firstColumn] ?? ""
                for r in m.firstRow...m.lastRow { for c in m.firstColumn...m.lastColumn { grid[r, default: [:]][c] = text } }
            }
            let width = grid.values.compactMap { $0.keys.max() }.max() ?? 0
            guard width > 0 else { continue }
            let rows = grid.keys.sorted().map { r in
                (1...width).map { c in PlanSource.Cell(grid[r]?[c] ?? "", SourceLocation(file: name, sheet: sheet.name, row: r, column: c)) }
            }
            blocks.append(.table(PlanSource.Table(name: sheet.name, rows: rows)))
        }
        return PlanSource(file: name, blocks: blocks)
    }
}
