import CYaml
import Foundation
import GongkaiCore

/// Evidence record files composed straight from libyaml's events (the C core Yams wraps), into nodes that hold
/// only what a record needs: text, children and where each starts.
///
/// Yams builds, for every scalar, a tag object through its resolver, a style and an anchor, and checks each
/// mapping's keys for duplicates through a dictionary grouping: composing 20,000 records that way was a quarter of
/// a large folder's load. Rules, plans and configuration files, small and read once, still go through Yams.
///
/// What the reader keeps of Yams' behaviour: a syntax error is reported with libyaml's context and problem at its
/// line and column, a duplicated key and an undefined alias are errors, a second document is an error, and aliases
/// share the anchored node (so a file of nested aliases costs no more than its text).
enum YAMLEvents {
    final class Node {
        enum Kind {
            case scalar(String)
            case sequence([Node])
            case mapping([(key: Node, value: Node)])
        }
        let kind: Kind
        let line: Int
        let column: Int
        init(_ kind: Kind, line: Int, column: Int) {
            self.kind = kind
            self.line = line
            self.column = column
        }

        var text: String? {
            if case .scalar(let s) = kind { return s }
            return nil
        }
        var items: [Node]? {
            if case .sequence(let s) = kind { return s }
            return nil
        }
        var pairs: [(key: Node, value: Node)]? {
            if case .mapping(let m) = kind { return m }
            return nil
        }
        subscript(key key: String) -> Node? { pairs?.first { $0.key.text == key }?.value }
        func location(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
    }

    /// A syntax error as Yams words it: libyaml's context and problem, at the problem's line and column.
    struct SyntaxError: Error {
        var problem: String
        var line: Int?
        var column: Int?
        func issue(in file: String) -> LoadIssue {
            let at = line.map { SourceLocation(file: file, line: $0, column: column) } ?? SourceLocation(file: file)
            return LoadIssue(at, Message("YAML 语法错误：\(problem)", "YAML syntax error: \(problem)"))
        }
    }

    /// The one document of `text`, or nil for an empty file.
    static func compose(_ text: String, file: String) throws(LoadIssue) -> Node? {
        var text = text
        let result = text.withUTF8 { bytes -> Result<Node?, SyntaxError> in
            let composer = Composer(bytes)
            defer { composer.close() }
            do throws(SyntaxError) {
                return .success(try composer.document())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let node): return node
        case .failure(let error): throw error.issue(in: file)
        }
    }

    private final class Composer {
        // One composer per file on one thread: the runtime's exclusivity checks on every event were a tenth of composing.
        @exclusivity(unchecked) private var parser = yaml_parser_t()
        @exclusivity(unchecked) private var event = yaml_event_t()
        @exclusivity(unchecked) private var hasEvent = false
        @exclusivity(unchecked) private var anchors: [String: Node] = [:]
        @exclusivity(unchecked) private var depth = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            yaml_parser_initialize(&parser)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        }

        func close() {
            if hasEvent { yaml_event_delete(&event) }
            yaml_parser_delete(&parser)
        }

        /// Moves to the next event, freeing the last one.
        private func next() throws(SyntaxError) {
            if hasEvent {
                yaml_event_delete(&event)
                hasEvent = false
            }
            guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError() }
            hasEvent = true
        }

        private func parserError() -> SyntaxError {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
            switch parser.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                let context = parser.context.map { String(cString: $0) }
                return SyntaxError(
                    problem: context.map { "\($0): \(problem)" } ?? problem, line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            default:
                return SyntaxError(problem: problem)
            }
        }

        private var line: Int { event.start_mark.line + 1 }
        private var column: Int { event.start_mark.column + 1 }

        private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }

        func document() throws(SyntaxError) -> Node? {
            try next()  // stream start
            try next()
            if event.type == YAML_STREAM_END_EVENT { return nil }
            try next()  // past the document start
            let root = try node()
            try next()  // document end
            try next()
            guard event.type == YAML_STREAM_END_EVENT else {
                throw SyntaxError(problem: "expected a single document in the stream: but found another document", line: line, column: column)
            }
            return root
        }

        /// The node starting at the current event; on return the current event is its last.
        private func node() throws(SyntaxError) -> Node {
            switch event.type {
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else { throw SyntaxError(problem: "found undefined alias", line: line, column: column) }
                return target
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                let n = Node(.scalar(value), line: line, column: column)
                if let anchor = Self.string(s.anchor) { anchors[anchor] = n }
                return n
            case YAML_SEQUENCE_START_EVENT:
                let (startLine, startColumn) = (line, column)
                let anchor = Self.string(event.data.sequence_start.anchor)
                try deeper()
                defer { depth -= 1 }
                var items: [Node] = []
                try next()
                while event.type != YAML_SEQUENCE_END_EVENT {
                    items.append(try node())
                    try next()
                }
                let n = Node(.sequence(items), line: startLine, column: startColumn)
                if let anchor { anchors[anchor] = n }
                return n
            case YAML_MAPPING_START_EVENT:
                let (startLine, startColumn) = (line, column)
                let anchor = Self.string(event.data.mapping_start.anchor)
                try deeper()
                defer { depth -= 1 }
                var pairs: [(key: Node, value: Node)] = []
                try next()
                while event.type != YAML_MAPPING_END_EVENT {
                    let key = try node()
                    try next()
                    let value = try node()
                    pairs.append((key, value))
                    try next()
                }
                try Self.checkDuplicates(pairs)
                let n = Node(.mapping(pairs), line: startLine, column: startColumn)
                if let anchor { anchors[anchor] = n }
                return n
            default:
                throw SyntaxError(problem: "unexpected event", line: line, column: column)
            }
        }

        private func deeper() throws(SyntaxError) {
            depth += 1
            if depth > EvidenceLoader.maxYAMLDepth {
                throw SyntaxError(problem: "nested more than \(EvidenceLoader.maxYAMLDepth) levels deep", line: line, column: column)
            }
        }

        /// A key given twice: reported at the first use of the first such key in sort order, as Yams does. A record
        /// has a dozen keys: comparing them pairwise costs less than hashing them.
        private static func checkDuplicates(_ pairs: [(key: Node, value: Node)]) throws(SyntaxError) {
            var duplicated: [(text: String, first: Node)] = []
            if pairs.count <= 32 {
                for i in pairs.indices {
                    guard let k = pairs[i].key.text, !duplicated.contains(where: { $0.text == k }) else { continue }
                    if let first = pairs[..<i].first(where: { $0.key.text == k }) { duplicated.append((k, first.key)) }
                }
            } else {
                var firsts: [String: Node] = [:]
                var reported: Set<String> = []
                for pair in pairs {
                    guard let k = pair.key.text else { continue }
                    if let first = firsts[k] {
                        if reported.insert(k).inserted { duplicated.append((k, first)) }
                    } else {
                        firsts[k] = pair.key
                    }
                }
            }
            guard !duplicated.isEmpty else { return }
            let sorted = duplicated.sorted { $0.text < $1.text }
            throw SyntaxError(
                problem: "duplicated keys \(sorted.map(\.text).joined(separator: ", "))", line: sorted[0].first.line, column: sorted[0].first.column)
        }
    }
}
