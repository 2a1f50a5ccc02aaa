import Foundation
import GongkaiCore

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

    public var text: Message {
        switch self {
        case .pass: Message("通过", "pass")
        case .fail: Message("未通过", "fail")
        case .pending: Message("待办", "pending")
        case .error: Message("错误", "error")
        case .waived: Message("已豁免", "waived")
        case .notApplicable: Message("不适用", "not applicable")
        }
    }

    public static func worst(_ statuses: some Sequence<Status>) -> Status { statuses.min() ?? .notApplicable }
}

/// One thing a check found: a gap, a late document, an unfiled designation.
public struct Finding: Sendable, Hashable {
    public var text: Message
    /// The evidence record at fault, when there is one.
    public var record: String?
    public var location: SourceLocation?
    /// The department that owns the fix, when it differs from the task's owners.
    public var department: String?
    public var due: Day?
    /// Why the finding may still change: it rests on a year no State Council notice covers yet (暂定).
    public var provisional: Message?

    public init(
        _ text: Message, record: String? = nil, location: SourceLocation? = nil, department: String? = nil, due: Day? = nil, provisional: Message? = nil
    ) {
        self.provisional = provisional
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
    public var message: Message
    public var findings: [Finding]
    /// Ids of the evidence records the check used.
    public var evidence: [String]
    /// When the obligation falls due (for pending, the next moment it is due).
    public var due: Day?
    /// Open obligations for `gongkai due`: each with its date.
    public var obligations: [Obligation]
    /// Set when the status itself could change once next year's holiday notice is out (暂定): a failure that a
    /// plausible notice could undo, or a pass it could turn. A gate fails only on firm failures unless asked.
    public var provisional: Message?

    public init(
        _ status: Status, _ message: Message, findings: [Finding] = [], evidence: [String] = [], due: Day? = nil,
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

extension CheckOutcome {
    /// The outcome whose status waits for next year's holiday notice (暂定), saying why in its message too.
    public func markedProvisional(_ why: Message) -> CheckOutcome {
        var out = self
        out.provisional = why
        out.message = message + Message("（", " (") + why + Message("）", ")")
        return out
    }
}

/// An obligation not yet met, with the day it falls due.
public struct Obligation: Sendable, Hashable {
    public var key: String
    public var text: Message
    public var due: Day
    public var department: String?
    /// Set when the due day rests on a year no holiday notice covers yet.
    public var provisional: Message?
    public init(key: String, text: Message, due: Day, department: String? = nil, provisional: Message? = nil) {
        self.provisional = provisional
        self.key = key
        self.text = text
        self.due = due
        self.department = department
    }
}
