import Foundation
import XlsxWriter

/// The statistics laid out as the national format prints them: merged headings (申请人情况 / 自然人 / 法人或其他组织 / 总计),
/// row labels in up to three merged columns, one landscape page per table (manual breaks and a computed scale, since
/// fitting to a page ignores manual breaks).
extension AnnualStatistics: WorkbookSheet {
    /// Label columns A–C, then the values.
    static let labelWidths: [Double] = [10, 14, 30]
    static let valueWidth = 8.0

    public func addSheet(to wb: Workbook, lang: Lang) throws(XlsxError) {
        let ws = try wb.addWorksheet(lang == .zh ? "统计" : "Statistics")
        // A large evidence set streams its workbook row by row, where the official layout's merges down rows cannot be
        // written: the same tables then come one row after another, labels indented, still one landscape page per table.
        if wb.constantMemory { return try addRowOrderedSheet(ws, lang: lang) }
        ws.setDefaultRowHeight()
        let valueColumns = max(15, tables.map(\.columns.count).max() ?? 7)
        let widths = Self.labelWidths + Array(repeating: Self.valueWidth, count: valueColumns)
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
        for (n, t) in tables.enumerated() {
            // Table 二's blocks (`active`, `active-decisions`, …) share its page; 三 and 四 start their own.
            if n > 0, t.id.split(separator: "-").first != tables[n - 1].id.split(separator: "-").first {
                breaks.append(row)
                tableStart = row
            }
            let title = n == 0 ? "\(agency)\(year)年政府信息公开工作年度报告统计表（\(format)）\n\(t.title)" : t.title
            try height(row, title, width: fullWidth * 0.6)
            tall[row] = max(tall[row] ?? defaultHeight, 22 * Double(title.split(separator: "\n").count))
            try ws.setRow(row, height: tall[row] ?? 22)
            try ws.mergeRange(row, 0, row, 2 + t.columns.count, title, CellFormat(bold: true, wrap: true, fontSize: 12, alignTop: true))
            row += 1
            switch t.id {
            case "requests": row = try requestsHeader(ws, t, row: row, head: head, headCentered: headCentered)
            case "review": row = try reviewHeader(ws, row: row, head: head)
            default:
                try ws.mergeRange(row, 0, row, 2, lang == .zh ? "信息内容" : "Item", head)
                for (i, c) in t.columns.enumerated() { try ws.write(row, 3 + i, c, head) }
                try height(row, t.columns.max { TextMetrics.displayWidth($0) < TextMetrics.displayWidth($1) } ?? "", width: Self.valueWidth)
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
                row = try bodyRows(ws, t, row: row, label: label, number: number, total: total, dash: dash, height: height)
            }
            for note in t.notes.map({ "注：" + $0 }) + t.excluded.map({ "未计入：\($0.location)：\($0.reason)" }) {
                let text = note
                try height(row, text, width: fullWidth * 0.9)
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
            landscape: true, repeatRows: nil,
            header: "&L\(PageSetup.escaped(agency))&C\(year)年政府信息公开工作年度报告统计表",
            footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N")
        page.scale = scale
        try ws.setPrintArea(0, 0, max(row - 1, 0), 2 + valueColumns)
        try ws.setPageSetup(page)
    }

    func addRowOrderedSheet(_ ws: Worksheet, lang: Lang) throws(XlsxError) {
        try ws.setColumn(0, 0, width: 58)
        try ws.setColumn(1, 15, width: 10)
        try ws.write(0, 0, "\(agency)\(year)年政府信息公开工作年度报告统计表（\(format)）", WorkbookStyle.title)
        var row = 2
        var breaks: [Int] = []
        for (n, t) in tables.enumerated() {
            if n > 0, t.id.split(separator: "-").first != tables[n - 1].id.split(separator: "-").first { breaks.append(row) }
            try ws.write(row, 0, t.title, CellFormat(bold: true, fontSize: 12))
            row += 1
            try ws.write(row, 0, lang == .zh ? "项目" : "Item", WorkbookStyle.header)
            let heads = t.id == "review" ? ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].flatMap { k in t.columns.map { "\(k)·\($0)" } } : t.columns
            for (i, c) in heads.enumerated() { try ws.write(row, i + 1, c, WorkbookStyle.header) }
            // Table 四 prints as the format's one row of 15 numbers.
            let rows =
                t.id == "review" && t.rows.count == 3 ? [StatTable.Row(label: "案件数", level: 0, values: t.rows.flatMap(\.values), isTotal: false)] : t.rows
            for r in rows {
                row += 1
                try ws.write(row, 0, String(repeating: "    ", count: r.level) + r.label, CellFormat(bold: r.isTotal, wrap: true, border: true))
                for i in r.values.indices {
                    if (i < r.marked.count && r.marked[i]) || (i < r.amounts.count && r.amounts[i] != nil) || r.values[i] == nil {
                        try ws.write(row, i + 1, r.cell(i), CellFormat(border: true, center: true))
                    } else if let v = r.values[i] {
                        try ws.write(row, i + 1, v, CellFormat(bold: r.isTotal, border: true, center: true, numberFormat: "0"))
                    }
                }
            }
            for note in t.notes.map({ "注：" + $0 }) + t.excluded.map({ "未计入：\($0.location)：\($0.reason)" }) {
                row += 1
                try ws.write(row, 0, note, CellFormat(fontColor: 0x595959))
            }
            row += 2
        }
        try ws.setPageBreaks(beforeRows: breaks)
        try ws.setPageSetup(
            PageSetup(
                landscape: true, repeatRows: nil, header: "&L\(PageSetup.escaped(agency))&C\(year)年政府信息公开工作年度报告统计表",
                footer: lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N"))
    }

    /// 申请人情况 over 自然人 | 法人或其他组织 {商业企业 … 其他} | 总计, three rows high; the label columns merged beside them.
    func requestsHeader(_ ws: Worksheet, _ t: StatTable, row: Int, head: CellFormat, headCentered: CellFormat) throws(XlsxError) -> Int {
        try ws.mergeRange(row, 0, row + 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", headCentered)
        try ws.mergeRange(row, 3, row, 3 + t.columns.count - 1, "申请人情况", head)
        try ws.mergeRange(row + 1, 3, row + 2, 3, t.columns.first ?? "自然人", headCentered)
        try ws.mergeRange(row + 1, 4, row + 1, 3 + t.columns.count - 2, "法人或其他组织", head)
        try ws.mergeRange(row + 1, 3 + t.columns.count - 1, row + 2, 3 + t.columns.count - 1, t.columns.last ?? "总计", headCentered)
        for (i, c) in t.columns.dropFirst().dropLast().enumerated() { try ws.write(row + 2, 4 + i, c, head) }
        try ws.setRow(row, height: 20)
        try ws.setRow(row + 1, height: 20)
        try ws.setRow(row + 2, height: TextMetrics.rowHeight(lines: 2))
        return row + 3
    }

    /// 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), each over 结果维持 … 总计.
    func reviewHeader(_ ws: Worksheet, row: Int, head: CellFormat) throws(XlsxError) -> Int {
        let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        try ws.mergeRange(row, 0, row + 1, 4, "行政复议", head)
        try ws.mergeRange(row, 5, row, 14, "行政诉讼", head)
        try ws.mergeRange(row + 1, 5, row + 1, 9, "未经复议直接起诉", head)
        try ws.mergeRange(row + 1, 10, row + 1, 14, "复议后起诉", head)
        for k in 0..<3 { for (i, r) in results.enumerated() { try ws.write(row + 2, k * 5 + i, r, head) } }
        try ws.setRow(row + 2, height: TextMetrics.rowHeight(lines: 2))
        return row + 3
    }

    /// Rows with their labels placed by level: 一、… across A–C; 三、… down column A beside its results; （三）… down
    /// column B beside its numbered reasons in C. The format has no subtotal row for （三）–（六）: their reasons carry the numbers.
    func bodyRows(
        _ ws: Worksheet, _ t: StatTable, row start: Int, label: CellFormat, number: CellFormat, total: CellFormat, dash: CellFormat,
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
                groupStart = (row, r.label)
            case 0:
                try closeGroup(row - 1)
                try ws.mergeRange(row, 0, row, 2, r.label, label)
                try height(row, r.label, Self.labelWidths.reduce(0, +))
                try values(r, at: row)
                row += 1
            case 1 where r.isTotal && rows.first?.level == 2:
                var subs: [StatTable.Row] = []
                while let next = rows.first, next.level == 2 {
                    subs.append(next)
                    rows.removeFirst()
                }
                for (i, s) in subs.enumerated() {
                    try ws.write(row + i, 2, s.label, label)
                    try height(row + i, s.label, Self.labelWidths[2])
                    try values(s, at: row + i)
                }
                if subs.count > 1 { try ws.mergeRange(row, 1, row + subs.count - 1, 1, r.label, label) } else { try ws.write(row, 1, r.label, label) }
                row += subs.count
            default:
                if groupStart == nil { try ws.mergeRange(row, 0, row, 2, r.label, label) } else { try ws.mergeRange(row, 1, row, 2, r.label, label) }
                try height(row, r.label, Self.labelWidths[1] + Self.labelWidths[2])
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
                        title: "\(year)年政府信息公开工作年度报告统计表", subject: format, author: agency, company: agency,
                        created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
                try addSheet(to: wb, lang: lang)
                try wb.close()
            } catch {
                throw GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
            }
        }
    }
}
