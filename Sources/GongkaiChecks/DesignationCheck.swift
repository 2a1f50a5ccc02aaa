import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// A role held continuously over the plan period by records of a type: the responsible leader (task 28),
/// the disclosure office (task 29). Fails on every uncovered date range and every designation not filed.
public struct DesignationCheck: CheckKind {
    public struct Parameters: CheckParameters {
        public var type = ""
        public var requireFiled = false
        public var minStaff: Int?
        public var fromField = "from"
        public var toField = "to"

        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [
                .required("type", \.type), .optional("require_filed", \.requireFiled), .optional("min_staff", \.minStaff),
                .optional("from_field", \.fromField), .optional("to_field", \.toField),
            ]
        }
    }

    public static let id = "designation"
    public static let name = Message("职责指定", "designation")
    public static let rationale = Message(
        "条例第四条：明确负责同志和政府信息公开工作机构，全年不得空缺，并报主管部门备案。",
        "Regulation art. 4: a responsible leader and a disclosure office are designated for the whole year, and filed with the disclosure authority.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        types[p.type] == nil ? [Message("证据类型 \(p.type) 不存在", "evidence type \(p.type) does not exist")] : []
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: [p.type], linked: false) { return invalid }
        let period = ctx.period
        let records = ctx.records(ofType: p.type).filter { r in
            guard let from = r.day(p.fromField) else { return false }
            return from <= period.end && (r.day(p.toField) ?? period.end) >= period.start
        }
        if ctx.asOf < period.start {
            return CheckOutcome(.pending, Message("计划期自 \(period.start) 开始", "the plan period starts on \(period.start)"), due: period.start)
        }
        var findings: [Finding] = []
        // Uncovered ranges before the as-of day; a gap starting on it can still be closed that day, so it is pending.
        let horizon = min(ctx.asOf.adding(days: -1), period.end)
        let intervals = records.compactMap { r -> DayRange? in
            guard let from = r.day(p.fromField) else { return nil }
            return DayRange(max(from, period.start), min(r.day(p.toField) ?? period.end, period.end))
        }.sorted { $0.start < $1.start }
        var gaps: [DayRange] = []
        var cursor = period.start
        for iv in intervals {
            if iv.start > cursor { gaps.append(DayRange(cursor, iv.start.adding(days: -1))) }
            if iv.end >= cursor { cursor = iv.end.adding(days: 1) }
        }
        if cursor <= period.end { gaps.append(DayRange(cursor, period.end)) }
        var futureGap: DayRange?
        for gap in gaps {
            if gap.start > horizon {
                futureGap = futureGap ?? gap
                continue
            }
            let shown = DayRange(gap.start, min(gap.end, horizon))
            findings.append(
                Finding(Message("\(shown) 期间无有效指定（\(shown.dayCount) 天）", "no designation in force \(shown) (\(shown.dayCount) days)"), due: gap.start))
        }
        for r in records {
            // Filing is owed from the designation's first day on; on that day it can still be done.
            // A designation made before the plan year is this plan's concern from the year's first day.
            if p.requireFiled && r.day("filed_on") == nil, let from = r.day(p.fromField), max(from, period.start) < ctx.asOf {
                findings.append(
                    Finding(
                        Message(
                            "\(r.label)（\(r.id)）未报主管部门备案（缺\(ctx.fieldName("filed_on", of: r.type).zh)）",
                            "\(r.label) (\(r.id)) was not filed with the disclosure authority (no \(ctx.fieldName("filed_on", of: r.type).en))"),
                        record: r.id, location: r.location, due: max(from, period.start)))
            }
            if let min = p.minStaff, let staff = r.integer("staff"), staff < min {
                findings.append(
                    Finding(
                        Message("\(r.label)（\(r.id)）工作人员 \(staff) 名，少于要求的 \(min) 名", "\(r.label) (\(r.id)) has \(staff) staff, fewer than the required \(min)"),
                        record: r.id, location: r.location, due: r.day(p.fromField)))
            } else if p.minStaff != nil && r.integer("staff") == nil {
                findings.append(
                    Finding(
                        Message("\(r.label)（\(r.id)）未写明工作人员数 staff", "\(r.label) (\(r.id)) does not state its staff count"), record: r.id, location: r.location,
                        due: r.day(p.fromField)))
            }
        }
        let ids = records.map(\.id)
        if !findings.isEmpty {
            let summary =
                records.isEmpty
                ? Message("没有\(ctx.typeNames([p.type]).zh)记录：全年未指定", "no \(ctx.typeNames([p.type]).en) record: nobody designated")
                : Message(
                    "指定存在问题：" + findings.map(\.text.zh).joined(separator: "；"), "designation problems: " + findings.map(\.text.en).joined(separator: "; "))
            return CheckOutcome(.fail, summary, findings: findings, evidence: ids, due: findings.compactMap(\.due).min())
        }
        if let gap = futureGap {
            return CheckOutcome(
                .pending,
                Message(
                    "现有指定于 \(gap.start.adding(days: -1)) 到期，需在此前续定", "the current designation ends on \(gap.start.adding(days: -1)); designate before then"),
                evidence: ids, due: gap.start,
                obligations: [
                    Obligation(
                        key: "designation-\(p.type)-\(gap.start)", text: Message("续定\(ctx.typeNames([p.type]).zh)", "renew the \(ctx.typeNames([p.type]).en)"),
                        due: gap.start)
                ])
        }
        let names = records.map(\.label).joined(separator: "、")
        return CheckOutcome(
            .pass,
            Message("全年有效指定：\(names)" + (p.requireFiled ? "，均已备案" : ""), "designated for the whole period: \(names)" + (p.requireFiled ? ", all filed" : "")),
            evidence: ids)
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "a leader designated all year and filed", task: 28, parameters: "{type: leader-designation, require_filed: true}",
            records: """
                - {id: L1, type: leader-designation, department: 办公室, person: 王某, position: 副局长, from: 2019-03-01, filed_with: 市政务公开办, filed_on: 2019-03-10}
                """, expect: .pass),
        CheckExample(
            "designation not filed", task: 28, parameters: "{type: leader-designation, require_filed: true}",
            records: """
                - {id: L1, type: leader-designation, department: 办公室, person: 王某, position: 副局长, from: 2020-01-01}
                """, expect: .fail),
        CheckExample(
            "a gap between two designations", task: 28, parameters: "{type: leader-designation}",
            records: """
                - {id: L1, type: leader-designation, department: 办公室, person: 王某, position: 副局长, from: 2019-01-01, to: 2020-05-31}
                - {id: L2, type: leader-designation, department: 办公室, person: 李某, position: 副局长, from: 2020-07-01}
                """, expect: .fail),
        CheckExample(
            "ranges touching leave no gap", task: 28, parameters: "{type: leader-designation}",
            records: """
                - {id: L1, type: leader-designation, department: 办公室, person: 王某, position: 副局长, from: 2019-01-01, to: 2020-02-29}
                - {id: L2, type: leader-designation, department: 办公室, person: 李某, position: 副局长, from: 2020-03-01}
                """, expect: .pass),
        CheckExample(
            "office with too few staff", task: 29, parameters: "{type: office-designation, min_staff: 2}",
            records: """
                - {id: O1, type: office-designation, department: 办公室, office: 办公室, staff: 1, from: 2019-01-01}
                """, expect: .fail),
        CheckExample(
            "designation ends later in the year, as of mid-year", task: 28, parameters: "{type: leader-designation}",
            records: """
                - {id: L1, type: leader-designation, department: 办公室, person: 王某, position: 副局长, from: 2019-01-01, to: 2020-09-30}
                """, asOf: "2020-06-30", expect: .pending),
    ]
}
