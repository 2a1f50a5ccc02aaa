import Foundation
import Testing
import XlsxWriter

@testable import GongkaiKit

/// The workbook reader on a workbook written by libxlsxwriter: sheets, hidden state, merged ranges, and each kind
/// of cell value (shared strings, inline strings in constant-memory mode, numbers, dates, formulas).
@Suite struct XLSXReaderTests {
    func write(constantMemory: Bool) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString).xlsx")
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

    @Test(arguments: [false, true])
    func readsWhatLibxlsxwriterWrote(constantMemory: Bool) throws {
        let book = try XLSXWorkbook(url: try write(constantMemory: constantMemory))
        #expect(book.sheets.map(\.name) == ["依申请公开登记台账", "旧"])
        #expect(book.sheets.map(\.hidden) == [false, true])
        #expect(!book.date1904)
        var rows: [XLSXWorkbook.Row] = []
        var merged: [XLSXWorkbook.MergedRange] = []
        try book.read(book.sheets[0], merged: { merged = $0 }, row: { rows.append($0) })
        #expect(merged == [XLSXWorkbook.MergedRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 4)])
        #expect(try book.mergedRanges(book.sheets[0]) == merged)
        #expect(rows.map(\.number) == [1, 3, 4, 5])
        #expect(rows[0].cells.map(\.value) == [.string("2020年台账")])
        #expect(rows[2].cells.map(\.value.text) == ["R1", "2020-01-06", "0"], "a formula without a cached value reads libxlsxwriter's 0")
        #expect(rows[3].cells.map(\.value) == [.string("R2"), .number(12.5)])
        #expect(rows[2].cells.map(\.column) == [1, 2, 3])
    }

    /// A sheet past the size whose merged-range pass runs on its own thread reads exactly as the single pass does:
    /// `merged` first, then every row in order (those read while the pass ran waited), from bytes and from a file.
    @Test func largeSheetReadsAsTheSinglePassDoes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString).xlsx")
        let wb = try Workbook(path: url.path, constantMemory: false)
        let ws = try wb.addWorksheet("台账")
        try ws.mergeRange(0, 0, 0, 5, "2020年依申请公开登记台账")
        try ws.mergeRange(2, 5, 60_000, 5, "办公室")
        try ws.mergeRange(79_990, 0, 79_999, 0, "末尾")
        for r in 1..<80_000 where r < 79_990 {
            try ws.write(r, 0, "R\(r)")
            try ws.write(r, 1, Double(r))
            try ws.write(r, 2, "一段不短的申请内容，好让这张表的 XML 超过 4 MB：\(r)")
        }
        try wb.close()
        let data = try Data(contentsOf: url)
        func read(_ book: XLSXWorkbook) throws -> (merged: [XLSXWorkbook.MergedRange], rows: [XLSXWorkbook.Row], order: [String]) {
            var merged: [XLSXWorkbook.MergedRange] = []
            var rows: [XLSXWorkbook.Row] = []
            var order: [String] = []
            try book.read(
                book.sheets[0],
                merged: {
                    merged = $0
                    order.append("merged")
                },
                row: { r in
                    if order.last != "rows" { order.append("rows") }
                    rows.append(r)
                })
            return (merged, rows, order)
        }
        let single = try read(XLSXWorkbook(archive: try ZipBounds.archive(data).get()))
        #expect(single.merged.count == 3)
        #expect(single.rows.count == 79_991)
        #expect(single.rows.last?.cells.map(\.value) == [.string("末尾")])
        for book in [try XLSXWorkbook(data: data), try XLSXWorkbook(url: url)] {
            let concurrent = try read(book)
            #expect(concurrent.order == ["merged", "rows"])
            #expect(concurrent.merged == single.merged)
            #expect(concurrent.rows.count == single.rows.count)
            #expect(zip(concurrent.rows, single.rows).allSatisfy { $0.number == $1.number && $0.cells == $1.cells })
        }
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
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).xlsx")
        try Data("PK\u{3}\u{4} no zip".utf8).write(to: url)
        #expect(throws: XLSXWorkbook.ReadError.self) { try XLSXWorkbook(url: url) }
    }
}
