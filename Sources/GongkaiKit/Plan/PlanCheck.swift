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
