import Foundation
import Mustache

/// The annual report's appendix "贯彻落实YYYY年政务公开工作要点情况", drawn from the evidence the checks used.
/// The wording is a Mustache template (`Rules/templates/appendix.md.mustache`) an office can adapt.
public struct Appendix: Sendable {
    public enum Format: String, Sendable, CaseIterable { case md, txt, docx }

    public var evaluation: Evaluation
    public var template: String

    public init(evaluation: Evaluation, template: String) {
        self.evaluation = evaluation
        self.template = template
    }

    public static func loadTemplate(rules: Rules) throws(GongkaiError) -> String {
        let url = rules.root.appendingPathComponent("templates/appendix.md.mustache")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw GongkaiError(Message("找不到附件模板 \(url.path)", "cannot read the appendix template \(url.path)"))
        }
        return text
    }

    /// What was done for a task, in the plan's words: counts and examples from the linked records.
    func doneLines(_ t: TaskResult) -> [String] {
        var lines: [String] = []
        for c in t.checks where c.status == .pass || c.status == .notApplicable || c.status == .waived {
            if c.check.kind == EvidenceCheck.id {
                var groups: [(String, [EvidenceRecord])] = []
                for id in c.outcome.evidence {
                    guard let r = evaluation.evidence.record(id: id) else { continue }
                    if let i = groups.firstIndex(where: { $0.0 == r.type }) { groups[i].1.append(r) } else { groups.append((r.type, [r])) }
                }
                for (type, records) in groups {
                    let spec = evaluation.types[type]
                    let examples = records.sorted { ($0.date ?? Day(ordinal: 0)) < ($1.date ?? Day(ordinal: 0)) }.prefix(3).map { r in
                        (r.date.map { $0.chinese } ?? "") + (spec?.quotesTitles == true ? "《\(r.label)》" : r.label)
                    }
                    lines.append(
                        "全年\(spec?.verb ?? "形成")\(spec?.title.zh ?? type) \(records.count) \(spec?.unit ?? "条")（\(examples.joined(separator: "，"))\(records.count > 3 ? "等" : "")）"
                    )
                }
            } else {
                lines.append(c.outcome.message.zh)
            }
        }
        return lines
    }

    public func context() -> [String: Any] {
        let e = evaluation
        var all: [[String: Any]] = []
        let titles = e.fieldTitles
        func taskContext(_ t: TaskResult) -> [String: Any] {
            let open = t.checks.filter { $0.status == .fail || $0.status == .error || $0.status == .pending }
            let reason = open.map { c -> String in
                let lines = e.findingLines(c, .zh).prefix(3)
                return c.outcome.message.zh + (lines.isEmpty || c.outcome.findings.count == 1 ? "" : "（" + lines.joined(separator: "；") + "）")
            }.joined(separator: "；")
            // Messages are written for the check report: Chinese dates and no ledger names in a document.
            let reasonText = ReportProse.clean(reason, titles: titles)
            let statusText: String
            switch t.status {
            case .pass, .notApplicable: statusText = "已完成"
            case .waived: statusText = "经批准暂缓"
            case .pending: statusText = "正在推进"
            case .fail, .error: statusText = "未完成"
            }
            let done = doneLines(t).map { ReportProse.clean($0, titles: titles) }
            var ctx: [String: Any] = [
                "no": t.task.no, "requirement": t.task.firstSentence, "fullRequirement": t.task.requirement,
                "departments": t.task.responsibility.trimmingCharacters(in: CharacterSet(charactersIn: "。. ")),
                "owners": t.task.owners.joined(separator: "、"), "status": t.status.rawValue, "statusText": statusText,
                "done": done, "hasDone": !done.isEmpty, "isDone": t.status == .pass || t.status == .notApplicable,
                "hasReason": !open.isEmpty, "reason": reasonText,
                "noEvidence": done.isEmpty && t.evidence.isEmpty,
            ]
            // The whole first sentence: a requirement is never cut inside a sentence.
            ctx["tableRequirement"] = t.task.firstSentence.replacingOccurrences(of: "|", with: "｜")
            all.append(ctx)
            return ctx
        }
        let sections: [[String: Any]] = e.plan.sections.map { s in
            [
                "label": s.label,
                "items": s.items.map { item -> [String: Any] in
                    [
                        "label": item.label, "title": item.title,
                        "tasks": item.taskNumbers.compactMap { no in e.tasks.first { $0.task.no == no }.map(taskContext) },
                    ]
                },
            ]
        }
        let summary = e.summary
        let done = (summary[.pass] ?? 0) + (summary[.notApplicable] ?? 0)
        let open = e.tasks.count - done
        return [
            "year": e.plan.year, "agency": e.agency, "planTitle": e.plan.title, "asOf": e.asOf.description, "asOfChinese": e.asOf.chinese,
            "taskCount": e.tasks.count, "doneCount": done, "openCount": open, "hasOpen": open > 0,
            "sections": sections, "allTasks": all,
        ]
    }

    public func markdown() throws(GongkaiError) -> String {
        do {
            return try MustacheTemplate(string: template).render(context())
        } catch {
            throw GongkaiError(Message("附件模板有误：\(error)", "the appendix template is invalid: \(error)"))
        }
    }

    /// Plain text for pasting: the Markdown without its marks, tables as tab-separated lines.
    public static func plainText(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            var s = String(line)
            if s.hasPrefix("|") {
                if s.replacingOccurrences(of: "|", with: "").allSatisfy({ "-: ".contains($0) }) { return nil }
                return s.trimmingCharacters(in: CharacterSet(charactersIn: "| ")).components(separatedBy: " | ").joined(separator: "\t")
            }
            while s.hasPrefix("#") { s.removeFirst() }
            return s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
        }.joined(separator: "\n")
    }
}
