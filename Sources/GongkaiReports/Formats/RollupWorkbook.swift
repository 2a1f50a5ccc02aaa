import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiRubric
import XlsxWriter

/// The roll-up workbook, written as agencies finish: each agency a sheet of its own (its tasks with status and
/// reasons), in constant memory (libxlsxwriter flushes each row); the summary sheet 汇总, a row per agency, once all
/// are in, since on a rubric its rows go in rank order. On a rubric, 汇总 has a column group of the self-assessment
/// and the sheet 扣分最多的项目 lists the items that cost most across departments.
final class RollupWorkbook {
    private let workbook: Workbook
    private let summary: Worksheet
    private let costs: Worksheet?
    /// 年度报告雷同: on a rubric with a `report_similarity` rule.
    private let similar: Worksheet?
    private let lang: Lang
    private let target: URL
    private var used = Set<String>()

    /// The summary's columns after 结论 on a rubric: 名次, 自评得分, 确定扣分, 待评定分值, 一票否决.
    private static let scoreWidths = [6.0, 9, 9, 10, 28]
    private var noteColumn: Int { costs == nil ? 9 : 9 + Self.scoreWidths.count }

    init(_ url: URL, target: URL, lang: Lang, created: Day?, agencies: Int, scored: Bool = false, comparesReports: Bool = false) throws(GongkaiError) {
        self.lang = lang
        self.target = target
        let zh = lang == .zh
        do {
            workbook = try Workbook(path: url.path, constantMemory: true)
            workbook.textFilter = Redaction.mask
            try workbook.setProperties(
                DocumentProperties(
                    title: zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up", subject: "\(agencies)",
                    author: "gongkai", created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
            summary = try workbook.addWorksheet(zh ? "汇总" : "Summary")
            summary.setDefaultRowHeight()
            var headers =
                zh
                ? ["单位", "计划", "通过", "未通过", "待办", "错误", "未通过的任务", "年度报告发布", "结论"]
                : ["Agency", "Plan", "Pass", "Fail", "Pending", "Error", "Failing tasks", "Annual report", "Result"]
            var widths = [24.0, 26, 8, 8, 8, 8, 22, 14, 10]
            if scored {
                headers += zh ? ["名次", "自评得分", "确定扣分", "待评定分值", "一票否决"] : ["Rank", "Self-score", "Deducted", "To be decided", "Veto"]
                widths += Self.scoreWidths
            }
            // The folder last: two folders of one agency are told apart, and the columns before it keep their places.
            headers += zh ? ["说明", "目录"] : ["Note", "Folder"]
            widths += [60, 40]
            for (i, w) in widths.enumerated() { try summary.setColumn(i, i, width: w) }
            for (i, h) in headers.enumerated() { try summary.write(0, i, h, WorkbookStyle.header) }
            costs = scored ? try workbook.addWorksheet(zh ? "扣分最多的项目" : "Costliest items") : nil
            similar = scored && comparesReports ? try workbook.addWorksheet(zh ? "年度报告雷同" : "Similar reports") : nil
        } catch {
            throw Self.failure(error, target)
        }
    }

    private static func failure(_ error: Error, _ target: URL) -> GongkaiError {
        GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
    }

    func add(_ sheet: Rollup.AgencySheet?) throws(GongkaiError) {
        do {
            if let sheet { try agencySheet(sheet) }
        } catch {
            throw Self.failure(error, target)
        }
    }

    private func summaryRow(_ row: Int, _ e: Rollup.Entry, rank: Int?, _ rubric: Rubric?) throws(XlsxError) {
        let zh = lang == .zh
        try summary.write(row, 0, e.agency, WorkbookStyle.plainCell)
        try summary.write(row, noteColumn + 1, e.folder, WorkbookStyle.plainCell)
        if e.plan == nil || e.failure != nil {
            let reason = e.failure?(lang) ?? ""
            try summary.write(row, 8, zh ? "无法读取" : "unreadable", WorkbookStyle.status(.error))
            let lines = TextMetrics.lines(reason, columnWidth: 60)
            if lines > 1 { try summary.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
            try summary.write(row, noteColumn, reason, WorkbookStyle.cell)
            return
        }
        try summary.write(row, 1, e.plan ?? "", WorkbookStyle.plainCell)
        for (i, s) in [Status.pass, .fail, .pending, .error].enumerated() { try summary.write(row, 2 + i, e.summary[s] ?? 0, WorkbookStyle.plainCell) }
        try summary.write(row, 6, e.failingTasks.map(String.init).joined(separator: ","), WorkbookStyle.plainCell)
        try summary.write(row, 7, e.annualReport?.description ?? "—", WorkbookStyle.plainCell)
        try summary.write(row, 8, Rollup.verdict(e, lang), WorkbookStyle.status(e.compliant ? .pass : .fail))
        guard let rubric else { return }
        let note = Rollup.scoreNote(e.score, lang)
        if !note.isEmpty { try summary.write(row, noteColumn, note, WorkbookStyle.cell) }
        guard let s = e.score?.summary else { return }
        if let rank { try summary.write(row, 9, rank, WorkbookStyle.plainCell) }
        for (i, p) in [s.selfScore, s.deducted, s.atStake].enumerated() { try summary.write(row, 10 + i, p, WorkbookStyle.plainCell) }
        try summary.write(row, 13, Rollup.vetoText(s, rubric, lang), s.isVetoed ? WorkbookStyle.status(.fail) : WorkbookStyle.plainCell)
    }

    /// 扣分最多的项目: the rubric's items that cost any department points or a veto, costliest first.
    private func costSheet(_ ws: Worksheet, _ scoring: ScoreRollup) throws(XlsxError) {
        ws.setDefaultRowHeight()
        let widths = [8.0, 44, 8, 10, 12, 12]
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        for (i, h) in Rollup.costHeaders(lang).enumerated() { try ws.write(0, i, h, WorkbookStyle.header) }
        for (r, c) in scoring.costliest.enumerated() {
            try ws.writeRow(
                r + 1,
                [
                    XlsxCell(c.no, WorkbookStyle.plainCell), XlsxCell(c.title, WorkbookStyle.cell), XlsxCell(number: c.points, WorkbookStyle.plainCell),
                    XlsxCell(number: c.deducted, WorkbookStyle.plainCell), XlsxCell(c.departments, WorkbookStyle.plainCell),
                    XlsxCell(c.vetoes, WorkbookStyle.plainCell),
                ], columnWidths: widths)
        }
        if scoring.costliest.isEmpty {
            try ws.write(1, 1, lang == .zh ? "无：各单位均无确定扣分或一票否决" : "none: no department lost points or was vetoed", WorkbookStyle.cell)
        }
        ws.freezePanes(row: 1, col: 0)
        try ws.setPageSetup(Self.page(title: Rollup.rubricLine(scoring.rubric, lang), asOf: nil, lang))
    }

    /// 年度报告雷同: the pairs of departments whose reports share the rubric's threshold or more, with a passage.
    private func similarSheet(_ ws: Worksheet, _ scoring: ScoreRollup, _ rollup: Rollup) throws(XlsxError) {
        ws.setDefaultRowHeight()
        let widths = [24.0, 24, 14, 14, 70]
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        for (i, h) in Rollup.similarHeaders(lang).enumerated() { try ws.write(0, i, h, WorkbookStyle.header) }
        for (r, p) in scoring.similar.enumerated() {
            try ws.writeRow(
                r + 1,
                [
                    XlsxCell(rollup.entries[p.a].agency, WorkbookStyle.cell), XlsxCell(rollup.entries[p.b].agency, WorkbookStyle.cell),
                    XlsxCell(Percent.text(p.shareAB), WorkbookStyle.plainCell), XlsxCell(Percent.text(p.shareBA), WorkbookStyle.plainCell),
                    XlsxCell(Rollup.passageText(p.passage, lang), WorkbookStyle.cell),
                ], columnWidths: widths)
        }
        if scoring.similar.isEmpty {
            try ws.write(1, 0, lang == .zh ? "无：各单位的年度报告均未达到雷同的阈值" : "none: no two departments' reports reach the threshold", WorkbookStyle.cell)
        }
        ws.freezePanes(row: 1, col: 0)
        try ws.setPageSetup(Self.page(title: Rollup.similarLine(scoring, lang), asOf: nil, lang))
    }

    private func agencySheet(_ sheet: Rollup.AgencySheet) throws(XlsxError) {
        let ws = try workbook.addWorksheet(Self.sheetName(sheet.agency, used: &used))
        ws.setDefaultRowHeight()
        let zh = lang == .zh
        for (i, w) in Rollup.AgencySheet.widths.enumerated() { try ws.setColumn(i, i, width: w) }
        let headers = zh ? ["序号", "具体要求", "牵头（负责）", "状态", "原因"] : ["No.", "Requirement", "Owner", "Status", "Reasons"]
        for (i, h) in headers.enumerated() { try ws.write(0, i, h, WorkbookStyle.header) }
        for (r, cells) in sheet.rows.enumerated() { try ws.writeRow(r + 1, cells, columnWidths: Rollup.AgencySheet.widths) }
        ws.freezePanes(row: 1, col: 0)
        var setup = Self.page(title: "\(sheet.agency) \(sheet.planTitle)", asOf: sheet.asOf, lang)
        let asOf = zh ? "截至 \(sheet.asOf.year)年\(sheet.asOf.month)月\(sheet.asOf.day)日" : "as of \(sheet.asOf)"
        setup.header = "&L\(PageSetup.escaped(sheet.agency))&C\(PageSetup.escaped(sheet.planTitle))&R" + asOf
        try ws.setPageSetup(setup)
    }

    /// Writes the summary (in rank order on a rubric) and the costs, then the file.
    func close(_ rollup: Rollup) throws(GongkaiError) {
        let zh = lang == .zh
        let order = rollup.scoring == nil ? rollup.entries.indices.map { ($0, Int?.none) } : rollup.ranking
        do {
            for (row, (i, rank)) in order.enumerated() { try summaryRow(row + 1, rollup.entries[i], rank: rank, rollup.scoring?.rubric) }
            summary.freezePanes(row: 1, col: 1)
            try summary.autofilter(firstRow: 0, firstCol: 0, lastRow: max(order.count, 1), lastCol: noteColumn + 1)
            let firstAsOf = rollup.entries.lazy.compactMap { $0.failure == nil ? $0.asOf : nil }.first
            try summary.setPageSetup(Self.page(title: zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up", asOf: firstAsOf, lang))
            if let costs, let scoring = rollup.scoring { try costSheet(costs, scoring) }
            if let similar, let scoring = rollup.scoring { try similarSheet(similar, scoring, rollup) }
            try workbook.close()
        } catch {
            throw Self.failure(error, target)
        }
    }

    /// The roll-up's pages: A4 landscape, one page wide, the heading row repeated, page numbers in the footer.
    static func page(title: String, asOf: Day?, _ lang: Lang) -> PageSetup {
        let day = asOf.map { lang == .zh ? "截至 \($0.year)年\($0.month)月\($0.day)日" : "as of \($0)" } ?? ""
        return PageSetup(
            landscape: true, repeatRows: 0...0, header: "&L\(PageSetup.escaped(title))&R\(day)",
            footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N")
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
