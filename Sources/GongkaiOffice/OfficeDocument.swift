import Foundation
import GongkaiCore

/// A table as read from a document: every row has every grid column, merges already resolved (a merged cell's
/// text is in every row and column it spans), so a reader of the grid never needs to know where it came from.
public struct TableGrid: Sendable, Equatable {
    public var rows: [[String]]
    public init(rows: [[String]]) { self.rows = rows }

    /// The most cells a table's grid may hold once its merges are spread, for a table with `cells` cells of its own:
    /// a merge spreads a cell over many, a hostile one over millions (a 100 KB page once claimed gigabytes).
    public static func maxCells(spreading cells: Int) -> Int { 64 * cells + 10_000 }

    /// Why a document's table (`index`, counted from 1) is not read: its merges (`merges` names them, as the format
    /// does) spread its `cells` over more than `maxCells(spreading:)`.
    package static func tooLarge(_ name: String, table index: Int, cells: Int, merges: String) -> GongkaiError {
        let limit = maxCells(spreading: cells)
        return GongkaiError(
            Message(
                "\(name) 的第 \(index) 个表格只有 \(cells) 个单元格，合并（\(merges)）展开后超过 \(limit) 个单元格，无法读取：请检查这个表格的合并单元格",
                "\(name): table \(index) has \(cells) cells, and its merges (\(merges)) spread them over more than \(limit): not read; check the "
                    + "table's merged cells"
            ))
    }
}

/// A document's body in reading order: paragraphs and tables.
public enum DocumentBlock: Sendable, Equatable {
    case paragraph(String)
    case table(TableGrid)
}

/// What a file holds, told from its first bytes rather than its name (a .doc renamed .docx, a web page saved as .txt).
public enum DocumentKind: Sendable, Equatable {
    case zip, ole, pdf, html, text, empty

    public static func sniff(_ data: Data) -> DocumentKind {
        let head = data.prefix(512)
        if head.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .empty }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        let lower = String(decoding: head, as: UTF8.self).lowercased()
        if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<table") || lower.contains("<body") { return .html }
        return .text
    }
}

/// Bounds on what a reader accepts, so a hostile or broken file costs bounded time and memory.
public enum OfficeLimits {
    /// The largest document part (word/document.xml) read into memory.
    public static let maxPartBytes = 200 << 20
}
