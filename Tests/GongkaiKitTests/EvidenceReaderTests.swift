import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiEvidence
@testable import GongkaiOffice

/// The readers' building blocks (Excel serial days, number formats, strict text decoding), validation that reports
/// every problem at once, and the folder's input guarantees (regular files only, inside the folder).
@Suite struct EvidenceReaderTests {
    @Test(arguments: [
        (1.0, false, "1900-01-01"), (59, false, "1900-02-28"), (61, false, "1900-03-01"), (43831, false, "2020-01-01"),
        (43831.75, false, "2020-01-01"), (0, true, "1904-01-01"), (42369, true, "2020-01-01"),
    ])
    func excelSerialDays(serial: Double, date1904: Bool, expected: String) {
        #expect(XLSXWorkbook.day(serial: serial, date1904: date1904) == day(expected))
    }

    @Test func theLeapDayOf1900IsNoDay() {
        #expect(XLSXWorkbook.day(serial: 60, date1904: false) == nil)
        #expect(XLSXWorkbook.day(serial: -1, date1904: false) == nil)
        #expect(XLSXWorkbook.day(serial: .nan, date1904: true) == nil)
    }

    @Test(arguments: [
        ("yyyy-mm-dd", true), ("yyyy\"年\"m\"月\"d\"日\"", true), ("m/d/yy", true), ("[$-F800]dddd", true),
        ("0.00", false), ("General", false), ("@", false), ("\"day\"0", false), ("#,##0", false),
    ])
    func dateFormats(code: String, isDate: Bool) {
        #expect(XLSXWorkbook.isDateFormat(code) == isDate)
    }

    @Test func cellReferences() {
        #expect(SheetParser.reference("C12")! == (12, 3))
        #expect(SheetParser.reference("AA1")! == (1, 27))
        #expect(SheetParser.reference("12") == nil)
        #expect(SourceLocation.columnName(27) == "AA" && SourceLocation.columnName(3) == "C")
        #expect(SourceLocation(file: "a.xlsx", sheet: "台账", row: 12, column: 3).description == "a.xlsx › 台账 › C12")
    }

    /// Sheets stream through libxml2's SAX2 parser: prefixed elements, entities, inline and shared strings, the
    /// reading of a phonetic run left out, and malformed XML an error at its line.
    @Test func sheetXMLThroughSAX() throws {
        let strings = try XLSXWorkbook.parse(
            Data(#"<sst xmlns="s"><si><t>政务</t><rPh><t>ゼイム</t></rPh></si><si><r><t>公</t></r><r><t>开</t></r></si></sst>"#.utf8), part: "s",
            into: SharedStringsParser()
        ).strings
        #expect(strings == ["政务", "公开"])
        var rows: [XLSXWorkbook.Row] = []
        let xml = """
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>公开 &amp; 透明</x:t></x:is></x:c><x:c r="C3"><x:v>42</x:v></x:c>
            <x:c r="D3" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>
            """
        _ = try XLSXWorkbook.parse(
            Data(xml.utf8), part: "sheet1", into: SheetParser(sharedStrings: strings, dateStyles: [], date1904: false, onRow: { rows.append($0) }))
        #expect(rows.count == 1 && rows[0].number == 3)
        #expect(rows[0].cells == [.init(column: 2, value: .string("公开 & 透明")), .init(column: 3, value: .number(42)), .init(column: 4, value: .string("公开"))])
        let broken = "<worksheet>\n<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>"
        #expect {
            try XLSXWorkbook.parse(
                Data(broken.utf8), part: "xl/worksheets/sheet1.xml", into: SheetParser(sharedStrings: [], dateStyles: [], date1904: false, onRow: { _ in }))
        } throws: { error in
            guard case .badPart(let part, let line, let message)? = error as? XLSXWorkbook.ReadError else { return false }
            return part == "xl/worksheets/sheet1.xml" && line == 2 && !message.isEmpty
        }
    }

    /// A zip whose directory points past its end (found by `make fuzz`) made ZIPFoundation trap; it is a damaged
    /// workbook now, and a sound one passes the check.
    @Test func aZipPointingOutsideItselfIsDamagedNotACrash() throws {
        let shifted = Data(try Data(contentsOf: repoRoot.appendingPathComponent("Tests/fuzz-corpus/workbook-offsets-past-end")).dropFirst())
        #expect(throws: XLSXWorkbook.ReadError.notAWorkbook("central directory outside the file")) { try XLSXWorkbook(data: shifted, run: InflationBudget()) }
        let sound = Data(try Data(contentsOf: repoRoot.appendingPathComponent("Tests/fuzz-corpus/workbook-ok")).dropFirst())
        #expect(ZipBounds.problem(sound) == nil)
        #expect(ZipBounds.problem(sound.prefix(sound.count - 30)) != nil, "cut short")
    }

    /// A field table stores only the values present: set in any order, cleared, and past 64 names a slot each.
    @Test func fieldTablesKeepOnlyTheValuesPresent() {
        var table = FieldTable(names: (0..<10).map { "f\($0)" })
        table[position: 7] = .integer(7)
        table[position: 2] = .string("two")
        table[position: 9] = .boolean(true)
        table[position: 2] = .string("二")
        #expect((0..<10).map { table[position: $0] } == [nil, nil, .string("二"), nil, nil, nil, nil, .integer(7), nil, .boolean(true)])
        table[position: 7] = nil
        #expect(table.dictionary == ["f2": .string("二"), "f9": .boolean(true)])
        for i in 10..<70 { table["g\(i)"] = .integer(i) }
        #expect(table.names.count == 70)
        #expect(table["f2"] == .string("二") && table["f9"] == .boolean(true) && table["f7"] == nil && table["g69"] == .integer(69))
        table["g40"] = nil
        #expect(table.dictionary.count == 61)
    }

    /// A type's properties are shared between copies until one is changed: changing a copy (as a parsing thread's
    /// isolated registry does) never changes the original, and the field shape follows the fields.
    @Test func typesAreCopiedOnWrite() throws {
        let original = try #require(rules.types["disclosure-request"])
        var copy = original
        #expect(copy.shape === original.shape, "a copy shares the storage")
        copy.fields = copy.fields.filter { !$0.personal }
        copy.id = "changed"
        copy.aliases.append("新别名")
        #expect(original.id == "disclosure-request" && copy.id == "changed")
        #expect(!original.aliases.contains("新别名") && copy.aliases.contains("新别名"))
        #expect(original.shape.hasPersonal && !copy.shape.hasPersonal)
        #expect(original.keptFieldNames == copy.keptFieldNames, "personal fields are never kept")
        #expect(original.fields.count > copy.fields.count)
        var dated = original
        dated.dateField = "answered_on"
        #expect(original.shape.dateField != dated.shape.dateField)
        let isolated = rules.types.isolatedCopy()
        #expect(isolated["disclosure-request"]?.fields == original.fields)
        #expect(isolated["disclosure-request"]?.shape !== original.shape)
    }

    @Test func invalidUTF8IsAnErrorAtItsLineAndColumn() {
        var bytes = Array("名称: 测试\n标题: 好".utf8)
        bytes.append(0xFF)
        bytes += Array("坏\n".utf8)
        guard case .failure(let at) = TextDecoding.decodeStrictly(Data(bytes), declared: nil) else {
            Issue.record("decoded invalid UTF-8")
            return
        }
        #expect(at == TextDecoding.InvalidBytes(line: 2, column: 6))
        // GB18030 from Excel on Chinese Windows still decodes.
        let gb = "申请编号,收到日期\n".data(using: TextDecoding.gb18030)!
        guard case .success(let text) = TextDecoding.decodeStrictly(gb, declared: nil) else {
            Issue.record("GB18030 not decoded")
            return
        }
        #expect(text.text == "申请编号,收到日期\n")
    }

    @Test func invalidUTF8InAFileIsAnErrorNotReplacementCharacters() throws {
        let folder = try makeFolder([:])
        var bytes = Array("- {id: T1, type: training, department: 办公室, topic: 学习".utf8)
        bytes.append(0xC3)
        bytes += Array(", attendees: 3, date: 2020-05-01}\n".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("t.yaml"))
        let e = try load(folder)
        #expect(e.records.isEmpty)
        #expect(e.issues.map(\.location.description) == ["t.yaml:1:54"])
        #expect(e.issues.first?.message.en.contains("invalid UTF-8") == true)
    }

    @Test func everyProblemOfARecordInOneRun() throws {
        let folder = try makeFolder([
            "a.yaml": """
            - id: T1
              type: training
              department: 宣传科
              tasks: [0, -1, 999, "x", 30]
              topic: [学习]
              attendees: [1]
              atendees: 2
              date: 2020-13-01
            - id: T2
              <<: {type: training}
              topic: 学习
              attendees: 1
              date: 2020-05-01
              type: training
            """
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        let t1 = e.issues.filter { $0.location.line ?? 0 < 9 }.map(\.message.en)
        #expect(t1.filter { $0.contains("has no task") }.count == 3, "\(t1)")
        #expect(t1.contains { $0.contains("'x' is not one") })
        #expect(t1.contains { $0.contains("attendees should be a single value, not a list") })
        #expect(t1.contains { $0.contains("topic should be a single value, not a list") })
        // An unknown key is a note, not one of the record's problems.
        #expect(!t1.contains { $0.contains("atendees") })
        #expect(e.notes.map(\.message.en) == ["field atendees is not a field of training (training), not read; did you mean attendees?"])
        #expect(t1.contains { $0.contains("department '宣传科'") })
        #expect(t1.contains { $0.contains("date: 2020-13-1 does not exist: there is no month 13") })
        #expect(t1.count == 8, "\(t1)")
        #expect(e.issues.contains { $0.location.line == 10 && $0.message.en.contains("merge keys (<<)") })
        // The record is still linked to its task numbers, so checks of task 30 see its problems.
        #expect(e.issues.first?.tasks.contains(30) == true)
    }

    /// Evidence valid last year stays valid: a field the type does not have (an office designation's filing, which
    /// only the leader designation declares) is a note naming the type and field in Chinese; the record is kept.
    @Test func anUnknownFieldIsANoteAndTheRecordIsKept() throws {
        let folder = try makeFolder([
            "指定/d.yaml": """
            - {id: O1, type: office-designation, department: 办公室, office: 办公室, staff: 3, from: 2019-03-01, filed_with: 市政务服务数据管理局, filed_on: 2019-03-08}
            - {id: O2, type: office-designation, department: 办公室, office: 办公室, staff: 3, from: 2019-03-01, too: 2021-03-01}
            """,
            "指定/office-designation.csv": """
            id,department,office,staff,from,filed_with,备案日期
            O3,办公室,办公室,3,2019-03-01,市政务服务数据管理局,2019-03-08
            """,
        ])
        let e = try load(folder)
        #expect(e.issues.isEmpty, "\(e.issues)")
        #expect(e.records.map(\.id).sorted() == ["O1", "O2", "O3"])
        let notes = e.notes.map(\.message.zh)
        #expect(notes.count == 5, "\(notes)")
        #expect(notes.allSatisfy { $0.contains("不是“政府信息公开工作机构指定”的字段") && !$0.contains("office-designation") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("字段 filed_with 不是") }, "\(notes)")
        // A misspelling of an optional field is pointed out, the nearest field named by its Chinese title.
        #expect(notes.contains { $0.hasPrefix("字段 too 不是") && $0.hasSuffix("是否想写 “终止日期”（to）？") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("列“备案日期”不是") }, "\(notes)")
    }

    /// A key that looks like a required field which is then missing fails the record, the problem saying both, once:
    /// in a YAML record and as a ledger's column alike.
    @Test func aMisspeltRequiredFieldFailsTheRecordSayingBoth() throws {
        let folder = try makeFolder([
            "指定/d.yaml": """
            - {id: O1, type: office-designation, department: 办公室, ofice: 办公室, staff: 3, from: 2019-03-01}
            """,
            "指定/office-designation.csv": """
            id,department,工作机够,staff,from
            O2,办公室,办公室,3,2019-03-01
            """,
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        #expect(e.issues.map(\.location.description) == ["指定/d.yaml:1:55", "指定/office-designation.csv:2:3"], "\(e.issues)")
        #expect(
            e.issues.map(\.message.zh) == [
                "缺少必填字段“工作机构”（office）：“ofice”不是“政府信息公开工作机构指定”的字段，是否想写 “工作机构”（office）？",
                "缺少必填字段“工作机构”（office）：“工作机够”不是“政府信息公开工作机构指定”的字段，是否想写 “工作机构”（office）？",
            ])
        // The YAML key is not a note besides; the ledger's heading is, once, at the header.
        #expect(e.notes.map(\.location.description) == ["指定/office-designation.csv:1:3"], "\(e.notes)")
    }

    @Test func valuesOfATypeWithPersonalFieldsAreNeverEchoed() throws {
        let folder = try makeFolder([
            "disclosure-request.csv": """
            request_no,received_on,applicant_type,applicant_name,applicant_phone,department,tasks
            R1,13912345678,林国栋,,13948408146,林国栋科,"1,李四"
            """
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        #expect(e.issues.count == 4, "\(e.issues)")
        for issue in e.issues {
            for secret in ["林国栋", "13912345678", "13948408146", "李四"] {
                #expect(!issue.message.zh.contains(secret) && !issue.message.en.contains(secret), "\(issue)")
            }
        }
    }

    @Test func chineseHeadingsAndAliasesInACSVLedger() throws {
        let folder = try makeFolder([
            "台账/依申请公开登记台账.csv": """
            序号,申请编号,受理日期,申请人类型,申请人姓名或名称,联系电话,申请内容,答复日期,办理结果,是否延期,延期批准日期,部门,备注栏
            1,R1,2020-03-02,自然人,林某,13948408146,文件,2020-03-20,予以公开,否,,办公室,x
            """
        ])
        let e = try load(folder)
        #expect(e.issues.isEmpty, "\(e.issues)")
        let r = try #require(e.records.first)
        #expect(r.type == "disclosure-request" && r.day("received_on") == day("2020-03-02") && r.boolean("extended") == false)
        #expect(r.department == "办公室")
        #expect(!r.fields.values.contains { $0.display.contains("林某") || $0.display.contains("13948408146") })
        #expect(e.notes.map(\.location.description) == ["台账/依申请公开登记台账.csv:1:13"])
        #expect(e.notes.first?.message.en.contains("备注栏") == true && e.notes.first?.message.en.contains("did you mean 备注") == true)
    }

    @Test func specialFilesAreErrorsAndNeverOpened() throws {
        let folder = try makeFolder([
            "t.yaml": """
            - {id: T1, type: training, department: 办公室, topic: A, attendees: 1, date: 2020-05-01, attachments: [pipe.pdf]}
            - {id: T2, type: training, department: 办公室, topic: A, attendees: 1, date: 2020-05-01, attachments: [loop.pdf]}
            - {id: T3, type: training, department: 办公室, topic: A, attendees: 1, date: 2020-05-01, attachments: [sub/../../x.pdf]}
            """
        ])
        #expect(mkfifo(folder.appendingPathComponent("pipe.pdf").path, 0o644) == 0)
        #expect(mkfifo(folder.appendingPathComponent("records.yaml").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("loop.pdf").path, withDestinationPath: "loop.pdf")
        let e = try load(folder)
        #expect(e.records.isEmpty)
        let messages = e.issues.map { "\($0.location): \($0.message.en)" }
        #expect(messages.contains { $0.hasPrefix("records.yaml: not a regular file (FIFO)") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("pipe.pdf: not a regular file (FIFO)") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("loop.pdf: symbolic link loop") }, "\(messages)")
        #expect(messages.contains { $0.contains("attachment pipe.pdf: not a regular file (FIFO)") }, "\(messages)")
        #expect(messages.contains { $0.contains("attachment loop.pdf: symbolic link loop") }, "\(messages)")
        #expect(messages.contains { $0.contains("attachment path sub/../../x.pdf leaves the evidence folder") }, "\(messages)")
    }

    @Test func theAnnualReportFileIsInTheManifestAndStaysInside() throws {
        let folder = try makeFolder([
            "report.txt": "报告",
            "r.yaml": """
            - {id: A1, type: annual-report, department: 办公室, year: 2020, published_on: 2021-01-20, file: report.txt}
            - {id: A2, type: annual-report, department: 办公室, year: 2020, published_on: 2021-01-20, file: ../outside.txt}
            """,
        ])
        let e = try load(folder)
        #expect(e.records.map(\.id) == ["A1"])
        #expect(e.manifest.contains { $0.path == "report.txt" })
        #expect(e.issues.map(\.message.en) == ["file path ../outside.txt leaves the evidence folder: rejected"])
    }
}
