import GongkaiCore

/// A statistics table laid out as the national format prints it: merged heading cells over the columns, the row labels in
/// as many columns as the deepest row needs, each parent label merged down the rows under it. Every writer (Markdown, CSV,
/// the workbook, Word) prints this one layout, so their labels come in the same order as a published report's.
struct StatGrid {
    /// A cell that starts at its position and covers `rows` × `columns` positions.
    struct Cell {
        var text: Message
        var rows = 1
        var columns = 1
        /// A label (left-aligned) rather than a figure.
        var isLabel = true
        var bold = false
    }
    /// A position: the cell starting there, or covered by the cell starting at (row, column).
    enum Slot {
        case start(Cell)
        case covered(row: Int, column: Int)
    }

    /// Label columns before the figures: 0 for a table without row labels (四).
    var labelColumns: Int
    /// Heading rows (the 条例's item, then the column headings), then one row per statistics row.
    var slots: [[Slot]]
    var headerRows: Int

    init(_ t: StatTable) {
        labelColumns = t.corner == nil ? 0 : max(1, (t.rows.map(\.parents.count).max() ?? 0) + 1)
        let width = labelColumns + t.columns.count
        var grid: [[Slot?]] = []
        func place(_ r: Int, _ c: Int, _ cell: Cell) {
            while grid.count < r + cell.rows { grid.append(Array(repeating: nil, count: width)) }
            grid[r][c] = .start(cell)
            for dr in 0..<cell.rows {
                for dc in 0..<cell.columns where dr > 0 || dc > 0 { grid[r + dr][c + dc] = .covered(row: r, column: c) }
            }
        }
        var top = 0
        if let heading = t.heading {
            place(0, 0, Cell(text: heading, columns: width, bold: true))
            top = 1
        }
        // Column headings: each column's parents, then its own label down to the last heading row.
        let stacks = t.columns.indices.map { i in (i < t.columnParents.count ? t.columnParents[i] : []) + [t.columns[i]] }
        let depth = stacks.map(\.count).max() ?? 1
        while grid.count < top + depth { grid.append(Array(repeating: nil, count: width)) }
        if let corner = t.corner { place(top, 0, Cell(text: corner, rows: depth, columns: labelColumns, bold: true)) }
        for level in 0..<depth {
            var i = 0
            while i < stacks.count {
                let stack = stacks[i]
                guard level < stack.count else {
                    i += 1
                    continue
                }
                let isLast = level == stack.count - 1
                var span = 1
                // A parent heading spans the following columns that share it (and everything above it).
                while !isLast, i + span < stacks.count, stacks[i + span].count > level + 1,
                    stacks[i + span].prefix(level + 1).map(\.zh) == stack.prefix(level + 1).map(\.zh)
                {
                    span += 1
                }
                // A parent given twice (行政复议 over 行政复议) is one cell two rows high: the results stay on the bottom row.
                if level > 0, stack[level].zh == stack[level - 1].zh, let above = grid[top + level - 1][labelColumns + i] {
                    let (r0, c0) = if case .covered(let r, let c) = above { (r, c) } else { (top + level - 1, labelColumns + i) }
                    if case .start(var cell) = grid[r0][c0] {
                        cell.rows += 1
                        grid[r0][c0] = .start(cell)
                        for dc in 0..<cell.columns { grid[top + level][c0 + dc] = .covered(row: r0, column: c0) }
                    }
                } else {
                    place(top + level, labelColumns + i, Cell(text: stack[level], rows: isLast ? depth - level : 1, columns: span, bold: true))
                }
                i += span
            }
        }
        headerRows = top + depth
        // Row labels: a parent is merged down the consecutive rows under it; the label takes the remaining label columns.
        var open: [(zh: String, row: Int, column: Int)] = []
        for (n, r) in t.rows.enumerated() {
            let row = headerRows + n
            while grid.count <= row { grid.append(Array(repeating: nil, count: width)) }
            for i in t.columns.indices { grid[row][labelColumns + i] = .start(Cell(text: Message(r.cell(i), r.cell(i)), isLabel: false, bold: r.isTotal)) }
            guard labelColumns > 0 else { continue }
            for (level, parent) in r.parents.enumerated() {
                if level < open.count, open[level].zh == parent.zh, open[..<level].elementsEqual(r.parents[..<level].map(\.zh), by: { $0.zh == $1 }) {
                    let start = open[level]
                    if case .start(var cell) = grid[start.row][start.column] {
                        cell.rows += 1
                        grid[start.row][start.column] = .start(cell)
                    }
                    grid[row][level] = .covered(row: start.row, column: start.column)
                } else {
                    open = Array(open.prefix(level)) + [(parent.zh, row, level)]
                    grid[row][level] = .start(Cell(text: parent))
                }
            }
            open = Array(open.prefix(r.parents.count))
            place(row, r.parents.count, Cell(text: r.label, columns: labelColumns - r.parents.count, bold: r.isTotal))
        }
        slots = grid.map { $0.map { $0 ?? .start(Cell(text: Message("", ""))) } }
    }

    /// The text of each position as a plain row: a cell's text where it starts, empty where covered.
    func textRows(_ lang: Lang) -> [[String]] {
        slots.map { row in
            row.map {
                if case .start(let c) = $0 { c.text(lang) } else { "" }
            }
        }
    }
}
