import Foundation
import XlsxWriter

extension AnnualStatistics: WorkbookSheet {
    /// Adds the statistics as one sheet (统计 / Statistics): a block per table, "—" where the evidence cannot tell.
    public func addSheet(to wb: Workbook, lang: Lang) throws(XlsxError) {
        let ws = try wb.addWorksheet(lang == .zh ? "统计" : "Statistics")
        try ws.setColumn(0, 0, width: 58)
        try ws.setColumn(1, 7, width: 13)
        try ws.write(0, 0, "\(agency)\(year)年政府信息公开工作年度报告统计表（\(format)）", WorkbookReport.title)
        var row = 2
        for t in tables {
            try ws.write(row, 0, t.title, CellFormat(bold: true, fontSize: 12))
            row += 1
            try ws.write(row, 0, "项目", WorkbookReport.header)
            for (i, c) in t.columns.enumerated() { try ws.write(row, i + 1, c, WorkbookReport.header) }
            for r in t.rows {
                row += 1
                try ws.write(row, 0, String(repeating: "    ", count: r.level) + r.label, CellFormat(bold: r.isTotal, wrap: true, border: true))
                for (i, v) in r.values.enumerated() {
                    if let v { try ws.write(row, i + 1, v, CellFormat(bold: r.isTotal, border: true)) }
                    else { try ws.write(row, i + 1, "—", CellFormat(border: true, center: true)) }
                }
            }
            for n in t.notes { row += 1; try ws.write(row, 0, "注：" + n, CellFormat(fontColor: 0x7F7F7F)) }
            row += 2
        }
    }

    /// A workbook holding only the statistics sheet.
    public func writeWorkbook(to target: URL, lang: Lang, created: Day?) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                let wb = try Workbook(path: tmp.path)
                wb.textFilter = Redaction.mask
                try wb.setProperties(DocumentProperties(title: "\(year)年政府信息公开工作年度报告统计表", subject: format, author: agency, company: agency,
                                                        created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
                try addSheet(to: wb, lang: lang)
                try wb.close()
            } catch {
                throw GongkaiError(Text("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
            }
        }
    }
}
