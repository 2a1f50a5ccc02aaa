import Foundation
import Testing

@testable import GongkaiChecks
@testable import GongkaiCore
@testable import GongkaiEvaluation
@testable import GongkaiImport
@testable import GongkaiPlan
@testable import GongkaiRubric

@Suite struct RubricScoringTests {
    /// A check's result as the scorer sees it: a status, findings on records r1…rN, evidence e1…eM.
    func result(_ status: Status, findings: Int = 0, evidence: Int = 0) -> (String, CheckResult) {
        let check = PlanCheck(id: "x", kind: "evidence", location: SourceLocation(file: "t"))
        let outcome = CheckOutcome(
            status, Message("m", "m"), findings: (0..<findings).map { Finding(Message("发现", "found"), record: "r\($0 + 1)") },
            evidence: (0..<evidence).map { "e\($0 + 1)" })
        return ("task-1/x", CheckResult(check: check, outcome: outcome, waiver: nil, waiverExpired: false))
    }

    func rule(_ kind: RubricRule.Kind, checked: Bool = true) -> RubricRule {
        RubricRule(kind: kind, target: checked ? .reference("task-1/x") : nil, phrase: nil, suggested: false, note: nil, location: SourceLocation(file: "t"))
    }

    func item(_ points: Double, _ rules: [RubricRule]) -> RubricItem {
        RubricItem(no: "1", category: "c", name: nil, points: points, criterion: "", rules: rules, location: SourceLocation(file: "t"))
    }

    func score(_ points: Double, _ rules: [(RubricRule, (String, CheckResult)?)]) -> ItemScore {
        let i = item(points, rules.map(\.0))
        return ItemScore(item: i, rules: RubricScorer.scoreItem(i, checks: rules.map(\.1)))
    }

    @Test func perCaseCountsEveryFindingWithItsRecord() {
        let s = score(10, [(rule(.perCase(1, max: nil)), result(.fail, findings: 3))])
        #expect(s.deducted == 3)
        #expect(s.score == 7)
        #expect(s.rules[0].cases == ["r1", "r2", "r3"])
    }

    @Test func perCaseStopsAtItsMaxAndAtTheItemsPoints() {
        #expect(score(10, [(rule(.perCase(2, max: 3)), result(.fail, findings: 3))]).deducted == 3)
        // 超期办理每条扣6分 on a 6-point item: two late answers take 6, not 12.
        #expect(score(6, [(rule(.perCase(6, max: nil)), result(.fail, findings: 2))]).deducted == 6)
        // Later rules take only what is left.
        let two = score(10, [(rule(.onFailure(8)), result(.fail)), (rule(.onFailure(5)), result(.fail))])
        #expect(two.deducted == 10)
        #expect(two.rules.map(\.deducted) == [8, 2])
    }

    @Test func aPassingOrPendingCheckTakesNothing() {
        #expect(score(10, [(rule(.onFailure(5)), result(.pass))]).deducted == 0)
        #expect(score(10, [(rule(.noPoints), result(.pending))]).deducted == 0)
        #expect(score(10, [(rule(.noPoints), result(.fail))]).deducted == 10)
    }

    @Test func bonusPerRecordUpToItsCap() {
        let s = score(5, [(rule(.bonus(2, cap: 5)), result(.pass, evidence: 4))])
        #expect(s.item.isBonus)
        #expect(s.bonus == 5)
        #expect(s.score == 5)
        #expect(score(5, [(rule(.bonus(2, cap: 5)), result(.pass, evidence: 1))]).bonus == 2)
        #expect(score(5, [(rule(.bonus(2, cap: 5)), result(.fail, evidence: 4))]).bonus == 0)
    }

    @Test func aVetoVetoesTheAssessment() {
        let s = score(0, [(rule(.veto), result(.fail, findings: 1))])
        #expect(s.rules[0].effect == .veto)
        let card = Scorecard(
            rubric: Rubric(id: "r", title: "t", year: 2020, items: [s.item], file: "r.yaml"), agency: "a", planTitle: "p", asOf: day("2021-02-05"),
            items: [s], version: "0.1.0")
        #expect(card.vetoes.count == 1)
        #expect(!card.isSettled)
        #expect(score(0, [(rule(.veto), result(.pass))]).rules[0].effect == RuleScore.Effect.none)
    }

    @Test func manualPutsItsPointsAtStakeWithoutTakingThem() {
        let s = score(10, [(rule(.manual(4, evidence: ["publication"]), checked: false), nil), (rule(.manual(nil, evidence: []), checked: false), nil)])
        #expect(s.deducted == 0)
        #expect(s.rules.map(\.atStake) == [4, 10])
        #expect(s.atStake == 10)
        #expect(s.score == 10)
    }

    @Test func aCheckInErrorIsToVerifyNeverADeduction() {
        let s = score(6, [(rule(.perCase(6, max: nil)), result(.error, findings: 2))])
        #expect(s.deducted == 0)
        #expect(s.rules[0].effect == .unverified(6))
        #expect(s.atStake == 6)
        // A decided deduction first leaves less at stake.
        let after = score(6, [(rule(.onFailure(4)), result(.fail)), (rule(.onFailure(5)), result(.error))])
        #expect(after.deducted == 4)
        #expect(after.atStake == 2)
    }
}

/// Many departments on one rubric (`rollup --rubric`): the ranks and the items that cost most.
@Suite struct ScoreRollupTests {
    let rubric = Rubric(
        id: "r", title: "t", year: 2020,
        items: ["1", "2", "3"].map {
            RubricItem(no: $0, category: "c\($0)", name: nil, points: 10, criterion: "", rules: [], location: SourceLocation(file: "r"))
        },
        file: "r.yaml")

    func summary(_ score: Double, lost: [Double], vetoed: [Int] = []) -> ScoreSummary {
        ScoreSummary(fullPoints: 30, selfScore: score, deducted: 30 - score, vetoedItems: vetoed, itemDeductions: lost)
    }

    @Test func highestFirstTiesShareARankVetoedAndUnscoredLast() {
        let scores: [ScoreSummary?] = [
            summary(24, lost: [6, 0, 0]), nil, summary(30, lost: [0, 0, 0]), summary(29, lost: [0, 1, 0], vetoed: [2]), summary(24, lost: [3, 3, 0]),
            summary(20, lost: [10, 0, 0]),
        ]
        let r = ScoreRollup(rubric: rubric, scores: scores)
        // 30 first; the two 24s share rank 2 in the folders' order; 20 is 4th; the veto ranks after all of them
        // although its 29 is higher; the folder without a score has no rank.
        #expect(r.ranks == [2, nil, 1, 5, 2, 4])
        #expect(r.order == [2, 0, 4, 5, 3, 1])
    }

    @Test func theCostliestItemsVetoesFirstThenByPointsThenByDepartments() {
        let r = ScoreRollup(
            rubric: rubric, scores: [summary(24, lost: [6, 0, 0]), summary(27, lost: [0, 3, 0], vetoed: [2]), summary(29, lost: [0, 1, 0]), nil])
        // Item 1 cost one department 6, item 2 two departments 4 in all: points before departments.
        #expect(r.costliest.map(\.no) == ["3", "1", "2"])
        #expect(r.costliest.map(\.deducted) == [0, 6, 4])
        #expect(r.costliest.map(\.departments) == [0, 1, 2])
        #expect(r.costliest.map(\.vetoes) == [1, 0, 0])
        // Equal points: more departments first. An item that cost nothing is not listed.
        let tie = ScoreRollup(rubric: rubric, scores: [summary(27, lost: [3, 0, 0]), summary(27, lost: [0, 1.5, 0]), summary(28.5, lost: [0, 1.5, 0])])
        #expect(tie.costliest.map(\.no) == ["2", "1"] && tie.costliest.map(\.departments) == [2, 1])
        #expect(ScoreRollup(rubric: rubric, scores: [summary(30, lost: [0, 0, 0])]).costliest.isEmpty)
    }

    @Test func aSummaryKeepsTheScorecardsFigures() throws {
        let evaluation = try Pipeline(rules: rules).run(
            folder: repoRoot.appendingPathComponent("Samples/zhaoqing-2020-gaps"), options: .init(asOf: day("2021-02-05")))
        let card = try RubricScorer.score(try RubricLoader.load(url: repoRoot.appendingPathComponent("Rules/rubrics/licheng-2020.yaml")), evaluation)
        let s = ScoreSummary(card)
        #expect([s.selfScore, s.deducted, s.atStake, s.fullPoints] == [27, 5, 27, 32])
        #expect(s.itemDeductions == [0, 5, 0, 0])
        #expect(s.isSettled && !s.isVetoed)
        let veto = ScoreSummary(
            try RubricScorer.score(try RubricLoader.load(url: repoRoot.appendingPathComponent("Rules/rubrics/guoban-2019-jiancha-zhibiao.yaml")), evaluation))
        #expect(veto.vetoedItems == [2])
        #expect(!veto.isSettled)
    }
}

@Suite struct RubricLoaderTests {
    @Test func everyProblemWithItsLine() {
        let text = """
            id: r
            title: t
            year: 2020
            total: 20
            items:
              - no: "1"
                category: c
                points: 10
                criterion: x
                colour: red
                rules:
                  - {per_case: 2}
                  - {on_failure: 2, check: task-1/x, cap: 3}
                  - {manual: 2, veto: true}
            """
        let (_, issues) = RubricLoader.parse(text, file: "r.yaml")
        let lines = issues.map { $0.location.line ?? 0 }
        #expect(lines.contains(10), "unknown key colour")
        #expect(lines.contains(12), "per_case without a check")
        #expect(lines.contains(13), "cap on on_failure")
        #expect(lines.contains(14), "two kinds")
        #expect(lines.contains(4), "points do not add up to total")
        #expect(issues.contains { $0.message.en.contains("add up to 10, not the total 20") })
    }

    @Test func anOwnCheckIsBoundLikeAPlans() {
        let text =
            "id: r\ntitle: t\nyear: 2020\nitems:\n  - {no: '1', category: c, points: 2, criterion: x, rules: [{on_failure: 2, check: {kind: report, "
            + "bogus: 1}}]}\n"
        let (_, issues) = RubricLoader.parse(text, file: "r.yaml")
        #expect(issues.contains { $0.message.en.contains("has no parameter 'bogus'") && $0.location.line == 5 })
    }

    @Test func theBuiltInRubricsLoadAndResolveOnTheSample() throws {
        let evaluation = try Pipeline(rules: rules).run(
            folder: repoRoot.appendingPathComponent("Samples/zhaoqing-2020-gaps"), options: .init(asOf: day("2021-02-05")))
        for id in ["licheng-2020", "yuhuan-2018", "guoban-2019-jiancha-zhibiao"] {
            let rubric = try RubricLoader.load(url: repoRoot.appendingPathComponent("Rules/rubrics/\(id).yaml"))
            _ = try RubricScorer.score(rubric, evaluation)
        }
        var bad = try RubricLoader.load(url: repoRoot.appendingPathComponent("Rules/rubrics/licheng-2020.yaml"))
        bad.items[0].rules[0].target = .reference("task-99/nothing")
        #expect(throws: GongkaiError.self) { try RubricScorer.score(bad, evaluation) }
        // A statutory duty the plan restates is found as the plan's check.
        #expect(RubricScorer.find("statutory-requests", in: evaluation)?.0 == "task-20/request-deadline")
    }
}

@Suite struct RubricPhraseTests {
    @Test func deductionPhrases() {
        #expect(RubricPhrases.kind(of: "超期办理每条扣6分") == .perCase(6, max: nil))
        #expect(RubricPhrases.kind(of: "未备案的一件扣4分") == .perCase(4, max: nil))
        #expect(RubricPhrases.kind(of: "错别字每处扣0.5分，最高扣3分") == .perCase(0.5, max: 3))
        #expect(RubricPhrases.kind(of: "未及时公开的扣5分") == .onFailure(5))
        #expect(RubricPhrases.kind(of: "未公开的不得分") == .noPoints)
        #expect(RubricPhrases.kind(of: "栏目不更新视情况扣2分") == .manual(2, evidence: []))
        #expect(RubricPhrases.kind(of: "上述情况出现任意一种,即单项否决") == .veto)
        #expect(RubricPhrases.kind(of: "获评优秀的加2分，最高不超过6分") == .bonus(2, cap: 6))
        #expect(RubricPhrases.kind(of: "及时、规范公开主动公开的政府信息") == nil)
    }

    @Test func clausesAndSuggestedChecks() {
        let rules = RubricPhrases.rules(
            in: "及时答复依申请公开件。①超期办理每条扣6分;③拒绝配合的,每次扣6分,未及时送交的,每次扣3分。", context: "政府信息依申请公开")
        #expect(rules.map(\.phrase) == ["超期办理每条扣6分", "拒绝配合的,每次扣6分", "未及时送交的,每次扣3分"])
        #expect(rules.map(\.check) == ["statutory-requests", nil, nil])
        // A cap after its comma (…每件扣4分，最高扣20分) is that rule's, not a rule of its own.
        let capped = RubricPhrases.rules(in: "超期答复的，每件扣4分，最高扣20分；被纠错的，每件扣5分。", context: "依申请公开")
        #expect(capped.map(\.kind) == [.perCase(4, max: 20), .perCase(5, max: nil)])
        #expect(capped.first?.phrase == "超期答复的，每件扣4分，最高扣20分")
    }

    /// A rubric written as prose: each heading with its points (its text on the next line, no blank line) is an item
    /// holding the running text as its criterion.
    @Test func aRubricWrittenAsProseGivesAnItemPerHeading() {
        let text = """
            某区政务公开工作考核评分细则

            一、组织保障（10分）
            明确政府信息公开工作机构和人员。未明确工作机构的，扣5分；未配备工作人员的，扣5分。

            二、依申请公开（20分）
            依法按时答复。超期答复的，每件扣4分，最高扣20分。
            三、保密审查（5分）
            公开内容涉及国家秘密的，实行一票否决。
            """
        let result = RubricImporter().parse(text, file: "细则.txt")
        #expect(result.items.map(\.category) == ["一、组织保障", "二、依申请公开", "三、保密审查"])
        #expect(result.items.map(\.points) == [10, 20, 5])
        #expect(result.items.map { $0.rules.map(\.kind) } == [[.onFailure(5), .onFailure(5)], [.perCase(4, max: 20)], [.veto]])
        #expect(result.items[1].line == 7)
    }
}
