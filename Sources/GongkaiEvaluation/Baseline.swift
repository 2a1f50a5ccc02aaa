import Foundation
import GongkaiChecks
import GongkaiCore

/// A previous JSON report to compare against (read by `Baseline.load` in `GongkaiReports`, beside the writer): each
/// current problem is new or unchanged, and the previous ones that are gone are resolved. `--fail-on new` lets an
/// office adopt the gate without fixing last year first.
public struct Baseline: Sendable {
    /// Failing or erroring checks by name (`task-28/designation`), with their finding keys.
    var problems: [String: Set<String>]
    var errors: Set<String>
    var messages: [String: String]

    public init(problems: [String: Set<String>], errors: Set<String>, messages: [String: String]) {
        self.problems = problems
        self.errors = errors
        self.messages = messages
    }
}

/// How a check compares with the baseline.
public enum BaselineState: String, Sendable, Codable { case new, unchanged, resolved }

public struct BaselineComparison: Sendable {
    /// Per failing or erroring check name: new (not failing before, or with findings not seen before) or unchanged.
    public var checks: [String: BaselineState]
    /// Checks that failed in the baseline and no longer do, with their old message.
    public var resolved: [(name: String, message: String)]
    public var newErrors: Int

    public var hasNew: Bool { checks.values.contains(.new) || newErrors > 0 }

    public static func compare(tasks: [TaskResult], errors: [LoadIssue], with baseline: Baseline, lang: Lang = .zh) -> BaselineComparison {
        var checks: [String: BaselineState] = [:]
        var failingNow = Set<String>()
        for t in tasks {
            for c in t.checks where c.status == .fail || c.status == .error {
                let name = c.check.stableName(task: t.task.no)
                failingNow.insert(name)
                guard let old = baseline.problems[name] else {
                    checks[name] = .new
                    continue
                }
                let keys = Set(c.outcome.findings.map { $0.record ?? $0.text(lang) })
                checks[name] = keys.isSubset(of: old) ? .unchanged : .new
            }
        }
        let resolved = baseline.problems.keys.filter { !failingNow.contains($0) }.sorted().map { ($0, baseline.messages[$0] ?? "") }
        let newErrors = errors.filter { !baseline.errors.contains("\($0.location.file):\($0.message(lang))") }.count
        return BaselineComparison(checks: checks, resolved: resolved, newErrors: newErrors)
    }
}
