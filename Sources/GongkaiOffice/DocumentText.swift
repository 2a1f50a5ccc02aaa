import Foundation
import GongkaiCore

/// The plain text of a document an office keeps: Word (.docx, paragraphs and tables), PDF (its text layer),
/// web pages, text and Markdown. Told apart by content, not by extension.
public enum DocumentText {
    /// The largest document read (a PDF has its own, smaller limit: `PDFText.maxBytes`).
    public static let maxBytes = 256 << 20

    /// `run`: the budget its zip's parts are inflated against (the evidence folder's, when it is one of its files).
    public static func read(_ url: URL, name: String? = nil, run: InflationBudget) throws(GongkaiError) -> String {
        let display = name ?? url.lastPathComponent
        let unreadable = GongkaiError(Message("文件 \(display) 不存在或无法读取", "the file \(display) is missing or unreadable"))
        // Sized before it is read: an 8 GiB (sparse) file given as a report was read whole, then handed to poppler.
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw unreadable }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil else { throw unreadable }
        if size > UInt64(PDFText.maxBytes), let head = try? handle.read(upToCount: 512), DocumentKind.sniff(head) == .pdf {
            throw PDFText.tooLarge(display, size: size)
        }
        guard size <= UInt64(maxBytes) else {
            throw GongkaiError(
                Message(
                    "文件 \(display) 有 \(size >> 20) MB，超过文档的上限 \(maxBytes >> 20) MB，未读取",
                    "the file \(display) is \(size >> 20) MB, more than the \(maxBytes >> 20) MB a document may be: not read"))
        }
        guard let data = try? handle.readToEnd() ?? Data() else { throw unreadable }
        switch DocumentKind.sniff(data) {
        case .zip:
            let archive: ZipFile
            do { archive = try ZipBounds.open(data, run: run).get() } catch {
                throw GongkaiError(Message("\(display) 不是有效的 Word 文档（zip 结构损坏）", "\(display) is not a valid Word document (broken zip)"))
            }
            return plain(try DocxReader.read(archive, name: display))
        case .pdf:
            return try PDFText.read(data, name: display)
        case .ole:
            throw GongkaiError(
                Message(
                    "\(display) 是旧版 Word/Excel（.doc/.xls）文件，无法读取；请用 Word 或 WPS 另存为 .docx",
                    "\(display) is an old Word/Excel file (.doc/.xls) and cannot be read; save it as .docx in Word or WPS"))
        case .html:
            return plain(try HTMLReader.read(data, name: display))
        case .text, .empty:
            return TextDecoding.decode(data, declared: nil).text
        }
    }

    /// Paragraphs one per line; a table's rows one per line, cells separated by tabs.
    public static func plain(_ blocks: [DocumentBlock]) -> String {
        blocks.map { block in
            switch block {
            case .paragraph(let p): p
            case .table(let t): t.rows.map { $0.joined(separator: "\t") }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
    }
}
