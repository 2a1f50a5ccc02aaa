import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiPlan
import Mustache

/// The whole 政府信息公开工作年度报告, drafted from the evidence: part 一 from the records, 二–四 from the statistics,
/// 五 from the failing, waived and late checks, 六 with the fee statement and the plan-implementation appendix.
/// Every sentence comes from `Rules/templates/annual-report.md.mustache`; the code only counts and picks examples.
public struct AnnualReportDraft: Sendable {
    public enum Format: String, Sendable, CaseIterable { case docx, md, html }

    public static let partHeadings = [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]
    static let tableMarkers = ["[表二]", "[表三]", "[表四]", "[附件]"]
    static let templatePath = "templates/annual-report.md.mustache"
    static let rollupTemplatePath = "templates/annual-report-rollup.md.mustache"

    public var evaluation: Evaluation
    public var statistics: AnnualStatistics
    public var template: String
    public var appendixTemplate: String
    public var previous: PreviousReport?
    /// Whether the as-of day was given (`--as-of`): without it, a report on a past year states the work as at the year's end.
    public var asOfGiven: Bool

    public init(
        evaluation: Evaluation, statistics: AnnualStatistics, template: String, appendixTemplate: String, previous: PreviousReport? = nil,
        asOfGiven: Bool = true
    ) {
        self.evaluation = evaluation
        self.statistics = statistics
        self.template = template
        self.appendixTemplate = appendixTemplate
        self.previous = previous
        self.asOfGiven = asOfGiven
    }

    /// The day the report says the work stood at (截至…): the as-of day when given, else never later than the year's end,
    /// so a report on a past year drafted today does not date its year's work today.
    public static func statusDay(asOf: Day, year: Int, given: Bool) -> Day { given ? asOf : min(asOf, Day.lastOf(year: year)) }

    public static func loadTemplate(rules: Rules, rollup: Bool = false) throws(GongkaiError) -> String {
        let url = rules.root.appendingPathComponent(rollup ? rollupTemplatePath : templatePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw GongkaiError(Message("找不到年度报告模板 \(url.path)", "cannot read the annual report template \(url.path)"))
        }
        return text
    }

    /// The format document the report follows, by year (reports on 2019–2020 used the trial format).
    public static func formatDocument(year: Int) -> String { year >= 2021 ? "国办公开办函〔2021〕30号" : "国办公开办函〔2019〕60号" }

    // MARK: Drafting

    public func document() throws(GongkaiError) -> ReportDocument {
        let e = evaluation
        let text = try Self.render(template, context: context())
        let statusDay = Self.statusDay(asOf: e.asOf, year: statistics.year, given: asOfGiven)
        let appendixMarkdown = try Appendix(evaluation: e, template: appendixTemplate, statusDay: statusDay).markdown()
        let tables: [String: [ReportBlock]] = [
            "[表二]": AnnualReportTables.activeTables(statistics).flatMap { t in tableBlocks(t.id) },
            "[表三]": tableBlocks("requests"),
            "[表四]": tableBlocks("review"),
            "[附件]": Self.appendixBlocks(appendixMarkdown),
        ]
        var doc = try Self.parse(text, tables: tables, author: e.agency)
        if let notice = problemNotice() { doc.blocks.insert(notice, at: 0) }
        doc.published = e.contact.phone.map { [$0] } ?? []
        return doc
    }

    /// A statistics table as a Word table with its notes under it, cleaned of ledger names, then each ledger row left out
    /// of it by location and reason (the reason names a row and a field, never what a cell holds).
    func tableBlocks(_ id: String) -> [ReportBlock] {
        guard let t = statistics.tables.first(where: { $0.id == id }) else {
            return [.paragraph("统计数据中没有本表，请据实填写。")]
        }
        return [.table(AnnualReportTables.table(t))] + t.notes.map { .note("注：" + ReportProse.clean($0.zh)) }
            + t.excluded.map { .note(AnnualStatistics.excludedLine($0, .zh)) }
    }

    /// The rendered template read back as blocks; refused when a part, a table or the appendix is missing or out of order.
    static func parse(_ text: String, tables: [String: [ReportBlock]], author: String, templatePath: String = AnnualReportDraft.templatePath)
        throws(GongkaiError) -> ReportDocument
    {
        var title = ""
        var blocks: [ReportBlock] = []
        var signature: [String] = []
        // A paragraph said twice under one heading (the same improvement for two tasks of one department) is said once.
        var saidHere = Set<String>()
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if let marker = tables[line] {
                blocks += marker
                continue
            }
            if line.hasPrefix(">> ") {
                signature.append(String(line.dropFirst(3)))
                continue
            }
            if line.hasPrefix("#") { saidHere = [] }
            if line.hasPrefix("#### ") {
                blocks.append(.heading3(String(line.dropFirst(5))))
            } else if line.hasPrefix("### ") {
                blocks.append(.heading2(String(line.dropFirst(4))))
            } else if line.hasPrefix("## ") {
                blocks.append(.heading1(String(line.dropFirst(3))))
            } else if line.hasPrefix("# ") {
                title = String(line.dropFirst(2))
            } else if saidHere.insert(line).inserted {
                blocks.append(.paragraph(line))
            }
        }
        blocks += signature.map { .signature($0) }
        let doc = ReportDocument(title: title, author: author, blocks: blocks)
        let missingMarkers = tableMarkers.filter { m in !text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == m } }
        if title.isEmpty || doc.partHeadings != partHeadings || !missingMarkers.isEmpty {
            let missing = partHeadings.filter { !doc.partHeadings.contains($0) } + missingMarkers + (title.isEmpty ? ["# 标题"] : [])
            let what = missing.isEmpty ? "六个部分的顺序不对（应为：\(partHeadings.joined(separator: "、"))）" : "缺少：\(missing.joined(separator: "、"))"
            throw GongkaiError(
                Message(
                    "年度报告模板 \(templatePath) 不完整，\(what)",
                    "the annual report template \(templatePath) is incomplete: "
                        + "\(missing.isEmpty ? "parts out of order" : "missing \(missing.joined(separator: ", "))")"
                ))
        }
        return doc
    }

    static func render(_ template: String, context: [String: Any], templatePath: String = AnnualReportDraft.templatePath) throws(GongkaiError) -> String {
        do {
            return try MustacheTemplate(string: template).render(context)
        } catch {
            throw GongkaiError(Message("年度报告模板 \(templatePath) 有误：\(error)", "the annual report template \(templatePath) is invalid: \(error)"))
        }
    }

    /// The appendix's Markdown inside part 六: its own title is the template's heading, its sections become level-3
    /// headings, its tasks paragraphs, its summary a table with a grid.
    static func appendixBlocks(_ markdown: String) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        var table: [[String]] = []
        func flush() {
            guard !table.isEmpty else { return }
            let widths = [700, 4644, 2000, 1500]
            let rows = table.enumerated().map { i, cells in
                cells.enumerated().map { j, c in ReportTable.Cell(c, bold: i == 0, isLabel: j == 1 || j == 2) }
            }
            blocks.append(
                .table(
                    ReportTable(
                        columnWidths: widths.count == table[0].count ? widths : Array(repeating: textBlockWidth / table[0].count, count: table[0].count),
                        headerRows: 1, rows: rows, fontSize: 21)))
            table = []
        }
        for raw in markdown.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("|") {
                let cells = line.trimmingCharacters(in: CharacterSet(charactersIn: "|")).components(separatedBy: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if !cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { table.append(cells) }
                continue
            }
            flush()
            let plain = line.replacingOccurrences(of: "**", with: "")
            if line.hasPrefix("# ") || line.isEmpty { continue }
            if line.hasPrefix("## ") {
                blocks.append(.heading3(String(plain.dropFirst(3))))
            } else if line.hasPrefix("### ") {
                blocks.append(.paragraph(String(plain.dropFirst(4))))
            } else {
                blocks.append(.paragraph(plain))
            }
        }
        flush()
        return blocks
    }

    // MARK: The template's context

    public func context() -> [String: Any] {
        let e = evaluation
        let year = statistics.year
        let start = Day.firstOf(year: year)
        let end = Day.lastOf(year: year)
        func inYear(_ r: EvidenceRecord) -> Bool { r.date.map { $0 >= start && $0 <= end } ?? false }
        func records(_ type: String) -> [EvidenceRecord] {
            e.evidence.records(ofType: type).filter(inYear).sorted { ($0.date ?? start, $0.id) < ($1.date ?? start, $1.id) }
        }
        let summary = e.summary
        let done = (summary[.pass] ?? 0) + (summary[.notApplicable] ?? 0)
        // A task whose evidence is invalid is neither done nor open: the report says it is to be verified.
        let invalid = summary[.error] ?? 0
        let open = e.tasks.count - done - invalid
        var c: [String: Any] = [
            "agency": e.agency, "year": year, "formatDoc": Self.formatDocument(year: year), "planTitle": e.plan.title,
            "periodStart": start.chinese, "periodEnd": end.chinese, "asOf": e.asOf.chinese,
            "statusDay": Self.statusDay(asOf: e.asOf, year: year, given: asOfGiven).chinese,
            "taskCount": e.tasks.count, "doneCount": done, "openCount": open, "hasOpen": open > 0, "invalidCount": invalid, "hasInvalid": invalid > 0,
            // 国办公开办函〔2021〕30号 names part 一's fourth item 政府信息公开平台建设.
            "platformHeading": year >= 2021 ? "政府信息公开平台建设" : "平台建设",
        ]
        contactContext(&c)
        func counted(_ prefix: String, _ rs: [EvidenceRecord], quote: Bool = true, label: (EvidenceRecord) -> String = { $0.label }) {
            c[prefix + "Any"] = !rs.isEmpty
            c[prefix + "Count"] = rs.count
            c[prefix + "More"] = rs.count > 3
            c[prefix + "Examples"] = rs.prefix(3).map { quote ? ReportProse.quoted(label($0)) : label($0) }.joined(separator: quote ? "" : "、")
        }
        func byField(_ rs: [EvidenceRecord], _ field: String, unit: String, names: [String: String] = [:]) -> String {
            var order: [String] = []
            var counts: [String: Int] = [:]
            for r in rs {
                let k = r.string(field) ?? "其他"
                if counts[k] == nil { order.append(k) }
                counts[k, default: 0] += 1
            }
            return order.map { "\(names[$0] ?? $0)\(counts[$0] ?? 0)\(unit)" }.joined(separator: "、")
        }
        // 主动公开
        let pubs = records("publication")
        counted("pub", pubs)
        c["pubByChannel"] = "通过" + byField(pubs, "channel", unit: "条")
        let interps = records("policy-interpretation")
        counted("interp", interps) { $0.string("document") ?? $0.label }
        c["interpByForm"] = byField(interps, "form", unit: "篇")
        let docs = records("normative-document").filter { $0.string("status") != "废止" }
        counted("docs", docs, label: { ($0.string("doc_no").map { "\($0)" } ?? "") })
        c["docsExamples"] = docs.prefix(3).map { r in
            ReportProse.quoted(r.string("title") ?? r.label) + (r.string("doc_no").map { "（\($0)）" } ?? "")
        }.joined(separator: "、")
        c["docsGazette"] = docs.filter { $0.day("gazette_submitted_on") != nil }.count
        // 依申请公开: the figures of table 三, so prose and table agree.
        requestContext(&c)
        // 政府信息管理
        counted("consult", records("public-consultation"), label: { $0.string("topic") ?? $0.label })
        let work = records("work-record")
        counted("work", work, quote: false, label: { $0.title ?? $0.label })
        // 平台建设
        let checks = records("website-check")
        c["checksAny"] = !checks.isEmpty
        c["checksCount"] = checks.count
        c["checksByKind"] = byField(checks, "kind", unit: "次", names: ["patrol": "日常巡查", "quarterly": "季度检查", "annual": "年度检查"])
        var sites: [String] = []
        for r in checks { if let s = r.string("site"), !sites.contains(s) { sites.append(s) } }
        c["sites"] = sites.joined(separator: "、")
        c["issuesFound"] = checks.compactMap { $0.integer("issues_found") }.reduce(0, +)
        let fixed = checks.compactMap { $0.integer("issues_fixed") }
        c["issuesFixedKnown"] = !fixed.isEmpty
        c["issuesFixed"] = fixed.reduce(0, +)
        let security = records("security-check")
        c["securityAny"] = !security.isEmpty
        c["securityCount"] = security.count
        // 监督保障: the designation in force at the year's end, else the latest one.
        func inForce(_ type: String) -> EvidenceRecord? {
            let all = e.evidence.records(ofType: type).filter { ($0.day("from") ?? start) <= end }
            return all.last { ($0.day("to") ?? end) >= end } ?? all.last
        }
        let office = inForce("office-designation")
        c["officeAny"] = office != nil
        c["office"] = office?.string("office") ?? ""
        c["staff"] = office?.integer("staff") ?? 0
        let leader = inForce("leader-designation")
        c["leaderAny"] = leader != nil
        c["leader"] = leader.map { ($0.string("position") ?? "") + ($0.string("person") ?? "") } ?? ""
        c["leaderDoc"] = leader?.string("doc_no") ?? ""
        let trainings = records("training")
        counted("train", trainings, quote: false, label: { $0.string("topic") ?? $0.label })
        c["trainPeople"] = trainings.compactMap { $0.integer("attendees") }.reduce(0, +)
        problemContext(&c)
        feeContext(&c)
        // 信息处理费 is reported from 2021, when 国办函〔2020〕109号 took effect; part 六's items are numbered as they fall.
        c["feeApplies"] = year >= 2021
        // 建议提案: records of a proposal type, or work records that say they handled one.
        let proposals = e.evidence.records.filter { r in
            inYear(r)
                && (r.type.contains("proposal")
                    || (r.type == "work-record" && ["建议提案", "人大代表建议", "政协提案"].contains { ((r.title ?? "") + (r.string("summary") ?? "")).contains($0) }))
        }
        counted("proposals", proposals, label: { $0.title ?? $0.label })
        c["proposalCount"] = proposals.count
        c["proposalExamples"] = proposals.prefix(3).map { ReportProse.quoted($0.title ?? $0.label) }.joined()
        let numerals = ["一", "二", "三"]
        var six = 0
        func next() -> String {
            six += 1
            return "（\(numerals[six - 1])）"
        }
        if year >= 2021 { c["feeNo"] = next() }
        if !proposals.isEmpty { c["proposalNo"] = next() }
        c["appendixNo"] = next()
        return c
    }

    func requestContext(_ c: inout [String: Any]) {
        let rows = statistics.tables.first { $0.id == "requests" }?.rows ?? []
        func total(_ prefix: String) -> Int { rows.first { $0.label.zh.hasPrefix(prefix) }?.values.last.flatMap { $0 } ?? 0 }
        let new = total("一、")
        let carriedIn = total("二、")
        c["reqNew"] = new
        c["reqCarriedIn"] = carriedIn
        c["reqDone"] = total("（七）")
        c["reqCarriedOut"] = total("四、")
        c["reqAny"] = !evaluation.evidence.records(ofType: "disclosure-request").isEmpty || new + carriedIn > 0
        // Each result item （一）–（六） with its count: an item with sub-items sums them (the format prints no subtotal).
        var items: [(label: String, count: Int)] = []
        for r in rows where !r.parents.isEmpty && !r.isTotal {
            let item = r.parents.count > 1 ? r.parents[1].zh : r.label.zh
            let n = r.values.last.flatMap { $0 } ?? 0
            if items.last?.label == item { items[items.count - 1].count += n } else { items.append((item, n)) }
        }
        let outcomes = items.compactMap { item, n -> String? in
            guard n > 0 else { return nil }
            var label = String(item.drop { $0 != "）" }.dropFirst())
            if let paren = label.firstIndex(of: "（") { label = String(label[..<paren]) }
            return "\(label)\(n)件"
        }
        c["reqOutcomesAny"] = !outcomes.isEmpty
        c["reqOutcomes"] = outcomes.joined(separator: "、")
        let deadline = evaluation.checks.filter { $0.check.kind == RequestDeadlineCheck.id }
        let late = Set(deadline.flatMap { $0.outcome.findings.compactMap(\.record) }).count
        c["reqLateAny"] = late > 0
        c["reqLate"] = late
        c["reqOnTime"] = !deadline.isEmpty && late == 0 && new + carriedIn > 0
    }

    /// Part 五: every task that failed, errored, was waived or is late, grouped by its owning department.
    func problemContext(_ c: inout [String: Any]) {
        let e = evaluation
        let titles = e.fieldTitles
        var order: [String] = []
        var groups: [String: [[String: Any]]] = [:]
        var count = 0
        for t in e.tasks where [.fail, .error, .waived].contains(t.status) {
            count += 1
            let department = t.task.owners.isEmpty ? "各科室" : t.task.owners.joined(separator: "、")
            let bad = t.checks.filter { [.fail, .error, .waived].contains($0.status) }
            // A check in error read invalid evidence: it says nothing about the work, only where the evidence needs fixing.
            let kinds = Set(bad.filter { $0.status != .error }.map(\.check.kind))
            let known: Set<String> = [DesignationCheck.id, PeriodicCheck.id, DeadlineCheck.id, RequestDeadlineCheck.id, ReportCheck.id, EvidenceCheck.id]
            let problem = bad.map { r -> String in
                if r.status == .error { return Self.toVerify(r, titles: titles) }
                let message = ReportProse.clean(r.status == .waived ? r.waiverReason : r.outcome.message.zh, titles: titles)
                let n = r.outcome.findings.count
                return message + (n > 1 && r.status != .waived ? "，共\(n)处" : "")
            }.joined(separator: "；")
            let statusText = t.status == .waived ? "经批准暂缓" : t.status == .error ? Self.invalidText : "未完成"
            if groups[department] == nil { order.append(department) }
            groups[department, default: []].append([
                "task": t.task.no, "requirement": t.task.firstSentence, "department": department, "problem": problem, "statusText": statusText,
                "isDesignation": kinds.contains(DesignationCheck.id), "isPeriodic": kinds.contains(PeriodicCheck.id),
                "isDeadline": kinds.contains(DeadlineCheck.id), "isRequestDeadline": kinds.contains(RequestDeadlineCheck.id),
                "isReport": kinds.contains(ReportCheck.id), "isEvidence": kinds.contains(EvidenceCheck.id),
                "isOther": !kinds.isEmpty && kinds.isDisjoint(with: known), "isInvalid": t.status == .error, "isWaived": t.status == .waived,
            ])
        }
        c["problemsAny"] = count > 0
        c["problemCount"] = count
        c["problemGroups"] = order.enumerated().map { ["n": $0.offset + 1, "department": $0.element, "items": groups[$0.element] ?? []] as [String: Any] }
        c["hasPrevious"] = previous != nil
        let verdicts = previous.map { $0.verdicts(against: e) } ?? []
        c["previousAny"] = !verdicts.isEmpty
        c["previous"] = verdicts.enumerated().map { ["n": $0.offset + 1, "problem": $0.element.problem, "verdict": $0.element.verdict] as [String: Any] }
    }

    /// What a task with invalid evidence is, in place of 未完成.
    static let invalidText = "证据有误，待核实"

    /// A check in error, for the report: the places to fix (never what they hold), or, with none, its message.
    static func toVerify(_ r: CheckResult, titles: [String: String]) -> String {
        let places = r.placesToFix
        return places.isEmpty ? ReportProse.clean(r.outcome.message.zh, titles: titles) : "需核对 " + places.joined(separator: "、")
    }

    /// The preamble's last sentences (gongkai.yaml's report_url, contact_address, postcode, contact_phone), each only when given.
    func contactContext(_ c: inout [String: Any]) {
        let contact = evaluation.contact
        c["reportURL"] = contact.reportURL ?? ""
        c["reportURLAny"] = contact.reportURL != nil
        let parts = [("地址", contact.address), ("邮政编码", contact.postcode), ("电话", contact.phone)].compactMap { name, value in
            value.map { "\(name)：\($0)" }
        }
        c["contactAny"] = !parts.isEmpty
        c["contact"] = parts.joined(separator: "；")
    }

    /// 信息处理费 (国办函〔2020〕109号): the statement the statistics computed from the request ledger's fee columns; without a
    /// request ledger the template's placeholder asks for the figures.
    func feeContext(_ c: inout [String: Any]) {
        guard statistics.tables.contains(where: { $0.id == "requests" }) else {
            c["feeKnown"] = false
            return
        }
        let f = statistics.fees
        func yuan(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }
        c["feeKnown"] = true
        c["feeStatement"] =
            f.notices == 0
            ? "本年度未发出信息处理费收费通知，未收取信息处理费。"
            : "本年度发出信息处理费收费通知\(f.notices)件，金额\(yuan(f.amountNoticed))元；申请人缴费\(f.paid)件，实际收取\(yuan(f.amountCollected))元"
                + (f.closedUnpaid > 0 ? "；\(f.closedUnpaid)件申请因申请人逾期未缴费不再处理。" : "。")
    }
}

extension Evaluation {
    /// Field and type names to their titles (`filed_on` → 备案日期, `publication` → 主动公开信息), for messages that name them.
    var fieldTitles: [String: String] {
        var out: [String: String] = [:]
        for type in types.types.values {
            out[type.id] = type.title.zh
            for f in type.fields { if let t = f.title { out[f.name] = t } }
        }
        return out
    }
}

extension CheckResult {
    /// Why a waived check was waived, in the waiver's words.
    var waiverReason: String { waiver.map { "\($0.reason)，已经\($0.approvedBy)批准暂缓至\($0.expires.chinese)" } ?? outcome.message.zh }
}

extension PlanTask {
    /// The requirement's first sentence, whole: a report never cuts a requirement inside a sentence.
    public var firstSentence: String {
        let first = requirement.split(whereSeparator: { "。；".contains($0) }).first.map(String.init) ?? requirement
        return first.trimmingCharacters(in: .whitespaces)
    }
}

/// Cleaning of text taken from messages and notes written for other outputs: dates in Chinese, no ledger or type names.
enum ReportProse {
    static let isoDate = "(\\d{4})-(\\d{2})-(\\d{2})"
    /// A finding's place, `(网站/website-check-2020.csv:12)` or `（见 证据台账.xlsx › 主动公开信息 › C12）`: for the clerk's
    /// check report, not for the published document.
    static let location = "\\s*[（(][^（）()]*\\.(?:csv|ya?ml|json|txt|docx?|pdf|xlsx|xls)(?::\\d+(?::\\d+)?)?(?:\\s*›[^（）()]*)?[）)]"

    /// A field or type name such as `filed_on`, `publication` or `review-case`.
    static let identifier = "[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*"
    /// A record's id in an aside, `（leader-2020）`: the evidence's own key, not something to publish. Plain words in an
    /// aside (`（WPS）`) stay.
    static let recordAside = "[（(][A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+[）)]"

    /// `titles` turns a field or type name into its title from the types file (filed_on → 备案日期); every other word
    /// stays as written: a file name, an English name, a number with letters is text, not something to strip.
    /// Only for messages and notes written for the check report, never for the evidence's own words.
    static func clean(_ text: String, titles: [String: String] = [:]) -> String {
        var s = text
        if let re = try? NSRegularExpression(pattern: isoDate) {
            var out = ""
            var last = s.startIndex
            for m in re.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                guard let r = Range(m.range, in: s), let day = Day.parse(s[r]) else { continue }
                out += s[last..<r.lowerBound] + day.chinese
                last = r.upperBound
            }
            s = out + s[last...]
        }
        if let re = try? NSRegularExpression(pattern: location) {
            s = re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "")
        }
        if let re = try? NSRegularExpression(pattern: identifier) {
            var out = ""
            var last = s.startIndex
            for m in re.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                guard let r = Range(m.range, in: s) else { continue }
                out += s[last..<r.lowerBound] + (titles[String(s[r])] ?? String(s[r]))
                last = r.upperBound
            }
            s = out + s[last...]
        }
        // A record's id in an aside goes, and so does an aside left empty.
        for pattern in [recordAside, "[（(]\\s*[）)]"] {
            if let re = try? NSRegularExpression(pattern: pattern) {
                s = re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "")
            }
        }
        return s
    }
}
