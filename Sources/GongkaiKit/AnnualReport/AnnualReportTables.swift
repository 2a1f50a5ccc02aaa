import Foundation

/// Tables 二、三、四 of the national format as Word lays them out, from whatever rows the statistics model has:
/// a row the statistics gain later appears without a change here.
enum AnnualReportTables {
    static func number(_ v: Int?) -> String { v.map(String.init) ?? "—" }

    /// 二、主动公开政府信息情况: 信息内容 and the model's columns; a row with fewer values than columns spans the rest.
    /// Table 二's blocks in order: 规章 and 规范性文件 (`active`), then the 第二十条 items the format adds (`active-decisions`,
    /// `active-fees`, and in 2019 `active-procurement`), each with its own column headings.
    static func activeTables(_ s: AnnualStatistics) -> [StatTable] {
        s.tables.filter { $0.id == "active" || $0.id.hasPrefix("active-") }
    }

    static func active(_ t: StatTable) -> ReportTable {
        let n = t.columns.count
        let labelWidth = 3000
        let widths = [labelWidth] + Array(repeating: (textBlockWidth - labelWidth) / max(n, 1), count: n)
        var rows: [[ReportTable.Cell]] = [[.label("信息内容", bold: true)] + t.columns.map { ReportTable.Cell($0.zh, bold: true) }]
        for r in t.rows {
            var cells: [ReportTable.Cell] = [.label(String(repeating: "　", count: r.level) + r.label.zh, bold: r.isTotal)]
            if r.values.isEmpty {
                cells[0].span = n + 1
            } else {
                // Row.cell prints counts, amounts (万元, two decimals) and "—" as the statistics do.
                let shown = Array(r.values.indices.prefix(n))
                cells += shown.dropLast().map { ReportTable.Cell(r.cell($0)) }
                if let last = shown.last { cells.append(ReportTable.Cell(r.cell(last), span: n - shown.count + 1)) }
            }
            rows.append(cells)
        }
        return ReportTable(columnWidths: widths, headerRows: 1, rows: rows, fontSize: 21)
    }

    /// 三、收到和处理政府信息公开申请情况: three label columns (一、 / （一） / 1.) under a merged corner, 申请人情况 over
    /// 自然人 / 法人或其他组织 (its five kinds) / 总计. 三、本年度办理结果 and each （n） with sub-rows are vertically merged
    /// down their rows, as the format prints them; a （n）'s own subtotal is not a row of the format and is left out.
    static func requests(_ t: StatTable, year: Int) -> ReportTable {
        let valueColumns = t.columns.count
        let labelWidths = [620, 620, 2704]
        let each = (textBlockWidth - labelWidths.reduce(0, +)) / max(valueColumns, 1)
        let widths = labelWidths + Array(repeating: each, count: valueColumns)
        let corner = year >= 2021 ? "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" : ""
        let organisations = max(valueColumns - 2, 0)
        var rows: [[ReportTable.Cell]] = [
            [.label(corner, span: 3, merge: .restart), ReportTable.Cell("申请人情况", span: valueColumns, bold: true)],
            [
                .below(span: 3), ReportTable.Cell(t.columns.first?.zh ?? "", merge: .restart, bold: true),
                ReportTable.Cell("法人或其他组织", span: organisations, bold: true),
                ReportTable.Cell(t.columns.last?.zh ?? "", merge: .restart, bold: true),
            ],
            [ReportTable.Cell.below(span: 3), ReportTable.Cell.below()] + t.columns.dropFirst().dropLast().map { ReportTable.Cell($0.zh, bold: true) } + [
                ReportTable.Cell.below()
            ],
        ]
        let body = t.rows
        var inResults = false
        for (i, r) in body.enumerated() {
            let values = r.values.map { ReportTable.Cell(number($0)) }
            let hasChildren = i + 1 < body.count && body[i + 1].level > r.level
            switch r.level {
            case 0 where r.values.isEmpty:
                // 三、本年度办理结果: a merged label down the outcome rows, not a row of its own.
                inResults = true
                continue
            case 0:
                inResults = false
                rows.append([.label(r.label.zh, span: 3)] + values)
            case 1 where hasChildren:
                continue
            case 1:
                let head = resultsCell(rows.last, inResults, body, i)
                rows.append([head, .label(r.label.zh, span: 2)] + values)
            default:
                let parentIndex = body[..<i].lastIndex { $0.level < r.level } ?? i
                let first = parentIndex == i - 1
                let parent: ReportTable.Cell = first ? .label(body[parentIndex].label.zh, merge: .restart) : .below()
                let head = resultsCell(rows.last, inResults, body, i)
                rows.append([head, parent, .label(r.label.zh)] + values)
            }
        }
        return ReportTable(columnWidths: widths, headerRows: 3, rows: rows, fontSize: 18)
    }

    /// The 三、本年度办理结果 cell of an outcome row: the first starts the merge.
    private static func resultsCell(_ previous: [ReportTable.Cell]?, _ inResults: Bool, _ body: [StatTable.Row], _ i: Int) -> ReportTable.Cell {
        guard inResults else { return .label("") }
        let heading = body[..<i].last { $0.level == 0 && $0.values.isEmpty }?.label.zh ?? ""
        let started = previous.map { $0.first?.text == heading || $0.first?.merge == .continue } ?? false
        return started ? .below() : .label(heading, merge: .restart)
    }

    /// 四、政府信息公开行政复议、行政诉讼情况: one row of (rows × columns) cells under 行政复议 / 行政诉讼 and each
    /// 行政诉讼（…） kind, the results repeated for each.
    static func review(_ t: StatTable) -> ReportTable {
        let n = t.columns.count
        let cells = t.rows.count * n
        let widths = Array(repeating: textBlockWidth / max(cells, 1), count: cells)
        var top: [ReportTable.Cell] = []
        var middle: [ReportTable.Cell] = []
        var litigation = 0
        for r in t.rows.map({ $0.label.zh }) {
            if let open = r.firstIndex(of: "（"), r.hasSuffix("）") {
                let group = String(r[..<open])
                let kind = String(r[r.index(after: open)..<r.index(before: r.endIndex)])
                if litigation == 0 { top.append(ReportTable.Cell(group, span: n, bold: true)) } else { top[top.count - 1].span += n }
                litigation += 1
                middle.append(ReportTable.Cell(kind, span: n, bold: true))
            } else {
                litigation = 0
                top.append(ReportTable.Cell(r, span: n, merge: .restart, bold: true))
                middle.append(.below(span: n))
            }
        }
        let labels = t.rows.flatMap { _ in t.columns.map { ReportTable.Cell($0.zh, bold: true) } }
        let values = t.rows.flatMap { r in (0..<n).map { ReportTable.Cell(number($0 < r.values.count ? r.values[$0] : nil)) } }
        return ReportTable(columnWidths: widths, headerRows: 3, rows: [top, middle, labels, values], fontSize: 18)
    }
}
