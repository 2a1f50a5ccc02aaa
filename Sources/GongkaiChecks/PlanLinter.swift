import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

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
            let unnamed = t.owners.isEmpty ? t.collectives.filter { $0.kind == .relevant } : []
            for c in unnamed {
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
            // Owners left to be named (局主办科室) are that one problem, said above; an empty phrase is not quoted.
            if t.lead.isEmpty && t.responsible.isEmpty && !unnamed.contains(where: { $0.role != .cooperating }) {
                let phrase = t.responsibility.trimmingCharacters(in: .whitespaces)
                issues.append(
                    LoadIssue(
                        t.location,
                        phrase.isEmpty
                            ? Message("任务 \(t.no) 没有牵头或负责科室，原文未写明责任单位", "task \(t.no) has no lead or responsible department; the text names none")
                            : Message("任务 \(t.no) 没有牵头或负责科室（责任：\(phrase)）", "task \(t.no) has no lead or responsible department (\(phrase))")))
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
