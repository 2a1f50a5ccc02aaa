import CSV
import Crypto
import Foundation
import Yams

/// Reads an evidence folder: `*.yaml`/`*.yml`/`*.json` records, `*.csv` ledgers, other files as attachments.
/// Never writes to the folder. Every problem is a `LoadIssue` with file and line; everything else still loads.
public struct EvidenceLoader: Sendable {
    public var root: URL
    public var config: FolderConfig
    public var types: TypeRegistry
    public var plan: Plan
    public var hashCache: HashCache?

    public static let reservedFiles: Set<String> = [FolderConfig.fileName, "waivers.yaml"]
    static let maxRecordFileBytes = 64 << 20
    static let maxYAMLDepth = 64

    public init(root: URL, config: FolderConfig, types: TypeRegistry, plan: Plan, hashCache: HashCache? = nil) {
        self.root = root; self.config = config; self.types = types; self.plan = plan; self.hashCache = hashCache
    }

    struct FileResult: Sendable {
        var records: [EvidenceRecord] = []
        var issues: [LoadIssue] = []
        var manifest: ManifestEntry?
    }

    public func load() -> EvidenceSet {
        var clock = PhaseClock()
        let files = listFiles()
        var recordFiles: [String] = []
        var otherFiles: [String] = []
        var issues: [LoadIssue] = files.issues
        for path in files.paths {
            let lower = path.lowercased()
            if Self.reservedFiles.contains(path) { continue }
            if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") || lower.hasSuffix(".csv") {
                recordFiles.append(path)
            } else {
                otherFiles.append(path)
            }
        }
        // Files parse independently on all cores, biggest first. A large ledger is read and cut into chunks of
        // rows while the other files parse, then its chunks parse on all cores. Results merge in path and row
        // order, so output is stable.
        let sizes = recordFiles.map { (try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent($0).path)[.size] as? Int) ?? 0 }
        let bySize = recordFiles.indices.sorted { sizes[$0] > sizes[$1] }
        let firstPass = ConcurrentMap.map(bySize.map { (recordFiles[$0], sizes[$0]) }) { self.parseOrSplit($0.0, size: $0.1) }
        var steps = [[ParseStep]](repeating: [], count: recordFiles.count)
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
        let results = steps.flatMap { $0 }.compactMap { step -> FileResult? in
            if case .parsed(let r) = step { return r }
            return nil
        }
        clock.lap("load: parse")
        var manifest: [ManifestEntry] = []
        for r in results {
            issues += r.issues
            if let m = r.manifest { manifest.append(m) }
        }
        let digests = hashAttachments(results)
        clock.lap("load: attachments")
        var set = assemble(results, digests: digests)
        issues += set.issues
        let cited = Set(set.manifest.map(\.path))
        set.issues = issues
        set.manifest = (manifest + set.manifest).sorted { $0.path < $1.path }
        set.recordFileCount = recordFiles.count
        set.unreferencedFiles = otherFiles.filter { !cited.contains($0) }
        clock.lap("load: check and index")
        set.timings = clock.phases
        return set
    }

    // MARK: Files

    func listFiles() -> (paths: [String], issues: [LoadIssue]) {
        var paths: [String] = []
        var issues: [LoadIssue] = []
        let rootPath = root.resolvingSymlinksInPath().path
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey],
                                                     options: [.skipsHiddenFiles]) else { return ([], []) }
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
            let rel = relativePath(url)
            if values?.isSymbolicLink == true {
                let target = url.resolvingSymlinksInPath().path
                if !(target == rootPath || target.hasPrefix(rootPath + "/")) {
                    issues.append(LoadIssue(SourceLocation(file: rel), Text("符号链接指向证据目录之外（\(target)），已拒绝", "symbolic link points outside the evidence folder (\(target)): rejected")))
                    continue
                }
            }
            if values?.isDirectory == true { continue }
            paths.append(rel)
        }
        return (paths.sorted(), issues)
    }

    func relativePath(_ url: URL) -> String {
        let base = root.standardizedFileURL.path
        let p = url.standardizedFileURL.path
        return p.hasPrefix(base + "/") ? String(p.dropFirst(base.count + 1)) : p
    }

    /// A file's records, or for a large ledger the work that parses it: its digest and one unit per chunk of rows.
    enum ParseStep: Sendable {
        case parsed(FileResult)
        case pending(cost: Int, work: @Sendable () -> FileResult)
    }

    func parseOrSplit(_ path: String, size: Int) -> [ParseStep] {
        let url = root.appendingPathComponent(path)
        guard path.lowercased().hasSuffix(".csv"), size > Self.parallelLedgerBytes, size <= config.maxLedgerBytes,
              let data = try? Data(contentsOf: url, options: .mappedIfSafe), !data.prefix(8192).contains(0) else {
            return [.parsed(isolated().loadFile(path))]
        }
        var first = FileResult()
        let text = TextDecoding.decode(data, declared: config.encodings[path]).text
        let prepared = prepareLedger(text, path: path, into: &first)
        let headerResult = first
        // The file's digest is a unit of its own, hashed while the rows parse.
        let digest = ParseStep.pending(cost: data.count / 8, work: {
            var result = headerResult
            result.manifest = ManifestEntry(path: path, size: data.count, sha256: SHA256.hash(data: data).hex)
            return result
        })
        guard let (header, fileType, firstLine, _) = prepared else { return [digest] }
        var steps = [digest]
        for chunk in Self.rowChunks(text, count: ProcessInfo.processInfo.activeProcessorCount * 2) {
            steps.append(.pending(cost: chunk.end - chunk.start, work: {
                var part = FileResult()
                let body = String(decoding: text.utf8.dropFirst(chunk.start).prefix(chunk.end - chunk.start), as: UTF8.self)
                guard let reader = try? CSVReader(string: body, hasHeaderRow: false) else { return part }
                // A chunk-local copy of the path: records keep it, and a shared string's reference count would bounce between cores.
                let ownPath = String(decoding: Array(path.utf8), as: UTF8.self)
                self.isolated().readRows(reader, header: header, firstLine: firstLine + chunk.newlinesBefore, path: ownPath, fileType: fileType, into: &part)
                return part
            }))
        }
        return steps
    }

    /// This loader with its own copy of the types, for one parsing thread.
    func isolated() -> EvidenceLoader {
        var copy = self
        copy.types = types.isolatedCopy()
        return copy
    }

    func loadFile(_ path: String) -> FileResult {
        var result = FileResult()
        let url = root.appendingPathComponent(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        if path.lowercased().hasSuffix(".csv") && size > config.maxLedgerBytes {
            result.issues.append(LoadIssue(SourceLocation(file: path), Text("台账过大（\(size >> 20) MB，上限 \(config.maxLedgerBytes >> 20) MB），未读取：请按年度拆分，或在 gongkai.yaml 中调高 max_ledger_mb",
                                                                             "ledger too large (\(size >> 20) MB, limit \(config.maxLedgerBytes >> 20) MB), not read: split it by year, or raise max_ledger_mb in gongkai.yaml"),
                                           recordType: typeFromFileName(path)))
            return result
        }
        if size > Self.maxRecordFileBytes && !path.lowercased().hasSuffix(".csv") {
            result.issues.append(LoadIssue(SourceLocation(file: path), Text("记录文件过大（\(size) 字节，上限 \(Self.maxRecordFileBytes) 字节）；大量记录请用 CSV 台账",
                                                                             "record file too large (\(size) bytes, limit \(Self.maxRecordFileBytes)); use a CSV ledger for many records")))
            return result
        }
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            result.issues.append(LoadIssue(SourceLocation(file: path), Text("无法读取文件", "cannot read the file")))
            return result
        }
        result.manifest = ManifestEntry(path: path, size: data.count, sha256: SHA256.hash(data: data).hex)
        parse(data, path: path, into: &result)
        return result
    }

    /// Records and problems from one file's bytes (`.csv` is a ledger, anything else YAML or JSON).
    /// The fuzz target drives this directly.
    public func parse(_ data: Data, path: String) -> (records: [EvidenceRecord], issues: [LoadIssue]) {
        var result = FileResult()
        parse(data, path: path, into: &result)
        return (result.records, result.issues)
    }

    func parse(_ data: Data, path: String, into result: inout FileResult) {
        if data.prefix(8192).contains(0) {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: 1), Text("不是文本文件（含二进制数据），应为 UTF-8 或 GB18030 编码的 YAML/JSON/CSV",
                                                                                     "not a text file (binary data); expected YAML/JSON/CSV in UTF-8 or GB18030")))
            return
        }
        let (text, _) = TextDecoding.decode(data, declared: config.encodings[path])
        if path.lowercased().hasSuffix(".csv") {
            loadLedger(text, path: path, into: &result)
        } else {
            loadRecordFile(text, path: path, into: &result)
        }
    }

    /// The type a file's name gives: `disclosure-request.csv`, `disclosure-request-2020.csv`.
    func typeFromFileName(_ path: String) -> String? {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if types[stem] != nil { return stem }
        return types.ids.filter { stem.hasPrefix($0 + "-") || stem.hasPrefix($0 + "_") }.max { $0.count < $1.count }
    }

    // MARK: YAML and JSON records

    func loadRecordFile(_ text: String, path: String, into result: inout FileResult) {
        if let issue = Self.nestingIssue(text, path: path) {
            result.issues.append(issue)
            return
        }
        let node: Node?
        do {
            node = try YAMLSource.compose(text, file: path)
        } catch {
            result.issues.append(error)
            return
        }
        // An empty or comment-only file (a template not yet filled) holds no records.
        guard let node else { return }
        let fileType = typeFromFileName(path)
        let recordNodes: [Node]
        if let list = node.items { recordNodes = list }
        else if let list = node[key: "records"]?.items { recordNodes = list }
        else if node.pairs != nil { recordNodes = [node] }
        else {
            result.issues.append(LoadIssue(node.location(in: path), Text("应为一条记录（映射）或记录列表，而不是单个值", "expected one record (a mapping) or a list of records, not a single value")))
            return
        }
        for recordNode in recordNodes {
            let loc = recordNode.location(in: path)
            guard case .mapping(let mapping) = recordNode else {
                result.issues.append(LoadIssue(loc, Text("列表中的每一项应为一条记录（映射）", "each item of the list should be a record (a mapping)")))
                continue
            }
            var raw = MappingFields(capacity: mapping.count)
            for i in mapping.indices {
                let (keyNode, value) = mapping[i]
                let key = keyNode.scalar?.string ?? ""
                let mark = keyNode.mark
                raw.append(key, RawField(value: Self.rawValue(value, key: key), line: mark?.line, column: mark?.column))
            }
            switch build(raw, location: loc, fileType: fileType) {
            case .success(let r): result.records.append(r)
            case .failure(let list): result.issues += list.issues
            }
        }
    }

    static func rawValue(_ node: Node, key: String) -> RawField.Value {
        switch node {
        case .scalar, .alias:
            return .scalar(node.text ?? "")
        case .sequence(let items):
            if key == "attachments" {
                return .attachments(items.compactMap { item in
                    if let t = item.text { return (t, nil) }
                    if let p = item[key: "path"]?.text { return (p, item[key: "sha256"]?.text) }
                    return nil
                })
            }
            var list: [String] = []
            list.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .mapping, .sequence: return .nested
                case .scalar, .alias: if let t = item.text { list.append(t) }
                }
            }
            return .list(list)
        case .mapping:
            if key == "attachments", let p = node[key: "path"]?.text { return .attachments([(p, node[key: "sha256"]?.text)]) }
            return .nested
        }
    }

    /// Deep nesting is refused before parsing: the composer recurses.
    static func nestingIssue(_ text: String, path: String) -> LoadIssue? {
        // Bytes, not Characters: grapheme breaking made this scan 6% of a load.
        var depth = 0
        var line = 1
        var quote: UInt8 = 0
        for byte in text.utf8 {
            if byte == 10 { line += 1; continue }
            if quote != 0 { if byte == quote { quote = 0 }; continue }
            switch byte {
            case 34, 39: quote = byte
            case 91, 123:
                depth += 1
                if depth > maxYAMLDepth {
                    return LoadIssue(SourceLocation(file: path, line: line), Text("嵌套层数超过 \(maxYAMLDepth)：记录应为扁平的字段映射", "nested more than \(maxYAMLDepth) levels deep: a record is a flat mapping of fields"))
                }
            case 93, 125: depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    // MARK: CSV ledgers

    /// Ledgers above this size are split at row boundaries and parsed on all cores.
    static let parallelLedgerBytes = 1 << 20

    /// The header, the record type and the first row's line; nil (with the problem recorded) when unusable.
    func prepareLedger(_ text: String, path: String, into result: inout FileResult) -> (header: [String], fileType: String?, firstLine: Int, reader: CSVReader)? {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: 1), Text("CSV 台账缺少表头行", "the CSV ledger has no header row")))
            return nil
        }
        guard let header = reader.headerRow?.map({ $0.trimmedSpaces }), !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: 1), Text("CSV 台账缺少表头行", "the CSV ledger has no header row")))
            return nil
        }
        var firstColumn: [String: Int] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                result.issues.append(LoadIssue(SourceLocation(file: path, line: 1, column: i + 1),
                                               Text("表头第 \(first + 1) 列和第 \(i + 1) 列同名（\(name)）；按第 \(first + 1) 列读取",
                                                    "columns \(first + 1) and \(i + 1) of the header are both named \(name); column \(first + 1) is read")))
            } else {
                firstColumn[name] = i
            }
        }
        let fileType = typeFromFileName(path)
        if fileType == nil && !header.contains("type") {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: 1), Text("无法确定记录类型：请加 type 列，或以类型命名文件（如 disclosure-request.csv）",
                                                                                     "cannot tell the record type: add a type column, or name the file after a type (e.g. disclosure-request.csv)")))
            return nil
        }
        return (header, fileType, 1 + header.reduce(0) { $0 + $1.newlineCount } + 1, reader)
    }

    func loadLedger(_ text: String, path: String, into result: inout FileResult) {
        guard let p = prepareLedger(text, path: path, into: &result) else { return }
        readRows(p.reader, header: p.header, firstLine: p.firstLine, path: path, fileType: p.fileType, into: &result)
    }

    /// Byte ranges of whole rows after the header (newlines inside quotes do not end a row), with the number
    /// of line breaks before each range's first row, so line numbers stay exact.
    static func rowChunks(_ text: String, count: Int) -> [(start: Int, end: Int, newlinesBefore: Int)] {
        var text = text
        return text.withUTF8 { bytes in
            let total = bytes.count
            let target = max(1, total / max(1, count))
            var chunks: [(start: Int, end: Int, newlinesBefore: Int)] = []
            var headerEnd: (offset: Int, newlines: Int)?
            var start = 0, startNewlines = 0
            var inQuotes = false
            var newlines = 0
            for i in 0..<total {
                let byte = bytes[i]
                if byte == 34 { inQuotes.toggle(); continue }
                guard byte == 10 else { continue }
                newlines += 1
                if inQuotes { continue }
                guard let header = headerEnd else {
                    headerEnd = (i + 1, newlines)
                    (start, startNewlines) = (i + 1, newlines)
                    continue
                }
                if i + 1 - start >= target {
                    chunks.append((start, i + 1, startNewlines - header.newlines))
                    (start, startNewlines) = (i + 1, newlines)
                }
            }
            guard let header = headerEnd else { return [] }
            if start < total { chunks.append((start, total, startNewlines - header.newlines)) }
            return chunks
        }
    }

    func readRows(_ reader: CSVReader, header: [String], firstLine: Int, path: String, fileType: String?, into result: inout FileResult) {
        var line = firstLine
        let columns = LedgerColumns(header: header)
        while let row = reader.next() {
            let rowLine = line
            line += 1 + row.reduce(0) { $0 + $1.newlineCount }
            // The reader keeps its own reference to the row: write only what trimming changed, so the common row is not copied.
            var cells = row
            for i in cells.indices {
                let trimmed = cells[i].trimmedSpaces
                if trimmed.utf8.count != cells[i].utf8.count { cells[i] = trimmed }
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            let loc = SourceLocation(file: path, line: rowLine)
            if row.count != header.count {
                result.issues.append(LoadIssue(loc, Text("该行有 \(row.count) 列，表头有 \(header.count) 列", "the row has \(row.count) fields, the header \(header.count)"),
                                               recordType: fileType))
                continue
            }
            switch build(LedgerRow(columns: columns, cells: cells, line: rowLine), location: loc, fileType: fileType) {
            case .success(let r): result.records.append(r)
            case .failure(let list): result.issues += list.issues
            }
        }
        if let error = reader.error {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: line), Text("CSV 解析失败：\(error)", "CSV parse error: \(error)"), recordType: fileType))
        }
    }

    // MARK: Validation

    struct IssueList: Error { var issues: [LoadIssue] }

    /// `file:line`, the id of a ledger row without an id column, built in one allocation.
    static func rowID(_ file: String, _ line: Int) -> String {
        let line = max(0, line)
        var digits = 1, rest = line / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let fileBytes = file.utf8.count
        return String(unsafeUninitializedCapacity: fileBytes + 1 + digits) { buffer in
            var i = 0
            for b in file.utf8 { buffer[i] = b; i += 1 }
            buffer[i] = 58
            var n = line
            for k in stride(from: i + digits, to: i, by: -1) { buffer[k] = UInt8(48 + n % 10); n /= 10 }
            return fileBytes + 1 + digits
        }
    }

    static let trueWords = ["true", "yes", "y", "1", "是"]
    static let falseWords = ["false", "no", "n", "0", "否"]

    func build(_ raw: some RawFields, location: SourceLocation, fileType: String?) -> Result<EvidenceRecord, IssueList> {
        func at(_ f: RawField) -> SourceLocation { SourceLocation(file: location.file, line: f.line, column: f.column) }
        var problems: [(SourceLocation, Text)] = []
        func scalar(_ key: String) -> String? { raw[key].flatMap { scalar($0, key) } }
        func scalar(_ f: RawField, _ key: String) -> String? {
            switch f.value {
            case .scalar(let s): return s.isEmpty ? nil : s
            case .list(let l): return l.joined(separator: "、")
            default:
                problems.append((at(f), Text("字段 \(key) 应为单个值", "field \(key) should be a single value")))
                return nil
            }
        }
        var tasks: [Int] = []
        // issue 14: a record whose tasks cannot be read may belong to any task (CheckContext.affecting).
        var tasksUnreadable = false
        if let f = raw["tasks"] {
            let parts: [String]
            switch f.value {
            case .scalar(let s): parts = s.split(whereSeparator: { ",，、; ".contains($0) }).map(String.init)
            case .list(let l): parts = l
            default: parts = ["?"]
            }
            for p in parts {
                if let n = Int(p.trimmedSpaces) { tasks.append(n) }
                else { tasksUnreadable = true; problems.append((at(f), Text("tasks 应为任务编号列表（如 [6, 7]），'\(p)' 不是编号", "tasks should be a list of task numbers (e.g. [6, 7]); '\(p)' is not one"))) }
            }
        }
        let typeName = scalar("type") ?? fileType
        guard let typeName else {
            return .failure(IssueList(issues: [LoadIssue(location, Text("记录缺少 type（可用类型：\(types.ids.joined(separator: ", "))）", "the record has no type (known types: \(types.ids.joined(separator: ", ")))"), tasks: tasks)]))
        }
        guard let type = raw.type(named: typeName, in: types) else {
            let at = raw["type"].map(at) ?? location
            return .failure(IssueList(issues: [LoadIssue(at, Text("未知的证据类型 '\(typeName)'（可用：\(types.ids.joined(separator: ", "))）", "unknown evidence type '\(typeName)' (expected one of \(types.ids.joined(separator: ", ")))"),
                                                         recordType: typeName, tasks: tasks)]))
        }
        func parseDay(_ key: String, _ text: String, _ f: RawField?) -> Day? {
            if let d = Day.parse(text) { return d }
            problems.append((f.map(at) ?? location, Text("字段 \(key) 的日期 '\(text)' 无效；可用格式：\(Day.acceptedForms)", "field \(key): '\(text)' is not a date; accepted forms: \(Day.acceptedForms)")))
            return nil
        }
        var fields = FieldTable(names: type.keptFieldNames)
        var datedBy: Day?
        var kept = -1
        for (i, spec) in type.fields.enumerated() {
            if !spec.personal { kept += 1 }
            guard let f = raw.field(i, of: type) else {
                if spec.required {
                    problems.append((location, Text("缺少必填字段 \(spec.name)（\(type.id) 需要：\(type.fields.filter(\.required).map(\.name).joined(separator: ", "))）",
                                                    "missing required field \(spec.name) (\(type.id) needs \(type.fields.filter(\.required).map(\.name).joined(separator: ", ")))")))
                }
                continue
            }
            // Personal data is validated but never kept: no report can print what was never loaded.
            if spec.personal { continue }
            if case .list(let l) = f.value, spec.kind == .list { fields[position: kept] = .list(l); continue }
            guard let text = scalar(f, spec.name) else {
                if spec.required { problems.append((at(f), Text("必填字段 \(spec.name) 为空", "required field \(spec.name) is empty"))) }
                continue
            }
            switch spec.kind {
            case .string, .text, .path: fields[position: kept] = .string(text)
            case .date:
                if let d = parseDay(spec.name, text, f) {
                    fields[position: kept] = .date(d)
                    if spec.name == type.dateField { datedBy = d }
                }
            case .integer:
                if let i = Int(text) { fields[position: kept] = .integer(i) }
                else { problems.append((at(f), Text("字段 \(spec.name) 应为整数，而不是 '\(text)'", "field \(spec.name) should be an integer, not '\(text)'"))) }
            case .number:
                if let n = Double(text) { fields[position: kept] = .number(n) }
                else { problems.append((at(f), Text("字段 \(spec.name) 应为数字，而不是 '\(text)'", "field \(spec.name) should be a number, not '\(text)'"))) }
            case .boolean:
                let word = text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? text.lowercased() : text
                if Self.trueWords.contains(where: word.sameBytes) { fields[position: kept] = .boolean(true) }
                else if Self.falseWords.contains(where: word.sameBytes) { fields[position: kept] = .boolean(false) }
                else { problems.append((at(f), Text("字段 \(spec.name) 应为 是/否（true/false），而不是 '\(text)'", "field \(spec.name) should be true/false (是/否), not '\(text)'"))) }
            case .enumeration(let values):
                if values.contains(where: { $0.sameBytes(text) }) || values.contains(text) { fields[position: kept] = .string(text) }
                else { problems.append((at(f), Text("字段 \(spec.name) 的值 '\(text)' 不在可选值中：\(values.joined(separator: "、"))", "field \(spec.name): '\(text)' is not one of \(values.joined(separator: ", "))"))) }
            case .list:
                fields[position: kept] = .list(text.split(whereSeparator: { "、,，;；".contains($0) }).map { String($0).trimmedSpaces })
            }
        }
        var date: Day?
        if let f = raw["date"], let t = scalar(f, "date") { date = parseDay("date", t, f) }
        if date == nil { date = datedBy }
        var attachments: [Attachment] = []
        if let f = raw["attachments"] {
            switch f.value {
            case .attachments(let list): attachments = list.map { Attachment(path: $0.0, declaredSHA256: $0.1) }
            case .list(let l): attachments = l.map { Attachment(path: $0, declaredSHA256: nil) }
            case .scalar(let s): attachments = s.split(whereSeparator: { ";；|".contains($0) }).map { Attachment(path: String($0), declaredSHA256: nil) }
            case .nested: problems.append((at(f), Text("attachments 应为路径列表，或 {path, sha256} 列表", "attachments should be a list of paths, or of {path, sha256}")))
            }
        }
        for key in raw.nestedKeys where type.field(key) == nil && !TypeRegistry.commonFields.contains(key) {
            problems.append((raw[key].map(at) ?? location, Text("字段 \(key) 嵌套过深：记录应为扁平的字段映射", "field \(key) is nested: a record is a flat mapping of fields")))
        }
        if !problems.isEmpty {
            return .failure(IssueList(issues: problems.map { LoadIssue($0.0, $0.1, recordType: type.id, tasks: tasks, tasksUnreadable: tasksUnreadable) }))
        }
        let id = scalar("id") ?? Self.rowID(location.file, location.line ?? 0)
        return .success(EvidenceRecord(id: id, type: type.id, location: location, department: scalar("department"), tasks: tasks,
                                       date: date, title: scalar("title"), table: fields, attachments: attachments))
    }

    /// Every cited attachment's size and SHA-256 (from the cache when unchanged), hashed on all cores; or why not.
    func hashAttachments(_ results: [FileResult]) -> [String: Result<(Int, String), LoadIssue.Reason>] {
        let rootPath = root.resolvingSymlinksInPath().path
        var paths = Set<String>()
        for result in results { for r in result.records { for a in r.attachments { paths.insert(a.path) } } }
        let sorted = paths.sorted()
        let hashed = ConcurrentMap.map(sorted) { path -> Result<(Int, String), LoadIssue.Reason> in
            if path.hasPrefix("/") || path.hasPrefix("~") { return .failure(.outside) }
            let url = root.appendingPathComponent(path)
            let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
            guard resolved.hasPrefix(rootPath + "/") else { return .failure(.outside) }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDir), !isDir.boolValue else { return .failure(.missing) }
            guard let digest = (hashCache ?? HashCache.none).digest(of: URL(fileURLWithPath: resolved)) else { return .failure(.unreadable) }
            return .success(digest)
        }
        return Dictionary(uniqueKeysWithValues: zip(sorted, hashed))
    }

    /// One pass over the parsed records, in file and row order: duplicate ids (naming both places), unknown tasks
    /// and departments, attachments that are missing, outside the folder or do not match their declared SHA-256.
    /// A record with a problem is left out with every problem it has; the rest are copied once, into the indexed set.
    func assemble(_ results: [FileResult], digests: [String: Result<(Int, String), LoadIssue.Reason>]) -> EvidenceSet {
        let total = results.reduce(0) { $0 + $1.records.count }
        var kept: [EvidenceRecord] = []
        kept.reserveCapacity(total)
        var issues: [LoadIssue] = []
        // id → index in `kept`, or for a record left out -1 - its index in `leftOut`: the first use of an id stays
        // the one later uses are reported against, kept or not.
        var firstUse: [String: Int] = [:]
        firstUse.reserveCapacity(total)
        var leftOut: [SourceLocation] = []
        var byType: [String: [Int]] = [:]
        var byTask: [Int: [Int]] = [:]
        let taskNumbers = Set(plan.tasks.map(\.no))
        let departments = Set(plan.departments)
        var knownDepartment = ""
        for result in results {
            for var r in result.records {
                var bad: [Text] = []
                if r.tasks.contains(where: { !taskNumbers.contains($0) }) {
                    let unknownTasks = r.tasks.filter { !taskNumbers.contains($0) }
                    let range = "\(taskNumbers.min() ?? 0)–\(taskNumbers.max() ?? 0)"
                    bad.append(Text("计划 \(plan.id)（\(plan.file)）中没有任务 \(unknownTasks.map(String.init).joined(separator: "、"))（任务编号 \(range)）",
                                    "plan \(plan.id) (\(plan.file)) has no task \(unknownTasks.map(String.init).joined(separator: ", ")) (tasks \(range))"))
                }
                // Records of one file mostly share a department: a byte comparison saves hashing Chinese text.
                if let d = r.department, !departments.isEmpty, !d.sameBytes(knownDepartment) {
                    if departments.contains(d) { knownDepartment = d } else {
                    bad.append(Text("部门 '\(d)' 不在计划 \(plan.file) 的部门列表中（\(plan.departments.joined(separator: "、"))）",
                                    "department '\(d)' is not in the departments of plan \(plan.file) (\(plan.departments.joined(separator: ", ")))"))
                    }
                }
                var attachments = r.attachments
                for i in attachments.indices {
                    let a = attachments[i]
                    switch digests[a.path] {
                    case .success(let (size, sha)):
                        attachments[i].sha256 = sha
                        attachments[i].size = size
                        if let declared = a.declaredSHA256, declared.lowercased() != sha {
                            bad.append(Text("附件 \(a.path) 的 SHA-256 不符：记录写 \(declared)，文件为 \(sha)", "attachment \(a.path): SHA-256 mismatch: the record says \(declared), the file is \(sha)"))
                        }
                    case .failure(.outside):
                        bad.append(Text("附件路径 \(a.path) 指向证据目录之外，已拒绝", "attachment path \(a.path) leaves the evidence folder: rejected"))
                    case .failure(.missing):
                        bad.append(Text("附件 \(a.path) 不存在", "attachment \(a.path) does not exist"))
                    case .failure(.unreadable), .none:
                        bad.append(Text("附件 \(a.path) 无法读取", "attachment \(a.path) cannot be read"))
                    }
                }
                if !attachments.isEmpty { r.attachments = attachments }
                // One hash of the id: claim it for this record, and give it back if an earlier record had it.
                let slot = bad.isEmpty ? kept.count : -1 - leftOut.count
                if let first = firstUse.updateValue(slot, forKey: r.id) {
                    firstUse[r.id] = first
                    let at = first >= 0 ? kept[first].location : leftOut[-1 - first]
                    bad.insert(Text("记录编号 \(r.id) 重复：已在 \(at) 使用", "record id \(r.id) is used twice: first at \(at)"), at: 0)
                } else if !bad.isEmpty {
                    leftOut.append(r.location)
                }
                guard bad.isEmpty else {
                    issues += bad.map { LoadIssue(r.location, $0, recordType: r.type, tasks: r.tasks) }
                    continue
                }
                byType[r.type, default: []].append(kept.count)
                for t in r.tasks { byTask[t, default: []].append(kept.count) }
                kept.append(r)
            }
        }
        // Every cited attachment that could be read is in the manifest, whether or not its record was kept.
        let manifest = digests.compactMap { path, digest -> ManifestEntry? in
            guard case .success(let (size, sha)) = digest else { return nil }
            return ManifestEntry(path: path, size: size, sha256: sha)
        }
        return EvidenceSet(root: root, records: kept, issues: issues, manifest: manifest, byType: byType, byTask: byTask, firstUse: firstUse)
    }
}

extension LoadIssue {
    enum Reason: Error { case outside, missing, unreadable }
}

extension String {
    var newlineCount: Int { utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
}

extension Sequence where Element == UInt8 {
    var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
