import Foundation
import GongkaiCore
import GongkaiOffice

/// Everything loaded from an evidence folder: valid records, what was wrong, and the files used.
public struct EvidenceSet: Sendable {
    public var root: URL
    public var records: [EvidenceRecord]
    public var issues: [LoadIssue]
    /// Worth a look but not wrong: workbook sheets skipped (hidden, or of no known type), ledger columns not read.
    public var notes: [LoadIssue] = []
    /// Per ledger (`ledgerKey` of its rows' location): the fields its header has columns for. A record from a ledger
    /// without a column cannot record that field at all; one from a ledger with the column left it empty.
    public var ledgerColumns: [String: Set<String>] = [:]

    /// The ledger a row's location belongs to: its file, and the sheet of a workbook.
    public static func ledgerKey(_ location: SourceLocation) -> String { location.file + (location.sheet.map { "\u{1F}" + $0 } ?? "") }

    /// Whether the record came from a ledger whose header has no column for `field` (nil for a record not from a ledger).
    public func ledgerLacks(_ field: String, for record: EvidenceRecord) -> Bool {
        guard let fields = ledgerColumns[Self.ledgerKey(record.location)] else { return false }
        return !fields.contains(field)
    }
    public var manifest: [ManifestEntry]
    /// Files that hold records or ledgers.
    public var recordFileCount: Int
    /// Files that no record cites.
    public var unreferencedFiles: [String]
    /// The inflation budget of the run that loaded the folder: a check that reads one of its documents (the annual
    /// report's file) counts against it.
    public var inflation = InflationBudget()

    private var byType: [String: [Int]] = [:]
    private var byTask: [Int: [Int]] = [:]
    /// id → index in `records`; negative for an id whose first record was left out. The loader's set keeps the
    /// index assembly built instead.
    private var byID: [String: Int] = [:]
    private var ids: IDIndex?

    public init(
        root: URL, records: [EvidenceRecord], issues: [LoadIssue], manifest: [ManifestEntry], recordFileCount: Int,
        unreferencedFiles: [String] = []
    ) {
        self.root = root
        self.records = records
        self.issues = issues
        self.manifest = manifest
        self.recordFileCount = recordFileCount
        self.unreferencedFiles = unreferencedFiles
        for (i, r) in records.enumerated() {
            byType[r.type, default: []].append(i)
            for t in r.tasks { byTask[t, default: []].append(i) }
            byID[r.id] = i
        }
    }

    /// The loader's set: it indexed the records while checking them.
    init(
        root: URL, records: [EvidenceRecord], issues: [LoadIssue], manifest: [ManifestEntry], byType: [String: [Int]], byTask: [Int: [Int]],
        ids: IDIndex
    ) {
        self.root = root
        self.records = records
        self.issues = issues
        self.manifest = manifest
        self.recordFileCount = 0
        self.unreferencedFiles = []
        self.byType = byType
        self.byTask = byTask
        self.ids = ids
    }

    public func records(ofType type: String) -> [EvidenceRecord] { (byType[type] ?? []).map { records[$0] } }
    public func forEachRecord(ofType type: String, _ body: (EvidenceRecord) throws -> Void) rethrows {
        for i in byType[type] ?? [] { try body(records[i]) }
    }
    public func records(linkedTo task: Int) -> [EvidenceRecord] { (byTask[task] ?? []).map { records[$0] } }
    public func record(id: String) -> EvidenceRecord? { (ids.map { $0.index(of: id) } ?? byID[id]).flatMap { $0 >= 0 ? records[$0] : nil } }
    public var types: [String] { byType.keys.sorted() }

    /// Load problems that touch a check: records of its types, or records linked to its task.
    public func issues(types: Set<String>, task: Int?) -> [LoadIssue] {
        issues.filter { issue in
            if let t = issue.recordType, types.contains(t) { return true }
            if let task, issue.tasks.contains(task) { return true }
            return false
        }
    }
}
