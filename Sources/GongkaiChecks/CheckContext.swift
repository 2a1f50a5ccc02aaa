import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// What a check sees: the plan and task, the evidence, the calendar and the day of the self-check.
public struct CheckContext: Sendable {
    public var plan: Plan
    public var task: PlanTask
    public var evidence: EvidenceSet
    public var calendar: WorkCalendar
    public var asOf: Day
    /// The check's title in the plan (日常巡查, 季度检查…), for messages in the plan's own words.
    public var checkTitle: String?
    /// The evidence types, so messages name a type or field by its title (主动公开信息, 备案日期), never by its id.
    public var types: TypeRegistry? = nil
    package init(plan: Plan, task: PlanTask, evidence: EvidenceSet, calendar: WorkCalendar, asOf: Day, checkTitle: String? = nil, types: TypeRegistry? = nil) {
        self.plan = plan
        self.task = task
        self.evidence = evidence
        self.calendar = calendar
        self.asOf = asOf
        self.checkTitle = checkTitle
        self.types = types
    }

    public var period: DayRange { plan.period }

    /// Types by their titles: 主动公开信息、政策解读 / publication, policy interpretation.
    public func typeNames(_ ids: [String]) -> Message {
        let titles = ids.map { id in types?.types[id]?.title ?? Message(id, id) }
        return Message(titles.map(\.zh).joined(separator: "、"), titles.map(\.en).joined(separator: ", "))
    }

    /// Records of the types, as a sentence names them: 主动公开信息记录, but 工作记录 and 依申请公开登记台账 as they are,
    /// never 工作记录记录.
    public func recordNames(_ ids: [String]) -> Message {
        let names = typeNames(ids)
        let zh = names.zh.hasSuffix("记录") || names.zh.hasSuffix("台账") ? names.zh : names.zh + "记录"
        return Message(zh, names.en + " record")
    }

    /// A field of a type by its title: 报送公报日期 / gazette submitted on.
    public func fieldName(_ field: String, of type: String) -> Message {
        let spec = types?.types[type]?.field(field)
        return Message(spec?.title ?? field, spec?.titleEn ?? field.replacingOccurrences(of: "_", with: " "))
    }

    /// Records of a type, optionally filtered by field values.
    public func records(ofType type: String, where filter: FieldFilter? = nil) -> [EvidenceRecord] {
        var found: [EvidenceRecord] = []
        forEachRecord(ofType: type, where: filter) { found.append($0) }
        return found
    }

    /// Visits the records of a type that match `filter` in place, without collecting them first: a ledger
    /// check reads a hundred thousand rows and keeps a few.
    public func forEachRecord(ofType type: String, where filter: FieldFilter? = nil, _ body: (EvidenceRecord) throws -> Void) rethrows {
        guard let filter, !filter.values.isEmpty else { return try evidence.forEachRecord(ofType: type, body) }
        // The filter's fields resolved once, not looked up by name on each of 100,000 rows.
        let wanted = filter.values.sorted { $0.key < $1.key }
        let own = wanted.map { EvidenceRecord.ownFields.contains($0.key) }
        var reader = FieldReader(wanted.map(\.key))
        try evidence.forEachRecord(ofType: type) { r in
            let matches = r.read(&reader) { value in
                wanted.indices.allSatisfy { k in
                    guard let v = own[k] ? r.string(wanted[k].key) : value(k)?.display else { return false }
                    return wanted[k].value.contains(v)
                }
            }
            if matches { try body(r) }
        }
    }

    /// Records linked to this task (`tasks: [n]`) of the given types.
    public func linkedRecords(types: [String]) -> [EvidenceRecord] {
        let set = Set(types)
        return evidence.records(linkedTo: task.no).filter { set.contains($0.type) }
    }

    /// When evidence a check could have selected is invalid, the check is `error` with every such problem listed.
    /// A problem touches a check only through its record's type, and, for a check of linked records, through the
    /// record's `tasks` (unless they could not be read); any other check keeps its status and the problem stays an
    /// input error of the run.
    public func invalidEvidence(types: [String], linked: Bool) -> CheckOutcome? {
        let issues = Self.affecting(evidence.issues, types: Set(types), task: linked ? task.no : nil)
        guard !issues.isEmpty else { return nil }
        let findings = issues.map { Finding($0.message, location: $0.location) }
        return CheckOutcome(
            .error,
            Message(
                "\(issues.count) 条相关证据无效，无法判定（见 \(issues[0].location)）",
                "\(issues.count) related evidence item(s) are invalid, so the check cannot decide (see \(issues[0].location))"),
            findings: findings)
    }

    /// The load problems a check of `types` (of records linked to `task`, when given) could have been misled by.
    static func affecting(_ issues: [LoadIssue], types: Set<String>, task: Int?) -> [LoadIssue] {
        issues.filter { issue in
            guard let type = issue.recordType, types.contains(type) else { return false }
            guard let task else { return true }
            return issue.tasksUnreadable || issue.tasks.contains(task)
        }
    }
}
