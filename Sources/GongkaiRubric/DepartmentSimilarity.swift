import Foundation
import GongkaiCore

/// What a roll-up keeps of one department for comparing annual reports: its report's fingerprint and how its
/// `report_similarity` rule stood after `score`, so a deduction found across departments can be applied to its totals.
public struct SimilaritySlot: Sendable, Equatable {
    /// The rubric item (by index) that holds the rule.
    public var item: Int
    /// The rule's points (N of `report_similarity: N`) and threshold.
    public var points: Double
    public var threshold: Double
    /// The report compared: its file as its record names it, and its fingerprint (nil: no report, or too little prose).
    public var file: String?
    public var fingerprint: ReportFingerprint?
    /// Already deducted against last year's report: a pair takes nothing more.
    public var deducted: Bool
    /// What the rule had at stake (待人工评定 without last year's report), and the item's other stakes, points and
    /// deductions: enough to recompute the item's 待评定分值 once a pair decides the rule.
    public var stake: Double
    public var otherStakes: Double
    public var itemPoints: Double
    public var itemDeducted: Double

    package init(
        item: Int, points: Double, threshold: Double, file: String?, fingerprint: ReportFingerprint?, deducted: Bool, stake: Double, otherStakes: Double,
        itemPoints: Double, itemDeducted: Double
    ) {
        self.item = item
        self.points = points
        self.threshold = threshold
        self.file = file
        self.fingerprint = fingerprint
        self.deducted = deducted
        self.stake = stake
        self.otherStakes = otherStakes
        self.itemPoints = itemPoints
        self.itemDeducted = itemDeducted
    }

    init?(_ card: Scorecard) {
        for (index, item) in card.items.enumerated() {
            for (r, rule) in item.rules.enumerated() {
                guard case .similarity(let n, let max) = rule.rule.kind else { continue }
                self.item = index
                points = n
                threshold = max
                file = rule.similarity?.current
                let tooShort = (rule.similarity?.fingerprint?.shingles ?? 0) < ReportSimilarity.minimumShingles
                fingerprint = tooShort ? nil : rule.similarity?.fingerprint
                deducted = rule.deducted > 0
                stake = rule.atStake
                otherStakes = item.rules.enumerated().filter { $0.offset != r }.reduce(0) { $0 + $1.element.atStake }
                itemPoints = item.item.points
                itemDeducted = item.deducted
                return
            }
        }
        return nil
    }
}

/// Two departments whose annual reports of the year share at least the rubric's threshold of one's prose.
public struct SimilarPair: Sendable, Equatable {
    /// Department indices, in the folders' order (a < b).
    public var a: Int
    public var b: Int
    /// The share of a's report found in b's, and of b's in a's.
    public var shareAB: Double
    public var shareBA: Double
    /// The longest passage they share, as it stands in a's report, when it was measured (the first `passagesMeasured` pairs).
    public var passage: ReportSimilarity.Passage?

    public var share: Double { max(shareAB, shareBA) }
}

extension ScoreSummary {
    /// The rule decided against this department by a pair: its points come off the item (what the item has left),
    /// the stake it had is no longer to be decided. Nothing when it already lost them against last year's report.
    mutating func applySimilarity() {
        guard var slot = similarity, !slot.deducted else { return }
        let taken = min(slot.points, max(0, slot.itemPoints - slot.itemDeducted))
        let stakeBefore = min(slot.otherStakes + slot.stake, max(0, slot.itemPoints - slot.itemDeducted))
        let stakeAfter = min(slot.otherStakes, max(0, slot.itemPoints - slot.itemDeducted - taken))
        deducted += taken
        selfScore -= taken
        atStake += stakeAfter - stakeBefore
        if slot.item < itemDeductions.count { itemDeductions[slot.item] += taken }
        slot.deducted = true
        slot.itemDeducted += taken
        similarity = slot
    }
}

/// Departments' reports compared pairwise at the end of a roll-up, on their fingerprints only (memory stays flat:
/// at most `ReportSimilarity.fingerprintCap` hashes per department).
public enum DepartmentSimilarity {
    /// Pairs whose passages are measured by reading both files again, the highest shares first.
    public static let passagesMeasured = 20

    /// Every pair of scored departments with a fingerprint whose share, either way, reaches the rule's threshold;
    /// highest share first, then in the folders' order.
    public static func pairs(_ scores: [ScoreSummary?]) -> [SimilarPair] {
        let slots = scores.enumerated().compactMap { i, s in s?.similarity.flatMap { slot in slot.fingerprint.map { (i, slot, $0) } } }
        var out: [SimilarPair] = []
        for x in slots.indices {
            for y in slots.indices where y > x {
                let (a, slot, fa) = slots[x]
                let (b, _, fb) = slots[y]
                let ab = fa.share(in: fb)
                let ba = fb.share(in: fa)
                if max(ab, ba) >= slot.threshold { out.append(SimilarPair(a: a, b: b, shareAB: ab, shareBA: ba)) }
            }
        }
        return out.sorted { ($1.share, $0.a, $0.b) < ($0.share, $1.a, $1.b) }
    }

    /// Applies the rule to both departments of every pair, before they are ranked.
    public static func apply(_ pairs: [SimilarPair], to scores: inout [ScoreSummary?]) {
        for p in pairs {
            scores[p.a]?.applySimilarity()
            scores[p.b]?.applySimilarity()
        }
    }
}
