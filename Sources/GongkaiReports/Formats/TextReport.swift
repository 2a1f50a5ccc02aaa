import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiPlan

/// The clerk's report: grouped by section, what is missing, who owns it, by when; a summary at the end.
public struct TextReport: ReportWriter {
    public var colour: Bool
    public init(colour: Bool = false) { self.colour = colour }

    func paint(_ s: String, _ status: Status) -> String {
        guard colour else { return s }
        let code: String
        switch status {
        case .pass: code = "32"
        case .fail: code = "31"
        case .pending: code = "33"
        case .error: code = "1;31"
        case .waived, .notApplicable: code = "90"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var out: [String] = []
        let zh = lang == .zh
        out.append("\(e.agency) — \(e.plan.title)")
        out.append(zh ? "截至 \(e.asOf) · 计划 \(e.plan.file)" : "as of \(e.asOf) · plan \(e.plan.file)")
        for section in e.plan.sections {
            out.append("")
            out.append(section.label)
            for item in section.items {
                if !item.label.isEmpty || !item.title.isEmpty { out.append("  \(item.label)\(item.title)") }
                for no in item.taskNumbers {
                    guard let t = e.tasks.first(where: { $0.task.no == no }) else { continue }
                    let roles = roleText(t.task, lang)
                    let status = "[\(t.status.text(lang))]"
                    out.append("    \(paint(status, t.status)) \(t.task.label(lang))  \(roles)  \(t.task.shortRequirement(zh ? 36 : 60))")
                    for c in t.checks where c.status != .pass && c.status != .notApplicable || t.status != .pass && t.status != .notApplicable {
                        let mark = c.status == .pass ? "✓" : c.status == .notApplicable ? "–" : c.status == .pending ? "…" : c.status == .waived ? "○" : "✗"
                        var line = "        \(paint(mark, c.status)) \(CheckLabels.displayName(c.check, lang))\(zh ? "：" : ": ")\(c.outcome.message(lang))"
                        if let state = e.baseline?.checks[c.check.stableName(task: no)] {
                            line = (state == .new ? (zh ? "【新】" : "[NEW] ") : (zh ? "【原有】" : "[known] ")) + line.drop { $0 == " " }
                            line = "        " + line
                        }
                        // Once: a message that already gives the deadline (the annual report's) is not given it again.
                        if let due = c.outcome.due, c.status == .pending || c.status == .fail {
                            let said = zh ? "（期限 \(due)）" : " (due \(due))"
                            if !line.contains(said.trimmingCharacters(in: .whitespaces)) { line += said }
                        }
                        out.append(line)
                        let single = c.outcome.findings.count == 1 && c.outcome.message(lang).contains(c.outcome.findings[0].text(lang))
                        if c.status != .pass && !(single && c.outcome.findings[0].location == nil) {
                            for f in e.findingLines(c, lang).prefix(20) { out.append("            - \(f)") }
                            if c.outcome.findings.count > 20 {
                                out.append(
                                    zh ? "            - ……另有 \(c.outcome.findings.count - 20) 条" : "            - … \(c.outcome.findings.count - 20) more")
                            }
                        }
                    }
                    if t.status != .pass && t.status != .notApplicable {
                        let owners = t.task.owners.joined(separator: "、")
                        out.append(zh ? "        责任：\(owners)" : "        owner: \(owners)")
                    }
                }
            }
        }
        out.append("")
        out.append(zh ? "汇总" : "Summary")
        let s = e.summary
        let counts = Status.allCases.map { "\($0.text(lang)) \(s[$0] ?? 0)" }.joined(separator: " · ")
        out.append(zh ? "  任务 \(e.tasks.count) 项：\(counts)" : "  \(Self.count(e.tasks.count, "task")): \(counts)")
        out.append(zh ? "  按部门（牵头或负责的任务）：" : "  By department (tasks led or owned):")
        for d in e.departmentSummary() where d.owned > 0 {
            out.append(
                zh
                    ? "    \(d.department)  \(d.owned) 项，未通过或错误 \(d.failing)，待办 \(d.pending)"
                    : "    \(d.department)  \(Self.count(d.owned, "task")), \(d.failing) failing or in error, \(d.pending) pending")
        }
        out.append(
            zh
                ? "  证据：记录 \(e.evidence.records.count) 条，来自 \(e.evidence.recordFileCount) 个文件"
                : "  Evidence: \(e.evidence.records.count) records from \(e.evidence.recordFileCount) files")
        if e.evidence.records.isEmpty {
            out.append(paint(zh ? "  证据目录中没有任何有效记录" : "  the evidence folder holds no valid record", .error))
        }
        if !e.errors.isEmpty {
            out.append(paint(zh ? "  输入错误 \(e.errors.count) 条（其余文件均已评估）：" : "  \(e.errors.count) input errors (every other file was evaluated):", .error))
            for issue in e.errors.prefix(200) { out.append("    \(issue.location): \(issue.message(lang))") }
            if e.errors.count > 200 { out.append(zh ? "    ……另有 \(e.errors.count - 200) 条" : "    … \(e.errors.count - 200) more") }
        }
        if !e.evidence.notes.isEmpty {
            out.append(zh ? "  提示 \(e.evidence.notes.count) 条（未读取的工作表、列和字段）：" : "  \(e.evidence.notes.count) notes (sheets, columns and fields not read):")
            for note in e.evidence.notes.prefix(200) { out.append("    \(note.location): \(note.message(lang))") }
        }
        for c in e.expiredWaivers {
            out.append(
                paint(
                    zh
                        ? "  豁免已到期：任务\(c.waiver!.task) \(CheckLabels.displayName(c.check, lang))（\(c.waiver!.expires) 到期，\(c.waiver!.location)）"
                        : "  expired waiver: task \(c.waiver!.task) \(CheckLabels.displayName(c.check, lang)) (expired \(c.waiver!.expires), "
                            + "\(c.waiver!.location))",
                    .fail))
        }
        if let b = e.baseline {
            let new = b.checks.values.filter { $0 == .new }.count
            out.append(
                zh
                    ? "  与基线相比：新问题 \(new) 项，原有问题 \(b.checks.count - new) 项，已解决 \(b.resolved.count) 项" + (b.newErrors > 0 ? "，新输入错误 \(b.newErrors) 条" : "")
                    : "  Against the baseline: \(new) new, \(b.checks.count - new) known, \(b.resolved.count) resolved"
                        + (b.newErrors > 0 ? ", \(b.newErrors) new input errors" : ""))
            for r in b.resolved { out.append((zh ? "    已解决：" : "    resolved: ") + "\(r.name) \(r.message)") }
        }
        let ok = e.isCompliant()
        out.append(paint((zh ? "结论：" : "Result: ") + e.verdict(lang), ok ? .pass : .fail))
        return Data((out.joined(separator: "\n") + "\n").utf8)
    }

    func roleText(_ t: PlanTask, _ lang: Lang) -> String {
        let zh = lang == .zh
        if !t.lead.isEmpty { return zh ? t.lead.joined(separator: "、") + "牵头" : t.lead.joined(separator: ", ") + " (lead)" }
        if t.responsible.count > 3 { return zh ? "\(t.responsible.count)个科室负责" : "\(t.responsible.count) departments responsible" }
        if !t.responsible.isEmpty { return zh ? t.responsible.joined(separator: "、") + "负责" : t.responsible.joined(separator: ", ") + " (responsible)" }
        return ""
    }

    /// "1 task", "2 tasks": English counts agree with their number.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
