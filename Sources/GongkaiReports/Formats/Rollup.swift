import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiOffice
import GongkaiRubric
import XlsxWriter

/// The supervising office's view: many agencies' folders, each with its own plan, evaluated in parallel by the one
/// `FolderRunner`. A folder that cannot be read becomes a row with the reason; the others still go through. Only a
/// row is kept per agency: its page (HTML) and its sheet (workbook) are written as it finishes, then let go.
public struct Rollup: Sendable {
    /// One agency's row: all that is kept of its evaluation.
    public struct Entry: Sendable {
        public var folder: String
        public var agency: String
        public var plan: String?
        public var asOf: Day?
        public var summary: [Status: Int]
        public var failingTasks: [Int]
        /// Published date of the plan year's annual report, if any, chosen as the `report` check chooses it.
        public var annualReport: Day?
        public var compliant: Bool
        /// Why the folder has no result.
        public var failure: Message?
        /// The department's self-assessment, when the roll-up has a rubric.
        public var score: Score?

        public init(folder: String, evaluation e: Evaluation) {
            self.folder = folder
            agency = e.agency
            plan = e.plan.id
            asOf = e.asOf
            summary = e.summary
            failingTasks = e.tasks.filter { $0.status == .fail || $0.status == .error }.map(\.task.no)
            annualReport = ReportCheck.published(in: e.evidence, year: e.plan.year)?.date
            compliant = e.isCompliant()
        }

        public init(folder: String, failure: Message) {
            self.folder = folder
            agency = (folder as NSString).lastPathComponent
            summary = [:]
            failingTasks = []
            compliant = false
            self.failure = failure
        }
    }

    /// A department's self-assessment in a roll-up on a rubric: the figures kept of its Scorecard, or why it has none
    /// (its folder cannot be read, or the rubric names a check its plan does not have).
    public enum Score: Sendable {
        case scored(ScoreSummary)
        case unscored(Message)

        public var summary: ScoreSummary? { if case .scored(let s) = self { s } else { nil } }
    }

    /// What a worker makes of one agency's evaluation: its row, and its page and sheet when asked for.
    struct Finished: Sendable {
        var entry: Entry
        var page: Data?
        var sheet: AgencySheet?
    }

    public var entries: [Entry]
    /// The file name of each agency's HTML page, by entry (nil for a folder that could not be read, or without HTML).
    public var pageNames: [String?]
    /// With a rubric: the departments' ranks and the items that cost most, by entry.
    public var scoring: ScoreRollup?

    package init(entries: [Entry] = [], pageNames: [String?] = [], scoring: ScoreRollup? = nil) {
        self.entries = entries
        self.pageNames = pageNames
        self.scoring = scoring
    }

    /// Runs every folder; with `pages`, each agency's HTML page is rendered and handed over as it finishes (named
    /// `STEM-N.html`), with `workbook` each agency's sheet is written as it finishes and the summary once all are in.
    /// With `rubric`, each folder is scored on its worker, as `score` scores it, and only the figures of its Scorecard
    /// are kept.
    public static func run(
        folders: [URL], pipeline: Pipeline, options: Pipeline.Options, lang: Lang, timeLimit: Double = FolderRunner.defaultTimeLimit,
        rubric: Rubric? = nil, template: ReportTemplate = .empty,
        pages: (stem: String, directory: URL, write: (String, Data) throws(GongkaiError) -> Void)? = nil, workbook: (url: URL, created: Day?)? = nil
    ) throws(GongkaiError) -> Rollup {
        let html = pages.map { HTMLReport(outputDirectory: $0.directory) }
        let sheets = workbook != nil
        let summarize: @Sendable (Evaluation) -> Finished = { e in
            // A page that cannot be rendered is the agency's failure, named, not a missing link.
            var finished = Finished(entry: Entry(folder: "", evaluation: e), page: nil, sheet: sheets ? AgencySheet(e, lang) : nil)
            if let rubric { finished.entry.score = score(rubric, e, template: template) }
            if let html {
                do { finished.page = try html.render(e, lang: lang) } catch {
                    finished.entry.failure = Message("网页无法生成：\(error)", "the page cannot be made: \(error)")
                }
            }
            return finished
        }
        var rollup = Rollup(entries: [], pageNames: [])
        func collect(_ folder: URL, _ result: Result<Finished, FolderFailure>, _ writer: RollupWorkbook?) throws(GongkaiError) {
            switch result {
            case .success(let finished):
                var entry = finished.entry
                entry.folder = folder.path
                var name: String?
                if let pages, let page = finished.page {
                    name = "\(pages.stem)-\(rollup.entries.count + 1).html"
                    try pages.write(name ?? "", page)
                }
                try writer?.add(finished.sheet)
                rollup.entries.append(entry)
                rollup.pageNames.append(name)
            case .failure(let failure):
                var entry = Entry(folder: folder.path, failure: failure.message)
                if rubric != nil { entry.score = .unscored(failure.message) }
                rollup.entries.append(entry)
                rollup.pageNames.append(nil)
            }
        }
        guard let workbook else {
            try FolderRunner.run(
                folders: folders, pipeline: pipeline, options: options, timeLimit: timeLimit, summarize: summarize
            ) { (folder, result) throws(GongkaiError) in try collect(folder, result, nil) }
            rollup.rank(on: rubric, template: template)
            return rollup
        }
        try AtomicFile.produce(workbook.url) { tmp throws(GongkaiError) in
            let writer = try RollupWorkbook(
                tmp, target: workbook.url, lang: lang, created: workbook.created, agencies: folders.count, scored: rubric != nil,
                comparesReports: rubric?.comparesReports ?? false)
            try FolderRunner.run(
                folders: folders, pipeline: pipeline, options: options, timeLimit: timeLimit, summarize: summarize
            ) { (folder, result) throws(GongkaiError) in try collect(folder, result, writer) }
            rollup.rank(on: rubric, template: template)
            try writer.close(rollup)
        }
        return rollup
    }

    /// The ranks and the costliest items, once every department is in: first the departments' annual reports compared
    /// pairwise (a rubric with a `report_similarity` rule), each pair's deduction applied to both before ranking.
    private mutating func rank(on rubric: Rubric?, template: ReportTemplate) {
        guard let rubric else { return }
        var scores = entries.map { $0.score?.summary }
        var pairs = DepartmentSimilarity.pairs(scores)
        DepartmentSimilarity.apply(pairs, to: &scores)
        for i in pairs.indices.prefix(DepartmentSimilarity.passagesMeasured) { pairs[i].passage = passage(pairs[i], scores, template) }
        for (i, s) in scores.enumerated() where s != nil { entries[i].score = s.map { .scored($0) } }
        scoring = ScoreRollup(rubric: rubric, scores: scores, similar: Array(pairs.prefix(DepartmentSimilarity.pairsListed)))
        scoring?.similarNotListed = max(0, pairs.count - DepartmentSimilarity.pairsListed)
    }

    /// The longest passage two departments' reports share, read again from their files (nil when one cannot be read).
    private func passage(_ pair: SimilarPair, _ scores: [ScoreSummary?], _ template: ReportTemplate) -> ReportSimilarity.Passage? {
        func text(_ i: Int) -> String? {
            guard let file = scores[i]?.similarity?.file else { return nil }
            return try? DocumentText.read(URL(fileURLWithPath: entries[i].folder).appendingPathComponent(file), name: file, run: InflationBudget())
        }
        guard let a = text(pair.a), let b = text(pair.b) else { return nil }
        return ReportSimilarity.compare(a, with: b, template: template).passages.first
    }

    /// Scores one department as `score` does; a rubric naming a check its plan lacks leaves it unranked, with the reason.
    static func score(_ rubric: Rubric, _ e: Evaluation, template: ReportTemplate = .empty) -> Score {
        do {
            return .scored(ScoreSummary(try RubricScorer.score(rubric, e, similarity: SimilarityInputs(template: template))))
        } catch {
            return .unscored(Message("无法按评分细则评分：" + error.describe(.zh), "cannot be scored on the rubric: " + error.describe(.en)))
        }
    }

    public var isCompliant: Bool { entries.allSatisfy(\.compliant) }

    /// With a rubric, every department scored without a veto or an item 待核实 (as `score`'s exit 0).
    public var isSettled: Bool { entries.allSatisfy { $0.score.map { $0.summary?.isSettled ?? false } ?? true } }

    /// An aligned table, one row per folder (two folders of one agency are told apart by the folder column); widths by
    /// display width, a Chinese character counting two. Unreadable folders keep their reason in the last column.
    public func text(_ lang: Lang) -> String {
        let zh = lang == .zh
        var rows = [
            zh
                ? ["目录", "单位", "计划", "通过", "未通过", "待办", "错误", "未通过的任务", "年度报告", "结论"]
                : ["folder", "agency", "plan", "pass", "fail", "pending", "error", "failing tasks", "annual report", "result"]
        ]
        for e in entries {
            if let failure = e.failure, e.plan == nil {
                rows.append([e.folder, e.agency, "—", "", "", "", "", "", "", failure(lang).replacingOccurrences(of: "\n", with: " ")])
                continue
            }
            rows.append([
                e.folder, e.agency, e.plan ?? "—", "\(e.summary[.pass] ?? 0)", "\(e.summary[.fail] ?? 0)", "\(e.summary[.pending] ?? 0)",
                "\(e.summary[.error] ?? 0)", e.failingTasks.map(String.init).joined(separator: ","), e.annualReport?.description ?? "—",
                Rollup.verdict(e, lang),
            ])
        }
        return Self.aligned(rows) + (scoring.map { "\n" + scoreText($0, lang) } ?? "")
    }

    /// Rows as columns aligned by display width, a Chinese character counting two; no line ends in padding.
    static func aligned(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { TextMetrics.displayWidth($0[c]) }.max() ?? 0 }
        let lines = rows.map { row in
            let last = row.lastIndex { !$0.isEmpty } ?? 0
            return row.prefix(last + 1).enumerated().map { c, cell in
                c == last ? cell : cell + String(repeating: " ", count: widths[c] - TextMetrics.displayWidth(cell) + 2)
            }.joined()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func verdict(_ e: Entry, _ lang: Lang) -> String {
        if let failure = e.failure { return failure(lang) }
        return e.compliant ? (lang == .zh ? "符合" : "compliant") : (lang == .zh ? "不符合" : "not compliant")
    }

    /// Every key is written, null when absent, as in the other JSON reports (`score` only with a rubric).
    struct EntryJSON: Encodable {
        var folder: String
        var agency: String
        @WrittenAsNull var plan: String?
        @WrittenAsNull var asOf: String?
        @WrittenAsNull var summary: [String: Int]?
        var failingTasks: [Int]
        @WrittenAsNull var annualReport: String?
        var compliant: Bool
        @WrittenAsNull var error: String?
        /// Only in a roll-up on a rubric.
        var score: ScoreJSON?
    }

    /// An array of agencies; with a rubric, an object of the rubric, the agencies with their scores and the items
    /// that cost most (`ScoredJSON`).
    public func json(_ lang: Lang) throws -> Data {
        let agencies = entries.enumerated().map { i, e in
            EntryJSON(
                folder: e.folder, agency: e.agency, plan: e.plan, asOf: e.asOf?.description,
                summary: e.plan == nil ? nil : Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, e.summary[$0] ?? 0) }),
                failingTasks: e.failingTasks, annualReport: e.annualReport?.description, compliant: e.compliant, error: e.failure?(lang),
                score: scoring.map { scoreJSON(i, $0, lang) })
        }
        let data = try scoring.map { try JSONReport.encoder.encode(scoredJSON(agencies, $0)) } ?? JSONReport.encoder.encode(agencies)
        return data + Data("\n".utf8)
    }

    /// An agency's sheet as its worker makes it: the tasks with status and reasons, and the page's heading.
    struct AgencySheet: Sendable {
        var agency: String
        var planTitle: String
        var asOf: Day
        var rows: [[XlsxCell]]

        static let widths = [6.0, 60, 16, 10, 70]

        init(_ ev: Evaluation, _ lang: Lang) {
            agency = ev.agency
            planTitle = ev.plan.title
            asOf = ev.asOf
            rows = ev.tasks.map { t in
                [
                    XlsxCell(t.task.no, WorkbookStyle.plainCell), XlsxCell(t.task.shortRequirement(60), WorkbookStyle.cell),
                    XlsxCell(t.task.owners.joined(separator: "、"), WorkbookStyle.cell), XlsxCell(t.status.text(lang), WorkbookStyle.status(t.status)),
                    XlsxCell(
                        t.checks.filter { $0.status != .pass && $0.status != .notApplicable }.map { $0.outcome.message(lang) }.joined(separator: "\n"),
                        WorkbookStyle.cell),
                ]
            }
        }
    }
}
