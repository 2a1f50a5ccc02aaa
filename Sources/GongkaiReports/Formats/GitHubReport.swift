import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

/// GitHub workflow commands: `::error file=…,line=…::…` annotations on the evidence files.
public struct GitHubReport: ReportWriter {
    public init() {}

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var lines: [String] = []
        for t in e.tasks {
            for c in t.checks where c.status == .fail || c.status == .error || c.status == .pending || c.waiverExpired {
                let level = c.status == .pending ? "warning" : "error"
                // Annotations point at files of the user's repository: a check with no evidence file to blame is shown on the
                // folder's gongkai.yaml, never on a built-in rules file the repository does not have.
                let loc = c.outcome.findings.compactMap(\.location).first ?? SourceLocation(file: FolderConfig.fileName, line: 1)
                let title = "\(c.check.stableName(task: t.task.no)) \(c.status.text(lang))"
                let owners = t.task.owners.joined(separator: "、")
                // A finding that only repeats the check's message is not said twice.
                let summary = c.outcome.message(lang)
                let findings = e.findingLines(c, lang).filter { !$0.hasPrefix(summary) }
                let message = ([summary + (lang == .zh ? "（责任：\(owners)）" : " (owner: \(owners))")] + findings).joined(
                    separator: "\n")
                lines.append("::\(level) file=\(property(loc.file)),line=\(loc.line ?? 1),title=\(property(title))::\(data(message))")
            }
        }
        for issue in e.errors {
            lines.append(
                "::error file=\(property(issue.location.file)),line=\(issue.location.line ?? 1),"
                    + "title=\(property(lang == .zh ? "证据输入错误" : "invalid evidence"))::\(data(issue.message(lang)))"
            )
        }
        return Data((lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).utf8)
    }

    func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    func property(_ s: String) -> String { data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C") }
}
