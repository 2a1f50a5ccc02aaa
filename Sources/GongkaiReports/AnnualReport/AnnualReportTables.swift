import Foundation

/// Tables 二、三、四 of the national format as Word lays them out: the statistics' own layout (`StatGrid`), its merged
/// cells as Word's spans and vertical merges, so the report prints what `stats` writes, label by label.
enum AnnualReportTables {
    /// Table 二's blocks in order, each under its 第二十条 item: 规章 and 规范性文件 (`active`), 行政许可 (`active-licensing`),
    /// 行政处罚 and 行政强制 (`active-enforcement`), fees (`active-fees`), and in 2019 procurement (`active-procurement`).
    static func activeTables(_ s: AnnualStatistics) -> [StatTable] {
        s.tables.filter { $0.id == "active" || $0.id.hasPrefix("active-") }
    }

    static func table(_ t: StatTable) -> ReportTable {
        let grid = StatGrid(t)
        let labelWidths: [Int] =
            switch grid.labelColumns {
            case 0: []
            case 1: [3000]
            case 3: [620, 620, 2704]
            default: Array(repeating: 3944 / grid.labelColumns, count: grid.labelColumns)
            }
        let each = (textBlockWidth - labelWidths.reduce(0, +)) / max(t.columns.count, 1)
        let widths = labelWidths + Array(repeating: each, count: t.columns.count)
        var rows: [[ReportTable.Cell]] = []
        for (r, slots) in grid.slots.enumerated() {
            var cells: [ReportTable.Cell] = []
            var c = 0
            while c < slots.count {
                switch slots[c] {
                case .start(let cell):
                    let header = r < grid.headerRows
                    cells.append(
                        ReportTable.Cell(
                            cell.text.zh, span: cell.columns, merge: cell.rows > 1 ? .restart : .none, bold: cell.bold || header,
                            isLabel: cell.isLabel && !header))
                    c += cell.columns
                case .covered(let r0, let c0):
                    // Covered from a row above: the lower part of a vertical merge, as wide as the cell that starts it.
                    guard r0 < r, case .start(let owner) = grid.slots[r0][c0] else {
                        c += 1
                        continue
                    }
                    cells.append(.below(span: owner.columns))
                    c += owner.columns
                }
            }
            rows.append(cells)
        }
        return ReportTable(columnWidths: widths, headerRows: grid.headerRows, rows: rows, fontSize: t.id.hasPrefix("active") ? 21 : 18)
    }
}
