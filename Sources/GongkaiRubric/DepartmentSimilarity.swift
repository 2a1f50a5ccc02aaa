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
    /// The rule was 待核实 (last year's report could not be read): a pair that decides it settles it.
    public var unverified = false
    /// The plan's year and the agency: only reports of one year, of two agencies, are compared.
    public var year = 0
    public var agency = ""
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
                if case .unverified = rule.effect { unverified = true }
                year = card.year
                agency = card.agency
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
        if slot.unverified {
            unverified -= 1
            slot.unverified = false
        }
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
    /// Pairs listed in a roll-up, the highest shares first; every pair's deduction is applied whether listed or not
    /// (800 departments copying one report are 319,600 pairs).
    public static let pairsListed = 1_000

    /// Every pair of scored departments with a fingerprint whose share, either way, reaches the rule's threshold;
    /// highest share first, then in the folders' order.
    public static func pairs(_ scores: [ScoreSummary?]) -> [SimilarPair] {
        let all = scores.enumerated().compactMap { i, s in s?.similarity.flatMap { slot in slot.fingerprint.map { (index: i, slot: slot, print: $0) } } }
        // Departments of one year with the same fingerprint (a report copied whole) are one in the merge: their pairs
        // are all at 1, and 800 copies of one report are one fingerprint merged, not 319,600 pairs counted hash by hash.
        struct Key: Hashable {
            var year: Int
            var print: ReportFingerprint
        }
        var groupOf: [Key: Int] = [:]
        var groups: [[Int]] = []
        for (k, s) in all.enumerated() {
            let key = Key(year: s.slot.year, print: s.print)
            if let g = groupOf[key] {
                groups[g].append(k)
            } else {
                groupOf[key] = groups.count
                groups.append([k])
            }
        }
        let slots = groups.map { all[$0[0]] }
        // The groups' sorted hashes merged (a heap of one cursor per group): a run of equal hashes names the groups that
        // share it, so only groups with something in common are counted, in memory of a cursor per group.
        var common: [Int: [Int: Int]] = [:]
        var heap = HashHeap(slots.enumerated().compactMap { k, s in s.print.hashes.first.map { (hash: $0, owner: k, at: 0) } })
        var run: [Int] = []
        while let top = heap.pop() {
            run.append(top.owner)
            let next = top.at + 1
            let hashes = slots[top.owner].print.hashes
            if next < hashes.count { heap.push((hashes[next], top.owner, next)) }
            guard heap.peek?.hash != top.hash else { continue }
            run.sort()
            for x in run.indices.dropLast() {
                for y in run.indices where y > x {
                    let (a, b) = (run[x], run[y])
                    // One year's reports only: last year's report is the other rule's.
                    guard slots[a].slot.year == slots[b].slot.year else { continue }
                    // A hash both keep counts at the coarser of their two samples.
                    let level = max(slots[a].print.level, slots[b].print.level)
                    if top.hash & ((UInt64(1) << UInt64(level)) - 1) == 0 { common[a, default: [:]][b, default: 0] += 1 }
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        var out: [SimilarPair] = []
        /// Every pair of departments of two groups (or within one), of two agencies.
        func expand(_ ga: Int, _ gb: Int, _ ab: Double, _ ba: Double) {
            for x in groups[ga] {
                for y in groups[gb] where ga != gb || y > x {
                    let (a, b) = (all[x], all[y])
                    guard a.slot.agency != b.slot.agency else { continue }
                    out.append(
                        a.index < b.index
                            ? SimilarPair(a: a.index, b: b.index, shareAB: ab, shareBA: ba) : SimilarPair(a: b.index, b: a.index, shareAB: ba, shareBA: ab))
                }
            }
        }
        for g in groups.indices where groups[g].count > 1 && 1 >= slots[g].slot.threshold { expand(g, g, 1, 1) }
        for (a, row) in common {
            for (b, n) in row {
                let level = max(slots[a].print.level, slots[b].print.level)
                let ab = slots[a].print.share(common: n, at: level)
                let ba = slots[b].print.share(common: n, at: level)
                if max(ab, ba) >= slots[a].slot.threshold { expand(a, b, ab, ba) }
            }
        }
        return out.sorted { ($1.share, $0.a, $0.b) < ($0.share, $1.a, $1.b) }
    }

    /// Applies the rule, before the departments are ranked, to each department of a pair whose own report's share found
    /// in the other's reaches the threshold: one that wrote its report loses nothing because another copied part of it.
    public static func apply(_ pairs: [SimilarPair], to scores: inout [ScoreSummary?]) {
        for p in pairs {
            if let t = scores[p.a]?.similarity?.threshold, p.shareAB >= t { scores[p.a]?.applySimilarity() }
            if let t = scores[p.b]?.similarity?.threshold, p.shareBA >= t { scores[p.b]?.applySimilarity() }
        }
    }
}

/// A binary min-heap of (hash, department, position in its hashes), ordered by hash then department.
struct HashHeap {
    typealias Entry = (hash: UInt64, owner: Int, at: Int)
    private var items: [Entry]

    init(_ entries: [Entry]) {
        items = []
        for e in entries { push(e) }
    }

    var peek: Entry? { items.first }

    static func before(_ a: Entry, _ b: Entry) -> Bool { (a.hash, a.owner) < (b.hash, b.owner) }

    mutating func push(_ e: Entry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var i = 0
        while true {
            let (l, r) = (2 * i + 1, 2 * i + 2)
            var smallest = i
            if l < items.count && Self.before(items[l], items[smallest]) { smallest = l }
            if r < items.count && Self.before(items[r], items[smallest]) { smallest = r }
            guard smallest != i else { return first }
            items.swapAt(i, smallest)
            i = smallest
        }
    }
}
