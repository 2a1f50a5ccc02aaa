import CPopplerGlib
import Foundation
import GongkaiCore

/// The text layer of a PDF through poppler-glib. A PDF whose pages carry no text (a scan) is an error that says so.
public enum PDFText {
    /// The largest PDF handed to poppler, which holds it and its parsed objects in memory (an 8 GiB file made GLib
    /// abort on an allocation it could not make). An annual report is a few MB, a scanned one tens.
    public static let maxBytes = 128 << 20

    static func tooLarge(_ name: String, size: UInt64) -> GongkaiError {
        GongkaiError(
            Message(
                "PDF 文件 \(name) 有 \(size >> 20) MB，超过 PDF 的上限 \(maxBytes >> 20) MB，未读取：请提供压缩后的 PDF 或 Word 版本",
                "the PDF file \(name) is \(size >> 20) MB, more than the \(maxBytes >> 20) MB a PDF may be: not read; provide a smaller PDF or the Word version"
            ))
    }

    public static func read(_ data: Data, name: String) throws(GongkaiError) -> String {
        guard data.count <= maxBytes else { throw tooLarge(name, size: UInt64(data.count)) }
        var error: UnsafeMutablePointer<GError>?
        let document: OpaquePointer? = data.withUnsafeBytes { raw -> OpaquePointer? in
            guard let base = raw.baseAddress else { return nil }
            let bytes = g_bytes_new(base, gsize(raw.count))
            defer { g_bytes_unref(bytes) }
            return poppler_document_new_from_bytes(bytes, nil, &error)
        }
        guard let document else {
            let reason = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? ""
            if let error { g_error_free(error) }
            throw GongkaiError(Message("无法读取 PDF 文件 \(name)：\(reason)", "cannot read the PDF file \(name): \(reason)"))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var pages: [String] = []
        for i in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, i) else { continue }
            if let text = poppler_page_get_text(page) {
                pages.append(String(cString: text))
                g_free(text)
            }
            g_object_unref(UnsafeMutableRawPointer(page))
        }
        let text = pages.joined(separator: "\n")
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw GongkaiError(
                Message(
                    "PDF 文件 \(name) 没有文字层（可能是扫描件或图片），无法读取正文；请提供可复制文字的 PDF 或 Word 版本",
                    "the PDF file \(name) has no text layer (a scan or images): its text cannot be read; provide a PDF with selectable text or the Word version"
                ))
        }
        return text
    }
}
