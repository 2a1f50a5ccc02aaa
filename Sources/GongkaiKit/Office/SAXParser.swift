import CLibXML2
import Foundation

/// Events of libxml2's SAX2 parser, with names and text as the bytes libxml2 holds.
protocol SAXDelegate: AnyObject {
    func start(_ name: UnsafePointer<UInt8>, _ attributes: SAXAttributes)
    func end(_ name: UnsafePointer<UInt8>)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// An element's attributes as SAX2 hands them over (local name, prefix, URI, value start, value end per attribute),
/// read by name without building a dictionary.
struct SAXAttributes {
    let count: Int
    let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The value's bytes, for a caller that reads a number or a code without making a string.
    func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let raw else { return nil }
        for i in 0..<count {
            guard let local = raw[i * 5], SAX.named(local, name), let start = raw[i * 5 + 3], let end = raw[i * 5 + 4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    subscript(_ name: StaticString) -> String? {
        guard let raw else { return nil }
        for i in 0..<count {
            guard let local = raw[i * 5], SAX.named(local, name), let start = raw[i * 5 + 3], let end = raw[i * 5 + 4] else { continue }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }
}

/// Streams an XML part through libxml2's SAX2 push parser (Debian's libxml2, already linked for web pages).
/// Foundation's `XMLParser` built a dictionary of attributes and strings of every name for each element, and
/// reached its delegate through a weak reference: four fifths of reading a 100,000-row sheet.
enum SAX {
    /// Whether a NUL-terminated name is `name`.
    static func named(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        let q = name.utf8Start
        for i in 0..<n where p[i] != q[i] { return false }
        return p[n] == 0
    }

    private final class Box {
        let delegate: any SAXDelegate
        init(_ delegate: any SAXDelegate) { self.delegate = delegate }
    }

    /// Parses `data`, or returns libxml2's first error with its line.
    static func parse(_ data: Data, into delegate: some SAXDelegate) -> (line: Int, message: String)? {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, name, _, _, _, _, count, _, attributes in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().delegate.start(name, SAXAttributes(count: Int(count), raw: attributes))
        }
        handler.endElementNs = { context, name, _, _ in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().delegate.end(name)
        }
        handler.characters = { context, text, length in
            guard let context, let text, length > 0 else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        // CDATA is text too.
        handler.cdataBlock = handler.characters
        let box = Box(delegate)
        return withExtendedLifetime(box) { () -> (line: Int, message: String)? in
            guard let context = xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(box).toOpaque(), nil, 0, nil) else {
                return (0, "out of memory")
            }
            defer { xmlFreeParserCtxt(context) }
            // No network, no entity substitution, no DTD loading: a part is data, never instructions.
            _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            let failed: Bool = data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else {
                    return xmlParseChunk(context, nil, 0, 1) != 0
                }
                // In chunks: libxml2 refuses a single chunk over 10 MB ("huge input lookup"), as a big sheet would be.
                var offset = 0
                let chunk = 1 << 20
                while offset < bytes.count {
                    let n = min(chunk, bytes.count - offset)
                    if xmlParseChunk(context, base + offset, Int32(n), 0) != 0 { return true }
                    offset += n
                }
                return xmlParseChunk(context, nil, 0, 1) != 0
            }
            guard failed || context.pointee.wellFormed == 0 else { return nil }
            guard let error = xmlCtxtGetLastError(context) else { return (0, "malformed XML") }
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "malformed XML"
            return (Int(error.pointee.line), message)
        }
    }
}
