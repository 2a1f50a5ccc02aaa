import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// One check's result for one task.
public struct CheckResult: Sendable {
    public var check: PlanCheck
    public var outcome: CheckOutcome
    /// The waiver in force (status `waived`) or expired (status kept, gate fails).
    public var waiver: Waiver?
    public var waiverExpired: Bool
    package init(check: PlanCheck, outcome: CheckOutcome, waiver: Waiver? = nil, waiverExpired: Bool) {
        self.check = check
        self.outcome = outcome
        self.waiver = waiver
        self.waiverExpired = waiverExpired
    }
    public var status: Status { outcome.status }
}

public struct TaskResult: Sendable {
    public var task: PlanTask
    public var checks: [CheckResult]
    public var status: Status { Status.worst(checks.map(\.status)) }
    public var evidence: [String] { Array(Set(checks.flatMap(\.outcome.evidence))).sorted() }
}

/// Where a result came from, so an auditor can verify it against the repository later.
public struct Provenance: Sendable, Codable {
    public var tool: String
    public var version: String
    public var planFile: String
    public var planSHA256: String
    public var gitCommit: String?
    public var gitDirty: Bool?
    public var generatedAt: String
}

/// The whole result of `check`: every task evaluated, with the evidence it used. Complete when made: the pipeline
/// puts in the creation time and the baseline comparison; nothing patches it afterwards.
public struct Evaluation: Sendable {
    public let plan: Plan
    public let agency: String
    public let asOf: Day
    public let tasks: [TaskResult]
    public let evidence: EvidenceSet
    public let planIssues: [LoadIssue]
    public let waiverIssues: [LoadIssue]
    public let provenance: Provenance
    public let types: TypeRegistry
    public let calendar: WorkCalendar
    /// Set when a `--baseline` report was given.
    public let baseline: BaselineComparison?
    /// The folder's published contact (gongkai.yaml), for the annual report's preamble.
    public let contact: ReportContact

    public init(
        plan: Plan, agency: String, asOf: Day, tasks: [TaskResult], evidence: EvidenceSet, planIssues: [LoadIssue], waiverIssues: [LoadIssue],
        provenance: Provenance, types: TypeRegistry, calendar: WorkCalendar, baseline: BaselineComparison? = nil, contact: ReportContact = ReportContact()
    ) {
        self.plan = plan
        self.agency = agency
        self.asOf = asOf
        self.tasks = tasks
        self.evidence = evidence
        self.planIssues = planIssues
        self.waiverIssues = waiverIssues
        self.provenance = provenance
        self.types = types
        self.calendar = calendar
        self.baseline = baseline
        self.contact = contact
    }

    public var checks: [CheckResult] { tasks.flatMap(\.checks) }

    /// Tasks per status.
    public var summary: [Status: Int] {
        var out: [Status: Int] = [:]
        for s in Status.allCases { out[s] = 0 }
        for t in tasks { out[t.status, default: 0] += 1 }
        return out
    }

    /// Load problems: each is an `error` finding of its own.
    public var errors: [LoadIssue] { evidence.issues + planIssues }

    public var expiredWaivers: [CheckResult] { checks.filter(\.waiverExpired) }

    /// Per department: tasks led (or owned), failing, pending.
    public func departmentSummary() -> [(department: String, owned: Int, failing: Int, pending: Int, cooperating: Int)] {
        plan.departments.map { d in
            let owned = tasks.filter { $0.task.owners.contains(d) }
            let cooperating = tasks.filter { $0.task.cooperating.contains(d) || ($0.task.responsible.contains(d) && !$0.task.lead.isEmpty) }.count
            return (d, owned.count, owned.filter { $0.status == .fail || $0.status == .error }.count, owned.filter { $0.status == .pending }.count, cooperating)
        }
    }

    /// Whether the gate fails: any fail or error, any load error, any expired waiver; optionally pending too. A failure
    /// that only next year's holiday notice could confirm (provisional) fails it only with `failOnProvisional`.
    public func isCompliant(failOnPending: Bool = false, failOnProvisional: Bool = false) -> Bool {
        let bad: Set<Status> = failOnPending ? [.fail, .error, .pending] : [.fail, .error]
        let failing = checks.contains { c in
            bad.contains(c.status) && !(c.status == .fail && c.outcome.provisional != nil && !failOnProvisional)
        }
        return !failing && errors.isEmpty && expiredWaivers.isEmpty
    }

    /// Checks whose status rests on a year no holiday notice covers yet.
    public var provisionalChecks: [CheckResult] { checks.filter { $0.outcome.provisional != nil } }

    /// 符合 / 不符合, and when checks rest on a provisional calendar, saying so: every format words the verdict alike.
    public func verdict(_ lang: Lang) -> String {
        let ok = isCompliant()
        let word = lang == .zh ? (ok ? "符合" : "不符合") : (ok ? "compliant" : "not compliant")
        let n = provisionalChecks.count
        guard n > 0 else { return word }
        return word
            + (lang == .zh
                ? "（暂定：\(n) 项检查依据暂定的工作日历，待国务院节假日安排通知发布后确认）" : " (provisional: \(n) checks rest on a provisional calendar)")
    }

    /// The years no notice covers that this run's dates reached, or, in December, next year: the line `check` and
    /// `due` print about them (nil when every year counted is covered).
    public func provisionalLine(_ lang: Lang) -> String? {
        var years = Set<Int>()
        for c in checks {
            for f in c.outcome.findings where f.provisional != nil { years.insert(f.due?.year ?? asOf.year + 1) }
            for o in c.outcome.obligations where o.provisional != nil { years.insert(o.due.year) }
            if c.outcome.provisional != nil { years.insert(asOf.year) }
        }
        if asOf.month == 12 { years.insert(asOf.year + 1) }
        let open = years.filter { calendar.isProvisional(year: $0) }.sorted()
        guard !open.isEmpty else { return nil }
        let ys = open.map(String.init).joined(separator: "、")
        return lang == .zh
            ? "提示：国务院\(ys)年节假日安排通知尚未收录，\(ys)年的期限按法定节假日暂定；通知发布后运行 gongkai calendar import 通知.html 导入，暂定的期限随之确定"
            : "Note: the State Council's holiday notice for \(ys) is not in the calendar yet, so deadlines in \(ys) are provisional (statutory "
                + "holidays only); once it is published, run gongkai calendar import NOTICE.html"
    }

    /// Obligations not yet met, by due day: pending ones and overdue failures.
    public func dueItems(within days: Int? = nil) -> [DueItem] {
        var items: [DueItem] = []
        for t in tasks {
            for c in t.checks where c.status != .waived {
                for o in c.outcome.obligations {
                    items.append(
                        DueItem(
                            key: c.check.stableName(task: t.task.no) + "/\(o.key)", task: t.task.no, check: c.check.id, text: o.text, due: o.due,
                            department: o.department ?? t.task.owners.joined(separator: "、"), overdue: false, provisional: o.provisional))
                }
                if c.status == .fail {
                    let overdueFindings = c.outcome.findings.filter { $0.due != nil && $0.due! < asOf }
                    if overdueFindings.isEmpty, let due = c.outcome.due {
                        items.append(
                            DueItem(
                                key: c.check.stableName(task: t.task.no), task: t.task.no, check: c.check.id, text: c.outcome.message, due: due,
                                department: t.task.owners.joined(separator: "、"), overdue: true))
                    }
                    for (i, f) in overdueFindings.enumerated() {
                        items.append(
                            DueItem(
                                key: c.check.stableName(task: t.task.no) + "/\(f.record ?? String(i))", task: t.task.no, check: c.check.id, text: f.text,
                                due: f.due!,
                                department: f.department ?? t.task.owners.joined(separator: "、"), overdue: true, provisional: f.provisional))
                    }
                }
            }
        }
        let limit = days.map { asOf.adding(days: $0) }
        return items.filter { $0.overdue || limit == nil || $0.due <= limit! }
            .sorted { ($0.overdue ? 0 : 1, $0.due, $0.task, $0.key) < ($1.overdue ? 0 : 1, $1.due, $1.task, $1.key) }
    }
}

public struct DueItem: Sendable, Hashable {
    public var key: String
    public var task: Int
    public var check: String
    public var text: Message
    public var due: Day
    public var department: String
    public var overdue: Bool
    /// Set when the due day rests on a year no holiday notice covers yet.
    public var provisional: Message? = nil
}

/// Evaluates every check of every task.
public enum Evaluator {
    /// `evidence` is cut at the as-of day here (a no-op when the pipeline already did), so a check never sees the future.
    public static func evaluate(
        plan: Plan, evidence: EvidenceSet, calendar: WorkCalendar, asOf: Day, waivers: [Waiver] = [],
        types: TypeRegistry? = nil
    ) -> [TaskResult] {
        evaluate(plan: plan, cut: evidence.asOf(asOf), calendar: calendar, asOf: asOf, waivers: waivers, types: types)
    }

    /// `evidence` already cut at `asOf` (the pipeline's view): a hundred thousand rows are not scanned twice. The
    /// waivers are those `Waiver.load` accepted for `asOf`, applied as given.
    static func evaluate(
        plan: Plan, cut evidence: EvidenceSet, calendar: WorkCalendar, asOf: Day, waivers: [Waiver],
        types: TypeRegistry? = nil
    ) -> [TaskResult] {
        let results = ConcurrentMap.map(plan.tasks) { task -> TaskResult in
            var ctx = CheckContext(plan: plan, task: task, evidence: evidence, calendar: calendar, asOf: asOf)
            ctx.types = types
            var checks: [CheckResult] = []
            if task.checks.isEmpty {
                checks.append(
                    CheckResult(
                        check: PlanCheck(id: "no-check", kind: "none", location: task.location),
                        outcome: CheckOutcome(.error, Message("计划没有为此任务设置检查", "the plan gives this task no check")), waiver: nil, waiverExpired: false))
            }
            for check in task.checks {
                var checkContext = ctx
                checkContext.checkTitle = check.title
                var outcome = check.bound.evaluate(checkContext)
                var applied: Waiver?
                var expired = false
                if let w = waivers.first(where: { $0.task == task.no && ($0.check == nil || $0.check == check.id) }), outcome.status != .pass,
                    outcome.status != .notApplicable
                {
                    applied = w
                    if asOf <= w.expires {
                        outcome.findings.insert(
                            Finding(
                                Message(
                                    "原状态：\(outcome.status.text.zh)；\(outcome.message.zh)", "actual status: \(outcome.status.text.en); \(outcome.message.en)")),
                            at: 0)
                        outcome.status = .waived
                        outcome.message = Message(
                            "已豁免至 \(w.expires)：\(w.reason)（\(w.approvedBy) \(w.approvedOn) 批准）",
                            "waived until \(w.expires): \(w.reason) (approved by \(w.approvedBy) on \(w.approvedOn))")
                    } else {
                        expired = true
                        outcome.message = outcome.message + Message("（豁免已于 \(w.expires) 到期）", " (waiver expired \(w.expires))")
                    }
                }
                checks.append(CheckResult(check: check, outcome: outcome, waiver: applied, waiverExpired: expired))
            }
            return TaskResult(task: task, checks: checks)
        }
        return results
    }
}
