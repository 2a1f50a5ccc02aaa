import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiOffice
import GongkaiPlan

/// The annual disclosure report for the plan year: published by 31 January of the next year (条例 art. 49),
/// its file exists, and its text mentions every phrase in `must_mention` (task 32).
public struct ReportCheck: CheckKind {
    public struct Parameters: CheckParameters {
        public var type = "annual-report"
        /// The day of the next year the report is due by.
        public var due = MonthDay(month: 1, day: 31)
        public var mustMention: [String] = []
        public var fileField = "file"

        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [.optional("type", \.type), .optional("due", \.due), .optional("must_mention", \.mustMention), .optional("file_field", \.fileField)]
        }
    }

    public static let id = "report"
    public static let name = Message("年度报告", "annual report")
    public static let rationale = Message(
        "条例第四十九条：每年1月31日前公布上一年度政府信息公开工作年度报告；报告须包含工作要点落实情况。",
        "Regulation art. 49: last year's annual disclosure report is published by 31 January, and it covers the work plan's implementation.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        var out: [Message] = []
        if types[p.type] == nil { out.append(Message("证据类型 \(p.type) 不存在", "evidence type \(p.type) does not exist")) }
        if p.mustMention.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            out.append(Message("must_mention 中有空短语", "must_mention has an empty phrase"))
        }
        return out
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: [p.type], linked: false) { return invalid }
        let year = ctx.plan.year
        guard let due = Day(year: year + 1, month: p.due.month, day: p.due.day) else {
            return CheckOutcome(.error, Message("截止日期无效", "invalid due date"))
        }
        guard let report = published(in: ctx.evidence, type: p.type, year: year) else {
            if ctx.asOf <= due {
                return CheckOutcome(
                    .pending, Message("\(year)年度报告须于 \(due) 前公布", "the \(year) annual report is due by \(due)"), due: due,
                    obligations: [
                        Obligation(
                            key: "annual-report-\(year)", text: Message("公布\(year)年政府信息公开工作年度报告", "publish the \(year) annual disclosure report"), due: due)
                    ])
            }
            return CheckOutcome(
                .fail, Message("截至 \(ctx.asOf) 未公布\(year)年度报告（期限 \(due)）", "no \(year) annual report published as of \(ctx.asOf) (due \(due))"), due: due)
        }
        var findings: [Finding] = []
        let published = report.date!
        if published > due {
            findings.append(
                Finding(
                    Message(
                        "年度报告于 \(published) 公布，晚于期限 \(due) \(due.days(until: published)) 天",
                        "the annual report was published on \(published), \(due.days(until: published)) days after \(due)"),
                    record: report.id, location: report.location))
        }
        if let path = report.string(p.fileField) {
            let url = ctx.evidence.root.appendingPathComponent(path)
            if !FileManager.default.fileExists(atPath: url.path) {
                findings.append(Finding(Message("报告文件 \(path) 不存在", "report file \(path) is missing"), record: report.id, location: report.location))
            } else {
                let text: String
                do { text = try DocumentText.read(url, name: path, run: ctx.evidence.inflation) } catch {
                    // An unreadable or image-only report is an error, never a pass or a silent fail.
                    return CheckOutcome(.error, error.message, evidence: [report.id], due: due)
                }
                let normalized = text.filter { !$0.isWhitespace }
                let missing = p.mustMention.filter { !normalized.contains($0.filter { !$0.isWhitespace }) }
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            Message(
                                "报告正文未提及：\(missing.map { "“\($0)”" }.joined(separator: "、"))",
                                "the report text does not mention: \(missing.map { "\"\($0)\"" }.joined(separator: ", "))"),
                            record: report.id, location: report.location))
                }
            }
        } else {
            findings.append(
                Finding(Message("记录未给出报告文件（\(p.fileField)）", "the record names no report file (\(p.fileField))"), record: report.id, location: report.location))
        }
        if !findings.isEmpty {
            return CheckOutcome(.fail, Message.joined(findings.map(\.text)), findings: findings, evidence: [report.id], due: due)
        }
        let mention = p.mustMention.isEmpty ? Message("", "") : Message("，正文包含要点落实情况", ", and covers the work plan")
        return CheckOutcome(
            .pass, Message("\(year)年度报告于 \(published) 公布（期限 \(due)）", "the \(year) annual report was published on \(published) (due \(due))") + mention,
            evidence: [report.id], due: due)
    }

    /// The year's annual report as published by the as-of day (the evidence is cut at it): the earliest dated record of
    /// `type` for that year (its `year`, or the year before its date when it has none). The `report` check and
    /// `rollup`'s column both choose by it.
    public static func published(in evidence: EvidenceSet, type: String = "annual-report", year: Int) -> EvidenceRecord? {
        var earliest: (record: EvidenceRecord, date: Day)?
        evidence.forEachRecord(ofType: type) { r in
            guard let date = r.date, (r.integer("year") ?? date.year - 1) == year else { return }
            if earliest.map({ date < $0.date }) ?? true { earliest = (r, date) }
        }
        return earliest?.record
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "published on time and mentioning the plan", task: 32, parameters: "{must_mention: [政务公开工作要点]}",
            records: """
                - {id: R1, type: annual-report, department: 办公室, year: 2020, published_on: 2021-01-25, file: Tests/GongkaiKitTests/Resources/report-ok.txt}
                """, expect: .pass),
        CheckExample(
            "published after 31 January", task: 32, parameters: "{must_mention: [政务公开工作要点]}",
            records: """
                - {id: R1, type: annual-report, department: 办公室, year: 2020, published_on: 2021-02-03, file: Tests/GongkaiKitTests/Resources/report-ok.txt}
                """, asOf: "2021-03-01", expect: .fail),
        CheckExample(
            "the text omits the plan", task: 32, parameters: "{must_mention: [政务公开工作要点, 不存在的短语]}",
            records: """
                - {id: R1, type: annual-report, department: 办公室, year: 2020, published_on: 2021-01-25, file: Tests/GongkaiKitTests/Resources/report-ok.txt}
                """, expect: .fail),
        CheckExample("before 31 January it is pending", task: 32, parameters: "{}", records: "[]", asOf: "2021-01-10", expect: .pending),
    ]
}
