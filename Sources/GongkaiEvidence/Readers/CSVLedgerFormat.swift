import Crypto
import Foundation
import GongkaiCore

/// CSV ledgers: a header row (field names, Chinese titles or aliases), one record per row. The type comes from
/// a `type`/`类型` column, else from the file name.
enum CSVLedgerFormat: EvidenceFormat {
    static let extensions = ["csv"]
    static func maxBytes(_ config: FolderConfig) -> Int { config.maxLedgerBytes }

    /// Ledgers above this size are split at row boundaries and parsed on all cores.
    static let parallelLedgerBytes = 1 << 20

    static func steps(_ path: String, size: Int, loader: EvidenceLoader) -> [EvidenceLoader.ParseStep] {
        var first = FileResult()
        guard size <= loader.config.maxLedgerBytes else {
            let limit = loader.config.maxLedgerBytes
            first.issues.append(
                LoadIssue(
                    SourceLocation(file: path),
                    Message(
                        "台账过大（\(size >> 20) MB，上限 \(limit >> 20) MB），未读取：请按年度拆分，或在 gongkai.yaml 中调高 max_ledger_mb",
                        "ledger too large (\(size >> 20) MB, limit \(limit >> 20) MB), not read: split it by year, or raise max_ledger_mb in gongkai.yaml"),
                    recordType: loader.typeFromFileName(path)))
            return [.parsed(first)]
        }
        guard size > parallelLedgerBytes else {
            if let data = loader.readFile(path, limit: loader.config.maxLedgerBytes, into: &first) { read(data, path: path, loader: loader, into: &first) }
            return [.parsed(first)]
        }
        let data: Data
        switch FolderListing.readRegularFile(loader.root.appendingPathComponent(path).path, limit: loader.config.maxLedgerBytes) {
        case .success(let d): data = d
        case .failure(let problem):
            first.issues.append(LoadIssue(SourceLocation(file: path), problem.text, recordType: loader.typeFromFileName(path)))
            return [.parsed(first)]
        }
        // The file's digest is a unit of its own, hashed while the rows parse.
        let digest = { @Sendable (base: FileResult) -> EvidenceLoader.ParseStep in
            .pending(
                cost: data.count / 8,
                work: {
                    var result = base
                    result.manifest = ManifestEntry(path: path, size: data.count, sha256: SHA256.hash(data: data).hex)
                    return result
                })
        }
        guard let text = loader.decodeText(data, path: path, into: &first) else { return [digest(first)] }
        let prepared = prepare(text, path: path, loader: loader, into: &first)
        guard let (header, fileType, firstLine) = prepared else { return [digest(first)] }
        var steps = [digest(first)]
        for chunk in rowChunks(text, count: ProcessInfo.processInfo.activeProcessorCount * 2) {
            steps.append(
                .pending(
                    cost: chunk.end - chunk.start,
                    work: {
                        var part = FileResult()
                        // A chunk-local copy of the path: records keep it, and a shared string's reference count would bounce between cores.
                        let ownPath = String(decoding: Array(path.utf8), as: UTF8.self)
                        let own = loader.isolated()
                        readRows(
                            text, bytes: chunk.start..<chunk.end, header: header, skipHeader: false, firstLine: firstLine + chunk.newlinesBefore,
                            path: ownPath, fileType: fileType, loader: own, into: &part)
                        return part
                    }))
        }
        return steps
    }

    static func read(_ data: Data, path: String, loader: EvidenceLoader, into result: inout FileResult) {
        guard let text = loader.decodeText(data, path: path, into: &result) else { return }
        guard let p = prepare(text, path: path, loader: loader, into: &result) else { return }
        readRows(text, header: p.header, skipHeader: true, firstLine: 1, path: path, fileType: p.fileType, loader: loader, into: &result)
    }

    /// The header, the record type and the first row's line; nil (with the problem recorded) when unusable.
    static func prepare(_ text: String, path: String, loader: EvidenceLoader, into result: inout FileResult)
        -> (header: [String], fileType: String?, firstLine: Int)?
    {
        var firstRow: [String]?
        var headerLine = 1
        CSVRows.read(text) { row, line in
            firstRow = row
            headerLine = line
            return false
        }
        // The header is the first line; a blank line above it is no header.
        guard headerLine == 1, let header = firstRow?.map(TypeRegistry.headingText), !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else {
            result.issues.append(LoadIssue(SourceLocation(file: path, line: 1), Message("CSV 台账缺少表头行", "the CSV ledger has no header row")))
            return nil
        }
        let fileType = loader.typeFromFileName(path)
        let check = LedgerHeader.check(header, fileType: fileType, types: loader.types) { column in SourceLocation(file: path, line: 1, column: column) }
        result.ledgerColumns[EvidenceSet.ledgerKey(SourceLocation(file: path))] = LedgerHeader.fields(header, fileType: fileType, types: loader.types)
        result.issues += check.issues
        result.notes += check.notes
        guard check.usable else {
            result.issues.append(
                LoadIssue(
                    SourceLocation(file: path, line: 1),
                    Message(
                        "无法确定记录类型：请加 type（类型）列，或以类型命名文件（如 disclosure-request.csv）",
                        "cannot tell the record type: add a type column, or name the file after a type (e.g. disclosure-request.csv)")))
            return nil
        }
        return (header, fileType, 1 + header.reduce(0) { $0 + $1.newlineCount } + 1)
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
            var start = 0
            var startNewlines = 0
            var inQuotes = false
            var newlines = 0
            for i in 0..<total {
                let byte = bytes[i]
                if byte == 34 {
                    inQuotes.toggle()
                    continue
                }
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

    static func readRows(
        _ text: String, bytes range: Range<Int>? = nil, header: [String], skipHeader: Bool, firstLine: Int, path: String, fileType: String?,
        loader: EvidenceLoader, into result: inout FileResult
    ) {
        let columns = LedgerColumns(header: header, types: loader.types)
        // The file's location once: building one per row escaped the file name again for each of them.
        let fileLocation = SourceLocation(file: path)
        var skip = skipHeader
        let error = CSVRows.read(text, bytes: range, firstLine: firstLine) { row, rowLine in
            if skip {
                skip = false
                return true
            }
            // Cells come trimmed.
            let cells = row
            if cells.allSatisfy(\.isEmpty) { return true }
            var loc = fileLocation
            loc.line = rowLine
            if row.count != header.count {
                result.issues.append(
                    LoadIssue(
                        loc, Message("该行有 \(row.count) 列，表头有 \(header.count) 列", "the row has \(row.count) fields, the header \(header.count)"),
                        recordType: fileType))
                return true
            }
            let validated = loader.validate(LedgerRow(columns: columns, cells: cells, line: rowLine), location: loc, fileType: fileType, notes: &result.notes)
            result.add(validated, citing: loader.pathFields)
            return true
        }
        if let error {
            result.issues.append(
                LoadIssue(
                    SourceLocation(file: path, line: error.line), Message("CSV 解析失败：\(error.message)", "CSV parse error: \(error.message)"),
                    recordType: fileType))
        }
    }
}

/// What every ledger's header is checked for, whatever its format: the same heading twice, headings no field has,
/// and whether a type can be told at all.
enum LedgerHeader {
    /// The fields a header has columns for, by name (a column titled 告知申请人延期日期 is `extension_notified_on`): what
    /// a ledger can record at all, so a check can tell an empty cell from a column the office never kept.
    static func fields(_ header: [String], fileType: String?, types: TypeRegistry) -> Set<String> {
        let candidates = fileType.flatMap { types[$0] }.map { [$0] } ?? types.types.values.sorted { $0.id < $1.id }
        var out = Set<String>()
        for name in header where !name.isEmpty {
            if let common = types.commonHeadings[name] { out.insert(common) }
            for type in candidates { for f in type.fields where f.name == name || f.headings.contains(name) { out.insert(f.name) } }
        }
        return out
    }

    static func check(_ header: [String], fileType: String?, types: TypeRegistry, at: (Int) -> SourceLocation)
        -> (issues: [LoadIssue], notes: [LoadIssue], usable: Bool)
    {
        var issues: [LoadIssue] = []
        var notes: [LoadIssue] = []
        var firstColumn: [String: Int] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                issues.append(
                    LoadIssue(
                        at(i + 1),
                        Message(
                            "表头第 \(first + 1) 列和第 \(i + 1) 列同名（\(name)）；按第 \(first + 1) 列读取",
                            "columns \(first + 1) and \(i + 1) of the header are both named \(name); column \(first + 1) is read")))
            } else {
                firstColumn[name] = i
            }
        }
        let hasTypeColumn = header.contains { $0 == "type" || types.commonHeadings[$0] == "type" }
        let candidates = fileType.flatMap { types[$0] }.map { [$0] } ?? types.types.values.sorted { $0.id < $1.id }
        for (i, name) in LedgerColumns.unknown(header, types: types, candidates: hasTypeColumn ? types.types.values.sorted { $0.id < $1.id } : candidates) {
            let known = candidates.count == 1 ? candidates[0].fields.flatMap(\.headings) : []
            let hint = TypeRegistry.nearest(name, in: known + TypeRegistry.commonFields.sorted() + types.commonHeadings.keys.sorted())
            // One type: named by its Chinese title, as an unknown field of a record is.
            let what =
                candidates.count == 1
                ? Message(
                    "列“\(name)”不是“\(candidates[0].title.zh)”的字段，未读取",
                    "column \"\(name)\" is not a field of \(candidates[0].title.en) (\(candidates[0].id)), not read")
                : Message("未知的列“\(name)”，未读取", "unknown column \"\(name)\", not read")
            notes.append(LoadIssue(at(i + 1), what + Message(hint.map { "；是否想写 \($0)？" } ?? "", hint.map { "; did you mean \($0)?" } ?? "")))
        }
        return (issues, notes, fileType != nil || hasTypeColumn)
    }
}
