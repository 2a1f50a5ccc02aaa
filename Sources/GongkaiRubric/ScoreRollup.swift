import Foundation
import GongkaiCore

/// What a roll-up keeps of one department's `Scorecard`: its totals and what each rubric item cost it, not the cases
/// (a supervising office's table of hundreds of departments must not hold every department's records).
public struct ScoreSummary: Sendable, Equatable {
    public var fullPoints: Double
    public var selfScore: Double
    public var deducted: Double
    public var atStake: Double
    public var bonus: Double
    /// The rubric items (by index) whose veto the department hit.
    public var vetoedItems: [Int]
    /// Rules 待核实: their checks could not decide (invalid evidence).
    public var unverified: Int
    /// Points decided against each rubric item, by index (0 where it lost nothing).
    public var itemDeductions: [Double]
    /// The rubric's `report_similarity` rule as this department stands on it, to compare its report with the others'.
    public var similarity: SimilaritySlot?

    public var isVetoed: Bool { !vetoedItems.isEmpty }
    /// As `Scorecard.isSettled`: no veto, nothing 待核实.
    public var isSettled: Bool { vetoedItems.isEmpty && unverified == 0 }

    public init(_ card: Scorecard) {
        fullPoints = card.fullPoints
        selfScore = card.selfScore
        deducted = card.deducted
        atStake = card.atStake
        bonus = card.bonus
        vetoedItems = card.items.indices.filter { i in card.items[i].rules.contains { $0.effect == .veto } }
        unverified = card.unverified.count
        itemDeductions = card.items.map(\.deducted)
        similarity = SimilaritySlot(card)
    }

    package init(
        fullPoints: Double, selfScore: Double, deducted: Double, atStake: Double = 0, bonus: Double = 0, vetoedItems: [Int] = [], unverified: Int = 0,
        itemDeductions: [Double]
    ) {
        self.fullPoints = fullPoints
        self.selfScore = selfScore
        self.deducted = deducted
        self.atStake = atStake
        self.bonus = bonus
        self.vetoedItems = vetoedItems
        self.unverified = unverified
        self.itemDeductions = itemDeductions
    }
}

/// Many departments scored on one rubric: their ranks and the items that cost most across them. Computed once, so
/// every writer of the roll-up shows the same order.
public struct ScoreRollup: Sendable {
    /// One rubric item's cost across the departments.
    public struct CostlyItem: Sendable, Equatable {
        /// The item's index in the rubric.
        public var index: Int
        public var no: String
        public var title: String
        public var points: Double
        /// Points decided against it, summed over the departments.
        public var deducted: Double
        /// Departments that lost points on it.
        public var departments: Int
        /// Departments whose veto on it was hit.
        public var vetoes: Int
    }

    public var rubric: Rubric
    /// By department, in the folders' order: 1 for the best; nil for a department without a score.
    public var ranks: [Int?]
    /// Department indices in rank order, those without a score after them in the folders' order.
    public var order: [Int]
    /// Items that cost any department points or a veto: vetoes first (a veto costs the whole assessment), then by the
    /// points deducted in all, then by how many departments lost points on them, then in the rubric's order.
    public var costliest: [CostlyItem]
    /// Departments whose annual reports are too similar (雷同), highest share first; their scores already carry the
    /// rule's deduction.
    public var similar: [SimilarPair]
    /// Pairs beyond the `DepartmentSimilarity.pairsListed` listed (their deductions applied all the same).
    public var similarNotListed = 0

    /// Departments without a veto rank before those with one (一票否决 fails the whole assessment, whatever the points),
    /// each group by self-score, highest first. Equal standing shares a rank (1, 2, 2, 4), in the folders' order.
    public init(rubric: Rubric, scores: [ScoreSummary?], similar: [SimilarPair] = []) {
        self.rubric = rubric
        self.similar = similar
        let scored = scores.enumerated().compactMap { i, s in s.map { (index: i, score: $0) } }
        func ahead(_ a: ScoreSummary, _ b: ScoreSummary) -> Bool {
            a.isVetoed != b.isVetoed ? !a.isVetoed : a.selfScore > b.selfScore
        }
        let sorted = scored.sorted { a, b in
            ahead(a.score, b.score) || (!ahead(b.score, a.score) && a.index < b.index)
        }
        var ranks = [Int?](repeating: nil, count: scores.count)
        for (position, entry) in sorted.enumerated() {
            if position > 0, !ahead(sorted[position - 1].score, entry.score), let previous = ranks[sorted[position - 1].index] {
                ranks[entry.index] = previous
            } else {
                ranks[entry.index] = position + 1
            }
        }
        self.ranks = ranks
        order = sorted.map(\.index) + scores.indices.filter { scores[$0] == nil }
        let summaries = scored.map(\.score)
        costliest = rubric.items.enumerated().compactMap { index, item in
            let lost = summaries.map { index < $0.itemDeductions.count ? $0.itemDeductions[index] : 0 }
            let vetoes = summaries.filter { $0.vetoedItems.contains(index) }.count
            let deducted = lost.reduce(0, +)
            guard deducted > 0 || vetoes > 0 else { return nil }
            return CostlyItem(
                index: index, no: item.no, title: item.title, points: item.points, deducted: deducted, departments: lost.filter { $0 > 0 }.count,
                vetoes: vetoes)
        }
        .sorted { a, b in
            (b.vetoes, b.deducted, b.departments, a.index) < (a.vetoes, a.deducted, a.departments, b.index)
        }
    }
}
