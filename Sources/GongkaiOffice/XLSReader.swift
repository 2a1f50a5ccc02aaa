import CFreeXL
import Foundation
import GongkaiCore

/// Reads an Excel 97–2003 workbook (.xls, BIFF) through Debian's libfreexl: sheet names and cell values.
/// libfreexl reports neither hidden sheets nor merged ranges; dates come back as `YYYY-MM-DD` text.
package final class XLSWorkbook {
    private var handle: UnsafeRawPointer?
    package let sheetNames: [String]

    package struct Failure: Error { package var code: Int32 }

    package init(path: String) throws(Failure) {
        var h: UnsafeRawPointer?
        let rc = freexl_open(path, &h)
        guard rc == FREEXL_OK, let h else {
            if let h { freexl_close(h) }
            throw Failure(code: rc)
        }
        handle = h
        var count: UInt32 = 0
        guard freexl_get_info(h, UInt16(FREEXL_BIFF_SHEET_COUNT), &count) == FREEXL_OK else {
            freexl_close(h)
            handle = nil
            throw Failure(code: FREEXL_INVALID_HANDLE)
        }
        var names: [String] = []
        for i in 0..<min(count, 4096) {
            var name: UnsafePointer<CChar>?
            if freexl_get_worksheet_name(h, UInt16(i), &name) == FREEXL_OK, let name {
                names.append(String(cString: name))
            } else {
                names.append("Sheet\(i + 1)")
            }
        }
        sheetNames = names
    }

    deinit { if let handle { freexl_close(handle) } }

    /// Each row with a non-empty cell, in order, as workbook rows (1-based numbers).
    package func read(sheet index: Int, row: (XLSXWorkbook.Row) -> Void) throws(Failure) {
        guard let handle else { throw Failure(code: FREEXL_NULL_HANDLE) }
        var rc = freexl_select_active_worksheet(handle, UInt16(index))
        guard rc == FREEXL_OK else { throw Failure(code: rc) }
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        rc = freexl_worksheet_dimensions(handle, &rows, &columns)
        guard rc == FREEXL_OK else { throw Failure(code: rc) }
        for r in 0..<rows {
            var cells: [XLSXWorkbook.Cell] = []
            for c in 0..<columns {
                var v = FreeXL_CellValue()
                guard freexl_get_cell_value(handle, r, c, &v) == FREEXL_OK else { continue }
                let value: XLSXWorkbook.Value?
                switch Int32(v.type) {
                case FREEXL_CELL_INT: value = .number(Double(v.value.int_value))
                case FREEXL_CELL_DOUBLE: value = .number(v.value.double_value)
                case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT:
                    let s = v.value.text_value.map { String(cString: $0) } ?? ""
                    value = s.isEmpty ? nil : .string(s)
                case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME:
                    let s = v.value.text_value.map { String(cString: $0) } ?? ""
                    value = Day.parse(s.prefix(10)).map(XLSXWorkbook.Value.date) ?? .invalid(s)
                case FREEXL_CELL_TIME: value = v.value.text_value.map { .string(String(cString: $0)) }
                default: value = nil
                }
                if let value { cells.append(.init(column: Int(c) + 1, value: value)) }
            }
            if !cells.isEmpty { row(.init(number: Int(r) + 1, cells: cells)) }
        }
    }
}
