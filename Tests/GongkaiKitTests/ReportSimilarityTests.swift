import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiRubric

@Suite struct ReportSimilarityTests {
    /// `count` distinct Han characters from `start`: every 13-character run of them is a shingle of its own.
    func han(_ start: UInt32, _ count: Int) -> String {
        String(String.UnicodeScalarView((0..<UInt32(count)).compactMap { Unicode.Scalar(start + $0) }))
    }

    @Test func anIdenticalReportSharesEverything() {
        let text = han(0x4E00, 80) + "\n" + han(0x5000, 60)
        let r = ReportSimilarity.compare(text, with: text, template: .empty)
        #expect(r.share == 1)
        // The lines join into one run of 140 characters: 128 shingles, every one shared; the passage is the whole text.
        #expect(r.shingles == 128 && r.sharedShingles == 128)
        #expect(r.passages.map(\.length) == [140])
    }

    @Test func disjointReportsShareNothing() {
        let r = ReportSimilarity.compare(han(0x4E00, 200), with: han(0x6000, 200), template: .empty)
        #expect(r.share == 0 && r.passages.isEmpty && r.shingles == 188)
    }

    @Test func numbersPunctuationAndLayoutNeverCount() {
        let a = han(0x4E00, 30)
        let b = han(0x5000, 30)
        // The same prose with other numbers, dates and punctuation between its characters is the same prose.
        let r = ReportSimilarity.compare("2020：\(a)，95 (x)。\n\(b)", with: "\(a.prefix(10))2021-01-20、\(a.dropFirst(10))\n（\(b)）", template: .empty)
        #expect(r.share == 1)
    }

    @Test func whatTheTemplateSharesIsNotCounted() {
        let fixed = han(0x4E00, 40)  // a sentence of the template, in both reports
        let template = ReportTemplate(phrases: ["一、" + fixed + "。", "自然人", "商业企业"])
        let a = fixed + "\n" + han(0x5000, 120) + "\n自然人商业企业自然人商业企业自然人商业企业"
        let b = fixed + "\n" + han(0x6000, 120) + "\n自然人商业企业自然人商业企业自然人商业企业"
        #expect(ReportSimilarity.compare(a, with: b, template: template).share == 0)
        // Without the template the same two reports share the sentence's 28 shingles and the table row's 7 distinct ones;
        // the report has those, its own 108, and the 12 across each of its two joins.
        let plain = ReportSimilarity.compare(a, with: b, template: .empty)
        #expect(plain.sharedShingles == 28 + 7 && plain.shingles == 28 + 108 + 7 + 12 + 12)
        // A sentence that quotes the template in part keeps only what is its own.
        let quoting = "按照" + fixed.prefix(20) + han(0x7000, 30)
        let q = ReportSimilarity.Prose(String(quoting), template: template)
        #expect(q.shingles.count == 30 + 2 + 20 - 12 - 8)
    }

    @Test func aCopiedParagraphCountsItsShare() {
        let copied = han(0x4E00, 50)
        let own = han(0x5000, 150)
        let r = ReportSimilarity.compare(copied + "\n" + own, with: han(0x7000, 40) + "\n" + copied, template: .empty)
        // 38 of the 188 shingles of this year's 200 characters are last year's (those across the join are not).
        #expect(r.sharedShingles == 38 && r.shingles == 188)
        #expect(abs(r.share - 38.0 / 188.0) < 1e-12)
        #expect(r.passages == [ReportSimilarity.Passage(text: copied, length: 50)])
    }

    @Test func aPassageIsShownWithItsPunctuation() {
        let a = han(0x4E00, 20)
        let b = han(0x5000, 20)
        let r = ReportSimilarity.compare("前言\(a)，\(b)。后记", with: "\(a)，\(b)", template: .empty)
        #expect(r.passages.first?.text == "\(a)，\(b)" && r.passages.first?.length == 40)
    }

    @Test func aFingerprintIsExactUpToItsCapAndSampledAbove() {
        let a = ReportSimilarity.Prose(han(0x4E00, 300) + "\n" + han(0x5000, 300), template: .empty)
        let b = ReportSimilarity.Prose(han(0x4E00, 300) + "\n" + han(0x6000, 300), template: .empty)
        let exact = ReportSimilarity.compare(a, with: b.shingles).share
        #expect(ReportFingerprint(a).share(in: ReportFingerprint(b)) == exact)
        let small = ReportFingerprint(a, cap: 100)
        #expect(small.level > 0 && small.hashes.count <= 100 && small.shingles == 588)
        #expect(abs(small.share(in: ReportFingerprint(b, cap: 100)) - exact) < 0.2)
        // Fingerprints of different levels compare on the hashes both keep.
        #expect(abs(small.share(in: ReportFingerprint(b)) - exact) < 0.2)
    }

    @Test func aPercentageAsTheTablesWriteIt() {
        #expect(Percent.text(0.5) == "50%" && Percent.text(38.0 / 188.0) == "20.2%" && Percent.text(1) == "100%")
    }
}

@Suite struct SimilarityRuleTests {
    @Test func theLoaderReadsTheRuleAndRefusesItsMistakesWithTheirLines() {
        let text = """
            id: r
            title: t
            year: 2020
            items:
              - no: "1"
                category: c
                points: 10
                criterion: x
                rules:
                  - {report_similarity: 5, max_shared: 0.6}
                  - {report_similarity: 5}
                  - {report_similarity: 5, max_shared: 60}
                  - {report_similarity: 5, check: statutory-annual-report}
                  - {per_case: 2, check: statutory-requests, max_shared: 0.5}
            """
        let (rubric, issues) = RubricLoader.parse(text, file: "r.yaml")
        let lines = issues.map { $0.location.line ?? 0 }
        #expect(lines.contains(12), "a share above 1")
        #expect(lines.contains(13), "a check on report_similarity")
        #expect(lines.contains(14), "max_shared on per_case")
        #expect(issues.count == 3)
        let kinds = rubric?.items.first?.rules.map(\.kind) ?? []
        #expect(kinds.prefix(2) == [.similarity(5, maxShared: 0.6), .similarity(5, maxShared: 0.5)])
        #expect(rubric?.comparesReports == true)
    }

    func slot(stake: Double, deducted: Bool = false, itemDeducted: Double = 0, otherStakes: Double = 10) -> SimilaritySlot {
        SimilaritySlot(
            item: 1, points: 5, threshold: 0.5, file: "r.txt", fingerprint: nil, deducted: deducted, stake: stake, otherStakes: otherStakes, itemPoints: 10,
            itemDeducted: itemDeducted)
    }

    @Test func aPairTakesTheRulesPointsAndItsStakeIsNoLongerToBeDecided() {
        // licheng's item 2 on a folder without last year's report: 10 points, the rule's 5 and two manual 5s at stake
        // (15, capped at 10). 雷同 takes 5: the item keeps 5, and what is left at stake is 10 capped at 5.
        var s = ScoreSummary(fullPoints: 32, selfScore: 32, deducted: 0, atStake: 32, itemDeductions: [0, 0, 0, 0])
        s.similarity = slot(stake: 5)
        s.applySimilarity()
        #expect([s.selfScore, s.deducted, s.atStake] == [27, 5, 27])
        #expect(s.itemDeductions == [0, 5, 0, 0])
        s.applySimilarity()  // a second pair takes nothing more
        #expect([s.selfScore, s.deducted, s.atStake] == [27, 5, 27])
        // Already deducted against last year's report: nothing more.
        var last = ScoreSummary(fullPoints: 32, selfScore: 27, deducted: 5, atStake: 27, itemDeductions: [0, 5, 0, 0])
        last.similarity = slot(stake: 0, deducted: true, itemDeducted: 5)
        last.applySimilarity()
        #expect([last.selfScore, last.deducted] == [27, 5])
        // An item with 3 left loses 3, not 5.
        var little = ScoreSummary(fullPoints: 32, selfScore: 25, deducted: 7, atStake: 25, itemDeductions: [0, 7, 0, 0])
        little.similarity = slot(stake: 3, itemDeducted: 7)
        little.applySimilarity()
        #expect([little.selfScore, little.deducted, little.atStake] == [22, 10, 22])
        // 待核实 (last year's report unreadable) and decided by a pair: settled, no longer 待核实.
        var unread = ScoreSummary(fullPoints: 32, selfScore: 32, deducted: 0, atStake: 32, unverified: 1, itemDeductions: [0, 0, 0, 0])
        unread.similarity = slot(stake: 5)
        unread.similarity?.unverified = true
        unread.applySimilarity()
        #expect(unread.unverified == 0 && unread.isSettled && unread.deducted == 5)
    }

    @Test func departmentsArePairedOnTheirFingerprintsHighestShareFirst() throws {
        var next = 0
        func summary(_ text: String?, agency: String? = nil, year: Int = 2020) -> ScoreSummary {
            var s = ScoreSummary(fullPoints: 10, selfScore: 10, deducted: 0, itemDeductions: [0, 0])
            var slot = SimilaritySlot(
                item: 1, points: 5, threshold: 0.5, file: nil, fingerprint: nil, deducted: false, stake: 5, otherStakes: 0, itemPoints: 10, itemDeducted: 0)
            slot.fingerprint = text.map { ReportFingerprint(ReportSimilarity.Prose($0, template: .empty)) }
            next += 1
            slot.agency = agency ?? "局\(next)"
            slot.year = year
            s.similarity = slot
            return s
        }
        let shared = String(String.UnicodeScalarView((0..<200).compactMap { Unicode.Scalar(0x4E00 + $0) }))
        let other = String(String.UnicodeScalarView((0..<200).compactMap { Unicode.Scalar(0x6000 + $0) }))
        let half = String(shared.prefix(106)) + "\n" + String(String.UnicodeScalarView((0..<94).compactMap { Unicode.Scalar(0x7000 + $0) }))
        var scores: [ScoreSummary?] = [summary(shared), summary(other), nil, summary(shared), summary(half), summary(nil)]
        let pairs = DepartmentSimilarity.pairs(scores)
        // 0 and 3 are copies; 4 has half its prose (94 of 188 shingles) from 0 and 3, and they half of theirs from 4:
        // exactly the threshold.
        try #require(pairs.map { [$0.a, $0.b] } == [[0, 3], [0, 4], [3, 4]])
        #expect(pairs[1].shareBA == 0.5 && pairs[1].shareAB == 0.5)
        DepartmentSimilarity.apply(pairs, to: &scores)
        #expect(scores.map { $0?.selfScore } == [5, 10, nil, 5, 5, 10])

        // Another year's report of one agency, or the same agency's folder twice, is no pair; a department whose own
        // report is a third of another's loses the points, the other (a third of its prose shared) does not.
        let long = shared + "\n" + other + "\n" + String(String.UnicodeScalarView((0..<200).compactMap { Unicode.Scalar(0x7100 + $0) }))
        var years: [ScoreSummary?] = [summary(shared, agency: "甲局"), summary(shared, agency: "甲局", year: 2021), summary(shared, agency: "甲局")]
        #expect(DepartmentSimilarity.pairs(years).isEmpty)
        DepartmentSimilarity.apply(DepartmentSimilarity.pairs(years), to: &years)
        var copied: [ScoreSummary?] = [summary(shared), summary(long)]
        let pair = try #require(DepartmentSimilarity.pairs(copied).first)
        #expect(pair.shareAB == 1 && pair.shareBA < 0.5)
        DepartmentSimilarity.apply([pair], to: &copied)
        #expect(copied.map { $0?.selfScore } == [5, 10])

        // 60 departments copying one report are one fingerprint merged, and still every pair of two agencies: 60 × 59 / 2,
        // less the pairs of the two folders of one agency among them.
        var many: [ScoreSummary?] = (0..<60).map { i in summary(shared, agency: i == 59 ? "局重复" : (i == 58 ? "局重复" : nil)) }
        let all = DepartmentSimilarity.pairs(many)
        #expect(all.count == 60 * 59 / 2 - 1 && all.allSatisfy { $0.a < $0.b && $0.shareAB == 1 && $0.shareBA == 1 })
        DepartmentSimilarity.apply(all, to: &many)
        #expect(many.allSatisfy { $0?.selfScore == 5 })
    }
}
