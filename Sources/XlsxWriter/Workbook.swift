import CXlsxWriter
import Foundation

/// An error from libxlsxwriter, with the library's own message.
public struct XlsxError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var code: Int32?
    public var description: String { message }

    init(_ code: lxw_error, _ context: String) {
        self.code = Int32(code.rawValue)
        let reason = lxw_strerror(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
        self.message = "\(context): \(reason)"
    }
    init(_ message: String) {
        self.message = message
        self.code = nil
    }
}

/// Throws libxlsxwriter's error code as an `XlsxError` naming what was being done.
@inline(__always)
func throwIfFailed(_ result: lxw_error, _ context: @autoclosure () -> String) throws(XlsxError) {
    if result != LXW_NO_ERROR { throw XlsxError(result, context()) }
}

/// A cell format; the workbook creates each distinct one once.
public struct CellFormat: Hashable, Sendable {
    public var bold = false
    public var wrap = false
    public var fill: UInt32?
    public var fontColor: UInt32?
    public var fontSize: Double?
    public var border = false
    public var alignTop = false
    public var center = false
    public var numberFormat: String?
    public var underline = false
    public init(
        bold: Bool = false, wrap: Bool = false, fill: UInt32? = nil, fontColor: UInt32? = nil, fontSize: Double? = nil,
        border: Bool = false, alignTop: Bool = false, center: Bool = false, numberFormat: String? = nil, underline: Bool = false
    ) {
        self.bold = bold
        self.wrap = wrap
        self.fill = fill
        self.fontColor = fontColor
        self.fontSize = fontSize
        self.border = border
        self.alignTop = alignTop
        self.center = center
        self.numberFormat = numberFormat
        self.underline = underline
    }
}

/// Document properties; a fixed `created` makes the file byte-for-byte reproducible.
public struct DocumentProperties: Sendable {
    public var title: String
    public var subject: String
    public var author: String
    public var company: String
    public var created: Date?
    public init(title: String, subject: String, author: String, company: String = "", created: Date? = nil) {
        self.title = title
        self.subject = subject
        self.author = author
        self.company = company
        self.created = created
    }
}

/// A format created by a `Workbook` (valid while the workbook is).
public final class Format {
    let pointer: UnsafeMutablePointer<lxw_format>
    let index: Int
    init(pointer: UnsafeMutablePointer<lxw_format>, index: Int) {
        self.pointer = pointer
        self.index = index
    }
}

/// An xlsx workbook. Owns the C workbook; every sheet, format and chart lives as long as it does.
public final class Workbook {
    let handle: UnsafeMutablePointer<lxw_workbook>
    private var closed = false
    private var formats: [CellFormat: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheetNames = Set<String>()
    /// Records every cell written (for the benchmark's C floor, which writes the same cells).
    public var recorder: CellRecorder?
    /// Applied to every text the workbook stores (cells, links, document properties): GongkaiKit masks personal data here.
    public var textFilter: (String) -> String = { $0 }

    /// Rows stream to disk in order: a sheet written in this mode cannot merge cells down rows or go back a row.
    public let constantMemory: Bool

    /// `constantMemory` streams each sheet's rows to disk: rows must be written in order.
    public init(path: String, constantMemory: Bool = false) throws(XlsxError) {
        self.constantMemory = constantMemory
        var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 1)
        guard let wb = path.withCString({ workbook_new_opt($0, &options) }) else {
            throw XlsxError("cannot create workbook \(path)")
        }
        handle = wb
    }

    deinit {
        // An unclosed workbook still owns memory; closing writes a file the caller will discard.
        if !closed { workbook_close(handle) }
    }

    /// Excel's rules for sheet names, checked here because libxlsxwriter 1.1.4 does not.
    public static func validateSheetName(_ name: String) throws(XlsxError) {
        if name.isEmpty || name.count > 31 { throw XlsxError("sheet name '\(name)' must have 1 to 31 characters") }
        if name.contains(where: { "[]:*?/\\".contains($0) }) { throw XlsxError("sheet name '\(name)' contains one of []:*?/\\") }
        if name.hasPrefix("'") || name.hasSuffix("'") { throw XlsxError("sheet name '\(name)' starts or ends with an apostrophe") }
    }

    public func addWorksheet(_ name: String) throws(XlsxError) -> Worksheet {
        try Self.validateSheetName(name)
        guard sheetNames.insert(name.lowercased()).inserted else { throw XlsxError("duplicate sheet name '\(name)'") }
        guard let ws = name.withCString({ workbook_add_worksheet(handle, $0) }) else { throw XlsxError("cannot add sheet '\(name)'") }
        return Worksheet(ws, workbook: self, name: name)
    }

    private var handles: [CellFormat: Format] = [:]

    /// The workbook's format for a spec, created once; hot loops keep the handle instead of hashing the spec per cell.
    public func resolve(_ spec: CellFormat?) -> Format? {
        guard let spec else { return nil }
        if let h = handles[spec] { return h }
        guard let pointer = format(spec) else { return nil }
        let h = Format(pointer: pointer, index: handles.count + 1)
        handles[spec] = h
        return h
    }

    func format(_ spec: CellFormat?) -> UnsafeMutablePointer<lxw_format>? {
        guard let spec else { return nil }
        if let f = formats[spec] { return f }
        guard let f = workbook_add_format(handle) else { return nil }
        if spec.bold { format_set_bold(f) }
        if spec.wrap { format_set_text_wrap(f) }
        if let c = spec.fill {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, c)
        }
        if let c = spec.fontColor { format_set_font_color(f, c) }
        if let s = spec.fontSize { format_set_font_size(f, s) }
        if spec.border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        if spec.alignTop { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if spec.center { format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        if spec.underline { format_set_underline(f, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        if let n = spec.numberFormat { n.withCString { format_set_num_format(f, $0) } }
        formats[spec] = f
        return f
    }

    public func setProperties(_ p: DocumentProperties) throws(XlsxError) {
        // libxlsxwriter copies the strings during the call.
        let p = DocumentProperties(
            title: textFilter(p.title), subject: textFilter(p.subject), author: textFilter(p.author),
            company: textFilter(p.company), created: p.created)
        let result = p.title.withCString { title in
            p.subject.withCString { subject in
                p.author.withCString { author in
                    p.company.withCString { company in
                        var props = lxw_doc_properties()
                        props.title = UnsafeMutablePointer(mutating: title)
                        props.subject = UnsafeMutablePointer(mutating: subject)
                        props.author = UnsafeMutablePointer(mutating: author)
                        props.company = UnsafeMutablePointer(mutating: company)
                        if let created = p.created { props.created = time_t(created.timeIntervalSince1970) }
                        return workbook_set_properties(handle, &props)
                    }
                }
            }
        }
        try throwIfFailed(result, "set document properties")
    }

    public func addChart(_ type: Chart.Kind) throws(XlsxError) -> Chart {
        guard let c = workbook_add_chart(handle, type.raw) else { throw XlsxError("cannot add chart") }
        return Chart(c, workbook: self)
    }

    /// Writes the file. Call once; the workbook is unusable afterwards.
    public func close() throws(XlsxError) {
        guard !closed else { return }
        closed = true
        try throwIfFailed(workbook_close(handle), "write workbook")
    }
}

/// A worksheet of a `Workbook`. Rows and columns count from 0.
public final class Worksheet {
    let handle: UnsafeMutablePointer<lxw_worksheet>
    let workbook: Workbook
    public let name: String
    /// `writeRow`'s formats of the last row, by column: a table's rows repeat them, and comparing a spec with the
    /// last one costs less than hashing it for every cell.
    var rowFormats: [(spec: CellFormat?, handle: Format?)] = []

    init(_ h: UnsafeMutablePointer<lxw_worksheet>, workbook: Workbook, name: String) {
        handle = h
        self.workbook = workbook
        self.name = name
    }

    /// Excel's cell limit; longer text is cut with a mark rather than failing the workbook.
    public static let maxCellText = 32767

    public func write(_ row: Int, _ col: Int, _ text: String, _ format: CellFormat? = nil) throws(XlsxError) {
        try write(row, col, text, workbook.resolve(format))
    }

    /// Writes text with a resolved format (hot loops resolve once, not per cell).
    public func write(_ row: Int, _ col: Int, _ text: String, _ format: Format?) throws(XlsxError) {
        var text = workbook.textFilter(text)
        // utf8.count is O(1) and never less than the UTF-16 length Excel limits, so most cells skip the count.
        if text.utf8.count > Self.maxCellText && text.utf16.count > Self.maxCellText { text = String(text.prefix(Self.maxCellText - 100)) + "…(truncated)" }
        workbook.recorder?.record(name, row, col, "s", text, format?.index ?? 0)
        let r = text.withCString { worksheet_write_string(handle, lxw_row_t(row), lxw_col_t(col), $0, format?.pointer) }
        if r != LXW_NO_ERROR { throw XlsxError(r, "write '\(name)' row \(row + 1) column \(col + 1)") }
    }

    public func write(_ row: Int, _ col: Int, _ number: Double, _ format: CellFormat? = nil) throws(XlsxError) {
        try write(row, col, number, workbook.resolve(format))
    }

    public func write(_ row: Int, _ col: Int, _ number: Double, _ format: Format?) throws(XlsxError) {
        workbook.recorder?.record(name, row, col, "n", "\(number)", format?.index ?? 0)
        let r = worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(col), number, format?.pointer)
        if r != LXW_NO_ERROR { throw XlsxError(r, "write '\(name)' row \(row + 1)") }
    }

    public func write(_ row: Int, _ col: Int, _ number: Int, _ format: CellFormat? = nil) throws(XlsxError) {
        try write(row, col, Double(number), format)
    }

    public func writeBlank(_ row: Int, _ col: Int, _ format: CellFormat) throws(XlsxError) {
        try writeBlank(row, col, workbook.resolve(format))
    }

    public func writeBlank(_ row: Int, _ col: Int, _ format: Format?) throws(XlsxError) {
        try throwIfFailed(worksheet_write_blank(handle, lxw_row_t(row), lxw_col_t(col), format?.pointer), "write '\(name)' row \(row + 1)")
    }

    public func writeFormula(_ row: Int, _ col: Int, _ formula: String, _ format: CellFormat? = nil) throws(XlsxError) {
        let f = workbook.format(format)
        try throwIfFailed(formula.withCString { worksheet_write_formula(handle, lxw_row_t(row), lxw_col_t(col), $0, f) }, "write formula in '\(name)'")
    }

    /// A hyperlink; relative paths are resolved by Excel against the workbook's folder.
    public func writeLink(_ row: Int, _ col: Int, url: String, text: String, _ format: CellFormat? = nil) throws(XlsxError) {
        let f = workbook.format(format)
        let url = workbook.textFilter(url)
        let text = workbook.textFilter(text)
        workbook.recorder?.record(name, row, col, "u", url + "\u{1}" + text, workbook.resolve(format)?.index ?? 0)
        let r = url.withCString { u in text.withCString { t in worksheet_write_url_opt(handle, lxw_row_t(row), lxw_col_t(col), u, f, t, nil) } }
        try throwIfFailed(r, "write link in '\(name)' row \(row + 1)")
    }

    public func setColumn(_ first: Int, _ last: Int, width: Double, _ format: CellFormat? = nil) throws(XlsxError) {
        try throwIfFailed(worksheet_set_column(handle, lxw_col_t(first), lxw_col_t(last), width, workbook.format(format)), "set columns of '\(name)'")
    }

    public func setRow(_ row: Int, height: Double) throws(XlsxError) {
        try throwIfFailed(worksheet_set_row(handle, lxw_row_t(row), height, nil), "set row of '\(name)'")
    }

    public func freezePanes(row: Int, col: Int) { worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(col)) }

    public func autofilter(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) throws(XlsxError) {
        try throwIfFailed(
            worksheet_autofilter(handle, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol)), "autofilter on '\(name)'")
    }

    public func mergeRange(_ firstRow: Int, _ firstCol: Int, _ lastRow: Int, _ lastCol: Int, _ text: String, _ format: CellFormat? = nil) throws(XlsxError) {
        let f = workbook.format(format)
        let text = workbook.textFilter(text)
        let r = text.withCString { worksheet_merge_range(handle, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol), $0, f) }
        try throwIfFailed(r, "merge cells in '\(name)'")
    }

    /// Print set-up: landscape A4, fit to the page width, header rows repeated, page header and footer.
    public func setUpPrinting(landscape: Bool = true, repeatRows: ClosedRange<Int>? = nil, header: String? = nil, footer: String? = nil) throws(XlsxError) {
        if landscape { worksheet_set_landscape(handle) }
        worksheet_set_paper(handle, 9)
        worksheet_fit_to_pages(handle, 1, 0)
        if let rows = repeatRows {
            try throwIfFailed(worksheet_repeat_rows(handle, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), "repeat rows on '\(name)'")
        }
        if let header {
            guard header.utf8.count <= 255 else { throw XlsxError("page header longer than 255 bytes") }
            try throwIfFailed(header.withCString { worksheet_set_header(handle, $0) }, "page header of '\(name)'")
        }
        if let footer {
            try throwIfFailed(footer.withCString { worksheet_set_footer(handle, $0) }, "page footer of '\(name)'")
        }
    }

    public func insertChart(_ row: Int, _ col: Int, _ chart: Chart) throws(XlsxError) {
        try throwIfFailed(worksheet_insert_chart(handle, lxw_row_t(row), lxw_col_t(col), chart.handle), "insert chart in '\(name)'")
    }

    public func hide() { worksheet_hide(handle) }
    public func activate() { worksheet_activate(handle) }
}

/// A chart of a `Workbook`.
public final class Chart {
    let handle: UnsafeMutablePointer<lxw_chart>
    let workbook: Workbook

    public enum Kind: Sendable {
        case pie, column, bar
        var raw: UInt8 {
            switch self {
            case .pie: UInt8(LXW_CHART_PIE.rawValue)
            case .column: UInt8(LXW_CHART_COLUMN.rawValue)
            case .bar: UInt8(LXW_CHART_BAR.rawValue)
            }
        }
    }

    init(_ h: UnsafeMutablePointer<lxw_chart>, workbook: Workbook) {
        handle = h
        self.workbook = workbook
    }

    public func setTitle(_ title: String) { title.withCString { chart_title_set_name(handle, $0) } }

    /// A series from ranges such as `='Sheet'!$A$2:$A$7`, with a colour per point.
    public func addSeries(categories: String, values: String, pointColors: [UInt32] = []) throws(XlsxError) {
        guard let series = categories.withCString({ c in values.withCString { v in chart_add_series(handle, c, v) } }) else {
            throw XlsxError("cannot add chart series \(values)")
        }
        guard !pointColors.isEmpty else { return }
        // libxlsxwriter copies the points during the call.
        var fills = pointColors.map { lxw_chart_fill(color: $0, none: 0, transparency: 0) }
        let result = fills.withUnsafeMutableBufferPointer { fillBuffer -> lxw_error in
            var points = (0..<fillBuffer.count).map { lxw_chart_point(line: nil, fill: fillBuffer.baseAddress! + $0, pattern: nil) }
            return points.withUnsafeMutableBufferPointer { pointBuffer -> lxw_error in
                var pointers: [UnsafeMutablePointer<lxw_chart_point>?] = (0..<pointBuffer.count).map { pointBuffer.baseAddress! + $0 }
                pointers.append(nil)
                return pointers.withUnsafeMutableBufferPointer { chart_series_set_points(series, $0.baseAddress) }
            }
        }
        try throwIfFailed(result, "colour chart points")
    }

    public func hideLegend() { chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }
}

/// The libxlsxwriter version the module was built against.
public let libxlsxwriterVersion = LXW_VERSION

/// Collects the cells a workbook writes as tab-separated lines: sheet, row, column, kind (s, n, u), value, format.
public final class CellRecorder {
    public private(set) var lines: [String] = []
    public init() {}
    func record(_ sheet: String, _ row: Int, _ col: Int, _ kind: String, _ value: String, _ format: Int) {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
        }
        lines.append("\(esc(sheet))\t\(row)\t\(col)\t\(kind)\t\(esc(value))\t\(format)")
    }
}
