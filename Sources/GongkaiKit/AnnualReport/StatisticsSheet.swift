import Foundation
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
        // written: the same tables then come one row after another, labels indented, still one landscape page per table.
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
            // Table 二's blocks (`active`, `active-decisions`, …) share its page; 三 and 四 start their own.
            if n > 0, t.id.split(separator: "-").first != tables[n - 1].id.split(separator: "-").first {
                breaks.append(row)
                tableStart = row
            }
            let title = n == 0 ? documentTitle(lang) + "\n" + t.title(lang) : t.title(lang)
            // Wrapped in the columns it is merged over; its 12-point bold runs about a fifth wider than the body's.
            try height(row, title, width: min(fullWidth * 0.6, merged(2 + t.columns.count) / 1.2))
            tall[row] = max(tall[row] ?? defaultHeight, 22 * Double(title.split(separator: "\n").count))
            try ws.setRow(row, height: tall[row] ?? 22)
            try ws.mergeRange(row, 0, row, 2 + t.columns.count, title, CellFormat(bold: true, wrap: true, fontSize: 12, alignTop: true))
            row += 1
            switch t.id {
            case "requests": row = try requestsHeader(ws, t, row: row, head: head, headCentered: headCentered, lang: lang)
            case "review": row = try reviewHeader(ws, row: row, head: head, lang: lang)
            default:
                try ws.mergeRange(row, 0, row, 2, StatLabel.item(lang), head)
                let columns = t.columns.map { $0(lang) }
                for (i, c) in columns.enumerated() { try ws.write(row, 3 + i, c, head) }
                try height(row, columns.max { TextMetrics.displayWidth($0) < TextMetrics.displayWidth($1) } ?? "", width: valueWidth)
                row += 1
            }
            if t.id == "review", t.rows.count == 3 {
                // The format prints the three case kinds side by side in one row of 15 numbers.
                for (k, r) in t.rows.enumerated() {
                    for (i, v) in r.values.enumerated() {
                        let col = k * 5 + i
                        if let v { try ws.write(row, col, v, i == 4 ? total : number) } else { try ws.write(row, col, "—", dash) }
                    }
                }
                row += 1
            } else {
                row = try bodyRows(ws, t, row: row, label: label, number: number, total: total, dash: dash, lang: lang, height: height)
            }
            for note in notesAndExclusions(t, lang) {
                let text = note
                try height(row, text, width: min(fullWidth * 0.9, merged(2 + max(t.columns.count, 5))))
                try ws.mergeRange(row, 0, row, 2 + max(t.columns.count, 5), text, CellFormat(wrap: true, fontColor: 0x595959, alignTop: true))
                row += 1
            }
            heights.append(used(tableStart, row, tall))
            row += 1
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

    func addRowOrderedSheet(_ ws: Worksheet, lang: Lang) throws(XlsxError) {
        try ws.setColumn(0, 0, width: 58)
        try ws.setColumn(1, 15, width: 10)
        try ws.write(0, 0, documentTitle(lang), WorkbookStyle.title)
        var row = 2
        var breaks: [Int] = []
        for (n, t) in tables.enumerated() {
            if n > 0, t.id.split(separator: "-").first != tables[n - 1].id.split(separator: "-").first { breaks.append(row) }
            try ws.write(row, 0, t.title(lang), CellFormat(bold: true, fontSize: 12))
            row += 1
            try ws.write(row, 0, lang == .zh ? "项目" : "Item", WorkbookStyle.header)
            let columns = t.columns.map { $0(lang) }
            let heads =
                t.id == "review"
                ? [StatLabel.reconsideration, StatLabel.litigationDirect, StatLabel.litigationAfter].flatMap { k in columns.map { "\(k(lang))·\($0)" } }
                : columns
            for (i, c) in heads.enumerated() { try ws.write(row, i + 1, c, WorkbookStyle.header) }
            // Table 四 prints as the format's one row of 15 numbers.
            let rows =
                t.id == "review" && t.rows.count == 3
                ? [StatTable.Row(label: StatLabel.cases, level: 0, values: t.rows.flatMap(\.values), isTotal: false)] : t.rows
            for r in rows {
                row += 1
                try ws.write(row, 0, String(repeating: "    ", count: r.level) + r.label(lang), CellFormat(bold: r.isTotal, wrap: true, border: true))
                for i in r.values.indices {
                    if (i < r.marked.count && r.marked[i]) || (i < r.amounts.count && r.amounts[i] != nil) || r.values[i] == nil {
                        try ws.write(row, i + 1, r.cell(i), CellFormat(border: true, center: true))
                    } else if let v = r.values[i] {
                        try ws.write(row, i + 1, v, CellFormat(bold: r.isTotal, border: true, center: true, numberFormat: "0"))
                    }
                }
            }
            for note in notesAndExclusions(t, lang) {
                row += 1
                try ws.write(row, 0, note, CellFormat(fontColor: 0x595959))
            }
            row += 2
        }
        try ws.setPageBreaks(beforeRows: breaks)
        try ws.setPageSetup(
            PageSetup(
                landscape: true, repeatRows: nil, header: "&L\(PageSetup.escaped(agency))&C\(PageSetup.escaped(StatLabel.pageHeader(year: year)(lang)))",
                footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N"))
    }

    /// 申请人情况 over 自然人 | 法人或其他组织 {商业企业 … 其他} | 总计, three rows high; the label columns merged beside them.
    func requestsHeader(_ ws: Worksheet, _ t: StatTable, row: Int, head: CellFormat, headCentered: CellFormat, lang: Lang) throws(XlsxError) -> Int {
        let columns = t.columns.map { $0(lang) }
        try ws.mergeRange(row, 0, row + 2, 2, StatLabel.balanceNote(lang), headCentered)
        try ws.mergeRange(row, 3, row, 3 + columns.count - 1, StatLabel.applicants(lang), head)
        try ws.mergeRange(row + 1, 3, row + 2, 3, columns.first ?? "", headCentered)
        try ws.mergeRange(row + 1, 4, row + 1, 3 + columns.count - 2, StatLabel.organisations(lang), head)
        try ws.mergeRange(row + 1, 3 + columns.count - 1, row + 2, 3 + columns.count - 1, columns.last ?? "", headCentered)
        for (i, c) in columns.dropFirst().dropLast().enumerated() { try ws.write(row + 2, 4 + i, c, head) }
        try ws.setRow(row, height: 20)
        try ws.setRow(row + 1, height: 20)
        // English headings are longer: the applicant kinds wrap to more lines in the same width.
        let lines = columns.dropFirst().dropLast().map { TextMetrics.lines($0, columnWidth: Self.valueWidth(lang)) }.max() ?? 2
        try ws.setRow(row + 2, height: TextMetrics.rowHeight(lines: max(2, lines)))
        return row + 3
    }

    /// 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), each over 结果维持 … 总计.
    func reviewHeader(_ ws: Worksheet, row: Int, head: CellFormat, lang: Lang) throws(XlsxError) -> Int {
        let results = (StatLabel.reviewResults + [StatLabel.total]).map { $0(lang) }
        try ws.mergeRange(row, 0, row + 1, 4, StatLabel.reconsideration(lang), head)
        try ws.mergeRange(row, 5, row, 14, StatLabel.litigation(lang), head)
        try ws.mergeRange(row + 1, 5, row + 1, 9, StatLabel.direct(lang), head)
        try ws.mergeRange(row + 1, 10, row + 1, 14, StatLabel.afterReconsideration(lang), head)
        for k in 0..<3 { for (i, r) in results.enumerated() { try ws.write(row + 2, k * 5 + i, r, head) } }
        let lines = results.map { TextMetrics.lines($0, columnWidth: Self.valueWidth(lang)) }.max() ?? 2
        try ws.setRow(row + 2, height: TextMetrics.rowHeight(lines: max(2, lines)))
        return row + 3
    }

    /// Rows with their labels placed by level: 一、… across A–C; 三、… down column A beside its results; （三）… down
    /// column B beside its numbered reasons in C. The format has no subtotal row for （三）–（六）: their reasons carry the numbers.
    func bodyRows(
        _ ws: Worksheet, _ t: StatTable, row start: Int, label: CellFormat, number: CellFormat, total: CellFormat, dash: CellFormat, lang: Lang,
        height: (Int, String, Double) throws(XlsxError) -> Void
    ) throws(XlsxError) -> Int {
        var row = start
        var rows = t.rows[...]
        func values(_ r: StatTable.Row, at row: Int) throws(XlsxError) {
            for (i, v) in r.values.enumerated() {
                let format = r.isTotal || i == r.values.count - 1 ? total : number
                // A cell rows were left out of keeps its mark ("12*"); amounts (万元) keep their decimals.
                if i < r.marked.count, r.marked[i] {
                    try ws.write(row, 3 + i, r.cell(i), dash)
                } else if i < r.amounts.count, let a = r.amounts[i] {
                    try ws.write(row, 3 + i, a, CellFormat(border: true, center: true, numberFormat: "0.00"))
                } else if let v {
                    try ws.write(row, 3 + i, v, format)
                } else {
                    try ws.write(row, 3 + i, "—", dash)
                }
            }
        }
        var groupStart: (row: Int, label: String)?
        func closeGroup(_ end: Int) throws(XlsxError) {
            guard let g = groupStart else { return }
            if end > g.row { try ws.mergeRange(g.row, 0, end, 0, g.label, label) } else { try ws.write(g.row, 0, g.label, label) }
            groupStart = nil
        }
        while let r = rows.popFirst() {
            switch r.level {
            case 0 where r.values.isEmpty:
                try closeGroup(row - 1)
                groupStart = (row, r.label(lang))
            case 0:
                try closeGroup(row - 1)
                try ws.mergeRange(row, 0, row, 2, r.label(lang), label)
                try height(row, r.label(lang), Self.labelWidths.reduce(0, +))
                try values(r, at: row)
                row += 1
            case 1 where r.isTotal && rows.first?.level == 2:
                var subs: [StatTable.Row] = []
                while let next = rows.first, next.level == 2 {
                    subs.append(next)
                    rows.removeFirst()
                }
                for (i, s) in subs.enumerated() {
                    try ws.write(row + i, 2, s.label(lang), label)
                    try height(row + i, s.label(lang), Self.labelWidths[2])
                    try values(s, at: row + i)
                }
                if subs.count > 1 {
                    try ws.mergeRange(row, 1, row + subs.count - 1, 1, r.label(lang), label)
                } else {
                    try ws.write(row, 1, r.label(lang), label)
                }
                row += subs.count
            default:
                if groupStart == nil {
                    try ws.mergeRange(row, 0, row, 2, r.label(lang), label)
                } else {
                    try ws.mergeRange(row, 1, row, 2, r.label(lang), label)
                }
                try height(row, r.label(lang), Self.labelWidths[1] + Self.labelWidths[2])
                try values(r, at: row)
                row += 1
            }
        }
        try closeGroup(row - 1)
        return row
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
