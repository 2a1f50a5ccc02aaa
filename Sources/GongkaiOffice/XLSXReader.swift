import CGlibcSearch
import Foundation
import GongkaiCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an Office Open XML workbook (.xlsx): its sheets, their cells' values and merged ranges.
///
/// The zip is read with ZIPFoundation; sheets and shared strings are streamed through `XMLScanner` as they are
/// decompressed (libxml2 reads what the scanner leaves to it) and the small parts through Foundation's `XMLParser`,
/// so no sheet is ever held whole or as a document tree; a sheet's rows are handed to the caller one at a time.
public struct XLSXWorkbook {
    public struct Sheet: Sendable, Hashable {
        public var name: String
        /// `hidden` or `veryHidden` in the workbook.
        public var hidden: Bool
        /// The sheet's part in the zip (`xl/worksheets/sheet1.xml`).
        public var part: String
    }

    /// A cell's value as Excel stored it: numbers with a date format are days.
    public enum Value: Sendable, Hashable {
        case string(String)
        case number(Double)
        case boolean(Bool)
        case date(Day)
        /// An error value (`#N/A`) or a serial that is no day (1900-02-29 of the 1900 system).
        case invalid(String)

        /// The text the evidence validator reads: whole numbers without `.0`, days as YYYY-MM-DD.
        public var text: String {
            switch self {
            case .string(let s): s
            case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
            case .boolean(let b): b ? "true" : "false"
            case .date(let d): d.description
            case .invalid(let s): s
            }
        }
    }

    public struct Cell: Sendable, Hashable {
        /// 1-based column number.
        public var column: Int
        public var value: Value
        package init(column: Int, value: Value) {
            self.column = column
            self.value = value
        }
    }

    public struct Row: Sendable {
        /// 1-based row number, as Excel shows it.
        public var number: Int
        /// Non-empty cells, by column.
        public var cells: [Cell]
        package init(number: Int, cells: [Cell]) {
            self.number = number
            self.cells = cells
        }
    }

    /// A merged range, 1-based and inclusive.
    public struct MergedRange: Sendable, Hashable {
        public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

        /// The range within the last row and column that hold a value (`extent`), its corners in order; nil when
        /// its top-left cell lies outside them. A range is the file's word: `A2:XFD1048576` over a 2,000-row
        /// ledger once filled 16,384 columns of every row.
        func clipped(to extent: (row: Int, column: Int)) -> MergedRange? {
            let first = (row: min(firstRow, lastRow), column: min(firstColumn, lastColumn))
            let last = (row: min(max(firstRow, lastRow), extent.row), column: min(max(firstColumn, lastColumn), extent.column))
            guard first.row <= last.row, first.column <= last.column else { return nil }
            return MergedRange(firstRow: first.row, firstColumn: first.column, lastRow: last.row, lastColumn: last.column)
        }
    }

    public enum ReadError: Error, Sendable, Equatable {
        /// Not a zip, or a zip that is not a workbook.
        case notAWorkbook(String)
        /// A part that is malformed XML, with the parser's line.
        case badPart(String, line: Int, message: String)
        /// A part that inflates past its limit, or past the file's or the run's budget (`ZipFile`): which, and where.
        case tooLarge(Message)
    }

    public let sheets: [Sheet]
    /// Dates count from 1904-01-01 (Excel for Mac's old default) instead of 1900.
    public let date1904: Bool
    private let archive: ZipFile
    private let sharedStrings: [String]
    /// For each cell style index: whether its number format is a date.
    private let dateStyles: [Bool]
    /// The largest part read, against zip bombs: a sheet expanding beyond this is refused.
    public static let maxPartBytes = 1 << 30

    public init(url: URL, run: InflationBudget) throws(ReadError) {
        guard let data = try? Data(contentsOf: url) else { throw .notAWorkbook("cannot be read") }
        try self.init(data: data, run: run)
    }

    /// The workbook in `data`; its parts' inflated bytes are counted against `run` (the evidence folder's budget).
    public init(data: Data, run: InflationBudget) throws(ReadError) {
        let archive: ZipFile
        switch ZipBounds.open(data, run: run) {
        case .success(let a): archive = a
        case .failure(let problem): throw .notAWorkbook(problem.reason)
        }
        try self.init(archive: archive)
    }

    init(archive: ZipFile) throws(ReadError) {
        guard let workbookXML = try Self.part("xl/workbook.xml", in: archive) else {
            throw .notAWorkbook("no xl/workbook.xml")
        }
        let relsXML = try Self.part("xl/_rels/workbook.xml.rels", in: archive) ?? Data()
        let rels = try Self.parse(relsXML, part: "xl/_rels/workbook.xml.rels", into: RelationshipsParser()).targets
        let book = try Self.parse(workbookXML, part: "xl/workbook.xml", into: WorkbookParser())
        sheets = book.sheets.map { s in
            var target = rels[s.relationship] ?? ""
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            return Sheet(name: s.name, hidden: s.hidden, part: Self.normalised(target))
        }
        date1904 = book.date1904
        if let strings = archive["xl/sharedStrings.xml"] {
            // Streamed like a sheet: a large ledger's strings are a part as large as its sheet.
            let parser = SharedStringsParser()
            try Self.stream(strings, part: "xl/sharedStrings.xml", in: archive, into: parser)
            sharedStrings = parser.strings
        } else {
            sharedStrings = []
        }
        if let styles = try Self.part("xl/styles.xml", in: archive) {
            dateStyles = try Self.parse(styles, part: "xl/styles.xml", into: StylesParser()).dateStyles
        } else {
            dateStyles = []
        }
        self.archive = archive
    }

    /// Reads one sheet: first its merged ranges (`merged`, once), then each row with a non-empty cell, in order.
    ///
    /// The sheet is read as it is decompressed, never held whole. Merged ranges follow the rows in the XML and a
    /// reader filling merged cells needs them first, so a first pass over the decompressed bytes finds the short
    /// `<mergeCells>` element at the end.
    public func read(_ sheet: Sheet, merged: ([MergedRange]) -> Void = { _ in }, row: (Row) -> Void) throws(ReadError) {
        guard let entry = archive[sheet.part] else {
            throw .notAWorkbook("sheet \(sheet.name) has no part \(sheet.part)")
        }
        merged(try mergedRanges(entry, part: sheet.part))
        _ = try readRows(sheet, row: row)
    }

    /// Reads one sheet in a single pass: each row with a non-empty cell, in order, as it is decompressed; returns
    /// the merged ranges, which follow the rows in the XML. For a reader that can tell afterwards whether the
    /// ranges change what it read (and read again only then), instead of decompressing every sheet twice.
    public func readRows(_ sheet: Sheet, row: (Row) -> Void) throws(ReadError) -> [MergedRange] {
        guard let entry = archive[sheet.part] else {
            throw .notAWorkbook("sheet \(sheet.name) has no part \(sheet.part)")
        }
        let outcome: Result<[MergedRange], ReadError> = withoutActuallyEscaping(row) { row in
            let parser = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904, onRow: row)
            do throws(ReadError) { try Self.stream(entry, part: sheet.part, in: archive, into: parser) } catch { return .failure(error) }
            return .success(parser.merged.compactMap { $0.clipped(to: parser.extent) })
        }
        return try outcome.get()
    }

    /// The ranges of a sheet's `<mergeCells>` element, found in its decompressed bytes without parsing the rows,
    /// clipped to the cells the rows hold as far as they can be read (what a reader of the rows then gets).
    func mergedRanges(_ entry: Entry, part: String) throws(ReadError) -> [MergedRange] {
        var cut = ElementCut("mergeCells")
        try Self.extract(entry, part: part, in: archive, verify: false) { cut.feed($0) }
        guard cut.closed else { return [] }
        let fragment = cut.fragment
        let parser = SheetParser(sharedStrings: [], dateStyles: [], date1904: date1904, onRow: { _ in })
        let ranges = (try? Self.parse(Data(fragment), part: part, into: parser).merged) ?? []
        guard !ranges.isEmpty else { return [] }
        let rows = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904, onRow: { _ in })
        do { try Self.stream(entry, part: part, in: archive, into: rows) } catch {
            if case .tooLarge = error { throw error }
        }
        return ranges.compactMap { $0.clipped(to: rows.extent) }
    }

    /// Where `needle` first starts in `bytes`.
    static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstIndex(of: needle, in: $0) }
    }

    static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= needle.count, !needle.isEmpty, let base = bytes.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { n in
            memmem(base, bytes.count, n.baseAddress, n.count).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
        }
    }

    /// A part streamed through `XMLScanner` as it is decompressed; libxml2 reads what the scanner leaves to it,
    /// and words the error of a part the scanner finds malformed.
    static func stream(_ entry: Entry, part: String, in archive: ZipFile, into delegate: some SAXDelegate) throws(ReadError) {
        let scanner = XMLScanner.Stream(into: delegate)
        try extract(entry, part: part, in: archive) { scanner.feed($0) }
        switch scanner.finish() {
        case .done, .needsMore: return
        case .unsupported:
            if let failure = try libxml2(entry, part: part, in: archive, into: delegate) {
                throw .badPart(part, line: failure.line, message: failure.message)
            }
        case .malformed(let at):
            if let failure = try libxml2(entry, part: part, in: archive, into: SAX.Ignored()) {
                throw .badPart(part, line: failure.line, message: failure.message)
            }
            // Should libxml2 read what the scanner refused, the scanner's place is the error's.
            var line = 1
            var seen = 0
            try extract(entry, part: part, in: archive, verify: false) { chunk in
                for b in chunk.prefix(max(0, at - seen)) where b == 10 { line += 1 }
                seen += chunk.count
            }
            throw .badPart(part, line: line, message: "malformed XML")
        }
    }

    /// A part through libxml2's push parser, chunk by chunk as it is decompressed.
    static func libxml2(_ entry: Entry, part: String, in archive: ZipFile, into delegate: some SAXDelegate) throws(ReadError) -> (
        line: Int, message: String
    )? {
        var extractError: ReadError?
        let failure = SAX.libxml2(into: delegate) { push in
            do throws(ReadError) { try extract(entry, part: part, in: archive, verify: false) { push($0) } } catch { extractError = error }
        }
        if let extractError { throw extractError }
        return failure
    }

    /// A sheet's merged ranges (the plan importer reads tables through these).
    public func mergedRanges(_ sheet: Sheet) throws(ReadError) -> [MergedRange] {
        guard let entry = archive[sheet.part] else { throw .notAWorkbook("sheet \(sheet.name) has no part \(sheet.part)") }
        return try mergedRanges(entry, part: sheet.part)
    }

    // MARK: Parts

    static func normalised(_ path: String) -> String {
        var out: [Substring] = []
        for c in path.split(separator: "/") {
            if c == ".." { _ = out.popLast() } else if c != "." { out.append(c) }
        }
        return out.joined(separator: "/")
    }

    static func part(_ path: String, in archive: ZipFile) throws(ReadError) -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        data.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(maxPartBytes))))
        try extract(entry, part: path, in: archive) { data.append(contentsOf: $0) }
        return data
    }

    /// Decompresses a part chunk by chunk through the zip guard: at most `maxPartBytes`, within the file's and the
    /// run's budgets; with `verify`, its CRC-32 is compared at the end.
    static func extract(_ entry: Entry, part path: String, in archive: ZipFile, verify: Bool = true, _ consumer: (UnsafeRawBufferPointer) -> Void)
        throws(ReadError)
    {
        do { try archive.extract(entry, part: path, limit: maxPartBytes, verify: verify, consumer) } catch {
            switch error {
            case .exceeded(let exceeded): throw .tooLarge(exceeded.message)
            case .damaged(let part, let reason): throw .notAWorkbook("\(part) \(reason)")
            }
        }
    }

    /// A large part (a sheet, the shared strings) through libxml2's SAX2 parser directly.
    static func parse<P: SAXDelegate>(_ data: Data, part: String, into delegate: P) throws(ReadError) -> P {
        if let failure = SAX.parse(data, into: delegate) { throw .badPart(part, line: failure.line, message: failure.message) }
        return delegate
    }

    static func parse<P: PartParser>(_ data: Data, part: String, into delegate: P) throws(ReadError) -> P {
        // Fed as a stream: the parser then takes the part in chunks, and libxml2 refuses a single chunk over 10 MB
        // ("huge input lookup") as a big sheet would be if handed over whole.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        if !parser.parse() {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw .badPart(part, line: parser.lineNumber, message: message)
        }
        return delegate
    }

    /// The day of an Excel serial number, or nil for a serial that is no day.
    /// The 1900 system counts a 1900-02-29 that never was (Lotus 1-2-3's bug, kept by Excel): serial 60 is it, and
    /// from 61 on serials are one ahead of the real count.
    public static func day(serial: Double, date1904: Bool) -> Day? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        if date1904 { return Day(year: 1904, month: 1, day: 1)?.adding(days: whole) }
        if whole == 60 || whole == 0 { return nil }
        let base = Day(year: 1899, month: 12, day: 31)
        return base?.adding(days: whole < 60 ? whole : whole - 1)
    }

    /// Whether a number format code shows a date: it has a day, month or year part outside quotes and brackets,
    /// and no digit placeholders.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        var date = false
        for ch in code {
            if escaped {
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default:
                if inQuote || inBracket { continue }
                if "dDyY".contains(ch) { date = true }
                if "0#?".contains(ch) { return false }
                if ch == "m" || ch == "M" { date = true }
            }
        }
        return date
    }

    /// Built-in number formats that are dates (ECMA-376 18.8.30, and the CJK ones Excel uses in Chinese locales).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)
}

/// A delegate that reads one kind of part. (Each is a direct `XMLParserDelegate`: on Linux a subclass's methods
/// would not replace the protocol's default implementations.)
typealias PartParser = NSObject & XMLParserDelegate

final class RelationshipsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

final class WorkbookParser: NSObject, XMLParserDelegate {
    var sheets: [(name: String, relationship: String, hidden: Bool)] = []
    var date1904 = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "sheet":
            let state = attributes["state"] ?? "visible"
            sheets.append((attributes["name"] ?? "", attributes["r:id"] ?? "", state != "visible"))
        case "workbookPr":
            let v = attributes["date1904"] ?? "0"
            date1904 = v == "1" || v == "true"
        default: break
        }
    }
}

/// One per part, on one thread: its state is not checked for exclusive access at run time.
final class SharedStringsParser: SAXDelegate {
    @exclusivity(unchecked) var strings: [String] = []
    @exclusivity(unchecked) private var current: [UInt8] = []
    @exclusivity(unchecked) private var inText = false
    /// Phonetic runs (`rPh`) repeat the text's reading, not its content.
    @exclusivity(unchecked) private var inPhonetic = false
    func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {
        if SAX.named(name, "si") {
            current.removeAll(keepingCapacity: true)
        } else if SAX.named(name, "t") {
            inText = !inPhonetic
        } else if SAX.named(name, "rPh") {
            inPhonetic = true
        }
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) { if inText { current.append(contentsOf: text) } }
    func end(_ name: UnsafeBufferPointer<UInt8>) {
        if SAX.named(name, "si") {
            strings.append(String(decoding: current, as: UTF8.self))
        } else if SAX.named(name, "t") {
            inText = false
        } else if SAX.named(name, "rPh") {
            inPhonetic = false
        }
    }
}

final class StylesParser: NSObject, XMLParserDelegate {
    private var custom: [Int: String] = [:]
    private var formats: [Int] = []
    private var inCellXfs = false
    var dateStyles: [Bool] {
        formats.map { id in XLSXWorkbook.builtInDateFormats.contains(id) || custom[id].map(XLSXWorkbook.isDateFormat) == true }
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { custom[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: formats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet's rows, one at a time (one parser per sheet on one thread: exclusivity is not checked at run time).
final class SheetParser: SAXDelegate {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    let onRow: (XLSXWorkbook.Row) -> Void
    @exclusivity(unchecked) var merged: [XLSXWorkbook.MergedRange] = []
    /// The last row and the last column that hold a value.
    @exclusivity(unchecked) private(set) var extent = (row: 0, column: 0)

    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var cells: [XLSXWorkbook.Cell] = []
    @exclusivity(unchecked) private var column = 0
    @exclusivity(unchecked) private var type = CellType.number
    @exclusivity(unchecked) private var style = 0
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    private var text: String { String(decoding: bytes, as: UTF8.self) }
    @exclusivity(unchecked) private var collecting = false
    @exclusivity(unchecked) private var inInline = false
    @exclusivity(unchecked) private var hasValue = false

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool, onRow: @escaping (XLSXWorkbook.Row) -> Void) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.onRow = onRow
    }

    /// A cell's `t`: what its value is.
    enum CellType {
        case number, shared, inline, formula, boolean, error, date
        init(_ code: UnsafeBufferPointer<UInt8>) {
            if SAX.named(code, "s") {
                self = .shared
            } else if SAX.named(code, "inlineStr") {
                self = .inline
            } else if SAX.named(code, "str") {
                self = .formula
            } else if SAX.named(code, "b") {
                self = .boolean
            } else if SAX.named(code, "e") {
                self = .error
            } else if SAX.named(code, "d") {
                self = .date
            } else {
                self = .number
            }
        }
    }

    /// `C12` → (12, 3).
    static func reference(_ ref: String) -> (row: Int, column: Int)? {
        var ref = ref
        return ref.withUTF8(reference)
    }

    /// A non-negative decimal integer of at most 18 digits, or nil.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    static func reference(_ ref: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var digits = false
        for b in ref {
            switch b {
            case 65...90 where !digits: column = column * 26 + Int(b - 64)
            case 97...122 where !digits: column = column * 26 + Int(b - 96)
            case 48...57:
                digits = true
                row = row * 10 + Int(b - 48)
            case 36: continue
            default: return nil
            }
            if row > 10_000_000 || column > 100_000 { return nil }
        }
        return column > 0 && row > 0 ? (row, column) : nil
    }

    func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {
        if SAX.named(name, "c") {
            // Read from the attributes' bytes: three strings per cell were a fifth of parsing a sheet.
            if let r = attributes.bytes("r"), let ref = Self.reference(r) { column = ref.column } else { column += 1 }
            type = attributes.bytes("t").map(CellType.init) ?? .number
            style = attributes.bytes("s").flatMap(Self.integer) ?? 0
            bytes.removeAll(keepingCapacity: true)
            hasValue = false
        } else if SAX.named(name, "v") {
            collecting = true
            bytes.removeAll(keepingCapacity: true)
            hasValue = true
        } else if SAX.named(name, "row") {
            rowNumber = attributes.bytes("r").flatMap(Self.integer) ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = 0
        } else if SAX.named(name, "is") {
            inInline = true
            bytes.removeAll(keepingCapacity: true)
            hasValue = true
        } else if inInline && SAX.named(name, "t") {
            collecting = true
        } else if inInline && SAX.named(name, "rPh") {
            inInline = false
        } else if SAX.named(name, "mergeCell"), let ref = attributes["ref"] {
            let ends = ref.split(separator: ":").map(String.init)
            if let a = ends.first.flatMap(Self.reference), let b = ends.last.flatMap(Self.reference) {
                merged.append(.init(firstRow: a.row, firstColumn: a.column, lastRow: b.row, lastColumn: b.column))
            }
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) { if collecting { bytes.append(contentsOf: text) } }

    func end(_ name: UnsafeBufferPointer<UInt8>) {
        if SAX.named(name, "c") {
            if hasValue, let value = value() { cells.append(.init(column: column, value: value)) }
        } else if SAX.named(name, "v") || SAX.named(name, "t") {
            collecting = false
        } else if SAX.named(name, "row") {
            if !cells.isEmpty {
                extent.row = max(extent.row, rowNumber)
                for cell in cells { extent.column = max(extent.column, cell.column) }
                onRow(.init(number: rowNumber, cells: cells))
            }
        } else if SAX.named(name, "is") {
            inInline = false
        }
    }

    private func value() -> XLSXWorkbook.Value? {
        // A shared string's index is read from the bytes: no text is made for it.
        if type == .shared {
            guard let i = bytes.withUnsafeBufferPointer(Self.integer), sharedStrings.indices.contains(i) else { return .invalid("#REF!") }
            return sharedStrings[i].isEmpty ? nil : .string(sharedStrings[i])
        }
        let text = text
        switch type {
        case .inline, .formula:
            return text.isEmpty ? nil : .string(text)
        case .boolean:
            return .boolean(text == "1" || text == "true")
        case .error:
            return .invalid(text)
        case .date:
            return Day.parse(text.prefix(10)).map(XLSXWorkbook.Value.date) ?? .invalid(text)
        case .number, .shared:
            guard !text.isEmpty else { return nil }
            guard let n = Double(text) else { return .invalid(text) }
            if dateStyles.indices.contains(style) && dateStyles[style] {
                guard let d = XLSXWorkbook.day(serial: n, date1904: date1904) else { return .invalid(text) }
                return .date(d)
            }
            return .number(n)
        }
    }
}

/// One element's bytes (`<name` … `</name>`) cut from a part fed in chunks of any size, the rest passed over.
/// Each chunk is searched where it lies (glibc's memmem); only the few bytes around a chunk's start are copied,
/// for an element cut by the chunk before: copying every chunk, and taking every `<` as a candidate, were most of
/// the merged-range pass over a 100,000-row sheet.
struct ElementCut {
    private let open: [UInt8]
    private let close: [UInt8]
    private(set) var fragment: [UInt8] = []
    private(set) var closed = false
    private var found = false
    /// The last bytes of the chunks before, fewer than the opening tag's.
    private var carry: [UInt8] = []
    /// Where the search for the closing tag goes on in the fragment.
    private var searched = 0

    init(_ name: String) {
        open = Array("<\(name)".utf8)
        close = Array("</\(name)>".utf8)
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard !closed else { return }
        if found {
            fragment.append(contentsOf: chunk)
        } else {
            let window = carry + chunk.prefix(open.count - 1)
            if let at = XLSXWorkbook.firstIndex(of: open, in: window), at < carry.count {
                fragment = Array(window[at..<carry.count]) + chunk
            } else if let at = chunk.withMemoryRebound(to: UInt8.self, { XLSXWorkbook.firstIndex(of: open, in: $0) }) {
                fragment = Array(chunk[at...])
            } else {
                carry = Array(window.suffix(open.count - 1))
                if chunk.count >= open.count - 1 { carry = Array(chunk.suffix(open.count - 1)) }
                return
            }
            found = true
        }
        let from = max(0, searched - close.count + 1)
        if let end = fragment.withUnsafeBufferPointer({ XLSXWorkbook.firstIndex(of: close, in: UnsafeBufferPointer(rebasing: $0[from...])) }) {
            fragment.removeSubrange((from + end + close.count)...)
            closed = true
        }
        searched = fragment.count
    }
}
