import Foundation

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

extension PlanCheck {
    /// A check's stable name across runs and formats (`task-28/designation`): the JSON report's `name`, JUnit, SARIF,
    /// the workbook, the HTML report, baselines and `due`'s keys all build it here.
    public static func stableName(task: Int, check id: String) -> String { "task-\(task)/\(id)" }

    public func stableName(task: Int) -> String { Self.stableName(task: task, check: id) }
}
