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

/// `plan lint`: problems in a plan, each with file and line.
public enum PlanLinter {
    /// Worth a person's look, not wrong: relevant units (各有关单位) left unnamed in a task whose owners are named.
    public static func hints(_ plan: Plan) -> [LoadIssue] {
        plan.tasks.flatMap { t in
            t.owners.isEmpty
                ? []
                : t.collectives.filter { $0.kind == .relevant }.map { c in
                    LoadIssue(
                        t.location,
                        Message(
                            "任务 \(t.no) 的“\(c.phrase)”（\(c.role.text.zh)）未指明具体\(plan.unitWord)；由 \(t.owners.joined(separator: "、")) 负责检查，如需逐一检查请在计划中写明",
                            "task \(t.no): “\(c.phrase)” (\(c.role.rawValue)) names no unit; \(t.owners.joined(separator: ", ")) answer for the "
                                + "check, name them in the plan to check each"
                        ))
                }
        }
    }

    public static func lint(_ plan: Plan, types: TypeRegistry) -> [LoadIssue] {
        var issues: [LoadIssue] = []
        var seen: [Int: SourceLocation] = [:]
        let known = Set(plan.departments)
        for t in plan.tasks {
            if let first = seen[t.no] {
                issues.append(LoadIssue(t.location, Message("任务编号 \(t.no) 重复（首次在 \(first)）", "task number \(t.no) is used twice (first at \(first))")))
            }
            seen[t.no] = t.location
            // With owners named, the unnamed relevant units only help: a hint (`hints`), not a problem.
            for c in t.collectives where c.kind == .relevant && t.owners.isEmpty {
                issues.append(
                    LoadIssue(
                        t.location,
                        Message(
                            "任务 \(t.no) 的“\(c.phrase)”（\(c.role.text.zh)）须由人指定具体\(plan.unitWord)",
                            "task \(t.no): “\(c.phrase)” (\(c.role.rawValue)) must be named by a person")))
            }
            // Outside bodies (各县市区人民政府, 市直各部门) are named bodies, not the plan's own units.
            for d in t.lead + t.responsible + t.cooperating where !known.contains(d) && ResponsibilityParser.kind(of: d) == .unit {
                issues.append(LoadIssue(t.location, Message("任务 \(t.no) 的部门 '\(d)' 不在 departments 中", "task \(t.no): department '\(d)' is not in departments")))
            }
            if t.checks.isEmpty { issues.append(LoadIssue(t.location, Message("任务 \(t.no) 没有检查", "task \(t.no) has no check"))) }
            if t.lead.isEmpty && t.responsible.isEmpty {
                issues.append(
                    LoadIssue(
                        t.location,
                        Message("任务 \(t.no) 没有牵头或负责科室（责任：\(t.responsibility)）", "task \(t.no) has no lead or responsible department (\(t.responsibility))")))
            }
            // A check that cannot bind is the plan loader's issue, named once there.
            for c in t.checks {
                guard case .success(let bound) = CheckRegistry.bind(c) else { continue }
                for message in bound.lint(t, plan, types) where !message.zh.isEmpty {
                    issues.append(LoadIssue(c.location, Message("任务 \(t.no) 检查 \(c.id)：", "task \(t.no) check \(c.id): ") + message))
                }
            }
        }
        for d in plan.businessDepartments where !known.contains(d) {
            issues.append(
                LoadIssue(
                    SourceLocation(file: plan.file),
                    Message("business_departments 中的 '\(d)' 不在 departments 中", "business department '\(d)' is not in departments")
                ))
        }
        return issues
    }
}
