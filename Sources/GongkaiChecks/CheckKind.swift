import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan
import Yams

/// A worked example of a check kind; the test suite runs every one.
public struct CheckExample: Sendable {
    public var title: String
    /// The check's parameters, as written in a plan.
    public var parameters: String
    /// Evidence records as YAML (a list), evaluated for task `task` of the 2020 plan.
    public var records: String
    public var task: Int
    public var asOf: String
    public var expected: Status
    public var file: String
    public var line: Int

    public init(
        _ title: String, task: Int, parameters: String, records: String, asOf: String = "2021-02-01", expect expected: Status,
        file: String = #filePath, line: Int = #line
    ) {
        self.title = title
        self.task = task
        self.parameters = parameters
        self.records = records
        self.asOf = asOf
        self.expected = expected
        self.file = file
        self.line = line
    }
}

/// A kind of check: one type per kind, with typed parameters and examples.
public protocol CheckKind: Sendable {
    associatedtype Parameters: CheckParameters
    static var id: String { get }
    static var name: Message { get }
    static var rationale: Message { get }
    static var examples: [CheckExample] { get }
    /// Problems with the parameters in the context of a plan (unknown types, empty phrases…).
    static func lint(_ parameters: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message]
    static func evaluate(_ parameters: Parameters, in context: CheckContext) -> CheckOutcome
}

extension CheckKind {
    public static func lint(_ parameters: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] { [] }
}

/// A check kind with its parameter type erased, as the registry holds it.
public struct AnyCheckKind: Sendable {
    public let id: String
    public let name: Message
    public let rationale: Message
    public let parameterNames: [String]
    public let examples: [CheckExample]
    /// Decodes the parameters (a mapping) for the kind; a problem is placed at the parameter's key when it is about one
    /// (`keys`), else at the check.
    let bind: @Sendable (_ parameters: Node, _ check: SourceLocation, _ keys: [String: SourceLocation]) throws(LoadIssue) -> BoundCheck

    init<K: CheckKind>(_ kind: K.Type) {
        id = K.id
        name = K.name
        rationale = K.rationale
        parameterNames = K.Parameters.keys
        examples = K.examples
        bind = { (node: Node, location: SourceLocation, keys: [String: SourceLocation]) throws(LoadIssue) -> BoundCheck in
            let parameters: K.Parameters
            do {
                parameters = try YAMLDecoder().decode(DeclaredParameters<K.Parameters>.self, from: node).value
            } catch {
                if let range = error as? CountOutOfRange {
                    let limit = CheckParameter<K.Parameters>.maxCount
                    throw LoadIssue(
                        keys[range.key] ?? location,
                        Message(
                            "检查 \(K.id) 的参数 \(range.key) 应为 0～\(limit) 的整数，而不是 \(range.value)",
                            "check \(K.id): \(range.key) should be a whole number from 0 to \(limit), not \(range.value)"))
                }
                throw LoadIssue(
                    location,
                    Message(
                        "检查 \(K.id) 的参数无效：\(decodingProblem(error))",
                        "check \(K.id) has invalid parameters: \(decodingProblem(error))"))
            }
            return BoundCheck(
                evaluate: { K.evaluate(parameters, in: $0) },
                lint: { K.lint(parameters, task: $0, plan: $1, types: $2) })
        }
    }
}

/// A decoding error as a plan's author reads it: the parameter's path and what was wrong with it.
func decodingProblem(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let ctx):
        return "missing '\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
    case DecodingError.typeMismatch(let type, let ctx), DecodingError.valueNotFound(let type, let ctx):
        return "'\(ctx.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
    case DecodingError.dataCorrupted(let ctx):
        let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? ctx.debugDescription : "'\(path)': \(ctx.debugDescription)"
    default:
        return "\(error)"
    }
}

/// A check's parameters bound to its kind.
public struct BoundCheck: Sendable {
    package let evaluate: @Sendable (CheckContext) -> CheckOutcome
    package let lint: @Sendable (PlanTask, Plan, TypeRegistry) -> [Message]
}

/// All check kinds, alphabetical by id.
public struct CheckRegistry: Sendable {
    public static let kinds: [AnyCheckKind] = [
        AnyCheckKind(DeadlineCheck.self),
        AnyCheckKind(DesignationCheck.self),
        AnyCheckKind(EvidenceCheck.self),
        AnyCheckKind(PeriodicCheck.self),
        AnyCheckKind(ReportCheck.self),
        AnyCheckKind(RequestDeadlineCheck.self),
    ]

    public static func kind(_ id: String) -> AnyCheckKind? { kinds.first { $0.id == id } }
}

/// Parameter helpers shared by kinds.
public struct FieldFilter: Decodable, Sendable, Hashable {
    public var values: [String: [String]]
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        var v: [String: [String]] = [:]
        for key in c.allKeys {
            if let list = try? c.decode([String].self, forKey: key) {
                v[key.stringValue] = list
            } else {
                v[key.stringValue] = [try c.decode(String.self, forKey: key)]
            }
        }
        values = v
    }
    public init(_ values: [String: [String]] = [:]) { self.values = values }

    public func matches(_ record: EvidenceRecord) -> Bool {
        values.allSatisfy { field, accepted in
            guard let value = record.string(field) else { return false }
            return accepted.contains(value)
        }
    }
}

/// `days` (calendar days) or `working-days` (the official calendar).
public enum DayUnit: String, Decodable, Sendable {
    case days
    case workingDays = "working-days"

    public var text: Message { self == .days ? Message("日", "days") : Message("个工作日", "working days") }
}
