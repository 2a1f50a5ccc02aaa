import Foundation
import GongkaiCore
import XlsxWriter

/// The statistics laid out as the national format prints them: merged headings (申请人情况 / 自然人 / 法人或其他组织 / 总计),
/// row labels in up to three merged columns, one landscape page per table (manual breaks and a computed scale, since
/// fitting to a page ignores manual breaks).
extension AnnualStatistics: WorkbookSheet {
    /// Label columns A–C, then the values.
    static let labelWidths: [Double] = [10, 14, 30]
    static let valueWidthZh = 8.0
    /// English headings are words that must not break inside (enterprises, organisations, institutions).
    static let valueWidthEn = 12.0
    static func valueWidth(_ lang: Lang) -> Double { lang == .zh ? valueWidthZh : valueWidthEn }

    public func addSheet(to wb: Workbook, lang: Lang) throws(XlsxError) {
        let ws = try wb.addWorksheet(lang == .zh ? "统计" : "Statistics")
        // A large evidence set streams its workbook row by row, where the official layout's merges down rows cannot be
        // written: the same layout then comes without merges, each merged cell where it starts, still one landscape page per table.
        if wb.constantMemory { return try addRowOrderedSheet(ws, lang: lang) }
        ws.setDefaultRowHeight()
        let valueColumns = max(15, tables.map(\.columns.count).max() ?? 7)
        let valueWidth = Self.valueWidth(lang)
        let widths = Self.labelWidths + Array(repeating: valueWidth, count: valueColumns)
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        let head = CellFormat(bold: true, wrap: true, border: true, center: true)
        var headCentered = head
        headCentered.alignTop = false
        let label = CellFormat(wrap: true, border: true, alignTop: true)
        let number = CellFormat(border: true, center: true, numberFormat: "0")
        let total = CellFormat(bold: true, border: true, center: true, numberFormat: "0")
        let dash = CellFormat(border: true, center: true)
        var row = 0
        var breaks: [Int] = []
        var heights: [Double] = []  // printed height of each table, for the scale
        var tableStart = 0
        func setHeight(_ r: Int, _ text: String, width: Double) throws(XlsxError) {
            let lines = TextMetrics.lines(text, columnWidth: width)
            if lines > 1 { try ws.setRow(r, height: TextMetrics.rowHeight(lines: lines)) }
        }
        let defaultHeight = TextMetrics.lineHeight + 1.5
        func used(_ from: Int, _ to: Int, _ tall: [Int: Double]) -> Double {
            (from..<to).reduce(0.0) { $0 + (tall[$1] ?? defaultHeight) }
        }
        var tall: [Int: Double] = [:]
        func height(_ r: Int, _ text: String, width: Double) throws(XlsxError) {
            try setHeight(r, text, width: width)
            let lines = TextMetrics.lines(text, columnWidth: width)
            tall[r] = max(tall[r] ?? defaultHeight, lines > 1 ? TextMetrics.rowHeight(lines: lines) : defaultHeight)
        }
        let fullWidth = widths.prefix(3 + valueColumns).reduce(0, +)
        // The width a text merged over columns 0…last wraps in.
        func merged(_ last: Int) -> Double { widths.prefix(last + 1).reduce(0, +) }
        for (n, t) in tables.enumerated() {
            // Table 二's blocks (`active`, `active-licensing`, …) share its page and title; 三 and 四 start their own.
            let continues = n > 0 && tables[n - 1].title == t.title
            if n > 0, !continues {
                breaks.append(row)
                tableStart = row
            }
            let span = 2 + t.columns.count
            if !continues {
                let title = n == 0 ? documentTitle(lang) + "\n" + t.title(lang) : t.title(lang)
                // Wrapped in the columns it is merged over; its 12-point bold runs about a fifth wider than the body's.
                try height(row, title, width: min(fullWidth * 0.6, merged(span) / 1.2))
                tall[row] = max(tall[row] ?? defaultHeight, 22 * Double(title.split(separator: "\n").count))
                try ws.setRow(row, height: tall[row] ?? 22)
                try ws.mergeRange(row, 0, row, span, title, CellFormat(bold: true, wrap: true, fontSize: 12, alignTop: true))
                row += 1
            }
            let grid = StatGrid(t)
            for (r, slots) in grid.slots.enumerated() {
                for (c, slot) in slots.enumerated() {
                    guard case .start(let cell) = slot else { continue }
                    let (first, last) = Self.sheetColumns(grid, c, cell.columns)
                    let text = cell.text(lang)
                    let isHead = r < grid.headerRows
                    let format = isHead ? (cell.rows > 1 ? headCentered : head) : cell.isLabel ? label : cell.bold ? total : number
                    if first != last || cell.rows > 1 {
                        try ws.mergeRange(row + r, first, row + r + cell.rows - 1, last, text, format)
                    } else if !cell.isLabel, !isHead {
                        try writeFigure(ws, row + r, first, text, format: format, dash: dash)
                    } else {
                        try ws.write(row + r, first, text, format)
                    }
                    if cell.rows == 1, cell.isLabel || isHead { try height(row + r, text, width: widths[first...last].reduce(0, +)) }
                }
            }
            row += grid.slots.count
            for note in notesAndExclusions(t, lang) {
                let text = note
                try height(row, text, width: min(fullWidth * 0.9, merged(2 + max(t.columns.count, 5))))
                try ws.mergeRange(row, 0, row, 2 + max(t.columns.count, 5), text, CellFormat(wrap: true, fontColor: 0x595959, alignTop: true))
                row += 1
            }
            heights.append(used(tableStart, row, tall))
            if n + 1 == tables.count || tables[n + 1].title != t.title { row += 1 }
        }
        try ws.setPageBreaks(beforeRows: breaks)
        // Landscape A4 less margins and the page header: about 770 × 470 points; a width unit prints at up to 7.2 points
        // (LibreOffice's substitute for Calibri is wider than Excel's 5.6).
        let widest = fullWidth * 7.2
        let tallest = heights.max() ?? 1
        let scale = Int((min(1, 760 / widest, 440 / tallest) * 100).rounded(.down)) - 2
        var page = PageSetup(
            landscape: true, repeatRows: nil, header: "&L\(PageSetup.escaped(agency))&C\(PageSetup.escaped(StatLabel.pageHeader(year: year)(lang)))",
            footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N")
        page.scale = scale
        try ws.setPrintArea(0, 0, max(row - 1, 0), 2 + valueColumns)
        try ws.setPageSetup(page)
    }

    /// The sheet's first line: the document and the format it follows.
    func documentTitle(_ lang: Lang) -> String {
        lang == .zh ? "\(agency)\(year)年政府信息公开工作年度报告统计表（\(format.zh)）" : "\(StatLabel.documentTitle(agency: agency, year: year).en) (\(format.en))"
    }

    /// The lines under a table: its notes, then each ledger row left out of it.
    func notesAndExclusions(_ t: StatTable, _ lang: Lang) -> [String] {
        t.notes.map { StatLabel.note(lang) + $0(lang) } + t.excluded.map { Self.excludedLine($0, lang) }
    }

    /// The sheet columns a grid cell covers: the row labels in A–C (the last label column reaching C), the figures from D;
    /// a table without row labels (四) starts its figures in A.
    static func sheetColumns(_ grid: StatGrid, _ column: Int, _ span: Int) -> (Int, Int) {
        func start(_ c: Int) -> Int { grid.labelColumns == 0 ? c : c < grid.labelColumns ? c : 3 + c - grid.labelColumns }
        let end = column + span - 1
        return (start(column), grid.labelColumns > 0 && end == grid.labelColumns - 1 ? 2 : start(end))
    }

    /// A figure as a number the sheet can add up; a marked cell ("12*") or "—" stays text, an amount keeps two decimals.
    func writeFigure(_ ws: Worksheet, _ row: Int, _ column: Int, _ text: String, format: CellFormat, dash: CellFormat) throws(XlsxError) {
        if let v = Int(text) {
            try ws.write(row, column, v, format)
        } else if text.contains("."), let a = Double(text) {
            try ws.write(row, column, a, CellFormat(border: true, center: true, numberFormat: "0.00"))
        } else {
            try ws.write(row, column, text, dash)
        }
    }

    func addRowOrderedSheet(_ ws: Worksheet, lang: Lang) throws(XlsxError) {
        try ws.setColumn(0, 2, width: 20)
        try ws.setColumn(3, 17, width: 10)
        try ws.write(0, 0, documentTitle(lang), WorkbookStyle.title)
        var row = 2
        var breaks: [Int] = []
        for (n, t) in tables.enumerated() {
            let continues = n > 0 && tables[n - 1].title == t.title
            if n > 0, !continues { breaks.append(row) }
            if !continues {
                try ws.write(row, 0, t.title(lang), CellFormat(bold: true, fontSize: 12))
                row += 1
            }
            // The format's layout without merges: a merged cell is written where it starts.
            let grid = StatGrid(t)
            for (r, slots) in grid.slots.enumerated() {
                for (c, slot) in slots.enumerated() {
                    guard case .start(let cell) = slot else { continue }
                    let column = Self.sheetColumns(grid, c, 1).0
                    if r < grid.headerRows || cell.isLabel {
                        try ws.write(
                            row, column, cell.text(lang), r < grid.headerRows ? WorkbookStyle.header : CellFormat(bold: cell.bold, wrap: true, border: true))
                    } else {
                        let format = CellFormat(bold: cell.bold, border: true, center: true, numberFormat: "0")
                        try writeFigure(ws, row, column, cell.text(lang), format: format, dash: CellFormat(border: true, center: true))
                    }
                }
                row += 1
            }
            for note in notesAndExclusions(t, lang) {
                try ws.write(row, 0, note, CellFormat(fontColor: 0x595959))
                row += 1
            }
            row += 1
        }
        try ws.setPageBreaks(beforeRows: breaks)
        try ws.setPageSetup(
            PageSetup(
                landscape: true, repeatRows: nil, header: "&L\(PageSetup.escaped(agency))&C\(PageSetup.escaped(StatLabel.pageHeader(year: year)(lang)))",
                footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N"))
    }

    /// A workbook holding only the statistics sheet.
    public func writeWorkbook(to target: URL, lang: Lang, created: Day?) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                let wb = try Workbook(path: tmp.path)
                wb.textFilter = Redaction.mask
                try wb.setProperties(
                    DocumentProperties(
                        title: StatLabel.pageHeader(year: year)(lang), subject: format(lang), author: agency, company: agency,
                        created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
                try addSheet(to: wb, lang: lang)
                try wb.close()
            } catch {
                throw GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
            }
        }
    }
}
