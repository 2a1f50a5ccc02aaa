import Foundation
import GongkaiCore

/// The adoption gate: what decides `check`'s exit code, so the text can say it: the plain verdict, or with `--fail-on` the gate asked for.
public struct Gate: Sendable {
    /// `--fail-on`: pending obligations fail too; with a baseline, only new problems fail.
    /// `provisional`: failures that rest on a year no holiday notice covers yet fail too.
    public enum FailOn: String, Sendable { case pending, new, provisional }

    public var passes: Bool
    public var failOn: Set<FailOn>
    public var newProblems: Int
    public var expiredWaivers: Int
    public var pending: Int

    public init(evaluation: Evaluation, failOn: Set<FailOn>) {
        self.failOn = failOn
        pending = evaluation.tasks.filter { $0.status == .pending }.count
        expiredWaivers = evaluation.expiredWaivers.count
        newProblems = evaluation.baseline.map { $0.checks.values.filter { $0 == .new }.count + $0.newErrors } ?? 0
        if failOn.contains(.new), let comparison = evaluation.baseline {
            // Adoption mode: only what is new since the baseline (and expired waivers) fails the gate.
            passes = !comparison.hasNew && expiredWaivers == 0 && !(failOn.contains(.pending) && pending > 0)
        } else {
            passes = evaluation.isCompliant(failOnPending: failOn.contains(.pending), failOnProvisional: failOn.contains(.provisional))
        }
    }

    /// A line after the verdict whenever a gate other than the verdict decides the exit code.
    public func line(_ lang: Lang) -> String? {
        let zh = lang == .zh
        let decision = passes ? (zh ? "通过（退出码 0）" : "passed (exit code 0)") : (zh ? "未通过（退出码 1）" : "failed (exit code 1)")
        if failOn.contains(.new) {
            var parts = [
                zh ? "新问题 \(newProblems) 个" : "\(newProblems) new problems", zh ? "已到期豁免 \(expiredWaivers) 条" : "\(expiredWaivers) expired waivers",
            ]
            if failOn.contains(.pending) { parts.append(zh ? "待办 \(pending) 项" : "\(pending) pending") }
            return zh
                ? "门禁（--fail-on new，只计基线之后的新问题）：\(parts.joined(separator: "，"))，\(decision)"
                : "Gate (--fail-on new, only problems new since the baseline): \(parts.joined(separator: ", ")); \(decision)"
        }
        if failOn.contains(.pending) {
            return zh
                ? "门禁（--fail-on pending，待办也算未通过）：待办 \(pending) 项，\(decision)"
                : "Gate (--fail-on pending, pending obligations fail too): \(pending) pending; \(decision)"
        }
        return nil
    }
}
