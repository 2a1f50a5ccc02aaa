import Foundation

/// Reads a 分工方案 table copied out of its document as tab-separated text (工作任务 / 具体要求 / 责任科室):
/// section rows in bold or plain, item cells spanning several numbered requirements, header rows repeated at
/// page breaks, full- and half-width punctuation, requirements numbered "1." or "1．". The third column's
/// heading (责任科室, 责任股室, 责任处室, 责任单位) gives the unit word; nothing about it is built in.
public struct PlanImporter: Sendable {
    public struct Options: Sendable {
        public var id: String
        public var year: Int
        public var agency: String?
        /// The department list; default: the names in the phrases, in order of first appearance.
        public var departments: [String]?
        /// Departments that are not business departments (业务科室); default: 办公室, 机关党委 and other party or office units.
        public var nonBusiness: [String]?
        public init(id: String, year: Int, agency: String? = nil, departments: [String]? = nil, nonBusiness: [String]? = nil) {
            self.id = id; self.year = year; self.agency = agency; self.departments = departments; self.nonBusiness = nonBusiness
        }
    }

    public struct ImportedTask: Sendable {
        public var no: Int
        public var requirement: String
        public var responsibility: String
        public var line: Int
        public var roles: ResponsibilityParser.Roles?
        public var checks: [SuggestedCheck]
    }

    public struct ImportedItem: Sendable { public var no: String; public var title: String; public var tasks: [ImportedTask] }
    public struct ImportedSection: Sendable { public var no: String; public var title: String; public var items: [ImportedItem] }

    public struct Result: Sendable {
        public var id: String
        public var title: String
        public var agency: String
        public var year: Int
        public var unitWord: String
        public var departments: [String]
        public var businessDepartments: [String]
        public var sections: [ImportedSection]
        public var warnings: [LoadIssue]
        public var tasks: [ImportedTask] { sections.flatMap { $0.items.flatMap(\.tasks) } }
    }

    public var options: Options
    public init(options: Options) { self.options = options }

    static let numerals = "一二三四五六七八九十"

    public func importText(_ text: String, file: String) throws(GongkaiError) -> Result {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var sections: [ImportedSection] = []
        var warnings: [LoadIssue] = []
        var unitWord: String?
        var title: String?
        var started = false
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let cells = raw.components(separatedBy: "\t").map { Self.clean($0) }
            if cells.count >= 3, cells[0] == "工作任务", cells[2].hasPrefix("责任") {
                started = true
                unitWord = unitWord ?? String(cells[2].dropFirst(2))
                continue
            }
            if !started {
                let t = Self.clean(raw).trimmingCharacters(in: CharacterSet(charactersIn: "# "))
                if t.hasSuffix("分工方案") && !t.contains("关于") { title = t.replacingOccurrences(of: " ", with: "") }
                continue
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            let first = cells[0]
            if let (no, rest) = Self.sectionHeading(first) {
                sections.append(ImportedSection(no: no, title: rest, items: []))
                continue
            }
            guard !sections.isEmpty else {
                warnings.append(LoadIssue(SourceLocation(file: file, line: lineNo), Text("表格的第一行应为“一、…”部分标题", "the table should start with a section row (一、…)")))
                continue
            }
            if let (no, rest) = Self.itemHeading(first) {
                sections[sections.count - 1].items.append(ImportedItem(no: no, title: rest, tasks: []))
            } else if !first.isEmpty {
                warnings.append(LoadIssue(SourceLocation(file: file, line: lineNo), Text("无法识别的工作任务单元格：\(first)", "unrecognised task cell: \(first)")))
            }
            let requirement = cells.count > 1 ? cells[1] : ""
            let phrase = cells.count > 2 ? cells[2] : ""
            if sections[sections.count - 1].items.isEmpty {
                sections[sections.count - 1].items.append(ImportedItem(no: "", title: "", tasks: []))
            }
            let s = sections.count - 1, i = sections[s].items.count - 1
            if let (no, text) = Self.numbered(requirement) {
                sections[s].items[i].tasks.append(ImportedTask(no: no, requirement: text, responsibility: phrase, line: lineNo, roles: nil, checks: []))
            } else if !requirement.isEmpty || !phrase.isEmpty {
                // A requirement cell broken across a page: continue the previous task.
                guard var last = sections[s].items[i].tasks.popLast() else {
                    warnings.append(LoadIssue(SourceLocation(file: file, line: lineNo), Text("要求没有编号：\(requirement)", "a requirement has no number: \(requirement)")))
                    continue
                }
                last.requirement += requirement
                if !phrase.isEmpty { last.responsibility += phrase }
                sections[s].items[i].tasks.append(last)
            }
        }
        guard let unit = unitWord else {
            throw GongkaiError(Text("\(file) 中找不到表头行（工作任务、具体要求、责任科室）", "\(file) has no header row (工作任务 / 具体要求 / 责任科室)"))
        }
        // Departments: given, or every name the phrases use, in order of first appearance.
        var departments = options.departments ?? []
        if options.departments == nil {
            for t in sections.flatMap({ $0.items.flatMap(\.tasks) }) {
                for (names, _) in ResponsibilityParser.clauses(t.responsibility) ?? [] {
                    for n in names where ResponsibilityParser.collective(n) == nil && !departments.contains(n) { departments.append(n) }
                }
            }
        }
        let nonBusiness = options.nonBusiness ?? departments.filter { d in ["办公室", "党委", "党组", "人事", "机关"].contains { d.contains($0) } }
        let business = departments.filter { !nonBusiness.contains($0) }
        let parser = ResponsibilityParser(departments: departments, businessDepartments: business)
        for s in sections.indices {
            for i in sections[s].items.indices {
                for t in sections[s].items[i].tasks.indices {
                    var task = sections[s].items[i].tasks[t]
                    task.roles = parser.parse(task.responsibility)
                    if task.roles == nil {
                        warnings.append(LoadIssue(SourceLocation(file: file, line: task.line), Text("任务 \(task.no) 的责任分工无法解析，保留原文、不设角色：\(task.responsibility)",
                                                                                                  "task \(task.no): cannot parse the responsibility phrase; kept raw, no roles: \(task.responsibility)")))
                    } else if let unknown = task.roles?.named.filter({ !departments.contains($0) }), !unknown.isEmpty {
                        warnings.append(LoadIssue(SourceLocation(file: file, line: task.line), Text("任务 \(task.no) 的部门不在 --departments 中：\(unknown.joined(separator: "、"))",
                                                                                                  "task \(task.no): departments not in --departments: \(unknown.joined(separator: ", "))")))
                    }
                    task.checks = CheckSuggester.suggest(requirement: task.requirement, roles: task.roles, year: options.year)
                    sections[s].items[i].tasks[t] = task
                }
            }
        }
        let agency = options.agency ?? title.map { t in t.components(separatedBy: "20").first ?? t } ?? ""
        return Result(id: options.id, title: title ?? "\(agency)\(options.year)年政务公开工作要点分工方案", agency: agency, year: options.year, unitWord: unit,
                      departments: departments, businessDepartments: business, sections: sections, warnings: warnings)
    }

    /// Removes bold marks and outer white space.
    static func clean(_ s: String) -> String {
        s.replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
            .replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
    }

    /// "一、围绕…" → ("一", "围绕…").
    static func sectionHeading(_ s: String) -> (String, String)? {
        let no = s.prefix { numerals.contains($0) }
        guard !no.isEmpty, s.dropFirst(no.count).first == "、" else { return nil }
        return (String(no), String(s.dropFirst(no.count + 1)).trimmingCharacters(in: .whitespaces))
    }

    /// "（一）以权责…" or "(一) 以权责…" → ("一", "以权责…").
    static func itemHeading(_ s: String) -> (String, String)? {
        guard let open = s.first, "（(".contains(open) else { return nil }
        let body = s.dropFirst().drop { $0 == " " }
        let no = body.prefix { numerals.contains($0) }
        guard !no.isEmpty else { return nil }
        let after = body.dropFirst(no.count).drop { $0 == " " }
        guard let close = after.first, "）)".contains(close) else { return nil }
        return (String(no), String(after.dropFirst()).trimmingCharacters(in: .whitespaces))
    }

    /// "1.对照…" or "1．对照…" → (1, "对照…").
    static func numbered(_ s: String) -> (Int, String)? {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits) else { return nil }
        let rest = s.dropFirst(digits.count).drop { $0 == " " }
        guard let mark = rest.first, ".．、".contains(mark) else { return nil }
        return (n, String(rest.dropFirst()).trimmingCharacters(in: .whitespaces))
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
    public static func suggest(requirement r: String, roles: ResponsibilityParser.Roles?, year: Int) -> [SuggestedCheck] {
        var out: [SuggestedCheck] = []
        if r.contains("负责同志") && r.contains("备案") {
            out.append(SuggestedCheck(kind: "designation", parameters: [("type", "leader-designation"), ("require_filed", "true")]))
        }
        if r.contains("指定") && r.contains("工作机构") {
            out.append(SuggestedCheck(kind: "designation", parameters: [("type", "office-designation"), ("min_staff", "2")]))
        }
        if r.contains("日常巡查") {
            out.append(SuggestedCheck(id: "daily-patrol", title: "网站日常巡查", kind: "periodic", parameters: [("type", "website-check"), ("where", "{kind: patrol}"), ("max_gap", "3"), ("gap_unit", "working-days")]))
        }
        if r.contains("季度检查") {
            out.append(SuggestedCheck(id: "quarterly-check", title: "网站季度检查", kind: "periodic", parameters: [("type", "website-check"), ("cadence", "quarter"), ("where", "{kind: quarterly}")]))
        }
        if r.contains("年度考评") {
            out.append(SuggestedCheck(id: "annual-evaluation", title: "网站年度考评", kind: "periodic", parameters: [("type", "website-check"), ("cadence", "year"), ("where", "{kind: annual}")]))
        }
        if let n = workingDays(in: r) {
            if r.contains("规范性文件") {
                out.append(SuggestedCheck(kind: "deadline", parameters: [("type", "normative-document"), ("from", "issued_on"), ("to", "gazette_submitted_on"), ("within", "\(n)"), ("unit", "working-days")]))
            } else {
                out.append(SuggestedCheck(kind: "deadline", parameters: [("type", "publication"), ("from", "formed_on"), ("to", "published_on"), ("within", "\(n)"), ("unit", "working-days")]))
            }
        }
        if let due = fixedDue(in: r, year: year) {
            out.append(SuggestedCheck(kind: "deadline", parameters: [("due", due.description), ("types", "[publication, work-record]")]))
        }
        if r.contains("纳入") && r.contains("年度报告") {
            out.append(SuggestedCheck(kind: "report", parameters: [("type", "annual-report"), ("due", "01-31"), ("must_mention", "[政务公开工作要点]")]))
        }
        if out.isEmpty {
            var types = [String]()
            if r.contains("解读") { types.append("policy-interpretation") }
            if r.contains("培训") || r.contains("学法") || r.contains("学习") { types.append("training") }
            if r.contains("发布") || r.contains("公开") { types.append("publication") }
            types.append("work-record")
            var params = [("types", "[" + types.joined(separator: ", ") + "]")]
            if let roles, roles.lead.isEmpty, roles.responsible.count > 1 { params.append(("each_responsible", "true")) }
            out.append(SuggestedCheck(kind: "evidence", parameters: params))
        }
        return out
    }

    /// "5个工作日内" → 5.
    static func workingDays(in r: String) -> Int? {
        guard let range = r.range(of: "个工作日") else { return nil }
        let digits = r[..<range.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        return Int(String(digits.reversed()))
    }

    /// "年底前" → 12-31; "6月底前" → the month's last day.
    static func fixedDue(in r: String, year: Int) -> Day? {
        if r.contains("年底前") { return Day.lastOf(year: year) }
        guard let range = r.range(of: "月底前") else { return nil }
        let digits = r[..<range.lowerBound].reversed().prefix { $0.isNumber }
        let text = String(digits.reversed())
        let chinese = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12]
        guard let month = Int(text) ?? chinese[text], (1...12).contains(month) else { return nil }
        return Day.lastOf(year: year, month: month)
    }
}
