import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// At least `min` records of the listed types linked to the task (`tasks: [n]`), dated inside the period
/// and from the lead department; with `each_responsible`, every 负责 department needs its own.
public struct EvidenceCheck: CheckKind {
    public struct Parameters: CheckParameters {
        public var types: [String] = []
        public var min = 1
        public var eachResponsible = false
        public var fromLead = true
        public var filter: FieldFilter?

        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [
                .names("types", \.types, required: true), .optional("min", \.min), .optional("each_responsible", \.eachResponsible),
                .optional("from_lead", \.fromLead), .optional("where", \.filter),
            ]
        }
    }

    public static let id = "evidence"
    public static let name = Message("工作证据", "evidence")
    public static let rationale = Message(
        "任务须有牵头（或负责）科室在计划年度内形成的工作记录为证。", "A task is shown done by records from its lead (or responsible) department, dated inside the plan year.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        var out = p.types.filter { types[$0] == nil }.map { Message("证据类型 \($0) 不存在", "evidence type \($0) does not exist") }
        if p.types.isEmpty { out.append(Message("types 为空", "types is empty")) }
        if p.eachResponsible && task.responsible.isEmpty { out.append(Message("each_responsible 需要任务有负责科室", "each_responsible needs responsible departments")) }
        if p.min < 1 { out.append(Message("min 应不小于 1", "min should be at least 1")) }
        return out
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: p.types, linked: true) { return invalid }
        let period = ctx.period
        let recordText = ctx.recordNames(p.types)
        let linked = ctx.linkedRecords(types: p.types).filter { r in
            guard let d = r.date, period.contains(d) else { return false }
            return p.filter?.matches(r) ?? true
        }
        let dueNotPassed = ctx.asOf <= period.end
        if p.eachResponsible {
            var findings: [Finding] = []
            for dept in ctx.task.responsible {
                let own = linked.filter { $0.department == dept }
                if own.count < p.min {
                    findings.append(
                        Finding(
                            Message(
                                "\(dept) 缺少本科室的\(recordText.zh)（现有 \(own.count) 条，需 \(p.min) 条）",
                                "\(dept) has no \(recordText.en) of its own (\(own.count) of \(p.min))"),
                            department: dept, due: period.end))
                }
            }
            let ids = linked.map(\.id)
            if findings.isEmpty {
                return CheckOutcome(
                    .pass,
                    Message(
                        "\(ctx.task.responsible.count) 个负责科室均有记录，共 \(linked.count) 条",
                        "all \(ctx.task.responsible.count) responsible departments have records, \(linked.count) in all"), evidence: ids)
            }
            let missing = findings.compactMap(\.department)
            let text = Message(
                "\(missing.count) 个负责科室缺少记录：\(missing.joined(separator: "、"))",
                "\(missing.count) responsible department(s) have no record: \(missing.joined(separator: ", "))")
            return CheckOutcome(
                dueNotPassed ? .pending : .fail, text, findings: findings, evidence: ids, due: period.end,
                obligations: dueNotPassed
                    ? missing.map {
                        Obligation(
                            key: "evidence-\(ctx.task.no)-\($0)",
                            text: Message("任务\(ctx.task.no)：\($0) 的\(recordText.zh)", "task \(ctx.task.no): \(recordText.en) from \($0)"), due: period.end,
                            department: $0)
                    } : [])
        }
        let owners = ctx.task.owners
        let fromOwners = p.fromLead ? linked.filter { r in r.department.map(owners.contains) ?? false } : linked
        let ids = fromOwners.map(\.id)
        if fromOwners.count >= p.min {
            let titles = fromOwners.prefix(3).map(\.label).joined(separator: "；")
            return CheckOutcome(
                .pass,
                Message(
                    "有 \(fromOwners.count) 条\(recordText.zh)（\(titles)\(fromOwners.count > 3 ? "等" : "")）",
                    "\(fromOwners.count) \(recordText.en)(s) (\(titles)\(fromOwners.count > 3 ? ", …" : ""))"), evidence: ids)
        }
        let ownerText = owners.joined(separator: "、")
        var text = Message(
            "缺少证据：需要 \(ownerText) 形成的、关联任务 \(ctx.task.no) 的\(recordText.zh)至少 \(p.min) 条，现有 \(fromOwners.count) 条",
            "missing evidence: at least \(p.min) \(recordText.en)(s) from \(owners.joined(separator: ", ")) linked to task \(ctx.task.no), found "
                + "\(fromOwners.count)"
        )
        let others = linked.filter { r in !(r.department.map(owners.contains) ?? false) }
        if p.fromLead && !others.isEmpty {
            text = text + Message("（另有 \(others.count) 条来自非牵头科室，不计入）", " (\(others.count) more from other departments do not count)")
        }
        return CheckOutcome(
            dueNotPassed ? .pending : .fail, text, evidence: ids + others.map(\.id), due: period.end,
            obligations: dueNotPassed
                ? [
                    Obligation(
                        key: "evidence-\(ctx.task.no)", text: Message("任务\(ctx.task.no)：\(recordText.zh)", "task \(ctx.task.no): \(recordText.en)"),
                        due: period.end)
                ] : [])
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "a linked record from the lead", task: 6, parameters: "{types: [policy-interpretation]}",
            records: """
                - {id: I1, type: policy-interpretation, department: 办公室, tasks: [6], document: 关于稳外贸的若干措施, published_on: 2020-04-10, form: 图解}
                """, expect: .pass),
        CheckExample(
            "a record from a cooperating department does not count", task: 6, parameters: "{types: [policy-interpretation]}",
            records: """
                - {id: I1, type: policy-interpretation, department: 服贸科, tasks: [6], document: 关于稳外贸的若干措施, published_on: 2020-04-10, form: 图解}
                """, expect: .fail),
        CheckExample(
            "not enough records", task: 6, parameters: "{types: [policy-interpretation], min: 2}",
            records: """
                - {id: I1, type: policy-interpretation, department: 办公室, tasks: [6], document: 关于稳外贸的若干措施, published_on: 2020-04-10, form: 图解}
                """, expect: .fail),
        CheckExample(
            "a record dated outside the plan year", task: 6, parameters: "{types: [policy-interpretation]}",
            records: """
                - {id: I1, type: policy-interpretation, department: 办公室, tasks: [6], document: 关于稳外贸的若干措施, published_on: 2019-12-31, form: 图解}
                """, expect: .fail),
        CheckExample(
            "nothing yet, as of mid-year", task: 6, parameters: "{types: [policy-interpretation]}", records: "[]", asOf: "2020-07-01", expect: .pending),
        CheckExample(
            "each responsible department has its own record", task: 10, parameters: "{types: [training], each_responsible: true}",
            records: ["审批科", "综合科", "促进科", "资管科", "市场科", "服贸科", "机电科", "电商科", "口岸科"].enumerated().map { i, d in
                "- {id: T\(i), type: training, department: \(d), tasks: [10], topic: 减税降费政策解读, attendees: 12, date: 2020-06-1\(i)}"
            }.joined(separator: "\n"), expect: .pass),
        CheckExample(
            "one responsible department missing", task: 10, parameters: "{types: [training], each_responsible: true}",
            records: """
                - {id: T1, type: training, department: 审批科, tasks: [10], topic: 减税降费政策解读, attendees: 12, date: 2020-06-10}
                """, expect: .fail),
    ]
}
