import Foundation
import Testing

@testable import GongkaiEvidence
@testable import GongkaiOffice

/// A ledger's merged cells filled in row by row (`SheetLedger.filled`): as the ranges say, at a cost that follows
/// the rows, not rows times ranges.
@Suite struct MergedCellsTests {
    typealias Row = XLSXWorkbook.Row
    typealias Range = XLSXWorkbook.MergedRange

    static func ledger(_ ranges: [Range]) throws -> SheetLedger {
        let folder = try makeFolder([:])
        let loader = EvidenceLoader(root: folder, config: try FolderConfig.load(root: folder), types: rules.types, plan: plan2020)
        var ledger = SheetLedger(path: "台账.xlsx", sheet: "台账", loader: loader)
        ledger.merged = ranges
        return ledger
    }

    /// What filling means, written plainly: each range takes the value of its top-left cell, read on its first row,
    /// and gives it to every cell of it a row leaves empty, ranges in the file's order.
    struct Plainly {
        let ranges: [Range]
        var values: [Int: XLSXWorkbook.Value] = [:]
        mutating func fill(_ row: Row) -> Row {
            var cells = row.cells
            for (i, range) in ranges.enumerated() where range.firstRow <= row.number && row.number <= range.lastRow {
                if range.firstRow == row.number, let top = cells.first(where: { $0.column == range.firstColumn }) { values[i] = top.value }
                guard let value = values[i] else { continue }
                for column in range.firstColumn...range.lastColumn where !cells.contains(where: { $0.column == column }) {
                    cells.append(.init(column: column, value: value))
                }
            }
            cells.sort { $0.column < $1.column }
            return Row(number: row.number, cells: cells)
        }
    }

    /// A small generator with a seed, so a failing layout can be found again.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33 | state << 31
        }
    }

    /// Random sheets of 60 rows and 12 columns with ranges that do not overlap (as Excel writes them), some rows
    /// missing and some top-left cells empty: filled as the plain reading fills them.
    @Test(arguments: 0..<40)
    func fillsAsTheRangesSay(_ seed: Int) throws {
        var random = Seeded(state: UInt64(seed) &+ 0x9E37_79B9)
        var taken = Set<[Int]>()
        var ranges: [Range] = []
        for _ in 0..<30 {
            let row = Int.random(in: 1...60, using: &random)
            let column = Int.random(in: 1...12, using: &random)
            let range = Range(
                firstRow: row, firstColumn: column, lastRow: min(60, row + Int.random(in: 0...8, using: &random)),
                lastColumn: min(12, column + Int.random(in: 0...3, using: &random)))
            let cells = (range.firstRow...range.lastRow).flatMap { r in (range.firstColumn...range.lastColumn).map { [r, $0] } }
            guard cells.allSatisfy({ !taken.contains($0) }) else { continue }
            taken.formUnion(cells)
            ranges.append(range)
        }
        var ledger = try Self.ledger(ranges)
        var plainly = Plainly(ranges: ranges)
        var filled = 0
        for number in 1...60 where Int.random(in: 0..<5, using: &random) > 0 {
            let columns = (1...12).filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
            let row = Row(number: number, cells: columns.map { .init(column: $0, value: .string("\(number)-\($0)")) })
            let expected = plainly.fill(row)
            let got = ledger.filled(row)
            #expect(got.cells == expected.cells, "seed \(seed), row \(number)")
            filled += expected.cells.count - row.cells.count
        }
        #expect(ranges.count >= 5 && filled > 0, "seed \(seed): the layout merges something")
    }

    /// A ledger merged row by row (each row's two cells of content merged, 20,000 ranges for 20,000 rows) costs
    /// about what the same rows cost with one range: every range looked at for every row took 400 million steps.
    @Test func aRangeOnEveryRowCostsWhatTheRowsCost() throws {
        let rows = (2...20_001).map { Row(number: $0, cells: [.init(column: 1, value: .string("R\($0)")), .init(column: 2, value: .string("内容"))]) }
        func time(_ ranges: [Range]) throws -> Duration {
            var ledger = try Self.ledger(ranges)
            return ContinuousClock().measure { for row in rows { _ = ledger.filled(row) } }
        }
        let each = try time(rows.map { Range(firstRow: $0.number, firstColumn: 2, lastRow: $0.number, lastColumn: 3) })
        let one = try time([Range(firstRow: 2, firstColumn: 2, lastRow: 2, lastColumn: 3)])
        #expect(each < one * 10 + .milliseconds(500), "\(each), one range \(one)")
    }

    /// Ranges that overlap (Excel never writes them; a file may) fill nothing from the row where they meet; a range
    /// beside them fills as ever.
    @Test func overlappingRangesFillNothingWhereTheyMeet() throws {
        let ranges = [
            Range(firstRow: 1, firstColumn: 1, lastRow: 4, lastColumn: 2), Range(firstRow: 3, firstColumn: 2, lastRow: 5, lastColumn: 3),
            Range(firstRow: 1, firstColumn: 5, lastRow: 5, lastColumn: 5),
        ]
        var ledger = try Self.ledger(ranges)
        let rows = (1...5).map { n in
            Row(
                number: n,
                cells: n == 1 || n == 3
                    ? [.init(column: 1, value: .string("A\(n)")), .init(column: 2, value: .string("B\(n)")), .init(column: 5, value: .string("E\(n)"))] : [])
        }
        let filled = rows.map { ledger.filled($0).cells.map { "\($0.column)=\($0.value.text)" } }
        #expect(filled[1] == ["1=A1", "2=A1", "5=E1"], "before they meet")
        #expect(filled[2] == ["1=A3", "2=B3", "5=E3"], "where they meet")
        #expect(filled[3] == ["5=E1"] && filled[4] == ["5=E1"])
    }
}
