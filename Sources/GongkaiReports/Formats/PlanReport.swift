import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// `plan show`: a plan's tasks, roles and checks, with the same task fields as `check`'s JSON.
public enum PlanReport {
    struct PlanJSON: Encodable {
        var id: String
        var title: String
        var agency: String
        var year: Int
        var unit: String
        var file: String
        var sha256: String
        var departments: [String]
        var businessDepartments: [String]
        var tasks: [TaskJSON]
    }
    /// The plan's own fields of a task (shared with `check`'s JSON), then what `plan show` adds.
    struct TaskJSON: Encodable {
        var task: PlanTaskJSON
        var line: Int?
        var checks: [CheckJSON]
        var deadline: DeadlineJSON?
        var collectives: [CollectiveJSON]
        var source: String?

        enum CodingKeys: String, CodingKey { case line, checks, deadline, collectives, source }
        func encode(to encoder: Encoder) throws {
            try task.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(line, forKey: .line)
            try c.encode(checks, forKey: .checks)
            try c.encodeIfPresent(deadline, forKey: .deadline)
            try c.encode(collectives, forKey: .collectives)
            try c.encodeIfPresent(source, forKey: .source)
        }
    }
    struct DeadlineJSON: Encodable {
        var text: String
        var due: String?
        var cadence: String?
        var ongoing: Bool
    }
    struct CollectiveJSON: Encodable {
        var phrase: String
        var role: String
        var kind: String
    }
    struct CheckJSON: Encodable {
        var id: String
        var kind: String
        var suggested: Bool
        var parameters: JSONValue
        var line: Int?
    }

    public static func json(_ plan: Plan) throws -> Data {
        let value = PlanJSON(
            id: plan.id, title: plan.title, agency: plan.agency, year: plan.year, unit: plan.unitWord, file: plan.file, sha256: plan.sha256,
            departments: plan.departments, businessDepartments: plan.businessDepartments,
            tasks: plan.tasks.map { t in
                TaskJSON(
                    task: PlanTaskJSON(t), line: t.location.line,
                    checks: t.checks.map {
                        CheckJSON(id: $0.id, kind: $0.kind, suggested: $0.suggested, parameters: $0.parameters, line: $0.location.line)
                    },
                    deadline: t.deadline.map {
                        DeadlineJSON(text: $0.text, due: $0.due?.description, cadence: $0.cadence?.rawValue, ongoing: $0.ongoing)
                    },
                    collectives: t.collectives.map { CollectiveJSON(phrase: $0.phrase, role: $0.role.rawValue, kind: $0.kind.rawValue) },
                    source: t.origin)
            })
        return try JSONReport.encoder.encode(value) + Data("\n".utf8)
    }

    /// The plan as a clerk reads it: checks named in words (工作证据：证据类型＝主动公开信息、工作记录), never by their ids.
    public static func text(_ plan: Plan, _ lang: Lang, types: TypeRegistry? = nil) -> Data {
        let zh = lang == .zh
        // The plan's words as written; the punctuation and numbering around them in the output's language.
        let colon = zh ? "：" : ": "
        let list = zh ? "、" : ", "
        var out = [
            zh ? "\(plan.title)（\(plan.id)，\(plan.year)）" : "\(plan.title) (\(plan.id), \(plan.year))",
            zh ? "部门：\(plan.departments.joined(separator: "、"))" : "Departments: \(plan.departments.joined(separator: ", "))",
        ]
        for (n, s) in plan.sections.enumerated() {
            out.append("")
            out.append(zh ? s.label : "\(n + 1). \(s.title)")
            for (m, item) in s.items.enumerated() {
                out.append(zh ? "  \(item.label)\(item.title)" : "  (\(m + 1)) \(item.title)")
                for no in item.taskNumbers {
                    guard let t = plan.task(no) else { continue }
                    out.append("    \(t.no). \(t.requirement)")
                    out.append("       \(zh ? "责任" : "roles")\(colon)\(t.responsibility)")
                    for (role, names) in [(Role.lead, t.lead), (.responsible, t.responsible), (.cooperating, t.cooperating)] where !names.isEmpty {
                        out.append("         \(role.text(lang))\(colon)\(names.joined(separator: list))")
                    }
                    if let d = t.deadline {
                        out.append("       \(zh ? "时限" : "deadline")\(colon)\(d.text)\(d.due.map { zh ? "（\($0)）" : " (\($0))" } ?? "")")
                    }
                    for c in t.checks {
                        let parameters = types.map { CheckLabels.parameters(c, types: $0, lang: lang) } ?? c.parameters.compact
                        let suggested = c.suggested ? (zh ? "（建议，待确认）" : " (suggested)") : ""
                        out.append("       ▸ \(CheckLabels.displayName(c, lang))\(parameters.isEmpty ? "" : colon + parameters)\(suggested)")
                    }
                }
            }
        }
        return Data((out.joined(separator: "\n") + "\n").utf8)
    }
}
