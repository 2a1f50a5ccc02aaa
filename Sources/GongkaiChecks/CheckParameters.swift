import Foundation
import GongkaiCore

/// A check kind's parameters, each declared once: the key a plan writes, the type and the default are one
/// `CheckParameter` line plus the property it names (compare SwiftLint's `@ConfigurationElement(key:)`). The
/// registry's list of accepted keys and the decoding both come from `declared`.
public protocol CheckParameters: Sendable {
    /// Every parameter at its default.
    init()
    /// Every parameter, in the order error messages list them.
    static var declared: [CheckParameter<Self>] { get }
    /// Rules across parameters (one of two forms, one of two keys), after each has been read.
    mutating func finish() throws
}

extension CheckParameters {
    public mutating func finish() throws {}

    /// The keys a plan may write for this kind; any other is an error with file and line.
    public static var keys: [String] { declared.map(\.key) }

    init(decoding decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: AnyKey.self)
        for parameter in Self.declared { try parameter.read(container, &self) }
        try finish()
    }
}

/// One parameter: its key and how its value reaches the property.
public struct CheckParameter<Root> {
    public let key: String
    let read: (KeyedDecodingContainer<AnyKey>, inout Root) throws -> Void

    /// Read when the plan gives it; otherwise the property keeps its initial value, the default.
    public static func optional<Value: Decodable>(_ key: String, _ property: WritableKeyPath<Root, Value>) -> Self {
        CheckParameter(key: key) { c, root in
            if let value = try c.decodeIfPresent(Value.self, forKey: AnyKey(key)) { root[keyPath: property] = try counted(value, key, c) }
        }
    }

    /// Must be given.
    public static func required<Value: Decodable>(_ key: String, _ property: WritableKeyPath<Root, Value>) -> Self {
        CheckParameter(key: key) { c, root in root[keyPath: property] = try counted(try c.decode(Value.self, forKey: AnyKey(key)), key, c) }
    }

    /// Every whole number a plan gives (days, counts, points) is a count: 0 to `maxCount`. A negative or huge one
    /// (`within: -1`, `within: 3000000000`) is refused at load with its line, never carried to a calendar's arithmetic.
    static func counted<Value>(_ value: Value, _ key: String, _ c: KeyedDecodingContainer<AnyKey>) throws -> Value {
        guard let n = value as? Int, !(0...maxCount).contains(n) else { return value }
        throw CountOutOfRange(key: key, value: n)
    }

    public static var maxCount: Int { 100_000 }

    /// A list of names that may be written as one name (`types: publication` or `types: [a, b]`).
    public static func names(_ key: String, _ property: WritableKeyPath<Root, [String]>, required: Bool = false) -> Self {
        CheckParameter(key: key) { c, root in
            let key = AnyKey(key)
            guard required || c.contains(key) else { return }
            if let list = try? c.decode([String].self, forKey: key) {
                root[keyPath: property] = list
            } else {
                root[keyPath: property] = [try c.decode(String.self, forKey: key)]
            }
        }
    }
}

/// A plan's whole number outside 0…`maxCount`.
struct CountOutOfRange: Error {
    var key: String
    var value: Int
}

/// Decodes a kind's parameters through their declarations.
struct DeclaredParameters<P: CheckParameters>: Decodable {
    var value: P
    init(from decoder: Decoder) throws { value = try P(decoding: decoder) }
}

/// A day of the year after the plan year, written `MM-DD` (`due: 01-31`).
public struct MonthDay: Decodable, Sendable, Hashable {
    public var month: Int
    public var day: Int

    public init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let parts = try c.decode(String.self).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "due should be MM-DD of the next year, e.g. 01-31")
        }
        self.init(month: parts[0], day: parts[1])
    }
}
