import CCSV
import Foundation
import GongkaiCore

/// RFC 4180 rows through Debian's libcsv, each with the line it starts on and its fields trimmed of spaces.
/// CSV.swift decoded every character as a Unicode scalar and was a fifth of a 100,000-row load; libcsv scans bytes.
enum CSVRows {
    struct ParseError: Error {
        var line: Int
        var message: String
    }

    /// Reads the rows of `text`, the first starting on `firstLine`, handing each non-blank row to `row`; `row`
    /// returns false to stop. Blank lines are counted, not handed over. Returns the first syntax error.
    @discardableResult
    static func read(_ text: String, bytes range: Range<Int>? = nil, firstLine: Int = 1, row: ([String], Int) -> Bool) -> ParseError? {
        var text = text
        return text.withUTF8 { whole -> ParseError? in
            // A part of a large ledger is read in place: the parsing threads share the file's text, never copying it.
            let bytes = range.map { UnsafeBufferPointer(rebasing: whole[$0]) } ?? whole
            return withoutActuallyEscaping(row) { row -> ParseError? in
                let state = State(line: firstLine, onRow: row)
                var parser = csv_parser()
                // Unquoted CR and LF are all reported so blank lines keep line numbers exact; an unterminated quote at
                // the end is an error, not a silently closed field.
                guard csv_init(&parser, UInt8(CSV_REPALL_NL | CSV_STRICT_FINI)) == 0 else { return ParseError(line: firstLine, message: "out of memory") }
                defer { csv_free(&parser) }
                let context = Unmanaged.passUnretained(state).toOpaque()
                // In blocks, so a reader that stops after the header does not parse the whole file.
                var offset = 0
                let block = 1 << 16
                while offset < bytes.count && !state.stopped {
                    let n = min(block, bytes.count - offset)
                    let done = csv_parse(&parser, bytes.baseAddress.map { UnsafeRawPointer($0 + offset) }, n, fieldEnd, rowEnd, context)
                    if done != n {
                        return ParseError(line: state.line, message: String(cString: csv_strerror(csv_error(&parser))))
                    }
                    offset += n
                }
                if state.stopped { return nil }
                if csv_fini(&parser, fieldEnd, rowEnd, context) != 0 {
                    return ParseError(line: state.rowLine, message: "unterminated quoted field")
                }
                return nil
            }
        }
    }

    /// One per parse, on one thread (exclusivity is not checked at run time: it cost a twentieth of a ledger).
    final class State {
        @exclusivity(unchecked) var fields: [String] = []
        @exclusivity(unchecked) var line: Int
        /// The line the current row started on.
        @exclusivity(unchecked) var rowLine: Int
        @exclusivity(unchecked) var newlinesInRow = 0
        @exclusivity(unchecked) var lastTerminator: Int32 = 0
        @exclusivity(unchecked) var stopped = false
        let onRow: ([String], Int) -> Bool
        init(line: Int, onRow: @escaping ([String], Int) -> Bool) {
            self.line = line
            rowLine = line
            self.onRow = onRow
            fields.reserveCapacity(32)
        }
    }
}

private func fieldEnd(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<CSVRows.State>.fromOpaque(context).takeUnretainedValue()
    guard let data, length > 0 else {
        state.fields.append("")
        return
    }
    let buffer = UnsafeRawBufferPointer(start: data, count: length)
    var newlines = 0
    for b in buffer where b == 10 { newlines += 1 }
    state.newlinesInRow += newlines
    // Trimmed on the bytes, before a string is made: trimming each cell's string afterwards was a fiftieth of a
    // ledger's load.
    let (start, end) = TextDecoding.spaceTrimmed(buffer)
    state.fields.append(start == 0 && end == length ? String(decoding: buffer, as: UTF8.self) : String(decoding: buffer[start..<end], as: UTF8.self))
}

private func rowEnd(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<CSVRows.State>.fromOpaque(context).takeUnretainedValue()
    defer { state.lastTerminator = terminator }
    // The LF of a CRLF after a row: the line already ended at the CR.
    if state.fields.isEmpty && terminator == 10 && state.lastTerminator == 13 { return }
    let start = state.line
    state.line += 1 + state.newlinesInRow
    state.rowLine = state.line
    state.newlinesInRow = 0
    if state.stopped || state.fields.isEmpty { return }
    // Handed over, not copied: the reader keeps no reference, so clearing reuses the buffer for the next row.
    if !state.onRow(state.fields, start) { state.stopped = true }
    state.fields.removeAll(keepingCapacity: true)
}
