import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiOffice

/// What a `report_similarity` rule compares with: the template every report shares, and last year's report when it
/// is given as a file (`score --previous`); without one, last year's annual-report record in the evidence folder.
public struct SimilarityInputs: Sendable {
    public var template: ReportTemplate
    public var previous: URL?
    public init(template: ReportTemplate = .empty, previous: URL? = nil) {
        self.template = template
        self.previous = previous
    }
}

/// A `report_similarity` rule's measurement: the files compared, the share and the passages, and the report's
/// fingerprint for a roll-up to compare departments with.
public struct SimilarityFinding: Sendable {
    public var threshold: Double
    /// This year's report file, as its record names it.
    public var current: String?
    /// Last year's report file (the `--previous` path or its record's file).
    public var against: String?
    public var result: ReportSimilarity.Result?
    public var fingerprint: ReportFingerprint?
}

extension RubricScorer {
    /// Compares the plan year's annual report with last year's. A report that cannot be found or compared leaves the
    /// rule to a person (待人工评定, saying why); one that cannot be read is 待核实, never a silent pass.
    static func scoreSimilarity(
        _ rule: RubricRule, points n: Double, maxShared: Double, item: RubricItem, _ e: Evaluation, _ inputs: SimilarityInputs, left: Double
    ) -> RuleScore {
        var finding = SimilarityFinding(threshold: maxShared)
        let stake = min(n, item.points)
        func manual(_ why: Message) -> RuleScore {
            RuleScore(
                rule: rule, check: nil, status: nil, effect: .manual(stake), cases: [], reason: why,
                documents: [finding.current, finding.against].compactMap { $0 }, similarity: finding)
        }
        func unverified(_ why: Message) -> RuleScore {
            RuleScore(
                rule: rule, check: nil, status: .error, effect: .unverified(stake), cases: [],
                reason: Message("待核实：", "to verify: ") + why, documents: [finding.current, finding.against].compactMap { $0 }, similarity: finding)
        }
        let year = e.plan.year
        // The plan's own wording is shared by every department that reports on it (gongkai's draft lists its tasks):
        // cut out as the template is, so two departments of one plan are not 雷同 for quoting it.
        let plan = e.plan
        let template = inputs.template.adding(
            plan.tasks.flatMap { [$0.requirement, $0.itemTitle, $0.sectionTitle, $0.responsibility] } + [plan.title, plan.agency] + plan.departments)
        guard let record = ReportCheck.published(in: e.evidence, year: year), let path = record.string("file") else {
            return manual(Message("没有\(year)年度报告的文件可比对", "no \(year) annual report file to compare"))
        }
        finding.current = path
        let prose: ReportSimilarity.Prose
        do {
            let text = try DocumentText.read(e.evidence.root.appendingPathComponent(path), name: path, run: e.evidence.inflation)
            prose = ReportSimilarity.Prose(text, template: template)
        } catch {
            return unverified(Message("年度报告 \(path) 无法读取：", "the annual report \(path) cannot be read: ") + error.message)
        }
        finding.fingerprint = ReportFingerprint(prose)
        let previous: (url: URL, name: String)
        if let url = inputs.previous {
            // Named by its file name: the 自评表 is handed in, and a path on the clerk's machine means nothing there.
            previous = (url, url.lastPathComponent)
        } else if let last = ReportCheck.published(in: e.evidence, year: year - 1), let lastPath = last.string("file") {
            previous = (e.evidence.root.appendingPathComponent(lastPath), lastPath)
        } else {
            return manual(
                Message(
                    "没有上一年的年度报告可比对（用 --previous 给出上一年的报告，或在证据中登记\(year - 1)年度报告的记录）",
                    "no previous year's annual report to compare with (give it with --previous, or record the \(year - 1) annual report in the evidence)"))
        }
        finding.against = previous.name
        if prose.shingles.count < ReportSimilarity.minimumShingles {
            return manual(
                Message(
                    "年度报告 \(path) 除格式规定的文字外正文太少（不足\(ReportSimilarity.minimumShingles)字），无法比对",
                    "the annual report \(path) has too little prose of its own (under \(ReportSimilarity.minimumShingles) characters) to compare"))
        }
        let other: ReportSimilarity.Prose
        do {
            other = ReportSimilarity.Prose(try DocumentText.read(previous.url, name: previous.name, run: e.evidence.inflation), template: template)
        } catch {
            return unverified(Message("上一年的年度报告 \(previous.name) 无法读取：", "last year's report \(previous.name) cannot be read: ") + error.message)
        }
        let result = ReportSimilarity.compare(prose, with: other.shingles)
        finding.result = result
        let measured = Message(
            "本年报告 \(path) 的正文有 \(Percent.text(result.share)) 与上一年报告 \(previous.name) 相同（\(result.sharedShingles)/\(result.shingles) 个13字片段，阈值 \(Percent.text(maxShared))）",
            "\(Percent.text(result.share)) of the prose of \(path) is also in last year's \(previous.name) (\(result.sharedShingles) of \(result.shingles) "
                + "13-character shingles; threshold \(Percent.text(maxShared)))")
        let documents = [path, previous.name]
        guard result.share >= maxShared else {
            return RuleScore(rule: rule, check: nil, status: .pass, effect: .none, cases: [], reason: measured, documents: documents, similarity: finding)
        }
        let shown = result.passages.map { Message("“\($0.text)”（\($0.length)字）", "\"\($0.text)\" (\($0.length) characters)") }
        let passages =
            shown.isEmpty
            ? Message("", "")
            : Message("；相同段落：", "; shared passages: ") + Message(shown.map(\.zh).joined(separator: "、"), shown.map(\.en).joined(separator: ", "))
        return RuleScore(
            rule: rule, check: nil, status: .fail, effect: .deduction(min(n, left)), cases: [], reason: Message("雷同：", "too similar: ") + measured + passages,
            documents: documents, similarity: finding)
    }
}
