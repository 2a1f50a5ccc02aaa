import Foundation
import GongkaiCore

/// A check as a plan states it for one task: its kind and parameters as written. The plan knows no check kind;
/// `GongkaiChecks` binds a check to its kind (`PlanCheck.bound`) and says what is wrong with one that cannot bind.
public struct PlanCheck: Sendable {
    /// Stable name within the task (`designation`, `periodic-quarterly`): JUnit and SARIF use `task-N/ID`.
    public var id: String
    public var kind: String
    public var title: String?
    /// Proposed by `plan import`, not yet confirmed by a person.
    public var suggested: Bool
    public var parameters: JSONValue
    /// Where each parameter's key stands in the plan file, for a message about that parameter.
    public var parameterLocations: [String: SourceLocation]
    public var location: SourceLocation

    public init(
        id: String, kind: String, title: String? = nil, suggested: Bool = false, parameters: JSONValue = .null,
        parameterLocations: [String: SourceLocation] = [:], location: SourceLocation
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.suggested = suggested
        self.parameters = parameters
        self.parameterLocations = parameterLocations
        self.location = location
    }
}

/// The check kinds a plan may name, as the plan loader asks about them: what is wrong with one check as written
/// (an unknown kind, a parameter the kind does not have, a value it cannot take). `GongkaiChecks` supplies it.
public protocol CheckVocabulary: Sendable {
    func problems(_ check: PlanCheck) -> [LoadIssue]
}

extension PlanCheck {
    /// A check's stable name across runs and formats (`task-28/designation`): the JSON report's `name`, JUnit, SARIF,
    /// the workbook, the HTML report, baselines and `due`'s keys all build it here.
    public static func stableName(task: Int, check id: String) -> String { "task-\(task)/\(id)" }

    public func stableName(task: Int) -> String { Self.stableName(task: task, check: id) }
}
