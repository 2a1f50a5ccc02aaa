import Foundation
import Testing
import XlsxWriter

@testable import GongkaiEvidence
@testable import GongkaiOffice

/// The workbook reader on a workbook written by libxlsxwriter: sheets, hidden state, merged ranges, and each kind
/// of cell value (shared strings, inline strings in constant-memory mode, numbers, dates, formulas).
@Suite struct XLSXReaderTests {
    func write(constantMemory: Bool) throws -> URL {
        let url = scratchPath("xlsx").appendingPathExtension("xlsx")
        let wb = try Workbook(path: url.path, constantMemory: constantMemory)
        let ws = try wb.addWorksheet("依申请公开登记台账")
        try ws.mergeRange(0, 0, 0, 3, "2020年台账")
        try ws.write(2, 0, "申请编号")
        try ws.write(2, 1, "收到日期")
        try ws.write(2, 2, "件数")
        try ws.write(3, 0, "R1")
        try ws.write(3, 1, 43836.0, CellFormat(numberFormat: "yyyy\"年\"m\"月\"d\"日\""))
        try ws.writeFormula(3, 2, "=1+1")
        try ws.write(4, 0, "R2")
        try ws.write(4, 1, 12.5)
        let hidden = try wb.addWorksheet("旧")
        try hidden.write(0, 0, "x")
        hidden.hide()
        try wb.close()
        return url
    }

    /// Each evidence folder's zips inflate against the budget of its own loader (every department of a roll-up has
    /// one): a folder whose workbook passes its budget is refused with the run's limit named, while a loader reading
    /// the same folder next, with a budget of its own, reads the workbook whole, as a later department would. The
    /// loaded set keeps its loader's budget for the checks that read the folder's documents.
    @Test func eachFolderInflatesAgainstItsOwnBudget() throws {
        let folder = try makeFolder([:])
        try FileManager.default.copyItem(at: try write(constantMemory: false), to: folder.appendingPathComponent("依申请公开台账.xlsx"))
        let config = try FolderConfig.load(root: folder)
        func loader(_ budget: InflationBudget) -> EvidenceLoader {
            EvidenceLoader(root: folder, config: config, types: rules.types, plan: plan2020, inflation: budget)
        }
        let spent = InflationBudget(limit: 1_000)
        let refused = loader(spent).load()
        #expect(refused.inflation === spent)
        #expect(refused.issues.contains { $0.location.file == "依申请公开台账.xlsx" && $0.message.zh.contains("本次运行已解压超过") })
        let next = loader(InflationBudget()).load()
        #expect(!next.issues.contains { $0.location.file == "依申请公开台账.xlsx" && $0.message.zh.contains("解压") })
        #expect(next.notes.contains { $0.location.sheet == "旧" })
    }

    @Test(arguments: [false, true])
    func readsWhatLibxlsxwriterWrote(constantMemory: Bool) throws {
        let book = try XLSXWorkbook(url: try write(constantMemory: constantMemory), run: InflationBudget())
        #expect(book.sheets.map(\.name) == ["依申请公开登记台账", "旧"])
        #expect(book.sheets.map(\.hidden) == [false, true])
        #expect(!book.date1904)
        var rows: [XLSXWorkbook.Row] = []
        var merged: [XLSXWorkbook.MergedRange] = []
        try book.read(book.sheets[0], merged: { merged = $0 }, row: { rows.append($0) })
        // The title's merge A1:D1, clipped to the cells the sheet has (columns 1–3): a range is never wider than the sheet
        // (issue 30: A2:XFD1048576 over a 2,000-row ledger).
        #expect(merged == [XLSXWorkbook.MergedRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 3)])
        #expect(try book.mergedRanges(book.sheets[0]) == merged)
        #expect(rows.map(\.number) == [1, 3, 4, 5])
        #expect(rows[0].cells.map(\.value) == [.string("2020年台账")])
        #expect(rows[2].cells.map(\.value.text) == ["R1", "2020-01-06", "0"], "a formula without a cached value reads libxlsxwriter's 0")
        #expect(rows[3].cells.map(\.value) == [.string("R2"), .number(12.5)])
        #expect(rows[2].cells.map(\.column) == [1, 2, 3])
    }

    /// One pass (`readRows`) gives the rows the two-pass `read` gives, and then the merged ranges its first pass finds.
    @Test func singlePassGivesTheRowsAndThenTheRanges() throws {
        let url = scratchPath("xlsx").appendingPathExtension("xlsx")
        let wb = try Workbook(path: url.path, constantMemory: false)
        let ws = try wb.addWorksheet("台账")
        try ws.mergeRange(0, 0, 0, 5, "2020年依申请公开登记台账")
        try ws.mergeRange(2, 5, 2_000, 5, "办公室")
        try ws.mergeRange(2_990, 0, 2_999, 0, "末尾")
        for r in 1..<2_990 {
            try ws.write(r, 0, "R\(r)")
            try ws.write(r, 1, Double(r))
        }
        try wb.close()
        let book = try XLSXWorkbook(url: url, run: InflationBudget())
        var merged: [XLSXWorkbook.MergedRange] = []
        var twoPass: [XLSXWorkbook.Row] = []
        try book.read(book.sheets[0], merged: { merged = $0 }, row: { twoPass.append($0) })
        var onePass: [XLSXWorkbook.Row] = []
        let found = try book.readRows(book.sheets[0]) { onePass.append($0) }
        #expect(merged.count == 3 && found == merged)
        #expect(onePass.count == twoPass.count && onePass.count == 2_991)
        #expect(zip(onePass, twoPass).allSatisfy { $0.number == $1.number && $0.cells == $1.cells })
    }

    /// A ledger read in one pass is read again only when the merged ranges it learns of at the end change what it
    /// read: a title row merged above the header does not; a range reaching a row below the header, or filling a
    /// heading the header row left empty, does.
    @Test func sheetsAreReadAgainOnlyWhenMergedRangesChangeThem() throws {
        func cell(_ column: Int, _ text: String) -> XLSXWorkbook.Cell { .init(column: column, value: .string(text)) }
        let rows = [
            XLSXWorkbook.Row(number: 1, cells: [cell(1, "2020年依申请公开登记台账")]),
            XLSXWorkbook.Row(number: 3, cells: [cell(1, "申请编号"), cell(2, "收到申请日期"), cell(4, "申请人类型")]),
            XLSXWorkbook.Row(number: 4, cells: [cell(1, "R1"), cell(2, "2020-03-02"), cell(4, "自然人")]),
            XLSXWorkbook.Row(number: 5, cells: [cell(1, "R2"), cell(2, "2020-03-03"), cell(4, "自然人")]),
        ]
        let folder = try makeFolder([:])
        let loader = EvidenceLoader(root: folder, config: try FolderConfig.load(root: folder), types: rules.types, plan: plan2020)
        var ledger = SheetLedger(path: "台账.xlsx", sheet: "依申请公开登记台账", loader: loader)
        var result = FileResult()
        for row in rows { ledger.add(row, into: &result) }
        func range(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> XLSXWorkbook.MergedRange {
            .init(firstRow: r1, firstColumn: c1, lastRow: r2, lastColumn: c2)
        }
        let same = [[], [range(1, 1, 1, 4), range(3, 1, 3, 1)], [range(4, 4, 5, 4)], [range(3, 2, 3, 3)]].map {
            ledger.readsTheSame(with: $0, issues: result.issues, notes: result.notes)
        }
        // None, a title row, a data column merged down, a heading merged into an empty column.
        #expect(same == [true, true, false, false])
        ledger.abandon()
    }

    /// The merged-range pass cuts `<mergeCells>…</mergeCells>` out of a sheet fed in chunks of any size, the tags
    /// cut anywhere by a chunk's end; a sheet without the element gives nothing, and text that only looks like it
    /// (`<mergeCell ` without the s) is passed over.
    @Test func mergedCellsElementIsCutWhateverTheChunks() {
        let element = #"<mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="B3:B9"/></mergeCells>"#
        let rows = String(repeating: #"<row r="2"><c r="A2" t="inlineStr"><is><t>&lt;mergeCell x</t></is></c></row>"#, count: 40)
        let sheet = "<worksheet><sheetData>" + rows + "</sheetData>" + element + "<pageMargins/></worksheet>"
        let bytes = Array(sheet.utf8)
        for size in [1, 2, 3, 5, 7, 10, 11, 12, 13, 64, 4096] {
            var cut = ElementCut("mergeCells")
            var i = 0
            while i < bytes.count {
                let end = min(bytes.count, i + size)
                bytes[i..<end].withUnsafeBytes { cut.feed($0) }
                i = end
            }
            #expect(cut.closed, "chunks of \(size)")
            #expect(String(decoding: cut.fragment, as: UTF8.self) == element, "chunks of \(size)")
        }
        var none = ElementCut("mergeCells")
        Array(("<worksheet><sheetData>" + rows + "</sheetData></worksheet>").utf8).withUnsafeBytes { none.feed($0) }
        #expect(!none.closed && none.fragment.isEmpty)
    }

    @Test func notAZipIsAClearError() throws {
        let url = scratchPath("bad").appendingPathExtension("xlsx")
        try Data("PK\u{3}\u{4} no zip".utf8).write(to: url)
        #expect(throws: XLSXWorkbook.ReadError.self) { try XLSXWorkbook(url: url, run: InflationBudget()) }
    }
}
