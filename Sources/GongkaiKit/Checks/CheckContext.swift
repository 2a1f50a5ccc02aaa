import Foundation

/// What a check sees: the plan and task, the evidence, the calendar and the day of the self-check.
public struct CheckContext: Sendable {
    public var plan: Plan
    public var task: Task
    public var evidence: EvidenceSet
    public var calendar: WorkCalendar
    public var asOf: Day
    /// The check's title in the plan (日常巡查, 季度检查…), for messages in the plan's own words.
    public var checkTitle: String?

    public var period: DayRange { plan.period }

    /// Records of a type, optionally filtered by field values.
    public func records(ofType type: String, where filter: FieldFilter? = nil) -> [EvidenceRecord] {
        let all = evidence.records(ofType: type)
        guard let filter, !filter.values.isEmpty else { return all }
        return all.filter(filter.matches)
    }

    /// Records linked to this task (`tasks: [n]`) of the given types.
    public func linkedRecords(types: [String]) -> [EvidenceRecord] {
        let set = Set(types)
        return evidence.records(linkedTo: task.no).filter { set.contains($0.type) }
    }

    /// When evidence a check needs is invalid, the check is `error` with every problem listed.
    public func invalidEvidence(types: [String], linked: Bool) -> CheckOutcome? {
        let issues = evidence.issues(types: Set(types), task: linked ? task.no : nil)
        guard !issues.isEmpty else { return nil }
        let findings = issues.map { Finding($0.message, location: $0.location) }
        return CheckOutcome(.error, Text("\(issues.count) 条相关证据无效，无法判定（见 \(issues[0].location)）",
                                         "\(issues.count) related evidence item(s) are invalid, so the check cannot decide (see \(issues[0].location))"),
                            findings: findings)
    }
}
