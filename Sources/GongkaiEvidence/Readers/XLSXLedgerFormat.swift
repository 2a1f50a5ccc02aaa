import Foundation
import GongkaiCore
import GongkaiOffice

/// Excel workbooks (.xlsx): each visible sheet with a header row is a ledger, read like a CSV ledger.
enum XLSXLedgerFormat: EvidenceFormat {
    static let extensions = ["xlsx", "xlsm"]
    static func maxBytes(_ config: FolderConfig) -> Int { config.maxLedgerBytes }

    /// The sheets `gongkai init --workbook` adds beside the ledgers (EvidenceWorkbook): 填写说明 and the hidden 列表.
    static let gongkaiSheets: Set<String> = ["填写说明", "列表"]

    static func read(_ data: Data, path: String, loader: EvidenceLoader, into result: inout FileResult) {
        let workbook: XLSXWorkbook
        do { workbook = try XLSXWorkbook(data: data, run: loader.inflation) } catch {
            let message =
                isEncrypted(data)
                ? Message(
                    "工作簿已加密（设有打开密码），无法读取：请用 Excel 或 WPS 取消密码后另存为 .xlsx",
                    "the workbook is encrypted (it has an open password) and cannot be read: remove the password in Excel or WPS and save it as .xlsx again")
                : notReadable(error)
            result.issues.append(LoadIssue(SourceLocation(file: path), message, recordType: loader.typeFromFileName(path)))
            return
        }
        for sheet in workbook.sheets {
            // The fill-in workbook's own sheets (`gongkai init --workbook`): its instructions and the hidden lists its
            // dropdowns read. gongkai's own parts are never evidence, nor worth a note.
            if gongkaiSheets.contains(sheet.name) { continue }
            if sheet.hidden {
                result.notes.append(LoadIssue(SourceLocation(file: path, sheet: sheet.name, row: nil), Message("隐藏的工作表，未读取", "hidden sheet: not read")))
                continue
            }
            // One pass, the merged ranges (which follow the rows) unknown while reading; read again with them only
            // when they change what was read (a range reaching past the header, or a different header), or when
            // the pass fails before reaching them: then a first pass over the bytes finds them, as for any reader.
            let before = (issues: result.issues.count, notes: result.notes.count)
            var ledger = SheetLedger(path: path, sheet: sheet.name, loader: loader)
            func again(merged: [XLSXWorkbook.MergedRange]?) throws(XLSXWorkbook.ReadError) {
                ledger.abandon()
                result.issues.removeSubrange(before.issues...)
                result.notes.removeSubrange(before.notes...)
                ledger = SheetLedger(path: path, sheet: sheet.name, loader: loader)
                if let merged {
                    ledger.merged = merged
                    _ = try workbook.readRows(sheet) { ledger.add($0, into: &result) }
                } else {
                    try workbook.read(sheet, merged: { ledger.merged = $0 }, row: { ledger.add($0, into: &result) })
                }
            }
            do {
                do {
                    let merged = try workbook.readRows(sheet) { ledger.add($0, into: &result) }
                    let header = (issues: Array(result.issues[before.issues...]), notes: Array(result.notes[before.notes...]))
                    if !ledger.readsTheSame(with: merged, issues: header.issues, notes: header.notes) { try again(merged: merged) }
                } catch {
                    try again(merged: nil)
                }
            } catch {
                result.issues.append(LoadIssue(SourceLocation(file: path, sheet: sheet.name, row: nil), notReadable(error), recordType: ledger.fileType))
            }
            ledger.finish(into: &result)
        }
    }

    /// An encrypted Office Open XML file is an OLE compound file (`D0 CF 11 E0`) holding an `EncryptionInfo` stream
    /// (its directory names are UTF-16LE).
    static func isEncrypted(_ data: Data) -> Bool {
        guard data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) else { return false }
        let name = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        return data.range(of: name) != nil
    }

    static func notReadable(_ error: XLSXWorkbook.ReadError) -> Message {
        switch error {
        case .notAWorkbook(let why):
            return Message(
                "无法作为 Excel 工作簿（.xlsx）读取（\(why)）：文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx",
                "cannot be read as an Excel workbook (.xlsx) (\(why)): the file may be damaged; open it in Excel or WPS and save it as .xlsx again")
        case .badPart(let part, let line, let message):
            return Message(
                "工作簿的 \(part) 第 \(line) 行无法解析（\(message)）：请用 Excel 或 WPS 打开后另存为 .xlsx",
                "the workbook's \(part) cannot be parsed at line \(line) (\(message)): open it in Excel or WPS and save it as .xlsx again")
        case .tooLarge(let message):
            return message + Message("：工作簿可能已损坏或被构造为解压炸弹，请检查这个文件", ": the workbook may be damaged or built as a zip bomb; check the file")
        }
    }
}

/// One sheet read as a ledger, a row at a time: title and blank rows, then the header, then records.
/// Shared by every workbook format (.xlsx, .xls).
struct SheetLedger {
    let path: String
    let sheet: String
    let loader: EvidenceLoader
    let fileType: String?
    var merged: [XLSXWorkbook.MergedRange] = [] {
        didSet { mergedCells = MergedCells(merged) }
    }

    private var header: [String]?
    /// The header's row number.
    private var headerRow: Int?
    private var type: String?
    private var skipped = false
    private var rowsBeforeHeader = 0
    /// The rows read before the header was found (at most `headerSearchRows`), as read: what the header search
    /// saw, to be searched again if merged ranges turn out to cover them.
    private var rowsUpToHeader: [XLSXWorkbook.Row] = []
    /// Rows below the header, waiting for their batch.
    private var pending: [XLSXWorkbook.Row] = []
    private let batches = Batches()
    /// The merged ranges under way, filling the rows they cover.
    private var mergedCells = MergedCells([])

    /// A header is searched for in this many first non-empty rows.
    static let headerSearchRows = 20

    init(path: String, sheet: String, loader: EvidenceLoader) {
        self.path = path
        self.sheet = sheet
        self.loader = loader
        fileType = loader.typeFromFileName(path)
    }

    func location(row: Int?, column: Int? = nil) -> SourceLocation { SourceLocation(file: path, sheet: sheet, row: row, column: column) }

    /// A row with merged cells filled in: a value merged down a column belongs to every row it spans. The ranges
    /// come clipped to the cells the sheet has (`XLSXWorkbook`); below the header, a range fills no further than the
    /// header's columns, what a row is read by.
    mutating func filled(_ row: XLSXWorkbook.Row) -> XLSXWorkbook.Row {
        guard !merged.isEmpty else { return row }
        return mergedCells.fill(row, width: header?.count)
    }

    mutating func add(_ raw: XLSXWorkbook.Row, into result: inout FileResult) {
        if skipped { return }
        let row = filled(raw)
        guard header != nil else {
            rowsUpToHeader.append(raw)
            findHeader(row, into: &result)
            return
        }
        // The rest of a row's work (its cells' text, validation) is done in batches on another core.
        pending.append(row)
        if pending.count == Self.batchRows { validateBatch() }
    }

    /// What one row below the header gives: notes on its cells, and unless it is blank or an example its record
    /// (or problems) with the problems of its invalid cells.
    struct RowOutcome: Sendable {
        var notes: [LoadIssue] = []
        var validated: Result<EvidenceRecord, EvidenceLoader.IssueList>?
        var invalid: [LoadIssue] = []
    }

    static let examplePrefixes = ["示例", "例："]

    /// One row's cells under the header, read and validated (on a batch's thread).
    static func outcome(
        _ row: XLSXWorkbook.Row, header: [String], columns: LedgerColumns, sheetLocation: SourceLocation, type: String?, loader: EvidenceLoader
    ) -> RowOutcome {
        func at(_ column: Int) -> SourceLocation { sheetLocation.row(row.number, column: column) }
        var out = RowOutcome()
        var cells = [String](repeating: "", count: header.count)
        var outside: [Int] = []
        for cell in row.cells {
            let text = cell.value.text.trimmedSpaces
            if text.isEmpty { continue }
            if cell.column <= header.count && !header[cell.column - 1].isEmpty { cells[cell.column - 1] = text } else { outside.append(cell.column) }
        }
        if cells.allSatisfy(\.isEmpty) {
            if let c = outside.first { out.notes.append(LoadIssue(at(c), Message("表头之外的单元格，未读取", "a cell outside the header's columns: not read"))) }
            return out
        }
        // Example rows of a template (`示例…` in the first filled cell) show how to fill it in; they are not evidence.
        // Compared as bytes: `hasPrefix` compares characters, and on every row that was a quarter of reading it.
        if let first = cells.first(where: { !$0.isEmpty }), examplePrefixes.contains(where: { first.utf8.starts(with: $0.utf8) }) { return out }
        for c in outside { out.notes.append(LoadIssue(at(c), Message("表头之外的单元格，未读取", "a cell outside the header's columns: not read"))) }
        // A cell that holds no value (an error such as #N/A, a serial that is no day) is a problem of its row,
        // reported with the row's other problems; the row is not kept.
        for cell in row.cells {
            if case .invalid(let what) = cell.value, cell.column <= header.count, !header[cell.column - 1].isEmpty {
                out.invalid.append(
                    LoadIssue(
                        at(cell.column),
                        Message("单元格的值无效（\(what)）：应为文字、数字或日期", "the cell's value is invalid (\(what)): expected text, a number or a date"),
                        recordType: type))
                cells[cell.column - 1] = ""
            }
        }
        out.validated = loader.validate(
            LedgerRow(columns: columns, cells: cells, line: row.number), location: sheetLocation.row(row.number), fileType: type, notes: &out.notes)
        return out
    }

    /// Rows are read and validated in batches on another core while the XML parser reads on: a sheet is one
    /// stream, so a 100,000-row workbook otherwise used one core where a CSV ledger uses all.
    static let batchRows = 2048

    final class Batches: @unchecked Sendable {
        private let lock = NSLock()
        private var done: [Int: [RowOutcome]] = [:]
        let group = DispatchGroup()
        var submitted = 0
        func store(_ index: Int, _ results: [RowOutcome]) {
            lock.lock()
            done[index] = results
            lock.unlock()
        }
        func results(_ index: Int) -> [RowOutcome] {
            lock.lock()
            defer { lock.unlock() }
            return done[index] ?? []
        }
    }

    private mutating func validateBatch() {
        guard !pending.isEmpty, let header else { return }
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        let index = batches.submitted
        batches.submitted += 1
        let (loader, path, sheet, type, batches) = (loader, path, sheet, type, batches)
        DispatchQueue.global().async(group: batches.group) {
            // Each batch its own column cache and loader state: they are not shared between threads.
            let own = loader.isolated()
            let columns = LedgerColumns(header: header, types: own.types)
            // The sheet's location once per batch: its names are escaped as a location is made.
            let sheetLocation = SourceLocation(file: path, sheet: sheet, row: nil)
            batches.store(
                index,
                rows.map { Self.outcome($0, header: header, columns: columns, sheetLocation: sheetLocation, type: type, loader: own) })
        }
    }

    /// Whether reading with the sheet's merged ranges gives what was read without them: no range of more than one
    /// cell reaches a row below the header, and searching the rows up to the header again with the ranges finds
    /// the same header with the same problems (`issues` and `notes`, what the search reported).
    func readsTheSame(with ranges: [XLSXWorkbook.MergedRange], issues: [LoadIssue], notes: [LoadIssue]) -> Bool {
        let spanning = ranges.filter { $0.firstRow != $0.lastRow || $0.firstColumn != $0.lastColumn }
        if spanning.isEmpty { return true }
        if let headerRow, spanning.contains(where: { $0.lastRow > headerRow }) { return false }
        var again = SheetLedger(path: path, sheet: sheet, loader: loader)
        again.merged = ranges
        var result = FileResult()
        for row in rowsUpToHeader { again.add(row, into: &result) }
        return again.header == header && again.headerRow == headerRow && again.type == type && again.skipped == skipped
            && again.rowsBeforeHeader == rowsBeforeHeader && result.issues == issues && result.notes == notes
    }

    /// Drops what was read, once the batches under way have ended.
    mutating func abandon() {
        batches.group.wait()
        pending.removeAll()
    }

    /// The validated rows, in the sheet's order, with the invalid cells of each row reported with its problems.
    private mutating func collect(into result: inout FileResult) {
        validateBatch()
        batches.group.wait()
        for index in 0..<batches.submitted {
            for outcome in batches.results(index) {
                result.notes += outcome.notes
                if let validated = outcome.validated { add(validated, invalid: outcome.invalid, into: &result) }
            }
        }
    }

    private func add(_ validated: Result<EvidenceRecord, EvidenceLoader.IssueList>, invalid: [LoadIssue], into result: inout FileResult) {
        guard !invalid.isEmpty else {
            result.add(validated, citing: loader.pathFields)
            return
        }
        switch validated {
        case .success(let r):
            result.add(
                .failure(
                    EvidenceLoader.IssueList(
                        issues: invalid.map {
                            var i = $0
                            i.recordType = r.type
                            i.tasks = r.tasks
                            return i
                        },
                        id: r.id, location: r.location, recordType: r.type, tasks: r.tasks, attachments: r.attachments)), citing: loader.pathFields)
        case .failure(var list):
            list.issues = invalid + list.issues
            result.add(.failure(list), citing: loader.pathFields)
        }
    }

    /// A header row names at least two known fields; rows above it (titles, blanks, notes) are passed over.
    mutating func findHeader(_ row: XLSXWorkbook.Row, into result: inout FileResult) {
        rowsBeforeHeader += 1
        let texts = row.cells.map { ($0.column, TypeRegistry.headingText($0.value.text)) }
        let known = texts.filter { Self.isKnownHeading($0.1, types: loader.types) }.count
        guard known >= 2 else {
            if rowsBeforeHeader >= Self.headerSearchRows {
                skip(
                    Message(
                        "前 \(Self.headerSearchRows) 行中没有表头行（至少两个已知字段名）",
                        "no header row (two or more known field names) in the first \(Self.headerSearchRows) rows"), into: &result)
            }
            return
        }
        let width = texts.map(\.0).max() ?? 0
        var names = [String](repeating: "", count: width)
        for (column, text) in texts { names[column - 1] = text }
        let hasTypeColumn = names.contains { $0 == "type" || loader.types.commonHeadings[$0] == "type" }
        let sheetType = loader.types.type(named: sheet)?.id ?? loader.typeFromFileName(sheet + ".xlsx")
        type = sheetType ?? fileType
        guard hasTypeColumn || type != nil else {
            skip(
                Message("无法确定记录类型：工作表名不是已知类型，也没有“类型”列", "cannot tell the record type: the sheet name is no known type and there is no type column"),
                into: &result)
            return
        }
        let check = LedgerHeader.check(names, fileType: type, types: loader.types) { column in self.location(row: row.number, column: column) }
        result.ledgerColumns[EvidenceSet.ledgerKey(location(row: nil))] = LedgerHeader.fields(names, fileType: type, types: loader.types)
        result.issues += check.issues
        result.notes += check.notes
        header = names
        headerRow = row.number
    }

    mutating func skip(_ why: Message, into result: inout FileResult) {
        skipped = true
        result.notes.append(LoadIssue(location(row: nil), Message("工作表已跳过：", "sheet skipped: ") + why))
    }

    /// A sheet with data but no header found is listed as skipped, never passed over in silence.
    mutating func finish(into result: inout FileResult) {
        collect(into: &result)
        if header == nil && !skipped && rowsBeforeHeader > 0 {
            skip(Message("没有表头行（至少两个已知字段名）", "no header row (two or more known field names)"), into: &result)
        }
        if header == nil && rowsBeforeHeader == 0 {
            result.notes.append(LoadIssue(location(row: nil), Message("空工作表，未读取", "empty sheet: not read")))
        }
    }

    static func isKnownHeading(_ text: String, types: TypeRegistry) -> Bool {
        if text.isEmpty { return false }
        if TypeRegistry.commonFields.contains(text) || types.commonHeadings[text] != nil { return true }
        return types.types.values.contains { t in t.fields.contains { $0.headings.contains(text) } }
    }
}
