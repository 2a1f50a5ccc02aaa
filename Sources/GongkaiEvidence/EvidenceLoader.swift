import Crypto
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiPlan

/// Reads an evidence folder: record files and ledgers through one reader per format (`EvidenceFormat`), other
/// files as attachments. Never writes to the folder. Every problem is a `LoadIssue` with its location; everything
/// else still loads.
public struct EvidenceLoader: Sendable {
    public var root: URL
    public var config: FolderConfig
    public var types: TypeRegistry
    public var plan: Plan
    public var hashCache: HashCache?
    /// Where the load's phase times go (`GONGKAI_TIMING=1`); nil in a normal run.
    public var diagnostics: Diagnostics?
    /// The plan's task numbers and departments, for validating each record.
    let taskNumbers: Set<Int>
    let departments: Set<String>
    /// The last department found valid on this parsing thread.
    let knownDepartment = LastSeen()
    /// The personal values this parsing thread read, noted for the run's outputs when it is done.
    let personalSeen: PersonalCollector
    /// Each type's `path` fields (files a record cites), by their positions among its kept fields.
    let pathFields: [String: [Int]]
    /// What this folder's zips (workbooks, Word files) may inflate to together, shared by its parsing threads and
    /// kept with the loaded set for the checks that read its documents. A new loader, a new budget: each department
    /// of a roll-up has its own.
    public let inflation: InflationBudget

    static let maxRecordFileBytes = 64 << 20
    static let maxYAMLDepth = 64

    /// The source formats, by file name ending. Adding a format is one file and one line here.
    static let formats: [any EvidenceFormat.Type] = [RecordFileFormat.self, CSVLedgerFormat.self, XLSXLedgerFormat.self, XLSLedgerFormat.self]

    public init(
        root: URL, config: FolderConfig, types: TypeRegistry, plan: Plan, hashCache: HashCache? = nil, diagnostics: Diagnostics? = nil,
        inflation: InflationBudget = InflationBudget()
    ) {
        self.inflation = inflation
        self.root = root
        self.diagnostics = diagnostics
        self.config = config
        self.types = types
        self.plan = plan
        self.hashCache = hashCache
        // Never the words gongkai must print: a unit's or the agency's name, or the plan's title, in part.
        personalSeen = PersonalCollector(protected: [plan.agency, plan.title] + plan.departments)
        taskNumbers = Set(plan.tasks.map(\.no))
        departments = Set(plan.departments)
        pathFields = types.types.compactMapValues { $0.shape.paths.isEmpty ? nil : $0.shape.paths }
    }

    /// What reading one file (or one part of a large one) gave.
    struct FileResult: Sendable {
        var records: [EvidenceRecord] = []
        /// Rows that failed validation, each with the number of records read before it.
        var rejected: [(before: Int, problems: IssueList)] = []
        var issues: [LoadIssue] = []
        /// Worth knowing, not wrong: skipped sheets and unknown ledger columns.
        var notes: [LoadIssue] = []
        /// Per ledger (file, and sheet of a workbook): the fields its header has columns for.
        var ledgerColumns: [String: Set<String>] = [:]
        var manifest: ManifestEntry?
        /// The files its records and rejected rows cite: attachments, and records' `path` fields.
        var cited: Set<String> = []
        var pathReader = PathFieldReader()
    }

    /// The files a record names in its `path` fields (the annual report's `file`), read by position. The last
    /// type's positions are kept: a file's records are nearly always of one type.
    struct PathFieldReader: Sendable {
        private var last: (type: String, positions: [Int]) = ("", [])
        mutating func forEachPath(of r: EvidenceRecord, in pathFields: [String: [Int]], _ body: (String) -> Void) {
            if r.type != last.type { last = (r.type, pathFields[r.type] ?? []) }
            for position in last.positions {
                if case .string(let path)? = r.fieldTable[position: position] { body(path) }
            }
        }
    }

    /// A file's records, or for a large file the work that reads it in parts.
    enum ParseStep: Sendable {
        case parsed(FileResult)
        case pending(cost: Int, work: @Sendable () -> FileResult)
    }

    /// list → read (all cores, biggest files first, large ledgers in parts; each row validated as read) →
    /// hash attachments → assemble (ids, duplicates, attachments). Results merge in path and row order, so the
    /// output is the same whatever the number of cores.
    public func load() -> EvidenceSet {
        var clock = PhaseClock()
        let listing = FolderListing.list(root)
        var evidenceFiles: [(path: String, size: Int, format: any EvidenceFormat.Type)] = []
        var otherFiles: [String] = []
        let configuration = config.configurationFiles(root: root)
        for file in listing.files where !configuration.contains(file.path) {
            if let format = Self.format(of: file.path) { evidenceFiles.append((file.path, file.size, format)) } else { otherFiles.append(file.path) }
        }
        let steps = read(evidenceFiles)
        clock.lap("load: parse")
        // A ledger the listing could not read (a FIFO, a device, a loop) is still that type's missing input: its
        // checks and the statistics say so, as for a damaged workbook.
        var issues = listing.issues.map { issue in
            var issue = issue
            if issue.recordType == nil, Self.format(of: issue.location.file) != nil { issue.recordType = typeFromFileName(issue.location.file) }
            return issue
        }
        var notes: [LoadIssue] = []
        var manifest: [ManifestEntry] = []
        var columns: [String: Set<String>] = [:]
        for r in steps {
            issues += r.issues
            notes += r.notes
            columns.merge(r.ledgerColumns) { $0.union($1) }
            if let m = r.manifest { manifest.append(m) }
        }
        let digests = hashAttachments(steps)
        clock.lap("load: attachments")
        var set = assemble(steps, digests: digests)
        let cited = Set(set.manifest.map(\.path))
        set.issues = issues + set.issues
        set.notes = notes
        set.ledgerColumns = columns
        set.manifest = (manifest + set.manifest).sorted { $0.path < $1.path }
        set.recordFileCount = evidenceFiles.count
        set.inflation = inflation
        set.unreferencedFiles = otherFiles.filter { !cited.contains($0) }
        clock.lap("load: check and index")
        diagnostics?.record(clock.phases)
        return set
    }

    static func format(of path: String) -> (any EvidenceFormat.Type)? {
        let lower = path.lowercased()
        return formats.first { f in f.extensions.contains { lower.hasSuffix("." + $0) } }
    }

    /// Reads every evidence file on all cores: first whole files (or a large file's split into parts), then the parts.
    func read(_ files: [(path: String, size: Int, format: any EvidenceFormat.Type)]) -> [FileResult] {
        let bySize = files.indices.sorted { files[$0].size > files[$1].size }
        let firstPass = ConcurrentMap.map(bySize.map { FileJob(path: files[$0].path, size: files[$0].size, format: files[$0].format) }) { job in
            job.format.steps(job.path, size: job.size, loader: self.isolated())
        }
        var steps = [[ParseStep]](repeating: [], count: files.count)
        for (i, fileSteps) in zip(bySize, firstPass) { steps[i] = fileSteps }
        var pending: [(file: Int, step: Int, cost: Int, work: @Sendable () -> FileResult)] = []
        for (file, fileSteps) in steps.enumerated() {
            for (step, s) in fileSteps.enumerated() {
                if case .pending(let cost, let work) = s { pending.append((file, step, cost, work)) }
            }
        }
        pending.sort { $0.cost > $1.cost }
        let secondPass = ConcurrentMap.map(pending.map(\.work)) { $0() }
        for (unit, result) in zip(pending, secondPass) { steps[unit.file][unit.step] = .parsed(result) }
        return steps.flatMap { $0 }.compactMap { step -> FileResult? in
            if case .parsed(let r) = step { return r }
            return nil
        }
    }

    struct FileJob: Sendable {
        var path: String
        var size: Int
        var format: any EvidenceFormat.Type
    }

    /// This loader with its own copy of the types, for one parsing thread.
    func isolated() -> EvidenceLoader {
        EvidenceLoader(root: root, config: config, types: types.isolatedCopy(), plan: plan, hashCache: hashCache, diagnostics: nil, inflation: inflation)
    }

    /// Records and problems from one file's bytes, read by the format its name gives. The fuzz target drives this.
    public func parse(_ data: Data, path: String) -> (records: [EvidenceRecord], issues: [LoadIssue]) {
        var result = FileResult()
        if let format = Self.format(of: path) {
            format.read(data, path: path, loader: self, into: &result)
        } else {
            result.issues.append(LoadIssue(SourceLocation(file: path), Message("不是证据文件", "not an evidence file")))
        }
        return (result.records, result.issues + result.rejected.flatMap(\.problems.issues))
    }

    /// The bytes of a regular file in the folder with its manifest entry, or the problem (never blocking: the file
    /// is opened with O_NONBLOCK and checked with fstat before any read).
    func readFile(_ path: String, limit: Int, into result: inout FileResult) -> Data? {
        switch FolderListing.readRegularFile(root.appendingPathComponent(path).path, limit: limit) {
        case .success(let data):
            result.manifest = ManifestEntry(path: path, size: data.count, sha256: SHA256.hash(data: data).hex)
            return data
        case .failure(let problem):
            result.issues.append(LoadIssue(SourceLocation(file: path), problem.text, recordType: typeFromFileName(path)))
            return nil
        }
    }

    /// Text from a file's bytes, or an error naming the file, line and column of the first byte that is not text.
    func decodeText(_ data: Data, path: String, into result: inout FileResult) -> String? {
        if data.prefix(8192).contains(0) {
            result.issues.append(
                LoadIssue(
                    SourceLocation(file: path, line: 1),
                    Message(
                        "不是文本文件（含二进制数据），应为 UTF-8 或 GB18030 编码的 YAML/JSON/CSV",
                        "not a text file (binary data); expected YAML/JSON/CSV in UTF-8 or GB18030"),
                    recordType: typeFromFileName(path)))
            return nil
        }
        switch TextDecoding.decodeStrictly(data, declared: config.encodings[path]) {
        case .success(let decoded): return decoded.text
        case .failure(let at):
            result.issues.append(
                LoadIssue(
                    SourceLocation(file: path, line: at.line, column: at.column),
                    Message(
                        "无效的 UTF-8 字节（也不是 GB18030）：请以 UTF-8 重新保存，或在 gongkai.yaml 的 encodings 中写明编码",
                        "invalid UTF-8 (nor GB18030): save the file as UTF-8, or declare its encoding under encodings in gongkai.yaml"),
                    recordType: typeFromFileName(path)))
            return nil
        }
    }

    /// The type a file's name gives: `disclosure-request.csv`, `disclosure-request-2020.csv`.
    func typeFromFileName(_ path: String) -> String? {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if types[stem] != nil { return stem }
        if let t = types.type(named: stem) { return t.id }
        return types.ids.filter { stem.hasPrefix($0 + "-") || stem.hasPrefix($0 + "_") }.max { $0.count < $1.count }
    }
}

extension LoadIssue {
    enum Reason: Error { case outside, missing, unreadable, notRegular, loop, tooLong }
}

extension String {
    var newlineCount: Int { utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
}

extension Sequence where Element == UInt8 {
    var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
