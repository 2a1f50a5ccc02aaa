import Foundation
import Yams

/// The result of evaluating one check. Worst first in `severity`.
public enum Status: String, Sendable, CaseIterable, Codable, Comparable {
    case error, fail, pending, waived, pass
    case notApplicable = "not-applicable"

    /// Lower is worse; a task takes its worst check's status.
    public var severity: Int {
        switch self {
        case .error: 0
        case .fail: 1
        case .pending: 2
        case .waived: 3
        case .pass: 4
        case .notApplicable: 5
        }
    }
    public static func < (a: Status, b: Status) -> Bool { a.severity < b.severity }

    public var text: Text {
        switch self {
        case .pass: Text("通过", "pass")
        case .fail: Text("未通过", "fail")
        case .pending: Text("待办", "pending")
        case .error: Text("错误", "error")
        case .waived: Text("已豁免", "waived")
        case .notApplicable: Text("不适用", "not applicable")
        }
    }

    public static func worst(_ statuses: some Sequence<Status>) -> Status { statuses.min() ?? .notApplicable }
}

/// One thing a check found: a gap, a late document, an unfiled designation.
public struct Finding: Sendable, Hashable {
    public var text: Text
    /// The evidence record at fault, when there is one.
    public var record: String?
    public var location: SourceLocation?
    /// The department that owns the fix, when it differs from the task's owners.
    public var department: String?
    public var due: Day?

    public init(_ text: Text, record: String? = nil, location: SourceLocation? = nil, department: String? = nil, due: Day? = nil) {
        self.text = text
        self.record = record
        self.location = location
        self.department = department
        self.due = due
    }
}

/// What a check kind returns for one task.
public struct CheckOutcome: Sendable {
    public var status: Status
    public var message: Text
    public var findings: [Finding]
    /// Ids of the evidence records the check used.
    public var evidence: [String]
    /// When the obligation falls due (for pending, the next moment it is due).
    public var due: Day?
    /// Open obligations for `gongkai due`: each with its date.
    public var obligations: [Obligation]

    public init(
        _ status: Status, _ message: Text, findings: [Finding] = [], evidence: [String] = [], due: Day? = nil,
        obligations: [Obligation] = []
    ) {
        self.status = status
        self.message = message
        self.findings = findings
        self.evidence = evidence
        self.due = due
        self.obligations = obligations
    }
}

/// An obligation not yet met, with the day it falls due.
public struct Obligation: Sendable, Hashable {
    public var key: String
    public var text: Text
    public var due: Day
    public var department: String?
    public init(key: String, text: Text, due: Day, department: String? = nil) {
        self.key = key
        self.text = text
        self.due = due
        self.department = department
    }
}

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
    associatedtype Parameters: Decodable & Sendable
    static var id: String { get }
    static var name: Text { get }
    static var rationale: Text { get }
    /// Every parameter the kind accepts; any other key in a plan is an error.
    static var parameterNames: [String] { get }
    static var examples: [CheckExample] { get }
    /// Problems with the parameters in the context of a plan (unknown types, empty phrases…).
    static func lint(_ parameters: Parameters, task: Task, plan: Plan, types: TypeRegistry) -> [Text]
    static func evaluate(_ parameters: Parameters, in context: CheckContext) -> CheckOutcome
}

extension CheckKind {
    public static func lint(_ parameters: Parameters, task: Task, plan: Plan, types: TypeRegistry) -> [Text] { [] }
}

/// A check kind with its parameter type erased, as the registry holds it.
public struct AnyCheckKind: Sendable {
    public let id: String
    public let name: Text
    public let rationale: Text
    public let parameterNames: [String]
    public let examples: [CheckExample]
    let bind: @Sendable (Node, String) throws(LoadIssue) -> BoundCheck

    init<K: CheckKind>(_ kind: K.Type) {
        id = K.id
        name = K.name
        rationale = K.rationale
        parameterNames = K.parameterNames
        examples = K.examples
        bind = { (node: Node, file: String) throws(LoadIssue) -> BoundCheck in
            let parameters: K.Parameters
            do {
                parameters = try YAMLDecoder().decode(K.Parameters.self, from: node)
            } catch {
                throw LoadIssue(
                    node.location(in: file),
                    Text(
                        "检查 \(K.id) 的参数无效：\(describe(error))",
                        "check \(K.id) has invalid parameters: \(describe(error))"))
            }
            return BoundCheck(
                evaluate: { K.evaluate(parameters, in: $0) },
                lint: { K.lint(parameters, task: $0, plan: $1, types: $2) })
        }
    }
}

func describe(_ error: Error) -> String {
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
    let evaluate: @Sendable (CheckContext) -> CheckOutcome
    let lint: @Sendable (Task, Plan, TypeRegistry) -> [Text]
}

/// A check as a plan states it for one task.
public struct PlanCheck: Sendable {
    /// Stable name within the task (`designation`, `periodic-quarterly`): JUnit and SARIF use `task-N/ID`.
    public var id: String
    public var kind: String
    public var title: String?
    /// Proposed by `plan import`, not yet confirmed by a person.
    public var suggested: Bool
    public var parameters: JSONValue
    public var location: SourceLocation
    public var bound: BoundCheck
}

/// All check kinds, alphabetical by id.
public enum CheckRegistry {
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

    /// The common fields a record holds outside its field table.
    static func special(_ field: String, of r: EvidenceRecord) -> String? {
        switch field {
        case "id": r.id
        case "type": r.type
        case "department": r.department
        case "title": r.title
        default: nil
        }
    }

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

    public var text: Text { self == .days ? Text("日", "days") : Text("个工作日", "working days") }
}
