import Foundation
import GongkaiCore
import GongkaiRubric
import XlsxWriter

/// The 自评表 as offices submit it (序号 | 考核项目 | 分值 | 考核标准 | 自评分 | 扣分原因 | 佐证材料), printed like the
/// check workbook: A4 landscape one page wide, the heading row repeated, text wrapped, totals above the table.
public struct ScorecardWorkbook: Sendable {
    public var created: Day?
    public init(created: Day? = nil) { self.created = created }

    public func write(_ s: Scorecard, lang: Lang, to target: URL) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do { try build(s, lang: lang, path: tmp.path) } catch {
                let message = (error as? XlsxError)?.message ?? "\(error)"
                throw GongkaiError(Message("无法写入自评表 \(target.path)：\(message)", "cannot write the self-assessment \(target.path): \(message)"))
            }
        }
    }

    func build(_ s: Scorecard, lang: Lang, path: String) throws(XlsxError) {
        let zh = lang == .zh
        let wb = try Workbook(path: path)
        wb.textFilter = Redaction.mask
        try wb.setProperties(
            DocumentProperties(
                title: zh ? "\(s.rubric.title)自评表" : "\(s.rubric.title): self-assessment", subject: s.rubric.title, author: s.agency,
                company: s.agency, created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
        try ScorecardSheet(card: s).write(in: wb, lang: lang).activate()
        try wb.close()
    }
}

/// The 自评表 as one sheet, for its own workbook (`score --xlsx`) or beside the check's sheets (`check --rubric --xlsx`).
public struct ScorecardSheet: WorkbookSheet {
    public var card: Scorecard
    public init(card: Scorecard) { self.card = card }

    public func addSheet(to wb: Workbook, lang: Lang) throws(XlsxError) { _ = try write(in: wb, lang: lang) }

    func write(in wb: Workbook, lang: Lang) throws(XlsxError) -> Worksheet {
        let s = card
        let zh = lang == .zh
        let ws = try wb.addWorksheet(zh ? "自评表" : "Self-assessment")
        ws.setDefaultRowHeight()
        let widths: [Double] = [6, 20, 7, 44, 8, 46, 22]
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        let title = ScorecardReport.header(s, lang)
        try ws.setRow(0, height: 24)
        try ws.mergeRange(0, 0, 0, 6, title[0], CellFormat(bold: true, fontSize: 14, center: true))
        try ws.mergeRange(1, 0, 1, 6, title[1] + (zh ? "　" : "  ") + title[2], CellFormat(wrap: true))
        var row = 2
        let label = CellFormat(bold: true, border: true, alignTop: true)
        for (k, v) in ScorecardReport.totals(s, lang) {
            try ws.mergeRange(row, 0, row, 1, k, label)
            let lines = TextMetrics.lines(v, columnWidth: widths[2...].reduce(0, +))
            if lines > 1 { try ws.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
            try ws.mergeRange(row, 2, row, 6, v, WorkbookStyle.cell)
            row += 1
        }
        row += 1
        let headerRow = row
        let headers = zh ? ["序号", "考核项目", "分值", "考核标准", "自评分", "扣分原因", "佐证材料"] : ["No.", "Item", "Points", "Criterion", "Self-score", "Reasons", "Evidence"]
        try ws.writeRow(row, headers.map { XlsxCell($0, WorkbookStyle.header) }, columnWidths: widths)
        let number = CellFormat(border: true, alignTop: true, numberFormat: "0.##")
        for item in s.items {
            row += 1
            let reasons = ScorecardReport.reasons(item, lang)
            try ws.writeRow(
                row,
                [
                    XlsxCell(item.item.no, WorkbookStyle.cell), XlsxCell(item.item.title, WorkbookStyle.cell), XlsxCell(number: item.item.points, number),
                    XlsxCell(item.item.criterion, WorkbookStyle.cell), XlsxCell(number: item.score, number),
                    XlsxCell(reasons.isEmpty ? (zh ? "无" : "none") : reasons.joined(separator: "\n"), WorkbookStyle.cell),
                    XlsxCell(ScorecardReport.evidence(item, lang).joined(separator: "\n"), WorkbookStyle.cell),
                ], columnWidths: widths)
        }
        row += 1
        try ws.writeRow(
            row,
            [
                XlsxCell("", label), XlsxCell(zh ? "合计" : "Total", label), XlsxCell(number: s.fullPoints, number), XlsxCell("", label),
                XlsxCell(number: s.selfScore, number), XlsxCell(zh ? "待评定 \(Points.text(s.atStake)) 分" : "\(Points.text(s.atStake)) to be decided", label),
                XlsxCell("", label),
            ], columnWidths: widths)
        ws.freezePanes(row: headerRow + 1, col: 0)
        let asOf = zh ? "截至 \(s.asOf.year)年\(s.asOf.month)月\(s.asOf.day)日" : "as of \(s.asOf)"
        let header = "&L\(PageSetup.escaped(s.agency))&C\(PageSetup.escaped(s.rubric.title))&R\(asOf)"
        let footer = zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N"
        try ws.setPageSetup(PageSetup(landscape: true, fitWide: 1, fitTall: 0, repeatRows: headerRow...headerRow, header: header, footer: footer))
        return ws
    }
}
