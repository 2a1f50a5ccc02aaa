import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiPlan

/// A rubric scored on one evaluation: the 自评表. Every item keeps its full points, its self-score, each deduction
/// with its cases (record ids or file:line, never a cell's content), and what a person still has to decide.
/// A check in `error` is never a silent deduction: the item is 待核实 with its points at stake.
public struct Scorecard: Sendable {
    public var rubric: Rubric
    public var agency: String
    public var planTitle: String
    public var asOf: Day
    public var items: [ItemScore]
    /// The gongkai that scored it, for the printed 自评表's footer.
    public var version: String
    /// The plan's year: a roll-up compares departments' reports of one year only.
    public var year: Int = 0

    /// The points the rubric shares out (bonus items apart).
    public var fullPoints: Double { rubric.scoredPoints }
    /// 确定扣分: deductions the evidence decides.
    public var deducted: Double { items.reduce(0) { $0 + $1.deducted } }
    public var bonus: Double { items.reduce(0) { $0 + $1.bonus } }
    /// 待评定分值: points a person decides (manual items) or that wait for evidence to be fixed (待核实).
    public var atStake: Double { items.reduce(0) { $0 + $1.atStake } }
    /// 自评得分: full points less the decided deductions, plus bonuses; what is at stake is not taken off.
    public var selfScore: Double { fullPoints - deducted + bonus }
    public var vetoes: [RuleScore] { items.flatMap(\.rules).filter { if case .veto = $0.effect { true } else { false } } }
    public var unverified: [RuleScore] { items.flatMap(\.rules).filter { if case .unverified = $0.effect { true } else { false } } }
    /// Scored without a veto or an item 待核实 (`score`'s exit 0).
    public var isSettled: Bool { vetoes.isEmpty && unverified.isEmpty }
}

public struct ItemScore: Sendable {
    public var item: RubricItem
    public var rules: [RuleScore]
    public var deducted: Double { rules.reduce(0) { $0 + $1.deducted } }
    public var bonus: Double { rules.reduce(0) { $0 + $1.bonus } }
    /// What a person or fixed evidence may still take: the rules' stakes, at most what the deductions left.
    public var atStake: Double { min(rules.reduce(0) { $0 + $1.atStake }, max(0, item.points - deducted)) }
    /// The item's self-score: bonus items add what they earned, the others keep their points less the deductions.
    public var score: Double { item.isBonus ? bonus : item.points - deducted }
}

/// What one rule decided.
public struct RuleScore: Sendable {
    public enum Effect: Sendable, Equatable {
        /// The check passes (or is pending, waived, not applicable): nothing taken.
        case none
        case deduction(Double)
        case bonus(Double)
        /// 待人工评定, with the points at stake.
        case manual(Double)
        /// 待核实: the check is in error or its evidence invalid; the points it could take are at stake.
        case unverified(Double)
        /// 一票否决.
        case veto
    }

    public var rule: RubricRule
    /// The check's stable name (`task-20/request-deadline`, `rubric-3/report`), nil for a manual rule.
    public var check: String?
    public var status: Status?
    public var effect: Effect
    /// The findings behind a deduction or veto: record ids, or file:line.
    public var cases: [String]
    /// The check's message, or why a person must decide.
    public var reason: Message
    /// Files the rule read itself (a `report_similarity` rule: this year's report and the one it was compared with).
    public var documents: [String] = []
    /// A `report_similarity` rule's measurement.
    public var similarity: SimilarityFinding?
    /// What a person looks at for this rule (佐证材料), in words: the check as its task names it (任务20 依申请公开按时答复
    /// 的答复时限检查), the evidence types by their titles. The ids stay in `check` and the JSON.
    public var evidenceLabels: [Message] = []

    public var deducted: Double { if case .deduction(let p) = effect { p } else { 0 } }
    public var bonus: Double { if case .bonus(let p) = effect { p } else { 0 } }
    public var atStake: Double {
        switch effect {
        case .manual(let p), .unverified(let p): p
        default: 0
        }
    }
}

public enum RubricScorer {
    /// Every rule's check found or bound before anything is scored: a rule naming a check that does not exist is a
    /// problem of the rubric (file and line), not a deduction.
    public static func score(_ rubric: Rubric, _ e: Evaluation, similarity: SimilarityInputs = SimilarityInputs()) throws(GongkaiError) -> Scorecard {
        var issues: [LoadIssue] = []
        var resolved: [[(String, CheckResult)?]] = []
        for (index, item) in rubric.items.enumerated() {
            var row: [(String, CheckResult)?] = []
            for rule in item.rules {
                switch rule.target {
                case nil: row.append(nil)
                case .reference(let ref):
                    if let found = find(ref, in: e) {
                        row.append(found)
                    } else {
                        issues.append(
                            LoadIssue(
                                rule.location,
                                Message(
                                    "检查 '\(ref)' 不存在：可用计划的 task-N/编号（gongkai plan show），或 statutory-requests、statutory-office、statutory-annual-report",
                                    "no check '\(ref)': use the plan's task-N/ID (gongkai plan show), or statutory-requests, statutory-office, "
                                        + "statutory-annual-report"
                                )))
                        row.append(nil)
                    }
                case .own(let check): row.append(("rubric-\(index + 1)/\(check.id)", evaluate(check, item: item, number: index + 1, e)))
                }
            }
            resolved.append(row)
        }
        if !issues.isEmpty {
            throw GongkaiError(Message("评分细则 \(rubric.file) 引用了不存在的检查", "the rubric \(rubric.file) names checks that do not exist"), issues: issues)
        }
        let items = zip(rubric.items, resolved).map { item, checks in
            var rules = scoreItem(item, checks: checks) { rule, left in
                guard case .similarity(let n, let maxShared) = rule.kind else { return nil }
                return scoreSimilarity(rule, points: n, maxShared: maxShared, item: item, e, similarity, left: left)
            }
            for i in rules.indices {
                rules[i].evidenceLabels = evidenceLabels(rules[i], checks: checks, e)
                // A manual rule's "look at" names the evidence types by their titles, as 佐证材料 does.
                if rules[i].check == nil, rules[i].similarity == nil, case .manual(_, let types) = rules[i].rule.kind, !types.isEmpty {
                    let zh = rules[i].evidenceLabels.map(\.zh).joined(separator: "、")
                    let en = rules[i].evidenceLabels.map(\.en).joined(separator: ", ")
                    rules[i].reason = Message("待人工评定；查看：" + zh, "to be assessed by a person; look at: " + en)
                }
            }
            return ItemScore(item: item, rules: rules)
        }
        return Scorecard(
            rubric: rubric, agency: e.agency, planTitle: e.plan.title, asOf: e.asOf, items: items, version: e.provenance.version, year: e.plan.year)
    }

    /// 佐证材料 in words: the check by the task (or rubric item) it belongs to and its kind's name, the evidence types a
    /// person looks at by their titles.
    static func evidenceLabels(_ r: RuleScore, checks: [(String, CheckResult)?], _ e: Evaluation) -> [Message] {
        var out: [Message] = []
        if let name = r.check, let result = checks.compactMap({ $0 }).first(where: { $0.0 == name })?.1 {
            let kind = Message(CheckLabels.displayName(result.check, .zh), CheckLabels.displayName(result.check, .en))
            if let no = name.firstMatch(of: /^task-(\d+)\//).flatMap({ Int($0.1) }), let task = e.plan.tasks.first(where: { $0.no == no }) {
                let title = task.itemTitle.trimmingCharacters(in: CharacterSet(charactersIn: "。．.；;，, "))
                out.append(Message("任务\(no)（\(title)）：\(kind.zh)", "task \(no) (\(title)): \(kind.en)"))
            } else if let no = name.firstMatch(of: /^rubric-(\d+)\//).map({ String($0.1) }) {
                out.append(Message("本细则第\(no)项的检查：\(kind.zh)", "this rubric's item \(no) check: \(kind.en)"))
            } else {
                out.append(Message(name, name))
            }
        }
        if case .manual(_, let types) = r.rule.kind {
            out += types.map { id in e.types.types[id]?.title ?? Message(id, id) }
        }
        return out
    }

    /// A stable check id of the evaluation. A statutory duty the plan restates is found as the plan's own check.
    static func find(_ ref: String, in e: Evaluation) -> (String, CheckResult)? {
        for t in e.tasks {
            for c in t.checks where c.check.stableName(task: t.task.no) == ref || (t.task.statutory != nil && c.check.id == ref) {
                return (c.check.stableName(task: t.task.no), c)
            }
        }
        guard let duty = StatutoryBaseline.duties.first(where: { $0.id == ref }) else { return nil }
        for t in e.tasks {
            for c in t.checks where duty.restatedBy(c.check) { return (c.check.stableName(task: t.task.no), c) }
        }
        return nil
    }

    /// A rubric's own check, run as a plan's would be, on a task of its own owned by the plan's office.
    static func evaluate(_ check: PlanCheck, item: RubricItem, number: Int, _ e: Evaluation) -> CheckResult {
        // Owned as the 条例's duties are (gongkai.yaml's disclosure_office, or the unit found by its name).
        let owner = e.plan.tasks.first { $0.statutory != nil }?.responsible.first ?? StatutoryBaseline.office(of: e.plan).name
        let task = PlanTask(
            no: 0, sectionNo: "评分", sectionTitle: item.category, itemNo: item.no, itemTitle: item.name ?? item.category, requirement: item.criterion,
            responsibility: "", lead: [], responsible: owner.map { [$0] } ?? [], cooperating: [], checks: [check], location: item.location)
        var ctx = CheckContext(plan: e.plan, task: task, evidence: e.evidence, calendar: e.calendar, asOf: e.asOf)
        ctx.types = e.types
        ctx.checkTitle = check.title
        return CheckResult(check: check, outcome: check.bound.evaluate(ctx), waiver: nil, waiverExpired: false)
    }

    /// The rules in order; each deduction takes at most what the earlier ones left of the item's points.
    /// `own` scores a rule that reads no check (`report_similarity`), given what the item has left.
    static func scoreItem(_ item: RubricItem, checks: [(String, CheckResult)?], own: (RubricRule, Double) -> RuleScore? = { _, _ in nil }) -> [RuleScore] {
        var left = item.points
        var bonusLeft: [Double] = []
        var out: [RuleScore] = []
        for (rule, found) in zip(item.rules, checks) {
            var score = own(rule, left) ?? scoreRule(rule, item: item, found: found, left: left)
            if case .bonus(let p) = score.effect, case .bonus(_, let cap) = rule.kind {
                let already = bonusLeft.reduce(0, +)
                let granted = min(p, max(0, min(cap, item.points > 0 ? item.points : cap) - already))
                bonusLeft.append(granted)
                score.effect = .bonus(granted)
            }
            left -= score.deducted
            out.append(score)
        }
        // Each rule shows what it could take of what the decided deductions left; the item sums them up to that (`atStake`).
        for i in out.indices {
            switch out[i].effect {
            case .manual(let p): out[i].effect = .manual(min(p, left))
            case .unverified(let p): out[i].effect = .unverified(min(p, left))
            default: break
            }
        }
        return out
    }

    static func scoreRule(_ rule: RubricRule, item: RubricItem, found: (String, CheckResult)?, left: Double) -> RuleScore {
        guard let (name, result) = found else {
            let evidence = if case .manual(_, let types) = rule.kind { types } else { [String]() }
            let look = evidence.isEmpty ? Message("", "") : Message("；查看：\(evidence.joined(separator: "、"))", "; look at: \(evidence.joined(separator: ", "))")
            return RuleScore(
                rule: rule, check: nil, status: nil, effect: .manual(rule.potential(itemPoints: item.points)), cases: [],
                reason: Message("待人工评定", "to be assessed by a person") + look)
        }
        let outcome = result.outcome
        let cases = outcome.findings.compactMap { $0.record ?? $0.location?.description }
        switch result.status {
        case .error:
            let stake = if case .veto = rule.kind { 0.0 } else { rule.potential(itemPoints: item.points) }
            return RuleScore(
                rule: rule, check: name, status: .error, effect: .unverified(stake), cases: cases,
                reason: Message("待核实：检查无法判定（证据无效或检查出错），", "to verify: the check cannot decide (invalid evidence or an error), ") + outcome.message)
        case .fail:
            let effect: RuleScore.Effect
            switch rule.kind {
            case .perCase(let n, let max):
                effect = .deduction(min(n * Double(Swift.max(1, cases.count)), max ?? item.points, left))
            case .onFailure(let n): effect = .deduction(min(n, left))
            case .noPoints: effect = .deduction(left)
            case .veto: effect = .veto
            case .bonus: effect = .none
            case .manual(let n, _): effect = .manual(min(n ?? item.points, item.points))
            case .similarity(let n, _): effect = .deduction(min(n, left))
            }
            return RuleScore(rule: rule, check: name, status: .fail, effect: effect, cases: cases, reason: outcome.message)
        case .pass, .pending, .waived, .notApplicable:
            var effect = RuleScore.Effect.none
            // What the records earn; the cap (with the item's other bonuses) is applied once, in `scoreItem`.
            if result.status == .pass, case .bonus(let n, _) = rule.kind { effect = .bonus(n * Double(outcome.evidence.count)) }
            if case .manual(let n, _) = rule.kind { effect = .manual(min(n ?? item.points, item.points)) }
            return RuleScore(
                rule: rule, check: name, status: result.status, effect: effect, cases: effect == .none ? [] : outcome.evidence.sorted(),
                reason: outcome.message)
        }
    }
}
