import Foundation
import XlsxWriter

/// The supervising office's view: many agencies' folders, each with its own plan, evaluated in parallel.
/// A folder that cannot be read becomes a row with the reason; the others still go through.
public struct Rollup: Sendable {
    public struct Entry: Sendable {
        public var folder: String
        public var evaluation: Evaluation?
        public var failure: String?

        public var agency: String { evaluation?.agency ?? (folder as NSString).lastPathComponent }
        /// Published date of the plan year's annual report, if any, chosen as the `report` check chooses it.
        public var annualReport: Day? {
            guard let e = evaluation else { return nil }
            return ReportCheck.published(in: e.evidence, year: e.plan.year, asOf: e.asOf)?.date
        }
        public var failingTasks: [Int] { evaluation?.tasks.filter { $0.status == .fail || $0.status == .error }.map(\.task.no) ?? [] }
    }

    public var entries: [Entry]

    /// Each folder gets `timeLimit` seconds from when its evaluation starts; a folder that takes longer (a FIFO that
    /// never opens, a network mount that hangs) becomes a row of its own and the others still go through.
    public static func run(
        folders: [URL], pipeline: Pipeline, options: Pipeline.Options, lang: Lang,
        timeLimit: Double = Rollup.defaultTimeLimit
    ) -> Rollup {
        let board = Board(count: folders.count)
        let workers = max(1, min(folders.count, ProcessInfo.processInfo.activeProcessorCount))
        @Sendable func work() {
            while let i = board.next() {
                let folder = folders[i]
                let entry: Entry
                do {
                    entry = Entry(folder: folder.path, evaluation: try pipeline.run(folder: folder, options: options), failure: nil)
                } catch {
                    entry = Entry(folder: folder.path, evaluation: nil, failure: error.describe(lang))
                }
                // A folder already given up on has its row; a late result is dropped and this worker is spare.
                guard board.finish(i, entry) else { return }
            }
        }
        for _ in 0..<workers { Thread.detachNewThread(work) }
        while !board.allDone {
            usleep(20_000)
            for i in board.overdue(after: timeLimit) {
                let entry = Entry(
                    folder: folders[i].path, evaluation: nil,
                    failure: Message(
                        "超过时限 \(Int(timeLimit)) 秒仍未完成，已跳过（可用 --time-limit 调整）",
                        "not finished within the \(Int(timeLimit)) s time limit; skipped (see --time-limit)")(lang))
                if board.finish(i, entry) { Thread.detachNewThread(work) }  // the stuck worker is replaced
            }
        }
        return Rollup(entries: board.results())
    }

    public static let defaultTimeLimit = 300.0

    /// Which folders are started, when, and their rows.
    private final class Board: @unchecked Sendable {
        private let lock = NSLock()
        private var started: [Double?]
        private var rows: [Entry?]
        private var nextIndex = 0
        private var done = 0
        init(count: Int) {
            started = Array(repeating: nil, count: count)
            rows = Array(repeating: nil, count: count)
        }
        static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard nextIndex < rows.count else { return nil }
            started[nextIndex] = Self.now()
            nextIndex += 1
            return nextIndex - 1
        }
        /// False when the row was already written (the folder timed out).
        func finish(_ i: Int, _ entry: Entry) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard rows[i] == nil else { return false }
            rows[i] = entry
            done += 1
            return true
        }
        func overdue(after limit: Double) -> [Int] {
            lock.lock()
            defer { lock.unlock() }
            let now = Self.now()
            return rows.indices.filter { rows[$0] == nil && (started[$0].map { now - $0 > limit } ?? false) }
        }
        var allDone: Bool {
            lock.lock()
            defer { lock.unlock() }
            return done == rows.count
        }
        func results() -> [Entry] {
            lock.lock()
            defer { lock.unlock() }
            return rows.compactMap { $0 }
        }
    }

    public var isCompliant: Bool { entries.allSatisfy { $0.evaluation?.isCompliant() ?? false } }

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
            guard let ev = e.evaluation else {
                let reason = (zh ? "无法读取：" : "unreadable: ") + (e.failure ?? "").replacingOccurrences(of: "\n", with: " ")
                rows.append([e.folder, e.agency, "—", "", "", "", "", "", "", reason])
                continue
            }
            let s = ev.summary
            rows.append([
                e.folder, e.agency, ev.plan.id, "\(s[.pass] ?? 0)", "\(s[.fail] ?? 0)", "\(s[.pending] ?? 0)", "\(s[.error] ?? 0)",
                e.failingTasks.map(String.init).joined(separator: ","), e.annualReport?.description ?? "—",
                ev.isCompliant() ? (zh ? "符合" : "compliant") : (zh ? "不符合" : "not compliant"),
            ])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { TextMetrics.displayWidth($0[c]) }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - TextMetrics.displayWidth(cell) + 2)
            }.joined()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct EntryJSON: Encodable {
        var folder: String
        var agency: String
        var plan: String?
        var asOf: String?
        var summary: [String: Int]?
        var failingTasks: [Int]
        var annualReport: String?
        var compliant: Bool
        var error: String?

        enum CodingKeys: String, CodingKey { case folder, agency, plan, asOf, summary, failingTasks, annualReport, compliant, error }
        /// Every key is written, null when absent, as in the other JSON reports.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(folder, forKey: .folder)
            try c.encode(agency, forKey: .agency)
            try c.encode(plan, forKey: .plan)
            try c.encode(asOf, forKey: .asOf)
            try c.encode(summary, forKey: .summary)
            try c.encode(failingTasks, forKey: .failingTasks)
            try c.encode(annualReport, forKey: .annualReport)
            try c.encode(compliant, forKey: .compliant)
            try c.encode(error, forKey: .error)
        }
    }

    public func json() throws -> Data {
        try JSONReport.encoder.encode(
            entries.map { e in
                EntryJSON(
                    folder: e.folder, agency: e.agency, plan: e.evaluation?.plan.id, asOf: e.evaluation?.asOf.description,
                    summary: e.evaluation.map { ev in Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, ev.summary[$0] ?? 0) }) },
                    failingTasks: e.failingTasks, annualReport: e.annualReport?.description, compliant: e.evaluation?.isCompliant() ?? false, error: e.failure)
            }) + Data("\n".utf8)
    }

    /// One summary sheet, then one sheet per agency (its tasks with status and reasons).
    public func writeWorkbook(to target: URL, lang: Lang, created: Day?) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                let wb = try Workbook(path: tmp.path, constantMemory: true)
                wb.textFilter = Redaction.mask
                try wb.setProperties(
                    DocumentProperties(
                        title: lang == .zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up", subject: "\(entries.count)",
                        author: "gongkai", created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
                try summarySheet(wb, lang)
                var used = Set<String>()
                for e in entries { try agencySheet(wb, e, lang, used: &used) }
                try wb.close()
            } catch {
                throw GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
            }
        }
    }

    func summarySheet(_ wb: Workbook, _ lang: Lang) throws(XlsxError) {
        let zh = lang == .zh
        let ws = try wb.addWorksheet(zh ? "汇总" : "Summary")
        ws.setDefaultRowHeight()
        let headers =
            zh
            ? ["单位", "计划", "通过", "未通过", "待办", "错误", "未通过的任务", "年度报告发布", "结论", "说明"]
            : ["Agency", "Plan", "Pass", "Fail", "Pending", "Error", "Failing tasks", "Annual report", "Result", "Note"]
        for (i, w) in [24.0, 26, 8, 8, 8, 8, 22, 14, 10, 60].enumerated() { try ws.setColumn(i, i, width: w) }
        for (i, h) in headers.enumerated() { try ws.write(0, i, h, WorkbookStyle.header) }
        for (r, e) in entries.enumerated() {
            let row = r + 1
            try ws.write(row, 0, e.agency, WorkbookStyle.plainCell)
            guard let ev = e.evaluation else {
                try ws.write(row, 8, zh ? "无法读取" : "unreadable", WorkbookStyle.status(.error))
                let lines = TextMetrics.lines(e.failure ?? "", columnWidth: 60)
                if lines > 1 { try ws.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
                try ws.write(row, 9, e.failure ?? "", WorkbookStyle.cell)
                continue
            }
            try ws.write(row, 1, ev.plan.id, WorkbookStyle.plainCell)
            for (i, s) in [Status.pass, .fail, .pending, .error].enumerated() { try ws.write(row, 2 + i, ev.summary[s] ?? 0, WorkbookStyle.plainCell) }
            try ws.write(row, 6, e.failingTasks.map(String.init).joined(separator: ","), WorkbookStyle.plainCell)
            try ws.write(row, 7, e.annualReport?.description ?? "—", WorkbookStyle.plainCell)
            let ok = ev.isCompliant()
            try ws.write(row, 8, ok ? (zh ? "符合" : "compliant") : (zh ? "不符合" : "not compliant"), WorkbookStyle.status(ok ? .pass : .fail))
        }
        ws.freezePanes(row: 1, col: 1)
        try ws.autofilter(firstRow: 0, firstCol: 0, lastRow: max(entries.count, 1), lastCol: headers.count - 1)
        try ws.setPageSetup(page(title: zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up", asOf: entries.first?.evaluation?.asOf, lang))
    }

    /// The roll-up's pages: A4 landscape, one page wide, the heading row repeated, page numbers in the footer.
    func page(title: String, asOf: Day?, _ lang: Lang) -> PageSetup {
        let day = asOf.map { lang == .zh ? "截至 \($0.year)年\($0.month)月\($0.day)日" : "as of \($0)" } ?? ""
        return PageSetup(
            landscape: true, repeatRows: 0...0, header: "&L\(PageSetup.escaped(title))&R\(day)",
            footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N")
    }

    func agencySheet(_ wb: Workbook, _ e: Entry, _ lang: Lang, used: inout Set<String>) throws(XlsxError) {
        guard let ev = e.evaluation else { return }
        let ws = try wb.addWorksheet(Self.sheetName(e.agency, used: &used))
        ws.setDefaultRowHeight()
        let zh = lang == .zh
        for (i, w) in [6.0, 60, 16, 10, 70].enumerated() { try ws.setColumn(i, i, width: w) }
        let headers = zh ? ["序号", "具体要求", "牵头（负责）", "状态", "原因"] : ["No.", "Requirement", "Owner", "Status", "Reasons"]
        for (i, h) in headers.enumerated() {
            try ws.write(0, i, h, WorkbookStyle.header)
        }
        let widths = [6.0, 60, 16, 10, 70]
        for (r, t) in ev.tasks.enumerated() {
            try ws.writeRow(
                r + 1,
                [
                    XlsxCell(t.task.no, WorkbookStyle.plainCell), XlsxCell(t.task.shortRequirement(60), WorkbookStyle.cell),
                    XlsxCell(t.task.owners.joined(separator: "、"), WorkbookStyle.cell), XlsxCell(t.status.text(lang), WorkbookStyle.status(t.status)),
                    XlsxCell(
                        t.checks.filter { $0.status != .pass && $0.status != .notApplicable }.map { $0.outcome.message(lang) }.joined(separator: "\n"),
                        WorkbookStyle.cell),
                ], columnWidths: widths)
        }
        ws.freezePanes(row: 1, col: 0)
        var setup = page(title: "\(ev.agency) \(ev.plan.title)", asOf: ev.asOf, lang)
        let asOf = lang == .zh ? "截至 \(ev.asOf.year)年\(ev.asOf.month)月\(ev.asOf.day)日" : "as of \(ev.asOf)"
        setup.header = "&L\(PageSetup.escaped(ev.agency))&C\(PageSetup.escaped(ev.plan.title))&R" + asOf
        try ws.setPageSetup(setup)
    }

    /// A valid, unique sheet name from an agency's name (≤ 31 characters, none of []:*?/\).
    static func sheetName(_ agency: String, used: inout Set<String>) -> String {
        var base = String(agency.filter { !"[]:*?/\\'".contains($0) }.prefix(28))
        if base.isEmpty { base = "单位" }
        var name = base
        var n = 2
        while used.contains(name.lowercased()) {
            name = "\(base.prefix(26))-\(n)"
            n += 1
        }
        used.insert(name.lowercased())
        return name
    }
}
