import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import XlsxWriter

/// The roll-up workbook, written as agencies finish: the summary sheet 汇总 gets a row per agency, and each agency a
/// sheet of its own (its tasks with status and reasons), in constant memory (libxlsxwriter flushes each row).
final class RollupWorkbook {
    private let workbook: Workbook
    private let summary: Worksheet
    private let lang: Lang
    private let target: URL
    private var row = 0
    private var firstAsOf: Day?
    private var used = Set<String>()

    init(_ url: URL, target: URL, lang: Lang, created: Day?, agencies: Int) throws(GongkaiError) {
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
            let headers =
                zh
                ? ["单位", "计划", "通过", "未通过", "待办", "错误", "未通过的任务", "年度报告发布", "结论", "说明"]
                : ["Agency", "Plan", "Pass", "Fail", "Pending", "Error", "Failing tasks", "Annual report", "Result", "Note"]
            for (i, w) in [24.0, 26, 8, 8, 8, 8, 22, 14, 10, 60].enumerated() { try summary.setColumn(i, i, width: w) }
            for (i, h) in headers.enumerated() { try summary.write(0, i, h, WorkbookStyle.header) }
        } catch {
            throw Self.failure(error, target)
        }
    }

    private static func failure(_ error: Error, _ target: URL) -> GongkaiError {
        GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
    }

    func add(_ e: Rollup.Entry, _ sheet: Rollup.AgencySheet?) throws(GongkaiError) {
        do {
            try summaryRow(e)
            if let sheet { try agencySheet(sheet) }
        } catch {
            throw Self.failure(error, target)
        }
    }

    private func summaryRow(_ e: Rollup.Entry) throws(XlsxError) {
        let zh = lang == .zh
        row += 1
        try summary.write(row, 0, e.agency, WorkbookStyle.plainCell)
        if e.plan == nil || e.failure != nil {
            let reason = e.failure?(lang) ?? ""
            try summary.write(row, 8, zh ? "无法读取" : "unreadable", WorkbookStyle.status(.error))
            let lines = TextMetrics.lines(reason, columnWidth: 60)
            if lines > 1 { try summary.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
            try summary.write(row, 9, reason, WorkbookStyle.cell)
            return
        }
        firstAsOf = firstAsOf ?? e.asOf
        try summary.write(row, 1, e.plan ?? "", WorkbookStyle.plainCell)
        for (i, s) in [Status.pass, .fail, .pending, .error].enumerated() { try summary.write(row, 2 + i, e.summary[s] ?? 0, WorkbookStyle.plainCell) }
        try summary.write(row, 6, e.failingTasks.map(String.init).joined(separator: ","), WorkbookStyle.plainCell)
        try summary.write(row, 7, e.annualReport?.description ?? "—", WorkbookStyle.plainCell)
        try summary.write(row, 8, Rollup.verdict(e, lang), WorkbookStyle.status(e.compliant ? .pass : .fail))
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

    func close() throws(GongkaiError) {
        let zh = lang == .zh
        do {
            summary.freezePanes(row: 1, col: 1)
            try summary.autofilter(firstRow: 0, firstCol: 0, lastRow: max(row, 1), lastCol: 9)
            try summary.setPageSetup(Self.page(title: zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up", asOf: firstAsOf, lang))
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
