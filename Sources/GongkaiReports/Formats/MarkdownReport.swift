import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

/// A summary for a pull-request comment.
public struct MarkdownReport: ReportWriter {
    public init() {}

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        let zh = lang == .zh
        var out: [String] = []
        let ok = e.isCompliant()
        out.append("## \(ok ? "✅" : "❌") \(e.agency) · \(e.plan.title)")
        out.append("")
        out.append(zh ? "截至 \(e.asOf)；证据记录 \(e.evidence.records.count) 条。" : "As of \(e.asOf); \(e.evidence.records.count) evidence records.")
        out.append("")
        out.append("| " + Status.allCases.map { $0.text(lang) }.joined(separator: " | ") + " |")
        out.append("|" + Status.allCases.map { _ in "---:" }.joined(separator: "|") + "|")
        out.append("| " + Status.allCases.map { "\(e.summary[$0] ?? 0)" }.joined(separator: " | ") + " |")
        let open = e.tasks.flatMap { t in t.checks.filter { $0.status == .fail || $0.status == .error || $0.status == .pending }.map { (t, $0) } }
        if !open.isEmpty {
            out.append("")
            out.append(zh ? "| 任务 | 检查 | 状态 | 责任科室 | 说明 | 期限 |" : "| Task | Check | Status | Owner | Reason | Due |")
            out.append("|---:|---|---|---|---|---|")
            for (t, c) in open {
                // Messages can quote file names and evidence text: read literally, never as Markdown.
                let msg = Markup.markdownText(c.outcome.message(lang))
                out.append(
                    "| \(t.task.no) | \(CheckLabels.displayName(c.check, lang)) | \(c.status.text(lang)) | "
                        + "\(t.task.owners.joined(separator: "、")) | \(msg) | \(c.outcome.due?.description ?? "") |"
                )
            }
        }
        if !e.errors.isEmpty {
            out.append("")
            out.append(zh ? "### 输入错误（\(e.errors.count)）" : "### Input errors (\(e.errors.count))")
            for issue in e.errors.prefix(50) { out.append("- \(Markup.markdownCode(issue.location.description)) \(Markup.markdownText(issue.message(lang)))") }
        }
        // Worth a look, not wrong (unknown fields, units read as the plan's, skipped sheets): as the text report lists them.
        if !e.evidence.notes.isEmpty {
            out.append("")
            out.append(zh ? "### 提示（\(e.evidence.notes.count)）" : "### Notes (\(e.evidence.notes.count))")
            for issue in e.evidence.notes.prefix(50) {
                out.append("- \(Markup.markdownCode(issue.location.description)) \(Markup.markdownText(issue.message(lang)))")
            }
        }
        return Data((out.joined(separator: "\n") + "\n").utf8)
    }
}
