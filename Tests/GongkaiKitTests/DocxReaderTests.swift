import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiOffice

/// The Word reader on bodies a careless office or an attacker may send: tables whose merges claim more grid than
/// their cells.
@Suite struct DocxReaderTests {
    static func document(_ body: String) -> Data {
        Data(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>").utf8)
    }

    static func cell(_ text: String, span: Int = 1) -> String {
        let properties = span > 1 ? "<w:tcPr><w:gridSpan w:val=\"\(span)\"/></w:tcPr>" : ""
        return "<w:tc>\(properties)<w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
    }

    /// Every row is padded to the widest: one row of 100 cells spanning 64 columns each over 2,000 one-cell rows
    /// claimed 12.8 million cells. A table may spread its cells as a web page's may (`TableGrid.maxCells`).
    @Test func aTableClaimsNoMoreGridThanItsCells() {
        let wide = "<w:tr>" + String(repeating: Self.cell("宽", span: 64), count: 100) + "</w:tr>"
        let narrow = String(repeating: "<w:tr>" + Self.cell("窄") + "</w:tr>", count: 2_000)
        let body = "<w:p><w:r><w:t>要点</w:t></w:r></w:p><w:tbl>" + wide + narrow + "</w:tbl>"
        let error = #expect(throws: GongkaiError.self) { try DocxReader.parse(Self.document(body), name: "要点.docx") }
        let limit = TableGrid.maxCells(spreading: 2_100)
        #expect(error?.message.zh.contains("要点.docx 的第 1 个表格只有 2100 个单元格") == true, "\(String(describing: error))")
        #expect(error?.message.zh.contains("超过 \(limit) 个单元格") == true)
        #expect(error?.message.en.contains("table 1 has 2100 cells") == true)
    }

    /// Within the bound a wide table is read whole: a heading spanning 64 columns over rows of 64 cells, each row
    /// after the first starting with `gridBefore` columns, the second table counted as such.
    @Test func aWideTableWithinTheBoundIsRead() throws {
        let table =
            "<w:tbl><w:tr>" + Self.cell("标题", span: 64) + "</w:tr>"
            + String(repeating: "<w:tr>" + (0..<64).map { Self.cell("\($0)") }.joined() + "</w:tr>", count: 100) + "</w:tbl>"
        let blocks = try DocxReader.parse(Self.document(table + table), name: "宽.docx")
        #expect(blocks.count == 2)
        guard case .table(let grid) = blocks[1] else {
            Issue.record("no table")
            return
        }
        #expect(grid.rows.count == 101 && grid.rows.allSatisfy { $0.count == 64 })
        #expect(grid.rows[0] == Array(repeating: "标题", count: 64) && grid.rows[100][63] == "63")
    }
}
