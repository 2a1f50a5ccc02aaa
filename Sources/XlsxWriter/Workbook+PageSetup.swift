import CXlsxWriter
import Foundation

/// How a sheet prints: A4, orientation, fit, repeated header rows, margins, page header and footer.
public struct PageSetup: Sendable {
    public var landscape: Bool
    /// Pages across and down (0 down: as many as needed).
    public var fitWide: Int
    public var fitTall: Int
    public var repeatRows: ClosedRange<Int>?
    /// Header and footer in Excel's codes (`&L`, `&C`, `&R`, `&P`, `&N`, `&A`); each at most 255 bytes.
    public var header: String?
    public var footer: String?
    /// Margins in inches: left, right, top, bottom.
    public var margins: (left: Double, right: Double, top: Double, bottom: Double)
    public var centerHorizontally: Bool
    /// A fixed print scale in percent instead of fitting (fitting ignores manual page breaks).
    public var scale: Int?

    public init(
        landscape: Bool, fitWide: Int = 1, fitTall: Int = 0, repeatRows: ClosedRange<Int>? = nil, header: String? = nil, footer: String? = nil,
        margins: (left: Double, right: Double, top: Double, bottom: Double) = (0.5, 0.5, 0.75, 0.75), centerHorizontally: Bool = true
    ) {
        self.landscape = landscape
        self.fitWide = fitWide
        self.fitTall = fitTall
        self.repeatRows = repeatRows
        self.header = header
        self.footer = footer
        self.margins = margins
        self.centerHorizontally = centerHorizontally
    }

    /// Cuts a header or footer part to Excel's 255-byte limit without splitting a character, and doubles `&` so text is not read as a code.
    public static func escaped(_ text: String, maxBytes: Int = 80) -> String {
        var out = text.replacingOccurrences(of: "&", with: "&&")
        while out.utf8.count > maxBytes { out.removeLast() }
        if out.hasSuffix("&") && !out.hasSuffix("&&") { out.removeLast() }
        return out
    }
}

extension Worksheet {
    public func setPageSetup(_ p: PageSetup) throws(XlsxError) {
        if p.landscape { worksheet_set_landscape(handle) } else { worksheet_set_portrait(handle) }
        worksheet_set_paper(handle, 9)  // A4
        if let scale = p.scale {
            worksheet_set_print_scale(handle, UInt16(max(10, min(400, scale))))
        } else {
            worksheet_fit_to_pages(handle, UInt16(p.fitWide), UInt16(p.fitTall))
        }
        worksheet_set_margins(handle, p.margins.left, p.margins.right, p.margins.top, p.margins.bottom)
        if p.centerHorizontally { worksheet_center_horizontally(handle) }
        if let rows = p.repeatRows {
            try throwIfFailed(worksheet_repeat_rows(handle, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), "repeat rows on '\(name)'")
        }
        for (text, isHeader) in [(p.header, true), (p.footer, false)] {
            guard let text else { continue }
            guard text.utf8.count <= 255 else { throw XlsxError("page \(isHeader ? "header" : "footer") of '\(name)' is longer than 255 bytes") }
            let r = text.withCString { isHeader ? worksheet_set_header(handle, $0) : worksheet_set_footer(handle, $0) }
            try throwIfFailed(r, "page \(isHeader ? "header" : "footer") of '\(name)'")
        }
    }

    /// Manual page breaks above these rows (from 0).
    public func setPageBreaks(beforeRows rows: [Int]) throws(XlsxError) {
        guard !rows.isEmpty else { return }
        var breaks = rows.map { lxw_row_t($0) } + [0]
        try throwIfFailed(breaks.withUnsafeMutableBufferPointer { worksheet_set_h_pagebreaks(handle, $0.baseAddress) }, "page breaks of '\(name)'")
    }

    /// The height of rows given none: a line of CJK text is taller than Excel's 15-point default row.
    public func setDefaultRowHeight(_ height: Double = TextMetrics.lineHeight + 1.5) {
        worksheet_set_default_row(handle, height, 0)
    }

    /// Prints only this range (rows and columns from 0).
    public func setPrintArea(_ firstRow: Int, _ firstCol: Int, _ lastRow: Int, _ lastCol: Int) throws(XlsxError) {
        try throwIfFailed(
            worksheet_print_area(handle, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol)), "print area of '\(name)'")
    }

    /// A row height in points, with a format for the whole row when given.
    public func setRow(_ row: Int, height: Double, _ format: CellFormat?) throws(XlsxError) {
        try throwIfFailed(worksheet_set_row(handle, lxw_row_t(row), height, workbook.format(format)), "set row of '\(name)'")
    }

    /// A note on a cell (Excel's comment), shown when the pointer rests on it.
    public func writeComment(_ row: Int, _ col: Int, _ text: String, author: String? = nil, width: Int = 300, height: Int = 120) throws(XlsxError) {
        let r = text.withCString { t in
            (author ?? "").withCString { a in
                var options = lxw_comment_options()
                if author != nil { options.author = UnsafeMutablePointer(mutating: a) }
                options.width = UInt16(width)
                options.height = UInt16(height)
                return worksheet_write_comment_opt(handle, lxw_row_t(row), lxw_col_t(col), t, &options)
            }
        }
        try throwIfFailed(r, "comment in '\(name)' row \(row + 1)")
    }

    /// A dropdown over the cells, its values from a range such as `=_lists!$A$1:$A$5`: libxlsxwriter 1.1.4 overflows
    /// on inline lists with multibyte text, so the values always live on a (hidden) sheet.
    public func dropdown(_ firstRow: Int, _ col: Int, _ lastRow: Int, source: String, title: String? = nil, message: String? = nil) throws(XlsxError) {
        let r = source.withCString { s in
            (title ?? "").withCString { t in
                (message ?? "").withCString { m in
                    var v = lxw_data_validation()
                    v.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
                    v.value_formula = UnsafeMutablePointer(mutating: s)
                    v.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
                    v.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
                    v.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
                    if title != nil, message != nil {
                        v.show_input = UInt8(LXW_VALIDATION_ON.rawValue)
                        v.input_title = UnsafeMutablePointer(mutating: t)
                        v.input_message = UnsafeMutablePointer(mutating: m)
                    }
                    return worksheet_data_validation_range(handle, lxw_row_t(firstRow), lxw_col_t(col), lxw_row_t(lastRow), lxw_col_t(col), &v)
                }
            }
        }
        try throwIfFailed(r, "dropdown in '\(name)' column \(col + 1)")
    }

    /// Inserts a chart scaled to a size in pixels (a chart is 480 × 288 by default).
    public func insertChart(_ row: Int, _ col: Int, _ chart: Chart, width: Double, height: Double) throws(XlsxError) {
        var options = lxw_chart_options()
        options.x_scale = width / 480
        options.y_scale = height / 288
        try throwIfFailed(worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(col), chart.handle, &options), "insert chart in '\(name)'")
    }

    /// Writes one row of cells after giving it the height its wrapped text needs (set first, so it also works
    /// in constant-memory mode, where a row cannot be changed once the next one is started).
    public func writeRow(_ row: Int, _ cells: [XlsxCell], columnWidths: [Double], lineHeight: Double = TextMetrics.lineHeight) throws(XlsxError) {
        var lines = 1
        for (i, c) in cells.enumerated() where c.wraps && i < columnWidths.count {
            lines = max(lines, TextMetrics.lines(c.text, columnWidth: columnWidths[i]))
        }
        if lines > 1 { try setRow(row, height: TextMetrics.rowHeight(lines: lines, lineHeight: lineHeight)) }
        if rowFormats.count < cells.count { rowFormats += Array(repeating: (nil, nil), count: cells.count - rowFormats.count) }
        for (i, c) in cells.enumerated() {
            let format: Format?
            if rowFormats[i].spec == c.format {
                format = rowFormats[i].handle
            } else {
                format = workbook.resolve(c.format)
                rowFormats[i] = (c.format, format)
            }
            switch c.value {
            case .text(let s): try write(row, i, s, format)
            case .number(let n): try write(row, i, n, format)
            case .blank: if c.format != nil { try writeBlank(row, i, format) }
            case .link(let url, let text): try writeLink(row, i, url: url, text: text, c.format)
            }
        }
    }
}

/// A cell of `writeRow`.
public struct XlsxCell: Sendable {
    public enum Value: Sendable {
        case text(String)
        case number(Double)
        case blank
        case link(url: String, text: String)
    }
    public var value: Value
    public var format: CellFormat?
    public init(_ text: String, _ format: CellFormat? = nil) {
        value = .text(text)
        self.format = format
    }
    public init(_ number: Int, _ format: CellFormat? = nil) {
        value = .number(Double(number))
        self.format = format
    }
    public init(number: Double, _ format: CellFormat? = nil) {
        value = .number(number)
        self.format = format
    }
    public init(link url: String, text: String, _ format: CellFormat? = nil) {
        value = .link(url: url, text: text)
        self.format = format
    }
    public static func blank(_ format: CellFormat? = nil) -> XlsxCell {
        var c = XlsxCell("", format)
        c.value = .blank
        return c
    }

    var text: String {
        switch value {
        case .text(let s): s
        case .link(_, let t): t
        default: ""
        }
    }
    var wraps: Bool { format?.wrap ?? false }
}

/// libxlsxwriter cannot autofit: widths and heights come from the text's display width, a CJK character counting two
/// columns (Excel's width unit is about one Latin digit; a CJK glyph is about two).
public enum TextMetrics {
    /// Points per line of 11-point text: Excel's 15, plus room for CJK fonts' taller lines in LibreOffice and WPS.
    public static let lineHeight = 16.5

    public static func displayWidth(_ s: some StringProtocol) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += isWide(u) ? 2 : 1 }
        return w
    }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD, 0x2014, 0x2026, 0x201C, 0x201D:
            return true
        default:
            return false
        }
    }

    /// Lines a text wraps to in a column: each paragraph broken at the usable width (a little less than the column,
    /// since cell padding and font substitution differ between Excel, LibreOffice and WPS).
    public static func lines(_ text: String, columnWidth: Double) -> Int {
        let usable = max(2, Int((columnWidth - 1.2) * 0.95))
        // No character is wider than its UTF-8 bytes: a short line is one line, found without decoding it. Most of
        // the 800,000 cells of a large workbook are.
        let short = text.utf8.withContiguousStorageIfAvailable { $0.count <= usable && !$0.contains(10) }
        if short == true { return 1 }
        // Scalars, not Characters: grapheme breaking was most of a large workbook's time in this function.
        var total = 0
        var paragraph = Wrapping(usable: usable)
        for u in text.unicodeScalars {
            if u == "\n" {
                total += paragraph.lines
                paragraph = Wrapping(usable: usable)
            } else {
                paragraph.add(u)
            }
        }
        return max(total + paragraph.lines, 1)
    }

    /// Greedy wrapping of one paragraph: CJK breaks anywhere, Latin words stay whole unless longer than a line.
    struct Wrapping {
        let usable: Int
        private var done = 1
        private var used = 0
        private var word = 0

        init(usable: Int) { self.usable = usable }

        private mutating func place(_ w: Int) {
            if used + w > usable && used > 0 {
                done += 1
                used = 0
            }
            used += w
            while used > usable {
                done += 1
                used -= usable
            }
        }

        mutating func add(_ u: Unicode.Scalar) {
            if isWide(u) {
                if word > 0 {
                    place(word)
                    word = 0
                }
                place(2)
            } else if u == " " {
                if word > 0 {
                    place(word)
                    word = 0
                }
                if used + 1 <= usable { used += 1 }
            } else {
                word += 1
            }
        }

        /// The lines of the paragraph so far, its last word placed.
        var lines: Int {
            var copy = self
            if copy.word > 0 { copy.place(copy.word) }
            return copy.done
        }
    }

    public static func rowHeight(lines: Int, lineHeight: Double = lineHeight) -> Double { min(maxRowHeight, Double(lines) * lineHeight + 3) }

    /// Excel's highest row, in points.
    public static let maxRowHeight = 409.0
    /// Lines that fit in the highest row.
    public static var maxLines: Int { Int((maxRowHeight - 3) / lineHeight) }

    /// As many items, one a line, as fit in the highest row; then `more(n)` saying how many were left out.
    public static func fitting(_ items: [String], columnWidth: Double, more: (Int) -> String) -> String {
        var out: [String] = []
        var used = 0
        for (i, item) in items.enumerated() {
            let need = lines(item, columnWidth: columnWidth)
            // Keep a line for the "more" note unless this is the last item.
            let room = i < items.count - 1 ? maxLines - 1 : maxLines
            if used + need > room {
                out.append(more(items.count - i))
                break
            }
            out.append(item)
            used += need
        }
        return out.joined(separator: "\n")
    }

    /// A column width that fits the widest text (by its widest line), within bounds.
    public static func columnWidth(_ texts: [String], min lower: Double = 6, max upper: Double = 60) -> Double {
        let widest = texts.map { t in t.split(separator: "\n").map { displayWidth($0) }.max() ?? 0 }.max() ?? 0
        return Swift.min(upper, Swift.max(lower, Double(widest) + 2))
    }
}
