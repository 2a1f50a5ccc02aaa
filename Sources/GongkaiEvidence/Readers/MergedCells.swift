import GongkaiOffice

/// A sheet's merged ranges as a ledger fills them in, row by row in the sheet's order: the value of a range's
/// top-left cell, read on its first row, belongs to every cell of it a row leaves empty.
///
/// A row costs what it holds and gains, never the sheet's ranges: looking at every range for every row made a
/// 20,000-row ledger with a range on each row take 400 million steps. So ranges begin on their first row and end
/// after their last, and only those under way are looked at. Excel writes rows in order and ranges that never
/// overlap; a file may do either: a range starting on a row out of order begins nowhere, a row out of order is
/// filled by the ranges under way, and ranges that overlap fill nothing from the row where they meet.
struct MergedCells {
    private let ranges: [XLSXWorkbook.MergedRange]
    /// The ranges starting on each row, until it is read.
    private var starting: [Int: [Int]]
    /// The ranges under way, with their value: begun on a row read, not past their last row, overlapping no other.
    private var active: [(range: Int, value: XLSXWorkbook.Value)] = []
    /// The furthest row read.
    private var reached = 0

    init(_ ranges: [XLSXWorkbook.MergedRange]) {
        self.ranges = ranges
        starting = Dictionary(grouping: ranges.indices) { ranges[$0].firstRow }
    }

    /// `row` with the cells the ranges over it give; with a header of `width` columns above, a range fills no
    /// further than the header's columns (what a row is read by).
    mutating func fill(_ row: XLSXWorkbook.Row, width: Int?) -> XLSXWorkbook.Row {
        let number = row.number
        if number > reached {
            reached = number
            active.removeAll { ranges[$0.range].lastRow < number }
            if let begun = starting.removeValue(forKey: number) { begin(begun, on: row) }
        } else {
            starting[number] = nil
        }
        var cells = row.cells
        var present = Set(cells.map(\.column))
        for (index, value) in active where ranges[index].firstRow <= number && number <= ranges[index].lastRow {
            let range = ranges[index]
            let last = width.map { min(range.lastColumn, max($0, range.firstColumn)) } ?? range.lastColumn
            for column in range.firstColumn...last where present.insert(column).inserted {
                cells.append(.init(column: column, value: value))
            }
        }
        cells.sort { $0.column < $1.column }
        return XLSXWorkbook.Row(number: number, cells: cells)
    }

    /// Ranges begin on their first row with the value of their top-left cell (without one they fill nothing). Every
    /// range under way then covers this row, so two that share a column overlap: each run of ranges overlapping
    /// one another is dropped.
    private mutating func begin(_ begun: [Int], on row: XLSXWorkbook.Row) {
        var values: [Int: XLSXWorkbook.Value] = [:]
        for cell in row.cells where values[cell.column] == nil { values[cell.column] = cell.value }
        let before = active.count
        for index in begun {
            if let value = values[ranges[index].firstColumn] { active.append((index, value)) }
        }
        guard active.count > before else { return }
        active.sort { (ranges[$0.range].firstColumn, $0.range) < (ranges[$1.range].firstColumn, $1.range) }
        var kept: [(range: Int, value: XLSXWorkbook.Value)] = []
        var run = 0
        var runEnd = ranges[active[0].range].lastColumn
        for k in 1...active.count {
            if k < active.count && ranges[active[k].range].firstColumn <= runEnd {
                runEnd = max(runEnd, ranges[active[k].range].lastColumn)
                continue
            }
            if k - run == 1 { kept.append(active[run]) }
            if k < active.count {
                run = k
                runEnd = ranges[active[k].range].lastColumn
            }
        }
        active = kept
    }
}
