import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiEvidence

@Suite struct LoaderTests {
    @Test func everyFieldKind() throws {
        let folder = try makeFolder([
            "a.yaml": """
            - id: R1
              type: disclosure-request
              request_no: "2020-1"
              received_on: 2020年3月2日
              applicant_type: 商业企业
              extended: 是
              extension_approved_on: 2020/3/20
            - {id: O1, type: office-designation, department: 办公室, office: 办公室, staff: 3, from: 2020-01-01}
            - {id: W1, type: website-check, kind: quarterly, site: 网站, date: 2020-03-01, score: 91.5}
            """
        ])
        let e = try load(folder)
        #expect(e.issues.isEmpty, "\(e.issues)")
        let r = try #require(e.record(id: "R1"))
        #expect(r.day("received_on") == day("2020-03-02"))
        #expect(r.day("extension_approved_on") == day("2020-03-20"))
        #expect(r.boolean("extended") == true)
        #expect(r.date == day("2020-03-02"), "dated by the type's date_field")
        #expect(e.record(id: "O1")?.integer("staff") == 3)
        #expect(e.record(id: "W1")?.fields["score"] == .number(91.5))
    }

    @Test func badValuesNameFileLineAndExpectation() throws {
        let folder = try makeFolder([
            "bad.yaml": """
            - {id: B1, type: office-designation, office: 办公室, staff: three, from: 2020-01-01}
            - {id: B2, type: website-check, kind: weekly, site: 网站, date: 2020-03-01}
            - {id: B3, type: website-check, kind: patrol, site: 网站, date: 03/01/2020}
            - {id: B4, type: no-such-type}
            - {id: B5, type: leader-designation, person: 王某}
            """
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        let text = e.issues.map { "\($0.location) \($0.message.en)" }
        #expect(text.contains { $0.hasPrefix("bad.yaml:1") && $0.contains("staff should be an integer") })
        #expect(text.contains { $0.hasPrefix("bad.yaml:2") && $0.contains("'weekly' is not one of patrol, quarterly, annual") })
        #expect(text.contains { $0.hasPrefix("bad.yaml:3") && $0.contains(Day.acceptedForms) })
        #expect(text.contains { $0.hasPrefix("bad.yaml:4") && $0.contains("unknown evidence type 'no-such-type'") })
        #expect(text.contains { $0.hasPrefix("bad.yaml:5") && $0.contains("missing required field position") })
    }

    @Test func brokenYAMLIsAnErrorAndTheRestStillLoads() throws {
        let folder = try makeFolder([
            "broken.yaml": "- id: X\n  type: training\n  topic: [unclosed\n",
            "good.yaml": "- {id: T1, type: training, department: 办公室, tasks: [30], topic: 条例学习, attendees: 20, date: 2020-05-01}",
        ])
        let e = try load(folder)
        #expect(e.records.map(\.id) == ["T1"])
        #expect(e.issues.count == 1)
        #expect(e.issues[0].location.file == "broken.yaml")
        #expect(e.issues[0].location.line != nil)
    }

    @Test func duplicateIdsNameBothPlaces() throws {
        let folder = try makeFolder([
            "a.yaml": "- {id: T1, type: training, department: 办公室, topic: A, attendees: 1, date: 2020-05-01}",
            "b.yaml": "- {id: T1, type: training, department: 办公室, topic: B, attendees: 1, date: 2020-05-02}",
        ])
        let e = try load(folder)
        #expect(e.records.count == 1)
        #expect(e.issues.count == 1)
        #expect(e.issues[0].location.file == "b.yaml")
        #expect(e.issues[0].message.en.contains("a.yaml:1"))
    }

    @Test func aLeftOutRecordGetsEveryProblemAndKeepsItsId() throws {
        let folder = try makeFolder([
            "a.yaml": "- {id: T1, type: training, department: 宣传科, tasks: [33], topic: A, attendees: 1, date: 2020-05-01, attachments: [files/missing.pdf]}",
            "b.yaml": "- {id: T1, type: training, department: 办公室, topic: B, attendees: 1, date: 2020-05-02}",
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        let a = e.issues.filter { $0.location.file == "a.yaml" }.map(\.message.en)
        #expect(a.count == 3)
        #expect(a.contains { $0.contains("has no task 33") })
        #expect(a.contains { $0.contains("department '宣传科'") })
        #expect(a.contains { $0.contains("files/missing.pdf does not exist") })
        // The first use of an id is what a later use is reported against, even when the first was left out.
        let b = e.issues.filter { $0.location.file == "b.yaml" }.map(\.message.en)
        #expect(b == ["record id T1 is used twice: first at a.yaml:1:3"])
        #expect(e.record(id: "T1") == nil)
    }

    @Test func duplicateLedgerColumnsAreNamedAndTheFirstIsRead() throws {
        let folder = try makeFolder([
            "disclosure-request.csv": """
            request_no,received_on,applicant_type,received_on
            2020-1,2020-03-02,自然人,2020-04-01

            """
        ])
        let e = try load(folder)
        #expect(e.records.count == 1)
        #expect(e.records.first?.day("received_on") == day("2020-03-02"))
        #expect(e.issues.map { "\($0.location)" } == ["disclosure-request.csv:1:4"])
        #expect(e.issues.first?.message.en.contains("columns 2 and 4 of the header are both named received_on") == true)
    }

    @Test func aLedgerWithATypeColumnReadsEachTypesOwnFields() throws {
        // Rows alternate between types, so the columns resolved for one type are never reused for the other.
        let folder = try makeFolder([
            "活动.csv": """
            id,type,department,tasks,date,topic,attendees,summary
            T1,training,办公室,30,2020-05-01,条例学习,20,
            W1,work-record,办公室,30,2020-05-02,,,整理目录
            T2,training,办公室,30,2020-05-03,保密培训,12,
            W2,work-record,办公室,30,2020-05-04,,,更新指南
            T3,training,办公室,30,2020-05-05,网站培训,x,

            """
        ])
        let e = try load(folder)
        #expect(e.records.map(\.id) == ["T1", "W1", "T2", "W2"])
        #expect(e.record(id: "T2")?.integer("attendees") == 12)
        #expect(e.record(id: "T2")?.string("topic") == "保密培训")
        #expect(e.record(id: "W2")?.string("summary") == "更新指南")
        #expect(e.record(id: "W2")?.fieldTable.names == ["summary"])
        #expect(e.record(id: "W1")?.string("topic") == nil)
        #expect(e.issues.map { "\($0.location)" } == ["活动.csv:6:7"])
        #expect(e.issues.first?.message.en.contains("attendees should be an integer") == true)
    }

    @Test func recordsAreValuesThoughTheyShareStorage() {
        let original = EvidenceRecord(
            id: "R1", type: "training", location: SourceLocation(file: "a.yaml", line: 1), department: nil,
            tasks: [1], date: nil, title: "A", fields: ["topic": .string("A")], attachments: [])
        var copy = original
        copy.title = "B"
        copy.fields["topic"] = .string("B")
        copy.attachments.append(Attachment(path: "x.pdf"))
        #expect(original.title == "A" && original.string("topic") == "A" && original.attachments.isEmpty)
        #expect(copy.title == "B" && copy.string("topic") == "B" && copy.attachments.count == 1)
    }

    @Test func unknownTasksAndDepartments() throws {
        let folder = try makeFolder([
            "a.yaml": """
            - {id: T1, type: training, department: 宣传科, topic: A, attendees: 1, date: 2020-05-01}
            - {id: T2, type: training, department: 办公室, tasks: [33], topic: B, attendees: 1, date: 2020-05-01}
            """
        ])
        let e = try load(folder)
        #expect(e.records.isEmpty)
        // The message names the department and lists the plan's own, so the clerk sees what was expected.
        let department = e.issues.first { $0.message.en.contains("department '宣传科'") }
        #expect(department?.message.en.contains("办公室, 机关党委") == true)
        #expect(department?.location.file == "a.yaml" && department?.location.line == 1)
        #expect(e.issues.contains { $0.message.en.contains("has no task 33") })
    }

    @Test func csvLedgerWithLinesAndTypeFromFileName() throws {
        let folder = try makeFolder([
            "台账/disclosure-request-2020.csv": """
            request_no,received_on,applicant_type,applicant_name,answered_on
            2020-1,2020-03-02,自然人,张三,2020-03-20
            2020-2,"2020-03-05",商业企业,"李
            四",2020-03-25
            2020-3,2020-13-01,自然人,王五,

            """
        ])
        let e = try load(folder)
        #expect(e.records.count == 2)
        #expect(e.records.allSatisfy { $0.type == "disclosure-request" })
        #expect(e.records[0].id == "台账/disclosure-request-2020.csv:2")
        #expect(e.records[1].location.line == 3)
        #expect(e.issues.count == 1)
        #expect(e.issues[0].location.line == 5, "a quoted newline moves the next row down a line")
        // Personal data is never kept.
        #expect(e.records.allSatisfy { $0.fields["applicant_name"] == nil })
    }

    /// A ledger without a required column names it on every row, and its problems come in the type's field order
    /// whether a field has a column, an empty cell or neither (validation asks a ledger only for the fields it has
    /// columns for, and the required ones).
    @Test func ledgerRowsMissingRequiredColumnsInFieldOrder() throws {
        let folder = try makeFolder([
            "disclosure-request.csv": "outcome,received_on,extended\nR,2020-03-02,是\n已答复,,maybe\n"
        ])
        let e = try load(folder)
        let first = e.issues.filter { $0.location.line == 2 }.map(\.message.en)
        #expect(first.count == 2, "\(first)")
        #expect(first.first?.contains("missing required field request_no") == true, "\(first)")
        #expect(first.last?.contains("missing required field applicant_type") == true, "\(first)")
        let second = e.issues.filter { $0.location.line == 3 }.map(\.message.en)
        #expect(second.count == 4, "\(second)")
        #expect(second.first?.contains("request_no") == true, "\(second)")
        #expect(second.dropFirst().first?.contains("missing required field received_on") == true, "\(second)")
        #expect(second.dropFirst(2).first?.contains("applicant_type") == true, "\(second)")
        #expect(second.last?.contains("extended should be true/false") == true, "\(second)")
        #expect(e.records.isEmpty)
    }

    @Test func gb18030LedgerAndBOMAndCRLF() throws {
        let folder = try makeFolder([:])
        let csv = "request_no,received_on,applicant_type\r\n2020-1,2020-03-02,自然人\r\n"
        try TextDecoding.gb18030Data(csv).write(to: folder.appendingPathComponent("disclosure-request.csv"))
        try (Data([0xEF, 0xBB, 0xBF]) + Data("- {id: T1, type: training, department: 办公室, topic: 学习, attendees: 3, date: 2020-05-01}\r\n".utf8))
            .write(to: folder.appendingPathComponent("bom.yaml"))
        let e = try load(folder)
        #expect(e.issues.isEmpty, "\(e.issues)")
        #expect(e.records.count == 2)
        #expect(e.records.contains { $0.string("applicant_type") == "自然人" })
    }

    @Test func attachmentsOutsideMissingOrMismatched() throws {
        let folder = try makeFolder([
            "files/ok.txt": "hello",
            "a.yaml": """
            - {id: A1, type: training, department: 办公室, topic: A, attendees: 1, date: 2020-05-01, attachments: [files/ok.txt]}
            - {id: A2, type: training, department: 办公室, topic: B, attendees: 1, date: 2020-05-01, attachments: [../outside.txt]}
            - {id: A3, type: training, department: 办公室, topic: C, attendees: 1, date: 2020-05-01, attachments: [/etc/passwd]}
            - {id: A4, type: training, department: 办公室, topic: D, attendees: 1, date: 2020-05-01, attachments: [files/missing.pdf]}
            - id: A5
              type: training
              department: 办公室
              topic: E
              attendees: 1
              date: 2020-05-01
              attachments: [{path: files/ok.txt, sha256: 0000000000000000000000000000000000000000000000000000000000000000}]
            """,
        ])
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("files/link.txt").path, withDestinationPath: "/etc/hostname")
        let e = try load(folder)
        #expect(e.records.map(\.id) == ["A1"])
        #expect(e.records[0].attachments[0].sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        let messages = e.issues.map(\.message.en)
        #expect(messages.filter { $0.contains("leaves the evidence folder") }.count == 2)
        #expect(messages.contains { $0.contains("files/missing.pdf does not exist") })
        #expect(messages.contains { $0.contains("SHA-256 mismatch") })
        #expect(messages.contains { $0.contains("symbolic link points outside") })
    }

    @Test func binaryJunkAndDeepNesting() throws {
        let folder = try makeFolder(["deep.yaml": String(repeating: "[", count: 10000) + String(repeating: "]", count: 10000)])
        try Data((0..<4096).map { UInt8($0 % 256) }).write(to: folder.appendingPathComponent("junk.yaml"))
        let e = try load(folder)
        #expect(e.issues.contains { $0.location.file == "junk.yaml" && $0.message.en.contains("not a text file") })
        #expect(e.issues.contains { $0.location.file == "deep.yaml" && $0.message.en.contains("nested more than") })
    }

    @Test func missingConfigIsFatal() throws {
        let dir = scratchPath("gongkai-empty")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(throws: GongkaiError.self) { try FolderConfig.load(root: dir) }
    }
}

extension TextDecoding {
    static func gb18030Data(_ s: String) -> Data { s.data(using: gb18030)! }
}

@Suite struct HostileInputTests {
    /// Every saved fuzz input (seeds and past findings) parses without crashing, each problem naming its file.
    @Test func fuzzCorpusReplays() throws {
        let dir = repoRoot.appendingPathComponent("Tests/fuzz-corpus")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count >= 8)
        let config = FolderConfig(plan: plan2020.id, agency: nil, year: 2020, calendar: .official, encodings: [:], timeZone: .current)
        let loader = EvidenceLoader(root: repoRoot, config: config, types: rules.types, plan: plan2020)
        for name in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            // Workbook XML (0xFE) is replayed against libxml2 by XMLScannerTests.
            guard let first = data.first, first != 0xFE else { continue }
            let path = first == 0xFF ? "disclosure-request.xlsx" : first % 2 == 0 ? "fuzz.yaml" : "disclosure-request.csv"
            let (records, issues) = loader.parse(data.dropFirst(), path: path)
            #expect(issues.allSatisfy { $0.location.file == path }, "\(name)")
            if name.hasSuffix("-ok") { #expect(records.count == 1 && issues.isEmpty, "\(name): \(issues)") }
        }
    }

    @Test func aliasBombIsBoundedAndRejected() throws {
        let data = try Data(contentsOf: repoRoot.appendingPathComponent("Tests/fuzz-corpus/record-alias-bomb")).dropFirst()
        let config = FolderConfig(plan: plan2020.id, agency: nil, year: 2020, calendar: .official, encodings: [:], timeZone: .current)
        let start = Date()
        let (records, issues) = EvidenceLoader(root: repoRoot, config: config, types: rules.types, plan: plan2020).parse(data, path: "bomb.yaml")
        #expect(records.isEmpty)
        #expect(issues.contains { $0.message.en.contains("nested") })
        #expect(Date().timeIntervalSince(start) < 5, "aliases are shared, never expanded")
    }

    @Test func oversizedLedgerIsAClearError() throws {
        let folder = try makeFolder(
            ["disclosure-request.csv": "request_no,received_on,applicant_type\n" + String(repeating: "R,2020-03-02,自然人\n", count: 70_000)],
            gongkai: "plan: zhaoqing-commerce-2020\nmax_ledger_mb: 1\n")
        let e = try load(folder)
        #expect(e.records.isEmpty)
        #expect(e.issues.count == 1 && e.issues[0].message.en.contains("ledger too large") && e.issues[0].recordType == "disclosure-request")
    }
}

@Suite struct LargeLedgerTests {
    /// Over 1 MB a ledger is parsed in chunks on all cores: the records, their order and every line number
    /// must be what a single pass gives, quoted newlines included.
    @Test func chunkedLedgerKeepsLinesExact() throws {
        var lines = ["request_no,received_on,applicant_type,content"]
        var expectedLine: [String: Int] = [:]
        var badLines: [Int] = []
        var line = 2
        for i in 0..<30_000 {
            let multiline = i % 997 == 0
            let bad = i % 7919 == 0 && i > 0
            let content = multiline ? "\"第一行\n第二行，含“引号”和\"\"转义\"\"\"" : "申请公开相关政策文件第\(i)号"
            lines.append("R\(i),\(bad ? "2020-02-30" : "2020-03-02"),自然人,\(content)")
            if bad { badLines.append(line) } else { expectedLine["R\(i)"] = line }
            line += multiline ? 2 : 1
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > CSVLedgerFormat.parallelLedgerBytes)
        #expect(CSVLedgerFormat.rowChunks(text, count: 4).count > 1)
        let folder = try makeFolder(["disclosure-request.csv": text])
        let e = try load(folder)
        #expect(e.records.count == expectedLine.count)
        #expect(e.records.map { $0.string("request_no")! } == (0..<30_000).filter { !($0 % 7919 == 0 && $0 > 0) }.map { "R\($0)" })
        for r in e.records { #expect(r.location.line == expectedLine[r.string("request_no")!], "\(r.string("request_no")!)") }
        #expect(e.issues.map { $0.location.line! } == badLines)
        #expect(e.records.first { $0.string("request_no") == "R997" }?.string("content")?.contains("\n") == true)
    }
}

@Suite struct HashCacheTests {
    func scratch() throws -> URL {
        let dir = scratchPath("gongkai-cache")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A file cached once (older than the racy window), then rewritten with the same size and its modification
    /// time set back: its change time moved, so it is hashed again; an unchanged file is served from the cache.
    @Test func aRewrittenFileIsHashedAgainWhateverItsModificationTime() throws {
        let dir = try scratch()
        let file = dir.appendingPathComponent("scan.pdf").path
        try Data("AAAA".utf8).write(to: URL(fileURLWithPath: file))
        Thread.sleep(forTimeInterval: Double(HashCache.racyWindow) / 1e9 + 0.1)
        let cacheDir = dir.appendingPathComponent("cache")
        let first = try HashCache(directory: cacheDir)
        let digest = try first.digest(of: file).get()
        first.save()
        let tsv = cacheDir.appendingPathComponent("sha256.tsv")
        let saved = try String(contentsOf: tsv, encoding: .utf8)
        #expect(saved.contains(digest.1), "an old enough file is cached")
        // A planted digest with the file's own identity is served: the cache is used.
        let planted = String(repeating: "0", count: 64)
        try saved.replacingOccurrences(of: digest.1, with: planted).write(to: tsv, atomically: true, encoding: .utf8)
        #expect(try HashCache(directory: cacheDir).digest(of: file).get().1 == planted, "served from the cache")
        var times = [timespec(), timespec()]
        var st = stat()
        #expect(stat(file, &st) == 0)
        times[0] = st.st_atim
        times[1] = st.st_mtim
        try Data("BBBB".utf8).write(to: URL(fileURLWithPath: file))
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        let again = try HashCache(directory: cacheDir).digest(of: file).get()
        let fresh = try HashCache.sha256(ofRegularFile: file).get()
        #expect(again.1 == fresh, "rewritten in place: hashed again")
        #expect(again.1 != planted && again.1 != digest.1)
    }

    @Test func aFreshFileIsNotCached() throws {
        let dir = try scratch()
        let file = dir.appendingPathComponent("new.pdf").path
        try Data("AAAA".utf8).write(to: URL(fileURLWithPath: file))
        let cacheDir = dir.appendingPathComponent("cache")
        let cache = try HashCache(directory: cacheDir)
        _ = try cache.digest(of: file).get()
        cache.save()
        #expect(!FileManager.default.fileExists(atPath: cacheDir.appendingPathComponent("sha256.tsv").path), "within the racy window")
    }

    /// A cache file that is a FIFO or a symbolic link is refused, naming it, and left as it is.
    @Test func aCacheFileThatIsNotARegularFileIsRefused() throws {
        let dir = try scratch()
        let fifo = dir.appendingPathComponent("fifo")
        try FileManager.default.createDirectory(at: fifo, withIntermediateDirectories: true)
        #expect(mkfifo(fifo.appendingPathComponent("sha256.tsv").path, 0o600) == 0)
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createDirectory(at: link, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.appendingPathComponent("sha256.tsv").path, withDestinationPath: "/etc/passwd")
        for (folder, kind) in [(fifo, "FIFO"), (link, "symbolic link")] {
            let error = #expect(throws: GongkaiError.self) { try HashCache(directory: folder) }
            #expect(error?.message.zh.contains(folder.appendingPathComponent("sha256.tsv").path) == true)
            #expect(error?.message.en.contains(kind) == true)
        }
        var st = stat()
        #expect(lstat(fifo.appendingPathComponent("sha256.tsv").path, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
    }
}
