import Foundation
import Yams

/// Reading composed YAML with positions, so every error names file, line and column.
package enum YAMLSource {
    /// Composes one document; a syntax error becomes a `LoadIssue` at the parser's mark.
    package static func compose(_ text: String, file: String) throws(LoadIssue) -> Node? {
        do {
            // The basic resolver: gongkai types scalars itself (Rules/types.yaml), and the default resolver's
            // regular expressions, run for every scalar while checking duplicate keys, were a third of a load.
            return try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw LoadIssue(location(of: error, file: file), Message("YAML 语法错误：\(problem(of: error))", "YAML syntax error: \(problem(of: error))"))
        } catch {
            throw LoadIssue(SourceLocation(file: file), Message("无法解析：\(error)", "cannot parse: \(error)"))
        }
    }

    package static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
        default:
            return SourceLocation(file: file)
        }
    }

    package static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            if let context { return "\(context.text): \(problem)" }
            return problem
        case .reader(let problem, _, _, _): return problem
        case .duplicatedKeysInMapping(let duplicates, _): return "duplicated keys \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }
}

extension Node {
    package var line: Int? { mark?.line }

    package func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line, column: mark?.column)
    }

    /// The value under a string key of a mapping.
    package subscript(key key: String) -> Node? {
        guard case .mapping(let m) = self else { return nil }
        // By index: Yams's mapping iterator copies every pair into a new array first.
        for i in m.indices where m[i].key.scalar?.string == key { return m[i].value }
        return nil
    }

    /// Key/value pairs of a mapping with string keys, in document order.
    package var pairs: [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = self else { return nil }
        return m.map { (key: $0.key.scalar?.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    package var items: [Node]? {
        guard case .sequence(let s) = self else { return nil }
        return Array(s)
    }

    /// A scalar's text; nil for collections and for `null`/`~`/empty.
    package var text: String? {
        guard case .scalar(let s) = self else { return nil }
        if s.style == .plain && (s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL" || s.string.isEmpty) {
            return nil
        }
        return s.string
    }

    package var isNull: Bool {
        if case .scalar = self { return text == nil }
        return false
    }

    /// A string list: a sequence of scalars, or one scalar.
    package var strings: [String]? {
        if let items { return items.compactMap(\.text) }
        if let t = text { return [t] }
        return nil
    }

    /// Plain JSON-like value of the node, for showing check parameters.
    package var jsonValue: JSONValue {
        switch self {
        case .scalar(let s):
            if s.style == .plain {
                if s.string == "true" { return .bool(true) }
                if s.string == "false" { return .bool(false) }
                if let i = Int(s.string) { return .int(i) }
                if text == nil { return .null }
            }
            return .string(s.string)
        case .mapping(let m):
            return .object(m.map { ($0.key.scalar?.string ?? "", $0.value.jsonValue) })
        case .sequence(let s):
            return .array(s.map(\.jsonValue))
        case .alias:
            return .null
        }
    }
}

extension JSONValue {
    /// The value as the YAML node it was read from (`Node.jsonValue` the other way): a string that would read as
    /// another kind of scalar is quoted, so decoding the node gives what decoding the plan's own node gave.
    package var yamlNode: Node {
        switch self {
        case .null: return Node("null")
        case .bool(let b): return Node(b ? "true" : "false")
        case .int(let i): return Node(String(i))
        case .double(let d): return Node(String(d))
        case .string(let s):
            let plain = Node(s, .implicit, .plain)
            let plainReadsOtherwise = s == "true" || s == "false" || Int(s) != nil || plain.text == nil
            return plainReadsOtherwise ? Node(s, .implicit, .doubleQuoted) : plain
        case .array(let items): return .sequence(Node.Sequence(items.map(\.yamlNode)))
        case .object(let pairs): return .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1.yamlNode) }))
        }
    }
}

/// An ordered JSON value (object keys keep their order) for parameters and machine outputs.
public indirect enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.compact == b.compact }
    public func hash(into h: inout Hasher) { h.combine(compact) }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for v in a { try c.encode(v) }
        case .object(let o):
            var c = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in o { try c.encode(v, forKey: AnyKey(k)) }
        }
    }

    /// Read back from a report (`--baseline`, `verify`); an object's keys come in the decoder's order.
    public init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(try c.allKeys.map { ($0.stringValue, try c.decode(JSONValue.self, forKey: $0)) })
        } else if var c = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !c.isAtEnd { items.append(try c.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                self = .int(i)
            } else if let d = try? c.decode(Double.self) {
                self = .double(d)
            } else {
                self = .string(try c.decode(String.self))
            }
        }
    }

    /// One-line form, `key=value, …`, for tables.
    public var compact: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.compact).joined(separator: ", ") + "]"
        case .object(let o): return o.map { "\($0.0)=\($0.1.compact)" }.joined(separator: ", ")
        }
    }
}

package struct AnyKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ s: String) { stringValue = s }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { return nil }
}

/// A string as a double-quoted YAML scalar: a JSON string, whose escapes YAML reads the same way. Every YAML gongkai
/// writes (imported plans and rubrics, carried-over records) quotes through it, so no control character is ever
/// written raw.
public enum YAMLText {
    public static func quoted(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
