import Foundation
import GongkaiCore
import ZIPFoundation

/// A Word document (WordprocessingML in a zip) laid out as a Chinese official document (GB/T 9704-2012): A4, margins
/// 37/35/28/26 mm, title 方正小标宋简体 2号, headings 黑体 / 楷体_GB2312 3号, body 仿宋_GB2312 3号 at a fixed 29 pt
/// with a two-character indent, page numbers "— 1 —" at the outer side (odd right, even left). Tables carry a
/// `w:tblGrid`, merged cells, repeated header rows and rows that do not split. Hand-written because no kept library
/// writes .docx; ZIPFoundation does the zip.
public enum DocxWriter {
    /// The appendix's Markdown subset (`#`/`##`/`###` headings, paragraphs with `**bold**`, `|` tables) as a document.
    public static func document(fromMarkdown markdown: String, title: String, author: String, created: Day?) throws -> Data {
        var blocks: [ReportBlock] = []
        var docTitle = title
        var table: [[String]] = []
        func flushTable() {
            guard let first = table.first else { return }
            let widths = first.count == 4 ? [700, 4644, 2000, 1500] : Array(repeating: textBlockWidth / first.count, count: first.count)
            let rows = table.enumerated().map { i, cells in cells.enumerated().map { j, c in ReportTable.Cell(c, bold: i == 0, isLabel: i > 0 && j > 0) } }
            blocks.append(.table(ReportTable(columnWidths: widths, headerRows: 1, rows: rows, fontSize: 21)))
            table = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("|") {
                let cells = line.trimmingCharacters(in: CharacterSet(charactersIn: "|")).components(separatedBy: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if !cells.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { table.append(cells.map { $0.replacingOccurrences(of: "｜", with: "|") }) }
                continue
            }
            flushTable()
            if line.isEmpty { continue }
            if line.hasPrefix("### ") {
                blocks.append(.heading2(String(line.dropFirst(4))))
            } else if line.hasPrefix("## ") {
                blocks.append(.heading1(String(line.dropFirst(3))))
            } else if line.hasPrefix("# ") {
                docTitle = String(line.dropFirst(2))
            } else {
                blocks.append(.paragraph(line))
            }
        }
        flushTable()
        return try document(ReportDocument(title: docTitle, author: author, blocks: blocks), created: created)
    }

    public static func document(_ report: ReportDocument, created: Day?) throws -> Data {
        var body = "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>\(runs(report.title))</w:p>"
        for block in report.blocks {
            switch block {
            case .heading1(let s): body += paragraph("Heading1", s)
            case .heading2(let s): body += paragraph("Heading2", s)
            case .heading3(let s): body += paragraph("Heading3", s)
            case .paragraph(let s): body += paragraph("BodyText", s)
            case .note(let s): body += paragraph("TableNote", s)
            case .signature(let s): body += paragraph("Signature", s)
            case .draftNotice(let summary, let items): body += ([summary] + items).map { paragraph("DraftNotice", $0) }.joined()
            case .table(let t):
                guard t.malformedRows.isEmpty else {
                    throw GongkaiError(
                        Message(
                            "表格第\(t.malformedRows.map { String($0 + 1) }.joined(separator: "、"))行的单元格与网格不符", "table rows \(t.malformedRows) do not fit the grid"
                        ))
                }
                body += table(t)
                // Word needs a paragraph between two tables and after the last one.
                body += "<w:p><w:pPr><w:pStyle w:val=\"TableNote\"/></w:pPr></w:p>"
            }
        }
        let section =
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:footerReference w:type=\"even\" r:id=\"rId4\"/>"
            + "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            + "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1247\" w:gutter=\"0\"/>"
            + "<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>"
        let document = "\(declaration)<w:document \(namespaces)><w:body>\(body)\(section)</w:body></w:document>"
        let stamp = (created ?? Day.today()).description + "T00:00:00Z"
        let files: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                \(declaration)<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
                <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
                <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
                <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
                <Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
                """
            ),
            (
                "_rels/.rels",
                """
                \(declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
                <Relationship Id="rId2" \
                Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
                </Relationships>
                """
            ),
            (
                "word/_rels/document.xml.rels",
                """
                \(declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
                <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
                <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>\
                <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
                </Relationships>
                """
            ),
            ("word/styles.xml", styles),
            (
                "word/settings.xml",
                "\(declaration)<w:settings \(namespaces)><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"420\"/>"
                    + "<w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat>"
                    + "<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
            ),
            ("word/fontTable.xml", fontTable),
            ("word/footer1.xml", footer(odd: true)),
            ("word/footer2.xml", footer(odd: false)),
            ("word/document.xml", document),
            (
                "docProps/core.xml",
                """
                \(declaration)<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
                <dc:title>\(Markup.escaped(report.title))</dc:title><dc:creator>\(Markup.escaped(report.author))</dc:creator>\
                <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created></cp:coreProperties>
                """
            ),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: TimeInterval((created ?? Day(year: 2020, month: 1, day: 1)!).ordinal) * 86400)
        for (path, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw GongkaiError(Message("无法生成 Word 文档", "cannot build the Word document")) }
        return data
    }

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let namespaces =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    static func paragraph(_ style: String, _ text: String) -> String {
        "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>\(runs(text))</w:p>"
    }

    /// Runs of a paragraph; `**…**` is bold.
    static func runs(_ text: String, bold: Bool = false, size: Int? = nil) -> String {
        var out = ""
        let sizeXML = size.map { "<w:sz w:val=\"\($0)\"/><w:szCs w:val=\"\($0)\"/>" } ?? ""
        for (i, part) in text.components(separatedBy: "**").enumerated() where !part.isEmpty {
            let b = bold || i % 2 == 1
            let props = (b ? "<w:b/>" : "") + sizeXML
            out += "<w:r>\(props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>")<w:t xml:space=\"preserve\">\(Markup.escaped(part))</w:t></w:r>"
        }
        return out
    }

    static func table(_ t: ReportTable) -> String {
        let width = t.columnWidths.reduce(0, +)
        var out =
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
        out += t.columnWidths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for (i, row) in t.rows.enumerated() {
            out += "<w:tr><w:trPr><w:cantSplit/>\(i < t.headerRows ? "<w:tblHeader/>" : "")</w:trPr>"
            var g = 0
            for cell in row {
                let w = t.columnWidths[g..<min(g + cell.span, t.columnWidths.count)].reduce(0, +)
                var pr = "<w:tcW w:w=\"\(w)\" w:type=\"dxa\"/>"
                if cell.span > 1 { pr += "<w:gridSpan w:val=\"\(cell.span)\"/>" }
                switch cell.merge {
                case .restart: pr += "<w:vMerge w:val=\"restart\"/>"
                case .continue: pr += "<w:vMerge/>"
                case .none: break
                }
                pr += "<w:vAlign w:val=\"center\"/>"
                let jc = cell.isLabel ? "left" : "center"
                out +=
                    "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"\(jc)\"/></w:pPr>"
                    + runs(cell.text, bold: cell.bold, size: t.fontSize) + "</w:p></w:tc>"
                g += cell.span
            }
            out += "</w:tr>"
        }
        return out + "</w:tbl>"
    }

    /// "— 1 —" in 4号 宋体, one character in from the outer edge.
    static func footer(odd: Bool) -> String {
        let side = odd ? "<w:jc w:val=\"right\"/><w:ind w:right=\"280\"/>" : "<w:jc w:val=\"left\"/><w:ind w:left=\"280\"/>"
        let rPr = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>"
        return "\(declaration)<w:ftr \(namespaces)><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\(side)</w:pPr>"
            + "<w:r>\(rPr)<w:t xml:space=\"preserve\">— </w:t></w:r><w:r>\(rPr)<w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r>\(rPr)<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
            + "<w:r>\(rPr)<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>\(rPr)<w:t>1</w:t></w:r><w:r>\(rPr)<w:fldChar w:fldCharType=\"end\"/></w:r>"
            + "<w:r>\(rPr)<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    }

    /// The fonts an office machine has, each with the next one to try where it is missing (Windows names, then Linux's Noto CJK).
    static let fontTable: String = {
        let chain: [(String, String, String)] = [
            ("方正小标宋简体", "SimSun", "roman"), ("仿宋_GB2312", "FangSong", "modern"), ("仿宋", "FangSong", "modern"), ("FangSong", "Noto Serif CJK SC", "modern"),
            ("楷体_GB2312", "KaiTi", "script"), ("KaiTi", "Noto Serif CJK SC", "script"), ("黑体", "SimHei", "swiss"), ("SimHei", "Noto Sans CJK SC", "swiss"),
            ("宋体", "SimSun", "roman"), ("SimSun", "Noto Serif CJK SC", "roman"), ("Noto Serif CJK SC", "Noto Sans CJK SC", "roman"),
            ("Noto Sans CJK SC", "Noto Serif CJK SC", "swiss"),
        ]
        let fonts = chain.map {
            "<w:font w:name=\"\($0.0)\"><w:altName w:val=\"\($0.1)\"/><w:charset w:val=\"86\"/><w:family w:val=\"\($0.2)\"/>"
                + "<w:pitch w:val=\"variable\"/></w:font>"
        }
        return
            "\(declaration)<w:fonts \(namespaces)>\(fonts.joined())<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/>"
            + "<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    }()

    static func font(_ eastAsia: String) -> String {
        "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"\(eastAsia)\" w:cs=\"Times New Roman\"/>"
    }

    static let styles = """
        \(declaration)<w:styles \(namespaces)>\
        <w:docDefaults><w:rPrDefault><w:rPr>\(font("仿宋_GB2312"))<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>\
        </w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="580" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:pPr>\
        <w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:pPr><w:keepNext/>\
        <w:spacing w:after="580" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr>\(font("方正小标宋简体"))<w:sz w:val="44"/>\
        <w:szCs w:val="44"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:pPr>\
        <w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>\(font("黑体"))</w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:pPr>\
        <w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>\(font("楷体_GB2312"))</w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:pPr>\
        <w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableNote"><w:name w:val="Table Note"/><w:basedOn w:val="Normal"/><w:pPr>\
        <w:spacing w:line="400" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="480"/></w:pPr><w:rPr><w:sz w:val="24"/>\
        <w:szCs w:val="24"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr>\
        <w:spacing w:line="260" w:lineRule="atLeast"/><w:jc w:val="center"/></w:pPr><w:rPr>\(font("宋体"))<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>\
        </w:style>\
        <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="right"/>\
        <w:ind w:right="1280"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="DraftNotice"><w:name w:val="Draft Notice"/><w:basedOn w:val="Normal"/><w:pPr>\
        <w:spacing w:line="400" w:lineRule="exact"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="C00000"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>\
        </w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr>\
        <w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
        <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>\
        </w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        </w:tblBorders></w:tblPr></w:style>\
        </w:styles>
        """
}
