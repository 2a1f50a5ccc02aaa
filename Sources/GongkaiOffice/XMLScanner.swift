import CLibXML2
import Foundation

/// Workbook parts (sheets, shared strings) scanned byte by byte into the same `SAXDelegate` events libxml2 gives.
///
/// Written by hand because libxml2's push parser, with the callbacks it makes per element, was two thirds of
/// reading a 100,000-row sheet on the one core a sheet's stream has; a scanner of the XML that Office writes is
/// several times faster. It reads UTF-8 elements and attributes (names by their local part, as libxml2's SAX2
/// gives them; namespace declarations are not attributes), text with the predefined entities and character
/// references, CDATA, comments and processing instructions, with line ends normalised as XML requires (CDATA is
/// handed over as written, as libxml2 does). It checks
/// what makes XML well formed: characters, one root, nesting, quoting, references, duplicate attributes.
///
/// At the first fault it stops with `.malformed`: `SAX.parse` then has libxml2 word the error and find its line, so
/// an error reads as before. A part with a document type declaration or declared in another encoding is
/// `.unsupported` before any event is given, and libxml2 reads it whole. One difference from libxml2 is deliberate:
/// `&amp;` in an attribute is handed over as `&`, where libxml2 without entity substitution gives `&#38;`. Another
/// is lenience: namespace prefixes are not checked against their declarations (libxml2 refuses an undeclared one).
///
/// Its time is linear in the part's bytes whatever the chunks it is streamed in (issue 30: 64 MiB of white space in a
/// sheet once took 83 s): text is handed over as it comes, a construct cut by a chunk's end is scanned again only
/// once its bytes have doubled, and no longer than libxml2 would hold it (`Stream.maxConstructBytes`).
enum XMLScanner {
    enum Outcome: Equatable {
        case done
        case unsupported
        /// The fault's byte offset.
        case malformed(at: Int)
        /// A part streamed in chunks: the bytes so far end inside a construct.
        case needsMore

        var isMalformed: Bool {
            if case .malformed = self { return true }
            return false
        }
    }

    static func scan<D: SAXDelegate>(_ input: UnsafeBufferPointer<UInt8>, into delegate: D) -> Outcome {
        guard let base = input.baseAddress, !input.isEmpty else { return .malformed(at: 0) }
        var scanner = Scanner(base: base, count: input.count)
        defer { scanner.deallocate() }
        return scanner.document(delegate)
    }

    /// A part read as it is decompressed, chunk by chunk, so a large sheet is never held whole: the bytes of a
    /// construct cut by a chunk's end wait for the next chunk. Events are the same as `scan`'s of the whole part.
    final class Stream<D: SAXDelegate> {
        private let delegate: D
        private var buffer: UnsafeMutablePointer<UInt8>
        private var capacity = 1 << 16
        private var count = 0
        private var scanner: Scanner
        private var started = false
        /// Bytes already scanned and dropped from the buffer, for the offset of a fault.
        private var dropped = 0
        /// The bytes the buffer must hold before a construct cut by a chunk's end is scanned again from its start:
        /// twice what it held when cut, so a long construct is scanned a few times in all, not once per chunk (a
        /// start tag of 16 MiB, read in 16 KiB chunks, was scanned a thousand times).
        private var waitFor = 0
        private(set) var outcome: Outcome = .needsMore

        /// Bytes gathered before the declaration and document type are looked at.
        private let prologBytes: Int

        /// The longest construct (a tag, a comment, an instruction) a stream holds while waiting for its end: what
        /// libxml2 holds (`XML_MAX_LOOKUP_LIMIT`, "huge input lookup"). A longer one is malformed, and the buffer
        /// stays small whatever a part holds. Text, handed over as it comes, has no limit; character data has this
        /// one, where libxml2 has none (Office never writes it).
        static var maxConstructBytes: Int { 10_000_000 }

        init(into delegate: D, prologBytes: Int = 4096) {
            self.delegate = delegate
            self.prologBytes = prologBytes
            buffer = .allocate(capacity: capacity)
            scanner = Scanner(base: UnsafePointer(buffer), count: 0)
            scanner.final = false
        }

        deinit {
            scanner.deallocate()
            buffer.deallocate()
        }

        /// Reads the next chunk; `outcome` stays `.needsMore` until the part ends, fails or is left to libxml2.
        func feed(_ chunk: UnsafeRawBufferPointer) {
            guard outcome == .needsMore, !chunk.isEmpty else { return }
            if count + chunk.count > capacity {
                while count + chunk.count > capacity { capacity *= 2 }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                bigger.update(from: buffer, count: count)
                buffer.deallocate()
                buffer = bigger
            }
            (buffer + count).update(from: chunk.bindMemory(to: UInt8.self).baseAddress!, count: chunk.count)
            count += chunk.count
            if count >= waitFor { run() }
        }

        /// The part has ended.
        func finish() -> Outcome {
            guard outcome == .needsMore else { return outcome }
            scanner.final = true
            run()
            return outcome
        }

        private func run() {
            scanner.base = UnsafePointer(buffer)
            scanner.count = count
            // The start waits for enough bytes to see the declaration and any document type.
            if !started && !scanner.final && count < prologBytes { return }
            if !started {
                switch scanner.prolog() {
                case nil: started = true
                case .needsMore?:
                    if count > Self.maxConstructBytes { outcome = .malformed(at: 0) }
                    waitFor = min(2 * count, Self.maxConstructBytes + 1)
                    return
                case let other?:
                    outcome = other
                    return
                }
            }
            switch scanner.body(delegate) {
            case .needsMore:
                // What is left starts a construct the next chunk completes: it moves to the buffer's start.
                let keep = count - scanner.p
                if keep > Self.maxConstructBytes {
                    outcome = .malformed(at: dropped + scanner.p)
                    return
                }
                (buffer).update(from: buffer + scanner.p, count: keep)
                dropped += scanner.p
                scanner.validated -= scanner.p
                scanner.p = 0
                count = keep
                waitFor = min(2 * keep, Self.maxConstructBytes + 1)
            case .malformed(let at): outcome = .malformed(at: dropped + at)
            case let other: outcome = other
            }
        }
    }

    /// The scanner's state: the input, where it is, the open elements and the scratch space for names and decoded
    /// values (NUL-terminated names, as libxml2 hands them over).
    private struct Scanner {
        var base: UnsafePointer<UInt8>
        var count: Int
        var p = 0
        /// Whether the input ends at `count`; when streaming, a construct cut there waits for more (`short`).
        var final = true
        var short = false
        /// Bytes before this are known to be valid characters.
        var validated = 0
        var sawRoot = false
        /// Open elements' qualified names, copied (a streamed buffer moves), and their lengths.
        var openNames = Stack<UInt8>()
        var openLengths = Stack<Int>()
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCapacity = 4096
        var scratchCount = 0
        /// The element's attributes as handed over, and their qualified names (start, length) for the check of
        /// duplicates; values that hold references are decoded into scratch.
        var items = Stack<SAXAttribute>()
        var qualified = Stack<(start: Int, length: Int)>()
        var decoded = Stack<(item: Int, start: Int, end: Int)>()
        /// The qualified names of an element with many attributes, for the check of duplicates.
        var names = Set<Name>()
        static let attributesCompared = 16

        /// A name in the input, compared by its bytes (valid while the element is read: the input does not move).
        struct Name: Hashable {
            let start: UnsafePointer<UInt8>
            let length: Int
            init(_ start: UnsafePointer<UInt8>, _ length: Int) {
                self.start = start
                self.length = length
            }
            static func == (a: Name, b: Name) -> Bool { a.length == b.length && SAX.equal(a.start, b.start, a.length) }
            func hash(into hasher: inout Hasher) { hasher.combine(bytes: UnsafeRawBufferPointer(start: start, count: length)) }
        }

        init(base: UnsafePointer<UInt8>, count: Int) {
            self.base = base
            self.count = count
            scratch = .allocate(capacity: scratchCapacity)
        }

        func deallocate() {
            scratch.deallocate()
            openNames.deallocate()
            openLengths.deallocate()
            items.deallocate()
            qualified.deallocate()
            decoded.deallocate()
        }

        // MARK: Characters

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

        static var xmlns: UnsafePointer<UInt8> { ("xmlns" as StaticString).utf8Start }

        static func isNameStart(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
        }

        static func isName(_ b: UInt8) -> Bool { isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E }

        /// Whether every byte not yet checked is valid UTF-8 of XML characters: no control characters but tab and
        /// line ends, no surrogates, no U+FFFE or U+FFFF. Eight ASCII bytes at a time. A character cut by the end
        /// of a streamed chunk waits for the next.
        mutating func charactersAreValid() -> Bool {
            var i = validated
            defer { validated = i }
            let high: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            while i < count {
                if i + 8 <= count {
                    let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    // No byte ≥ 0x80 and none < 0x20: a byte below 0x20 has no bit at or above 0x20.
                    if w & high == 0 && (w &- ones &* 0x20) & ~w & high == 0 {
                        i += 8
                        continue
                    }
                }
                let b = base[i]
                if b < 0x80 {
                    if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return false }
                    i += 1
                    continue
                }
                let needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if !final && i + needed > count { return true }
                guard let length = Self.scalarLength(base, i, count) else { return false }
                i += length
            }
            return true
        }

        /// Whether `k` more bytes from `p` are there; if not, a streamed construct is cut short.
        mutating func has(_ k: Int = 0) -> Bool {
            if p + k < count { return true }
            if !final { short = true }
            return false
        }

        /// The length of the UTF-8 sequence at `i` if it is a valid XML character.
        static func scalarLength(_ s: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
            let b = s[i]
            func cont(_ k: Int) -> UInt32? {
                guard i + k < n, s[i + k] & 0xC0 == 0x80 else { return nil }
                return UInt32(s[i + k] & 0x3F)
            }
            switch b {
            case 0xC2...0xDF:
                return cont(1) == nil ? nil : 2
            case 0xE0...0xEF:
                guard let c1 = cont(1), let c2 = cont(2) else { return nil }
                let v = UInt32(b & 0x0F) << 12 | c1 << 6 | c2
                guard v >= 0x800, !(0xD800...0xDFFF).contains(v), v != 0xFFFE, v != 0xFFFF else { return nil }
                return 3
            case 0xF0...0xF4:
                guard let c1 = cont(1), let c2 = cont(2), cont(3) != nil else { return nil }
                let v = UInt32(b & 0x07) << 18 | c1 << 12 | c2 << 6
                guard v >= 0x10000, v <= 0x10FFFF else { return nil }
                return 4
            default:
                return nil
            }
        }

        mutating func starts(with literal: StaticString, at i: Int) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard i + n <= count else {
                // Too few bytes to tell: a streamed part waits for more if what there is could begin the literal.
                if !final && memcmp(base + i, literal.utf8Start, count - i) == 0 { short = true }
                return false
            }
            return memcmp(base + i, literal.utf8Start, n) == 0
        }

        // MARK: Scratch

        mutating func reserve(_ extra: Int) {
            guard scratchCount + extra > scratchCapacity else { return }
            var capacity = scratchCapacity * 2
            while scratchCount + extra > capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = capacity
        }

        /// The local part of the qualified name at `start`, in the input.
        func local(_ start: Int, _ length: Int) -> UnsafeBufferPointer<UInt8> {
            var from = start
            for k in start..<start + length where base[k] == 0x3A { from = k + 1 }
            return UnsafeBufferPointer(start: base + from, count: start + length - from)
        }

        /// Decodes references and normalises line ends of `start..<end` into scratch (attribute values also turn
        /// each white-space character into a space); returns its range there, or nil for a bad reference.
        mutating func decode(_ start: Int, _ end: Int, attribute: Bool) -> (Int, Int)? {
            reserve(end - start)
            let at = scratchCount
            var out = at
            var i = start
            while i < end {
                let b = base[i]
                if b == 0x26 {
                    guard let (scalar, next) = reference(at: i, end: end) else { return nil }
                    let s = scratch
                    UTF8.encode(scalar) { u in
                        s[out] = u
                        out += 1
                    }
                    i = next
                    continue
                }
                if b == 0x0D {
                    // CR LF and a lone CR are one line end.
                    if i + 1 < end && base[i + 1] == 0x0A { i += 1 }
                    scratch[out] = attribute ? 0x20 : 0x0A
                } else if attribute && (b == 0x0A || b == 0x09) {
                    scratch[out] = 0x20
                } else {
                    scratch[out] = b
                }
                out += 1
                i += 1
            }
            scratchCount = out
            return (at, out)
        }

        /// The character a reference at `i` stands for, and where it ends; nil if it is not a predefined entity or
        /// a character reference to an XML character.
        func reference(at i: Int, end: Int) -> (Unicode.Scalar, Int)? {
            var j = i + 1
            while j < end && j - i <= 12 && base[j] != 0x3B { j += 1 }
            guard j < end && base[j] == 0x3B else { return nil }
            let body = UnsafeBufferPointer(start: base + i + 1, count: j - i - 1)
            if body.first == 0x23 {
                var value: UInt32 = 0
                let hex = body.count > 1 && body[1] == 0x78
                let digits = body.dropFirst(hex ? 2 : 1)
                guard !digits.isEmpty, digits.count <= 8 else { return nil }
                for d in digits {
                    let v: UInt32
                    switch d {
                    case 0x30...0x39: v = UInt32(d - 0x30)
                    case 0x61...0x66 where hex: v = UInt32(d - 0x61 + 10)
                    case 0x41...0x46 where hex: v = UInt32(d - 0x41 + 10)
                    default: return nil
                    }
                    value = value * (hex ? 16 : 10) + v
                }
                let allowed =
                    value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                guard allowed, let scalar = Unicode.Scalar(value) else { return nil }
                return (scalar, j + 1)
            }
            let name = String(decoding: body, as: UTF8.self)
            let scalar: Unicode.Scalar
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default: return nil
            }
            return (scalar, j + 1)
        }

        // MARK: Document

        mutating func document<D: SAXDelegate>(_ delegate: D) -> Outcome {
            if let outcome = prolog() { return outcome }
            return body(delegate)
        }

        /// The byte order mark, declaration and document type: nil to read on, or why not.
        mutating func prolog() -> Outcome? {
            p = 0
            // Streamed, the first bytes wait for enough to tell a byte order mark or UTF-16.
            if !final && count < 4 { return .needsMore }
            // A UTF-8 byte order mark is read past; UTF-16 (or any other encoding) goes to libxml2.
            if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { p = 3 }
            if count >= 2 && (base[0] == 0xFE || base[0] == 0xFF || base[0] == 0 || base[1] == 0) { return .unsupported }
            if starts(with: "<?xml", at: p) && p + 5 < count && Self.isSpace(base[p + 5]) {
                // A declaration in the form Office writes, in UTF-8; any other is libxml2's to read (or refuse).
                guard let end = find("?>", from: p) else { return short ? .needsMore : .unsupported }
                guard Self.isPlainDeclaration(UnsafeBufferPointer(start: base + p + 5, count: end - p - 5)) else { return .unsupported }
                p = end + 2
            }
            if hasDocumentType() { return .unsupported }
            if short {
                short = false
                p = 0
                return .needsMore
            }
            return nil
        }

        /// Elements, text and the rest up to the input's end (or, streamed, up to a construct it cuts).
        mutating func body<D: SAXDelegate>(_ delegate: D) -> Outcome {
            guard charactersAreValid() else { return .malformed(at: validated) }
            // Streamed, only checked characters are scanned: bytes of a character cut by the chunk's end (which
            // may yet prove invalid) wait for the next chunk.
            if !final { count = validated }
            while p < count {
                let construct = p
                guard step(delegate) else {
                    if short {
                        short = false
                        p = construct
                        return .needsMore
                    }
                    return .malformed(at: construct)
                }
                // Text cut by the chunk's end, handed over up to where the next chunk cannot change it.
                if short {
                    short = false
                    return .needsMore
                }
            }
            if !final { return .needsMore }
            return sawRoot && openLengths.count == 0 ? .done : .malformed(at: count)
        }

        /// One construct at `p`; false where it is malformed or (streamed) cut short.
        mutating func step<D: SAXDelegate>(_ delegate: D) -> Bool {
            let b = base[p]
            if b != 0x3C {
                // Text: only white space outside the root.
                if openLengths.count == 0 {
                    guard Self.isSpace(b) else { return false }
                    p += 1
                    return true
                }
                return text(delegate)
            }
            guard has(1) else { return false }
            switch base[p + 1] {
            case 0x2F:
                return openLengths.count > 0 && endTag(delegate)
            case 0x3F:
                return processingInstruction()
            case 0x21:
                if starts(with: "<!--", at: p) { return comment() }
                if openLengths.count > 0 && starts(with: "<![CDATA[", at: p) { return characterData(delegate) }
                return false
            default:
                // One root element.
                if openLengths.count == 0 && sawRoot { return false }
                guard startTag(delegate) else { return false }
                sawRoot = true
                return true
            }
        }

        mutating func find(_ literal: StaticString, from i: Int) -> Int? {
            let first = Int32(literal.utf8Start[0])
            var j = i
            while j < count, let hit = memchr(base + j, first, count - j) {
                j = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                if starts(with: literal, at: j) { return j }
                j += 1
            }
            if !final { short = true }
            return nil
        }

        /// Whether the inside of an XML declaration is ` version="1.x"`, then optionally ` encoding="UTF-8"` and
        /// ` standalone="yes|no"`, with single or double quotes and spaces around `=`.
        static func isPlainDeclaration(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            func space() -> Bool {
                let start = i
                while i < d.count && isSpace(d[i]) { i += 1 }
                return i > start
            }
            func pair(_ name: String) -> [UInt8]? {
                let key = Array(name.utf8)
                guard i + key.count <= d.count, Array(d[i..<i + key.count]) == key else { return nil }
                i += key.count
                _ = space()
                guard i < d.count, d[i] == 0x3D else { return nil }
                i += 1
                _ = space()
                guard i < d.count, d[i] == 0x22 || d[i] == 0x27 else { return nil }
                let quote = d[i]
                i += 1
                let start = i
                while i < d.count && d[i] != quote { i += 1 }
                guard i < d.count else { return nil }
                defer { i += 1 }
                return Array(d[start..<i])
            }
            _ = space()
            guard let version = pair("version"), version.count >= 3, version[0] == 0x31, version[1] == 0x2E,
                version.dropFirst(2).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { return false }
            var spaced = space()
            if spaced, i < d.count, d[i] == 0x65 {
                guard let encoding = pair("encoding"), ["utf-8", "utf8"].contains(String(decoding: encoding, as: UTF8.self).lowercased()) else {
                    return false
                }
                spaced = space()
            }
            if spaced, i < d.count, d[i] == 0x73 {
                guard let standalone = pair("standalone"), standalone == Array("yes".utf8) || standalone == Array("no".utf8) else { return false }
                _ = space()
            }
            return i == d.count
        }

        /// A `<!DOCTYPE` before the root (after comments and instructions).
        mutating func hasDocumentType() -> Bool {
            var i = p
            while i < count {
                if Self.isSpace(base[i]) {
                    i += 1
                } else if starts(with: "<!--", at: i) {
                    guard let end = find("-->", from: i + 4) else { return false }
                    i = end + 3
                } else if starts(with: "<?", at: i) {
                    guard let end = find("?>", from: i + 2) else { return false }
                    i = end + 2
                } else {
                    return starts(with: "<!DOCTYPE", at: i)
                }
            }
            return false
        }

        /// A qualified name at `p`; its length, or nil.
        mutating func name() -> Int? {
            guard has(), Self.isNameStart(base[p]) else { return nil }
            let start = p
            var high = base[p]
            p += 1
            while p < count && Self.isName(base[p]) {
                high |= base[p]
                p += 1
            }
            // A name running to a streamed chunk's end may go on in the next.
            guard has() else { return nil }
            // Most names are ASCII, noted while reading them: only others are decoded and checked.
            if high < 0x80 { return p - start }
            // Beyond ASCII, the characters XML 1.0 (fifth edition) allows in names, as libxml2 checks them.
            var i = start
            while i < p {
                guard base[i] >= 0x80 else {
                    i += 1
                    continue
                }
                guard let length = Self.scalarLength(base, i, p), let scalar = Self.scalar(base, i, length),
                    Self.isNameScalar(scalar, first: i == start)
                else { return nil }
                i += length
            }
            return p - start
        }

        static func scalar(_ s: UnsafePointer<UInt8>, _ i: Int, _ length: Int) -> UInt32? {
            switch length {
            case 2: return UInt32(s[i] & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F)
            case 3: return UInt32(s[i] & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F)
            case 4: return UInt32(s[i] & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F)
            default: return nil
            }
        }

        static func isNameScalar(_ c: UInt32, first: Bool) -> Bool {
            let start =
                (0xC0...0xD6).contains(c) || (0xD8...0xF6).contains(c) || (0xF8...0x2FF).contains(c) || (0x370...0x37D).contains(c)
                || (0x37F...0x1FFF).contains(c) || (0x200C...0x200D).contains(c) || (0x2070...0x218F).contains(c)
                || (0x2C00...0x2FEF).contains(c) || (0x3001...0xD7FF).contains(c) || (0xF900...0xFDCF).contains(c)
                || (0xFDF0...0xFFFD).contains(c) || (0x10000...0xEFFFF).contains(c)
            if start || first { return start }
            return c == 0xB7 || (0x300...0x36F).contains(c) || (0x203F...0x2040).contains(c)
        }

        mutating func skipSpace() -> Bool {
            let start = p
            while p < count && Self.isSpace(base[p]) { p += 1 }
            return p > start
        }

        mutating func startTag<D: SAXDelegate>(_ delegate: D) -> Bool {
            p += 1
            let nameStart = p
            guard let nameLength = name() else { return false }
            items.removeAll()
            qualified.removeAll()
            decoded.removeAll()
            var selfClosing = false
            while true {
                let spaced = skipSpace()
                guard has() else { return false }
                if base[p] == 0x3E {
                    p += 1
                    break
                }
                if base[p] == 0x2F {
                    guard has(1), base[p + 1] == 0x3E else { return false }
                    p += 2
                    selfClosing = true
                    break
                }
                guard spaced, let a = attribute() else { return false }
                // The same attribute twice is an error: compared with the few before, or past them through a set (a
                // tag with 50,000 attributes compared each with all the others: 27 s).
                if qualified.count < Self.attributesCompared {
                    for k in 0..<qualified.count {
                        let q = qualified[k]
                        if q.length == a.nameLength && SAX.equal(base + q.start, base + a.name, q.length) { return false }
                    }
                    if qualified.count + 1 == Self.attributesCompared {
                        names.removeAll(keepingCapacity: true)
                        for k in 0..<qualified.count { names.insert(Name(base + qualified[k].start, qualified[k].length)) }
                        names.insert(Name(base + a.name, a.nameLength))
                    }
                } else if !names.insert(Name(base + a.name, a.nameLength)).inserted {
                    return false
                }
                qualified.append((a.name, a.nameLength))
                // Namespace declarations are not attributes in SAX2.
                if a.nameLength >= 5 && base[a.name] == 0x78 && SAX.equal(base + a.name, Self.xmlns, 5) && (a.nameLength == 5 || base[a.name + 5] == 0x3A) {
                    continue
                }
                if a.decode { decoded.append((items.count, a.value, a.valueEnd)) }
                items.append(SAXAttribute(name: local(a.name, a.nameLength), value: UnsafeBufferPointer(start: base + a.value, count: a.valueEnd - a.value)))
            }
            if decoded.count > 0 {
                // Decoded into scratch first, pointed to after: scratch may move while it grows.
                scratchCount = 0
                var ranges: [(Int, Int)] = []
                for k in 0..<decoded.count {
                    guard let range = decode(decoded[k].start, decoded[k].end, attribute: true) else { return false }
                    ranges.append(range)
                }
                for k in 0..<decoded.count {
                    items[decoded[k].item].value = UnsafeBufferPointer(start: scratch + ranges[k].0, count: ranges[k].1 - ranges[k].0)
                }
            }
            let name = local(nameStart, nameLength)
            delegate.start(name, SAXAttributes(items: items.buffer))
            if selfClosing {
                delegate.end(name)
            } else {
                for k in nameStart..<nameStart + nameLength { openNames.append(base[k]) }
                openLengths.append(nameLength)
            }
            return true
        }

        /// `name="value"` or `name='value'` at `p`.
        mutating func attribute() -> (name: Int, nameLength: Int, value: Int, valueEnd: Int, decode: Bool)? {
            let nameStart = p
            guard let nameLength = name() else { return nil }
            _ = skipSpace()
            guard has(), base[p] == 0x3D else { return nil }
            p += 1
            _ = skipSpace()
            guard has(), base[p] == 0x22 || base[p] == 0x27 else { return nil }
            let quote = base[p]
            p += 1
            let value = p
            var decode = false
            while p < count && base[p] != quote {
                switch base[p] {
                case 0x3C: return nil
                case 0x26, 0x0D, 0x0A, 0x09: decode = true
                default: break
                }
                p += 1
            }
            guard has() else { return nil }
            let end = p
            p += 1
            if decode {
                // Checked now, decoded when the element's attributes are handed over.
                var i = value
                while i < end {
                    if base[i] == 0x26 {
                        guard let (_, next) = reference(at: i, end: end) else { return nil }
                        i = next
                    } else {
                        i += 1
                    }
                }
            }
            return (nameStart, nameLength, value, end, decode)
        }

        mutating func endTag<D: SAXDelegate>(_ delegate: D) -> Bool {
            p += 2
            let nameStart = p
            guard let nameLength = name(), openLengths.count > 0 else { return false }
            let length = openLengths[openLengths.count - 1]
            guard length == nameLength, SAX.equal(openNames.buffer.baseAddress! + openNames.count - length, base + nameStart, length) else {
                return false
            }
            _ = skipSpace()
            guard has(), base[p] == 0x3E else { return false }
            p += 1
            openLengths.removeLast()
            openNames.removeLast(length)
            delegate.end(local(nameStart, nameLength))
            return true
        }

        /// Text up to the next `<`, references decoded.
        mutating func text<D: SAXDelegate>(_ delegate: D) -> Bool {
            let start = p
            var plain = true
            // A cell's few bytes one at a time; past them, a long run (white space, a huge cell) many at a time.
            let quick = min(count, p + 64)
            while p < quick {
                let b = base[p]
                if b == 0x3C { break }
                if b == 0x26 || b == 0x0D {
                    plain = false
                } else if b == 0x3E && p >= start + 2 && base[p - 1] == 0x5D && base[p - 2] == 0x5D {
                    // `]]>` may not appear in text.
                    return false
                }
                p += 1
            }
            if p == quick && p < count && base[p] != 0x3C {
                let end = memchr(base + p, 0x3C, count - p).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? count
                // `]]>` may not appear in text: each `>` is looked behind.
                var i = p
                while let gt = memchr(base + i, 0x3E, end - i) {
                    i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(gt))
                    if base[i - 1] == 0x5D && base[i - 2] == 0x5D { return false }
                    i += 1
                }
                if plain && (memchr(base + p, 0x26, end - p) != nil || memchr(base + p, 0x0D, end - p) != nil) { plain = false }
                p = end
            }
            if p == count && !final {
                // Text running to a streamed chunk's end is handed over as far as the next chunk cannot change it,
                // the rest with the next: a long run is never held whole, nor scanned again.
                p = settled(start, p)
                short = true
                if p == start { return false }
            }
            if plain {
                delegate.characters(UnsafeBufferPointer(start: base + start, count: p - start))
                return true
            }
            scratchCount = 0
            guard let (from, to) = decode(start, p, attribute: false) else { return false }
            delegate.characters(UnsafeBufferPointer(start: scratch + from, count: to - from))
            return true
        }

        /// Where text cut at `end` can be handed over up to: before a reference the cut may leave unfinished (at
        /// most 14 bytes, `reference(at:end:)`), a carriage return a line feed may follow, or the `]]` of a `]]>`.
        func settled(_ start: Int, _ end: Int) -> Int {
            var cut = end
            if cut > start && base[cut - 1] == 0x0D {
                cut -= 1
            } else {
                while cut > start && cut > end - 2 && base[cut - 1] == 0x5D { cut -= 1 }
            }
            var i = cut
            while i > start && i > cut - 14 {
                i -= 1
                if base[i] == 0x3B { break }
                if base[i] == 0x26 { return i }
            }
            return cut
        }

        mutating func characterData<D: SAXDelegate>(_ delegate: D) -> Bool {
            let start = p + 9
            guard let end = find("]]>", from: start) else { return false }
            p = end + 3
            // As libxml2 hands it over: as written, line ends included.
            if end > start { delegate.characters(UnsafeBufferPointer(start: base + start, count: end - start)) }
            return true
        }

        mutating func comment() -> Bool {
            guard let end = find("--", from: p + 4) else { return false }
            guard end + 2 < count else {
                if !final { short = true }
                return false
            }
            guard base[end + 2] == 0x3E else { return false }
            p = end + 3
            return true
        }

        mutating func processingInstruction() -> Bool {
            p += 2
            let start = p
            guard let length = name() else { return false }
            // `xml` is the declaration's, which only the first bytes may hold.
            if length == 3 && (base[start] | 0x20) == 0x78 && (base[start + 1] | 0x20) == 0x6D && (base[start + 2] | 0x20) == 0x6C { return false }
            guard let end = find("?>", from: p) else { return false }
            guard end == p || Self.isSpace(base[p]) else { return false }
            p = end + 2
            return true
        }
    }
}

/// A growable buffer of plain values, cleared without freeing: the scanner's per-element lists. Swift arrays' clearing
/// and appending went through generic calls per element of a 30 MB sheet.
struct Stack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity = 16
    private(set) var count = 0

    init() { storage = .allocate(capacity: capacity) }

    func deallocate() { storage.deallocate() }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: storage, count: count) }

    subscript(_ i: Int) -> Element {
        get { storage[i] }
        nonmutating set { storage[i] = newValue }
    }

    mutating func append(_ e: Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        (storage + count).initialize(to: e)
        count += 1
    }

    mutating func removeLast() {
        count -= 1
        (storage + count).deinitialize(count: 1)
    }

    mutating func removeLast(_ k: Int) {
        count -= k
        (storage + count).deinitialize(count: k)
    }

    mutating func removeAll() {
        storage.deinitialize(count: count)
        count = 0
    }
}

/// The scanner checked against libxml2 on one part, for `make fuzz` and the tests: whole and streamed in chunks
/// of a few sizes, it must give libxml2's events for a part libxml2 reads, and stop where libxml2 finds an error.
/// Namespace prefixes are the scanner's one lenience (see `XMLScanner`).
public enum XMLScannerCheck {
    /// A description of the first difference, or nil.
    public static func againstLibxml2(_ data: Data) -> String? {
        let parsed = EventLog()
        let failure = SAX.libxml2(data, into: parsed)
        let expected = parsed.finish()
        let scanned = EventLog()
        let outcome = data.withUnsafeBytes { XMLScanner.scan($0.bindMemory(to: UInt8.self), into: scanned) }
        switch outcome {
        case .done:
            if let failure {
                return failure.message.contains("amespace") ? nil : "the scanner read what libxml2 refuses: \(failure)"
            }
            if scanned.finish() != expected { return "the scanner's events differ from libxml2's" }
        case .malformed(let at):
            if failure == nil { return "the scanner refuses (at byte \(at)) what libxml2 reads" }
        case .unsupported, .needsMore: return nil
        }
        for size in [1, 7, 4096] {
            let log = EventLog()
            let stream = XMLScanner.Stream(into: log, prologBytes: 0)
            var i = 0
            data.withUnsafeBytes { bytes in
                while i < bytes.count {
                    stream.feed(UnsafeRawBufferPointer(rebasing: bytes[i..<min(i + size, bytes.count)]))
                    i += size
                }
            }
            let streamed = stream.finish()
            // A malformed part may be found so at another fault: the whole part's characters are checked first.
            let same = streamed == outcome || (streamed.isMalformed && outcome.isMalformed)
            if !same { return "streamed in chunks of \(size): \(streamed), whole: \(outcome)" }
            if outcome == .done && log.finish() != expected { return "streamed in chunks of \(size), the events differ" }
        }
        return nil
    }

    /// Every event as a line; text compared whole, however it was split.
    final class EventLog: SAXDelegate {
        private var lines: [String] = []
        private var text: [UInt8] = []
        private func flush() {
            if !text.isEmpty { lines.append("text \(text)") }
            text.removeAll()
        }
        func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {
            flush()
            // libxml2 hands `&amp;` in an attribute over as `&#38;`; the scanner decodes it (see `XMLScanner`).
            let attrs = attributes.items.map {
                "\(Array($0.name))=\(String(decoding: $0.value, as: UTF8.self).replacingOccurrences(of: "&#38;", with: "&"))"
            }
            lines.append("start \(Array(name)) \(attrs)")
        }
        func end(_ name: UnsafeBufferPointer<UInt8>) {
            flush()
            lines.append("end \(Array(name))")
        }
        func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }
        func finish() -> [String] {
            flush()
            return lines
        }
    }
}
