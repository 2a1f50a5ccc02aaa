import Foundation
import GongkaiChecks
import GongkaiCore

/// The screen a clerk confirms an import on: task by task, the source text beside what was parsed (number, section,
/// item, requirement, roles, deadline, suggested checks), then what needs a person and what was skipped.
public enum PlanReview {
    public static func text(_ r: PlanImporter.Result, lang: Lang) -> String {
        let zh = lang == .zh
        func names(_ l: [String]) -> String { l.isEmpty ? "—" : l.joined(separator: zh ? "、" : ", ") }
        // Where a task stands in the source: 〔file:line〕 in Chinese, [file:line] in English.
        func place(_ location: SourceLocation) -> String { zh ? "  〔\(location)〕" : "  [\(location)]" }
        var out = [
            zh ? "导入核对：\(r.title)（\(r.agency)，\(r.year)年，\(r.tasks.count) 项任务）" : "Import review: \(r.title) (\(r.agency), \(r.year), \(r.tasks.count) tasks)",
            zh ? "单位：\(names(r.departments))" : "Units: \(names(r.departments))", "",
        ]
        for s in r.sections {
            for item in s.items {
                for t in item.tasks {
                    out.append((zh ? "任务 \(t.no)" : "Task \(t.no)") + (t.autoNumbered ? (zh ? "（按顺序编号）" : " (numbered in order)") : "") + place(t.location))
                    out.append((zh ? "  原文：" : "  Source: ") + t.sourceText.replacingOccurrences(of: "\n", with: " ⏎ "))
                    out.append(
                        (zh ? "  部分：" : "  Section: ") + (s.no.isEmpty ? s.title : "\(s.no)、\(s.title)") + (zh ? "  项目：" : "  Item: ")
                            + (item.no.isEmpty ? item.title : "（\(item.no)）\(item.title)"))
                    out.append((zh ? "  要求：" : "  Requirement: ") + t.requirement)
                    if let roles = t.roles {
                        out.append(
                            (zh ? "  牵头：" : "  Lead: ") + names(roles.lead) + (zh ? "  负责：" : "  Responsible: ") + names(roles.responsible)
                                + (zh ? "  配合：" : "  Cooperating: ") + names(roles.cooperating))
                        for c in roles.collectives {
                            let meaning =
                                switch c.kind {
                                case .all: zh ? "全部单位，已展开" : "every unit, expanded"
                                case .business: zh ? "业务单位，已展开" : "the business units, expanded"
                                case .relevant: zh ? "待人工指定" : "to be named by a person"
                                }
                            out.append(
                                (zh ? "  集合：" : "  Collective: ") + c.phrase + (zh ? "（\(c.role.text.zh)，\(meaning)）" : " (\(c.role.rawValue), \(meaning))"))
                        }
                        if let note = roles.note { out.append((zh ? "  附注：" : "  Note: ") + note) }
                    } else if t.responsibility.isEmpty {
                        out.append(zh ? "  责任：原文未写明" : "  Roles: none stated in the source")
                    } else {
                        out.append((zh ? "  责任：无法解析，保留原文：" : "  Roles: not parsed, kept raw: ") + t.responsibility + place(t.phraseLocation))
                    }
                    if let d = t.deadline {
                        let detail =
                            d.due.map { "\($0)" } ?? d.cadence.map { zh ? "周期：\($0.rawValue)" : "cadence: \($0.rawValue)" }
                            ?? (d.ongoing
                                ? (zh ? "长期，无截止日" : "ongoing, no due day")
                                : DeadlineParser.relative(d.text) != nil ? (zh ? "相对期限，不是日期" : "relative, not a day") : (zh ? "未识别" : "not understood"))
                        out.append((zh ? "  时限：" : "  Deadline: ") + d.text + (zh ? "（\(detail)）" : " (\(detail))"))
                    }
                    out.append(
                        (zh ? "  检查：" : "  Checks: ")
                            // In Chinese the checks by name (their parameters are in the plan file to review); in English as written there.
                            + (zh
                                ? t.checks.map { c in c.title ?? CheckLabels.kindName(c.kind, .zh) }.joined(separator: "、")
                                : t.checks.map { c in c.kind + "(" + c.parameters.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")" }.joined(
                                    separator: "; "))
                    )
                    out.append("")
                }
            }
        }
        if !r.warnings.isEmpty {
            out.append(zh ? "须处理（\(r.warnings.count)）：" : "To resolve (\(r.warnings.count)):")
            out += r.warnings.map { "  \($0.location): \($0.message(lang))" }
        }
        if !r.notes.isEmpty {
            out.append(zh ? "说明（\(r.notes.count)）：" : "Notes (\(r.notes.count)):")
            out += r.notes.map { "  \($0.location): \($0.message(lang))" }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
