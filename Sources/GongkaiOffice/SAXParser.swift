import CLibXML2
import Foundation

/// Events of an XML part: names (local parts, without a prefix) and text as bytes, valid during the call.
protocol SAXDelegate: AnyObject {
    func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes)
    func end(_ name: UnsafeBufferPointer<UInt8>)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// One attribute: its local name and its value (references decoded), as bytes.
struct SAXAttribute {
    var name: UnsafeBufferPointer<UInt8>
    var value: UnsafeBufferPointer<UInt8>
}

/// An element's attributes, read by name without building a dictionary.
struct SAXAttributes {
    let items: UnsafeBufferPointer<SAXAttribute>

    /// The value's bytes, for a caller that reads a number or a code without making a string.
    func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        for item in items where SAX.named(item.name, name) { return item.value }
        return nil
    }

    subscript(_ name: StaticString) -> String? { bytes(name).map { String(decoding: $0, as: UTF8.self) } }
}

/// Streams an XML part through libxml2's SAX2 push parser (Debian's libxml2, already linked for web pages).
/// Foundation's `XMLParser` built a dictionary of attributes and strings of every name for each element, and
/// reached its delegate through a weak reference: four fifths of reading a 100,000-row sheet.
enum SAX {
    /// Whether a name is `name`.
    @inline(__always)
    static func named(_ p: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard p.count == n, let base = p.baseAddress else { return false }
        return SAX.equal(base, name.utf8Start, n)
    }

    /// Whether `n` bytes are equal: compared in place, since names are a few bytes and a call to `memcmp` for each
    /// of a sheet's millions of names and attributes cost more than the comparison.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// A NUL-terminated name from libxml2.
    static func buffer(_ p: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)))
    }

    private final class Box {
        let delegate: any SAXDelegate
        init(_ delegate: any SAXDelegate) { self.delegate = delegate }
    }

    /// Parses `data`, or returns libxml2's first error with its line. `XMLScanner` reads the part; libxml2 reads
    /// what the scanner leaves to it, and words the error of a part the scanner finds malformed.
    static func parse(_ data: Data, into delegate: some SAXDelegate) -> (line: Int, message: String)? {
        let outcome = data.withUnsafeBytes { raw in XMLScanner.scan(raw.bindMemory(to: UInt8.self), into: delegate) }
        switch outcome {
        case .done, .needsMore: return nil
        case .unsupported: return libxml2(data, into: delegate)
        case .malformed(let at):
            if let failure = libxml2(data, into: Ignored()) { return failure }
            // Should libxml2 read what the scanner refused, the scanner's place is the error's.
            let line = 1 + data.prefix(at).reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            return (line, "malformed XML")
        }
    }

    /// Events that go nowhere, for finding an error's words and line.
    final class Ignored: SAXDelegate {
        func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {}
        func end(_ name: UnsafeBufferPointer<UInt8>) {}
        func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    }

    /// Parses `data` with libxml2's SAX2 push parser.
    static func libxml2(_ data: Data, into delegate: some SAXDelegate) -> (line: Int, message: String)? {
        libxml2(into: delegate) { push in
            data.withUnsafeBytes { bytes in
                // In chunks: libxml2 refuses a single chunk over 10 MB ("huge input lookup"), as a big sheet would be.
                var offset = 0
                let chunk = 1 << 20
                while offset < bytes.count {
                    let n = min(chunk, bytes.count - offset)
                    push(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]))
                    offset += n
                }
            }
        }
    }

    /// libxml2's SAX2 push parser, fed by `source` chunk by chunk (each under 10 MB).
    static func libxml2(into delegate: some SAXDelegate, source: ((UnsafeRawBufferPointer) -> Void) -> Void) -> (line: Int, message: String)? {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, name, _, _, _, _, count, _, raw in
            guard let context, let name else { return }
            // SAX2's layout per attribute: local name, prefix, URI, value start, value end.
            var items: [SAXAttribute] = []
            if let raw {
                for i in 0..<Int(count) {
                    guard let local = raw[i * 5], let start = raw[i * 5 + 3], let end = raw[i * 5 + 4] else { continue }
                    items.append(SAXAttribute(name: SAX.buffer(local), value: UnsafeBufferPointer(start: start, count: end - start)))
                }
            }
            items.withUnsafeBufferPointer { items in
                Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().delegate.start(SAX.buffer(name), SAXAttributes(items: items))
            }
        }
        handler.endElementNs = { context, name, _, _ in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().delegate.end(SAX.buffer(name))
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
            var failed = false
            source { bytes in
                guard !failed, let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), !bytes.isEmpty else { return }
                if xmlParseChunk(context, base, Int32(bytes.count), 0) != 0 { failed = true }
            }
            if !failed && xmlParseChunk(context, nil, 0, 1) != 0 { failed = true }
            guard failed || context.pointee.wellFormed == 0 else { return nil }
            guard let error = xmlCtxtGetLastError(context) else { return (0, "malformed XML") }
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "malformed XML"
            return (Int(error.pointee.line), message)
        }
    }
}
