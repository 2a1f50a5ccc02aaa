import Foundation
import Testing

@testable import GongkaiOffice

/// The workbook parts' scanner against libxml2, the parser it stands in for: the same events for every part it
/// reads, an error wherever libxml2 finds one, and libxml2 left to read what the scanner does not.
@Suite struct XMLScannerTests {
    /// Every event as a line (`XMLScannerCheck`'s log: text compared whole, `&#38;` from libxml2 read as `&`).
    typealias Log = XMLScannerCheck.EventLog

    static func scanned(_ xml: String) -> (XMLScanner.Outcome, [String]) {
        let log = Log()
        let outcome = Data(xml.utf8).withUnsafeBytes { XMLScanner.scan($0.bindMemory(to: UInt8.self), into: log) }
        return (outcome, log.finish())
    }

    static func libxml2(_ xml: String) -> ((line: Int, message: String)?, [String]) {
        let log = Log()
        let failure = SAX.libxml2(Data(xml.utf8), into: log)
        return (failure, log.finish())
    }

    static let wellFormed = [
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheetData>"#
            + #"<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>43831</v></c></row></sheetData></worksheet>"#,
        #"<x:sst xmlns:x="s"><x:si><x:t xml:space="preserve"> 政务 &amp; 公开 &lt;&gt;&quot;&apos; &#20844;&#x5F00; </x:t></x:si></x:sst>"#,
        "<a>line\r\nbreak\rlone &#13; kept</a>",
        "\u{FEFF}<a b='single &amp; quoted' c=\"tab\there\r\nand lines\"/>",
        "<a><![CDATA[<not> &amp; a tag\r\n]]>after<!-- a comment --><?pi some data?>end</a>",
        "<?xml version='1.0'?>\n<!-- before -->\n<?pi?>\n<root>\n  <empty/>\n  <e   a = \"1\"   ></e   >\n</root>\n<!-- after -->\n",
        "<a><b/><c></c>text with ] and ]] and > alone</a>",
        "<数据 名称=\"台账\"><行>内容</行><数·据/></数据>",
        // Text a streamed chunk may cut before a reference's end, between CR and LF, or inside `]]`.
        "<a>x]]y]&#93;>z&amp;&#x4E2D;&#20013;\r\r\n]] ] >\r</a>",
    ]

    @Test(arguments: wellFormed)
    func theSameEventsAsLibxml2(_ xml: String) {
        let (outcome, events) = Self.scanned(xml)
        let (failure, expected) = Self.libxml2(xml)
        #expect(failure == nil, "libxml2 reads it")
        #expect(outcome == .done)
        #expect(events == expected)
    }

    static let malformed = [
        "<a><b></a></b>", "<a>", "<a></a><b></b>", "text<a/>", "<a b=1/>", "<a b=\"1\" b=\"2\"/>", "<a>&nbsp;</a>", "<a>&#0;</a>",
        "<a>&#xD800;</a>", "<a b=\"<\"/>", "<a>]]></a>", "<a><!-- x -- y --></a>", "<a>\u{01}</a>", "<a><?xml version=\"1.0\"?></a>",
        "<a></a >trailing", "<1a/>", "<a", "<a>&amp</a>", "", "<a\u{00D7}/>", "<\u{00B7}a/>",
        "<a>text]]>more</a>", "<a>x\r]]>y</a>", "<a>x&amp;]]>y</a>", "<a>x&amp y</a>",
    ]

    @Test(arguments: malformed)
    func malformedWhereLibxml2FindsAnError(_ xml: String) {
        let (outcome, _) = Self.scanned(xml)
        guard case .malformed = outcome else {
            Issue.record("scanned as \(outcome)")
            return
        }
        #expect(Self.libxml2(xml).0 != nil, "libxml2 finds the error too")
    }

    /// Streamed in chunks, cut anywhere (even inside a character, a name or a reference), a part gives what it
    /// gives whole: the same outcome (for a malformed part, maybe at another fault), and for a well-formed part the
    /// same events.
    @Test(
        arguments: wellFormed + malformed + [
            "<a>\u{01}</a>", "\u{FEFF}<?xml version=\"1.0\"?><a>" + String(repeating: "<b c=\"政&amp;\">文</b>", count: 40) + "</a>",
        ])
    func streamedAsWhole(_ xml: String) {
        let whole = Self.scanned(xml)
        let bytes = Array(xml.utf8)
        for size in [1, 2, 3, 5, 8, 13, 64] {
            let log = Log()
            let stream = XMLScanner.Stream(into: log, prologBytes: 0)
            var i = 0
            while i < bytes.count {
                bytes[i..<min(i + size, bytes.count)].withUnsafeBytes { stream.feed($0) }
                i += size
            }
            let outcome = stream.finish()
            // A malformed part may be found so at another fault: whole, its characters are checked first.
            #expect(outcome == whole.0 || (outcome.isMalformed && whole.0.isMalformed), "chunks of \(size)")
            // A malformed part's events up to its fault depend on where the chunks end, as libxml2's do.
            if whole.0 == .done { #expect(log.finish() == whole.1, "chunks of \(size)") }
        }
    }

    @Test func invalidUTF8IsMalformed() {
        var bytes = Array("<a>好".utf8)
        bytes += [0xE5, 0x28, 0x3C, 0x2F, 0x61, 0x3E]
        let outcome = bytes.withUnsafeBufferPointer { XMLScanner.scan($0, into: Log()) }
        #expect(outcome == .malformed(at: 6))
        #expect(SAX.libxml2(Data(bytes), into: Log()) != nil)
    }

    /// A document type or another encoding is libxml2's to read, before any event.
    @Test(arguments: [
        "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", #"<?xml version="1.0" encoding="GB2312"?><a/>"#, #"<?xml version="1*0"?><a/>"#,
    ])
    func leftToLibxml2(_ xml: String) {
        let (outcome, events) = Self.scanned(xml)
        #expect(outcome == .unsupported)
        #expect(events.isEmpty)
    }

    /// The fuzz corpus's workbook XML (first byte 0xFE), as `make fuzz` compares it.
    @Test func fuzzCorpusXMLAsLibxml2ReadsIt() throws {
        let dir = repoRoot.appendingPathComponent("Tests/fuzz-corpus")
        let parts = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().compactMap { name -> Data? in
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            return data.first == 0xFE ? Data(data.dropFirst()) : nil
        }
        #expect(parts.count >= 3)
        for xml in parts { #expect(XMLScannerCheck.againstLibxml2(xml) == nil) }
    }

    /// Through `SAX.parse`: a malformed part's error is libxml2's, with its line.
    @Test func anErrorIsWordedByLibxml2() {
        let broken = "<worksheet>\n<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>"
        let failure = SAX.parse(Data(broken.utf8), into: Log())
        #expect(failure?.line == 2)
        #expect(failure?.message == SAX.libxml2(Data(broken.utf8), into: Log())?.message)
    }
}

/// Issue 30: a long run of text, white space or one construct once cost, streamed, a scan of all of it per chunk
/// (a sheet with 64 MiB of white space: 83 s). Streamed in small chunks a part now costs what it costs whole, within
/// a constant factor, and an element's attributes cost what their bytes do. Timed against the same bytes scanned
/// whole, in the same process: a quadratic scan is hundreds of times slower here, a linear one a few times at most.
@Suite struct XMLScannerComplexityTests {
    /// A part made of `head`, `unit` repeated to about `bytes` bytes, and `tail`.
    struct LongRun: Sendable, CustomTestStringConvertible {
        var name: String
        var head: String
        var unit: String
        var tail: String
        var testDescription: String { name }

        func bytes(_ size: Int) -> [UInt8] {
            Array((head + String(repeating: unit, count: size / unit.utf8.count) + tail).utf8)
        }

        static let all = [
            LongRun(name: "a cell's text", head: "<c><v>", unit: "文字x", tail: "</v></c>"),
            LongRun(name: "white space between elements", head: "<sheetData><row>", unit: " ", tail: "</row></sheetData>"),
            LongRun(name: "text with references", head: "<t>", unit: "a&amp;b&#x4E2D;", tail: "</t>"),
            LongRun(name: "text with line ends", head: "<t>", unit: "\r\n\r]", tail: "</t>"),
            LongRun(name: "white space in a tag", head: "<row r=\"1\"", unit: " ", tail: "/>"),
            LongRun(name: "an attribute's value", head: "<c r=\"", unit: "A", tail: "\"/>"),
            LongRun(name: "an attribute's value with references", head: "<c r=\"", unit: "&lt;\t", tail: "\"/>"),
            LongRun(name: "a comment", head: "<a><!--", unit: "c-", tail: "c--></a>"),
            LongRun(name: "character data", head: "<a><![CDATA[", unit: "d]", tail: "]]></a>"),
            LongRun(name: "a processing instruction", head: "<a><?pi ", unit: "e?", tail: "?></a>"),
            LongRun(name: "white space before the root", head: "", unit: " ", tail: "<a/>"),
            LongRun(name: "a comment before the root", head: "<!--", unit: "c", tail: "--><a/>"),
        ]
    }

    static func scanned(_ bytes: [UInt8], chunk: Int?) -> (XMLScanner.Outcome, Duration) {
        var outcome = XMLScanner.Outcome.needsMore
        let time = ContinuousClock().measure {
            guard let chunk else {
                outcome = bytes.withUnsafeBufferPointer { XMLScanner.scan($0, into: SAX.Ignored()) }
                return
            }
            let stream = XMLScanner.Stream(into: SAX.Ignored())
            var i = 0
            while i < bytes.count {
                bytes[i..<min(i + chunk, bytes.count)].withUnsafeBytes { stream.feed($0) }
                i += chunk
            }
            outcome = stream.finish()
        }
        return (outcome, time)
    }

    @Test(arguments: LongRun.all)
    func aLongRunCostsAsMuchStreamedAsWhole(_ run: LongRun) {
        let bytes = run.bytes(1 << 20)
        let whole = Self.scanned(bytes, chunk: nil)
        #expect(whole.0 == .done)
        for chunk in [1 << 10, 16 << 10] {
            let streamed = Self.scanned(bytes, chunk: chunk)
            #expect(streamed.0 == .done, "chunks of \(chunk)")
            #expect(streamed.1 < whole.1 * 10 + .milliseconds(250), "chunks of \(chunk): \(streamed.1), whole \(whole.1)")
        }
    }

    /// Streamed, a construct longer than libxml2 holds while waiting for its end (10,000,000 bytes: "huge input
    /// lookup") is malformed, as libxml2 finds it, so the stream's buffer stays small; text of any length is read.
    @Test func aConstructLongerThanLibxml2HoldsIsMalformed() {
        let size = XMLScanner.Stream<SAX.Ignored>.maxConstructBytes + (1 << 20)
        for run in [LongRun(name: "tag", head: "<a", unit: " ", tail: "/>"), LongRun(name: "comment", head: "<a><!--", unit: "c", tail: "--></a>")] {
            let bytes = run.bytes(size)
            #expect(Self.scanned(bytes, chunk: 16 << 10).0.isMalformed, "\(run.name)")
            #expect(SAX.libxml2(Data(bytes), into: SAX.Ignored())?.message.contains("Huge input lookup") == true, "\(run.name)")
        }
        let text = LongRun(name: "text", head: "<a>", unit: " ", tail: "</a>").bytes(size)
        #expect(Self.scanned(text, chunk: 16 << 10).0 == .done)
        #expect(SAX.libxml2(Data(text), into: SAX.Ignored()) == nil)
    }

    /// Each attribute is compared with the element's others through a set, not with each one in turn: one element
    /// with 50,000 attributes costs about what 50,000 elements with one each cost.
    @Test func manyAttributesCostWhatTheirBytesDo() {
        let attributes = "<row" + (0..<50_000).map { " a\($0)=\"1\"" }.joined() + "/>"
        let elements = "<row>" + (0..<50_000).map { "<c a\($0)=\"1\"/>" }.joined() + "</row>"
        let (outcome, time) = Self.scanned(Array(attributes.utf8), chunk: nil)
        let each = Self.scanned(Array(elements.utf8), chunk: nil)
        #expect(outcome == .done && each.0 == .done)
        #expect(time < each.1 * 10 + .milliseconds(250), "\(time), one attribute to each element \(each.1)")
        // A duplicate among many is still found.
        let twice = "<row" + (0..<40).map { " c\($0)=\"\"" }.joined() + " c7=\"\"/>"
        #expect(Self.scanned(Array(twice.utf8), chunk: nil).0.isMalformed)
        #expect(SAX.libxml2(Data(twice.utf8), into: SAX.Ignored()) != nil)
    }

    /// Text is handed over as it streams, never held whole: what a chunk ends with waits only when the next chunk
    /// may change it (a reference, a line end, a `]` that may begin `]]>`).
    @Test func longTextIsHandedOverAsItStreams() {
        final class Counter: SAXDelegate {
            var characters = 0
            func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {}
            func end(_ name: UnsafeBufferPointer<UInt8>) {}
            func characters(_ text: UnsafeBufferPointer<UInt8>) { characters += text.count }
        }
        let counter = Counter()
        let stream = XMLScanner.Stream(into: counter, prologBytes: 0)
        Array("<a>".utf8).withUnsafeBytes { stream.feed($0) }
        // Each chunk ends inside `&amp;`, which the next completes.
        let chunk = Array("p;".utf8) + Array(String(repeating: "政务公开 ", count: 100).utf8) + Array("&am".utf8)
        for _ in 0..<100 { chunk.withUnsafeBytes { stream.feed($0) } }
        #expect(counter.characters == 100 * (chunk.count - 4) + 1, "all but the last `&am`")
        Array("p;</a>".utf8).withUnsafeBytes { stream.feed($0) }
        #expect(stream.finish() == .done)
        #expect(counter.characters == 100 * (chunk.count - 4) + 2)
    }
}

/// Workbooks that Excel itself wrote (Tests/fixtures/real-workbooks, with their source): every XML part scans as
/// libxml2 reads it, whole and streamed, and the sheets read as openpyxl reads them.
@Suite struct RealWorkbookTests {
    static let folder = repoRoot.appendingPathComponent("Tests/fixtures/real-workbooks")

    @Test(arguments: ["excelize-Book1.xlsx", "excelize-MergeCell.xlsx", "excelize-SharedStrings.xlsx", "excelize-OverflowNumericCell.xlsx"])
    func everyPartScansAsLibxml2ReadsIt(_ name: String) throws {
        let archive = try ZipBounds.open(try Data(contentsOf: Self.folder.appendingPathComponent(name)), run: InflationBudget()).get()
        var parts = 0
        for entry in archive where entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels") {
            let data = try #require(try XLSXWorkbook.part(entry.path, in: archive))
            #expect(XMLScannerCheck.againstLibxml2(data) == nil, "\(name) › \(entry.path)")
            parts += 1
        }
        #expect(parts >= 6)
    }

    @Test func sheetsReadAsOpenpyxlReadsThem() throws {
        func rows(_ name: String, _ sheet: Int) throws -> (rows: [XLSXWorkbook.Row], merged: [XLSXWorkbook.MergedRange]) {
            let workbook = try XLSXWorkbook(data: try Data(contentsOf: Self.folder.appendingPathComponent(name)), run: InflationBudget())
            var rows: [XLSXWorkbook.Row] = []
            var merged: [XLSXWorkbook.MergedRange] = []
            try workbook.read(workbook.sheets[sheet], merged: { merged = $0 }, row: { rows.append($0) })
            return (rows, merged)
        }
        let merge = try rows("excelize-MergeCell.xlsx", 0)
        #expect(merge.rows.count == 12)
        #expect(merge.rows[0].number == 1 && merge.rows[0].cells.map(\.value) == [.string("A1"), .string("C1"), .string("D1")])
        #expect(merge.rows[2].cells.map(\.column) == [2, 3, 4])
        #expect(
            merge.merged == [
                .init(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 2), .init(firstRow: 2, firstColumn: 1, lastRow: 3, lastColumn: 1),
                .init(firstRow: 4, firstColumn: 1, lastRow: 5, lastColumn: 2), .init(firstRow: 7, firstColumn: 1, lastRow: 10, lastColumn: 3),
            ])
        let book = try rows("excelize-Book1.xlsx", 1)
        #expect(book.rows.count == 11)
        #expect(book.rows[0].cells.map(\.value) == [.string("Monitor"), .string("Brand"), .string("inlineStr")])
        #expect(book.rows[1].cells.map(\.value) == [.string("> 23 Inch"), .number(19), .string("HP"), .number(200)])
        #expect(try rows("excelize-SharedStrings.xlsx", 1).rows.map { $0.cells.map(\.value) } == [[.string("Test Weight (Kgs)")]])
        #expect(try rows("excelize-OverflowNumericCell.xlsx", 0).rows[0].cells[0].value.text == "8595602512225")
    }

    /// On every sheet of these workbooks the single pass ledgers use (`readRows`) gives the rows the two-pass read
    /// gives, then the merged ranges its first pass finds (MergeCell.xlsx has four).
    @Test func singlePassReadsAsTheTwoPassRead() throws {
        var ranges = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted() where name.hasSuffix(".xlsx") {
            let workbook = try XLSXWorkbook(data: try Data(contentsOf: Self.folder.appendingPathComponent(name)), run: InflationBudget())
            for sheet in workbook.sheets {
                var twoPass: [XLSXWorkbook.Row] = []
                var merged: [XLSXWorkbook.MergedRange] = []
                try workbook.read(sheet, merged: { merged = $0 }, row: { twoPass.append($0) })
                var onePass: [XLSXWorkbook.Row] = []
                let found = try workbook.readRows(sheet) { onePass.append($0) }
                #expect(found == merged, "\(name) › \(sheet.name)")
                #expect(onePass.map(\.number) == twoPass.map(\.number) && onePass.map(\.cells) == twoPass.map(\.cells), "\(name) › \(sheet.name)")
                ranges += found.count
            }
        }
        #expect(ranges >= 4)
    }
}
