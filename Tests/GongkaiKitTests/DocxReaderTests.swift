import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiOffice

/// The Word reader on bodies a careless office or an attacker may send: a body over 10 MB, tables whose merges
/// claim more grid than their cells, a document type declaring entities.
@Suite struct DocxReaderTests {
    static func document(_ body: String) -> Data {
        Data(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>").utf8)
    }

    static func cell(_ text: String, span: Int = 1) -> String {
        let properties = span > 1 ? "<w:tcPr><w:gridSpan w:val=\"\(span)\"/></w:tcPr>" : ""
        return "<w:tc>\(properties)<w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
    }

    /// A large body (a valid Word file's document.xml over 10 MB) is read in chunks: handed to the parser whole it
    /// was "not valid XML at line 2" (libxml2 refuses a single chunk over 10 MB).
    @Test func aBodyOver10MBIsRead() throws {
        let paragraph = "<w:p><w:r><w:t>政务公开</w:t><w:tab/><w:t>年度报告 &amp; 正文</w:t></w:r></w:p>"
        let count = (12 << 20) / paragraph.utf8.count
        let table = "<w:tbl><w:tr>" + Self.cell("甲") + Self.cell("乙", span: 2) + "</w:tr></w:tbl>"
        let blocks = try DocxReader.parse(Self.document(String(repeating: paragraph, count: count) + table), name: "大.docx")
        #expect(blocks.count == count + 1)
        #expect(blocks.first == .paragraph("政务公开\t年度报告 & 正文"))
        #expect(blocks.last == .table(TableGrid(rows: [["甲", "乙", "乙"]])))
    }

    /// Entities a document type declares are never expanded (a billion laughs stays a few bytes), nor is a file
    /// outside read.
    @Test func entitiesAreNotExpanded() {
        var declarations = "<!ENTITY a \"哈哈哈哈哈哈哈哈哈哈\">"
        for (name, previous) in zip("bcdefghij", "abcdefghi") {
            declarations += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        declarations += "<!ENTITY x SYSTEM \"file:///etc/passwd\">"
        let xml =
            "<!DOCTYPE w:document [" + declarations + "]>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            + "<w:body><w:p><w:r><w:t>&j;&x;</w:t></w:r></w:p></w:body></w:document>"
        let start = ContinuousClock.now
        let blocks = try? DocxReader.parse(Data(xml.utf8), name: "炸弹.docx")
        #expect(ContinuousClock.now - start < .seconds(10))
        let text = blocks.map { DocumentText.plain($0) } ?? ""
        #expect(text.count < 1_000 && !text.contains("root:"), "\(text.prefix(100))")
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
