import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import Mustache

/// The annual report's appendix "贯彻落实YYYY年政务公开工作要点情况", drawn from the evidence the checks used.
/// The wording is a Mustache template (`Rules/templates/appendix.md.mustache`) an office can adapt.
public struct Appendix: Sendable {
    public enum Format: String, Sendable, CaseIterable { case md, txt, docx }

    public var evaluation: Evaluation
    public var template: String
    /// The language of the sentences the appendix makes (the template is chosen to match); plan and evidence text stay as written.
    public var lang: Lang
    /// The day the appendix says the work stood at (截至…): the as-of day unless the annual report states another.
    public var statusDay: Day

    public init(evaluation: Evaluation, template: String, lang: Lang = .zh, statusDay: Day? = nil) {
        self.evaluation = evaluation
        self.template = template
        self.lang = lang
        self.statusDay = statusDay ?? evaluation.asOf
    }

    /// The appendix's title, as the document's title.
    public static func title(year: Int, _ lang: Lang) -> String {
        lang == .zh ? "贯彻落实\(year)年政务公开工作要点情况" : "Implementation of the \(year) key points of government affairs disclosure"
    }

    /// `appendix.md.mustache`, or `appendix.en.md.mustache` for English.
    public static func loadTemplate(rules: Rules, lang: Lang = .zh) throws(GongkaiError) -> String {
        let url = rules.root.appendingPathComponent(lang == .zh ? "templates/appendix.md.mustache" : "templates/appendix.en.md.mustache")
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
                    let sorted = records.sorted { ($0.date ?? Day(ordinal: 0)) < ($1.date ?? Day(ordinal: 0)) }.prefix(3)
                    if lang == .zh {
                        let examples = sorted.map { r in
                            (r.date.map { $0.chinese } ?? "") + (spec?.quotesTitles == true ? ReportProse.quoted(r.label) : r.label)
                        }
                        lines.append(
                            "全年\(spec?.verb ?? "形成")\(spec?.title.zh ?? type) \(records.count) \(spec?.unit ?? "条")"
                                + "（\(examples.joined(separator: "，"))\(records.count > 3 ? "等" : "")）"
                        )
                    } else {
                        // The record's title is quoted as the evidence has it.
                        let examples = sorted.map { r in (r.date.map { "\($0) " } ?? "") + "“\(r.label)”" }
                        lines.append(
                            "\(Self.capitalized(spec?.title.en ?? type)): \(records.count) \(records.count == 1 ? "record" : "records") in the year "
                                + "(\(examples.joined(separator: "; "))\(records.count > 3 ? " and others" : ""))"
                        )
                    }
                }
            } else if lang == .zh {
                lines.append(c.outcome.message.zh)
            } else {
                // A check's message starts a sentence here.
                lines.append(Self.capitalized(c.outcome.message.en))
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
            let zh = lang == .zh
            let reason = open.map { c -> String in
                // Invalid evidence says nothing about the work: only where it needs fixing (never what a cell holds).
                if c.status == .error {
                    let places = c.placesToFix
                    if !places.isEmpty { return (zh ? "需核对 " : "fix the evidence at ") + places.joined(separator: zh ? "、" : ", ") }
                }
                let lines = e.findingLines(c, lang).prefix(3)
                let aside = zh ? "（" + lines.joined(separator: "；") + "）" : " (" + lines.joined(separator: "; ") + ")"
                return c.outcome.message(lang) + (lines.isEmpty || c.outcome.findings.count == 1 ? "" : aside)
            }.joined(separator: zh ? "；" : "; ")
            // Messages are written for the check report: Chinese dates and no ledger names in a document.
            let reasonText = clean(reason, titles: titles)
            let statusText: String
            switch t.status {
            case .pass, .notApplicable: statusText = zh ? "已完成" : "done"
            case .waived: statusText = zh ? "经批准暂缓" : "postponed with approval"
            case .pending: statusText = zh ? "正在推进" : "in progress"
            case .fail: statusText = zh ? "未完成" : "not done"
            case .error: statusText = zh ? AnnualReportDraft.invalidText : "evidence invalid, to be verified"
            }
            let done = doneLines(t).map { clean($0, titles: titles) }
            var ctx: [String: Any] = [
                "no": t.task.no, "requirement": t.task.firstSentence, "fullRequirement": t.task.requirement,
                "departments": t.task.responsibility.trimmingCharacters(in: CharacterSet(charactersIn: "。. ")),
                "owners": t.task.owners.joined(separator: zh ? "、" : ", "), "status": t.status.rawValue, "statusText": statusText,
                "done": done, "hasDone": !done.isEmpty, "isDone": t.status == .pass || t.status == .notApplicable,
                "hasReason": !open.isEmpty, "reason": reasonText,
                "noEvidence": done.isEmpty && t.evidence.isEmpty && t.status != .error,
            ]
            // The whole first sentence: a requirement is never cut inside a sentence.
            ctx["tableRequirement"] = t.task.firstSentence.replacingOccurrences(of: "|", with: "｜")
            all.append(ctx)
            return ctx
        }
        // English numbers the plan's parts and items the English way (1., (1)); their titles are the plan's words.
        let sections: [[String: Any]] = e.plan.sections.enumerated().map { n, s in
            [
                "label": lang == .zh ? s.label : "\(n + 1). \(s.title)",
                "items": s.items.enumerated().map { m, item -> [String: Any] in
                    [
                        "label": lang == .zh ? item.label : "(\(m + 1)) ", "title": item.title,
                        "tasks": item.taskNumbers.compactMap { no in e.tasks.first { $0.task.no == no }.map(taskContext) },
                    ]
                },
            ]
        }
        let summary = e.summary
        let done = (summary[.pass] ?? 0) + (summary[.notApplicable] ?? 0)
        let invalid = summary[.error] ?? 0
        let open = e.tasks.count - done - invalid
        return [
            "year": e.plan.year, "agency": e.agency, "planTitle": e.plan.title, "asOf": statusDay.description, "asOfChinese": statusDay.chinese,
            "taskCount": e.tasks.count, "doneCount": done, "openCount": open, "hasOpen": open > 0, "invalidCount": invalid, "hasInvalid": invalid > 0,
            "doneTasks": done == 1 ? "task is" : "tasks are", "openTasks": open == 1 ? "is" : "are", "invalidTasks": invalid == 1 ? "has" : "have",
            "sections": sections, "allTasks": all,
        ]
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// A message made for the check report, fit for the document: in Chinese, Chinese dates and field titles for names;
    /// in both, no ledger locations.
    func clean(_ text: String, titles: [String: String]) -> String {
        if lang == .zh { return ReportProse.clean(text, titles: titles) }
        guard let re = try? NSRegularExpression(pattern: ReportProse.location) else { return text }
        return re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
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
