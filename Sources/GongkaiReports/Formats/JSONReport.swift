import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiPlan
import GongkaiRubric

/// The documented, stable JSON schema (see README, "JSON report"). Its types are Codable: `--baseline` and `verify`
/// read a report back through the same types that wrote it.
public struct JSONReport: ReportWriter {
    /// With `check --rubric`: the self-assessment, written under the key `score` as `score --format json` writes it.
    public var scorecard: Scorecard?
    public init(scorecard: Scorecard? = nil) { self.scorecard = scorecard }

    /// The report with the self-assessment beside its keys.
    private struct Scored: Encodable {
        var report: Report
        var score: ScorecardReport.ScorecardJSON
        enum Key: String, CodingKey { case score }
        func encode(to encoder: Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(score, forKey: .score)
        }
    }

    struct Report: Codable {
        var schemaVersion = 1
        var tool: ToolInfo
        var plan: String
        var planTitle: String
        var planFile: String
        var planSha256: String
        var agency: String
        var year: Int
        var asOf: String
        var lang: String
        var compliant: Bool
        var summary: [String: Int]
        var departments: [Department]
        var tasks: [TaskJSON]
        var errors: [ErrorJSON]
        /// Sheets and columns not read (hidden, of no known type, unknown headings): worth a look, not errors.
        var notes: [ErrorJSON]
        var evidence: EvidenceJSON
        var provenance: ProvenanceJSON
        var baseline: BaselineJSON?
    }
    struct BaselineJSON: Codable {
        var new: Int
        var unchanged: Int
        var resolved: [ResolvedJSON]
        var newErrors: Int
    }
    struct ResolvedJSON: Codable {
        var name: String
        var message: String
    }
    struct ToolInfo: Codable {
        var name: String
        var version: String
    }
    struct Department: Codable {
        var department: String
        var owned: Int
        var failing: Int
        var pending: Int
    }
    /// The plan's own fields of a task (shared with `plan show`), then its result.
    struct TaskJSON: Codable {
        var task: PlanTaskJSON
        var status: String
        var evidence: [String]
        var checks: [CheckJSON]

        enum CodingKeys: String, CodingKey { case status, evidence, checks }
        init(task: PlanTaskJSON, status: String, evidence: [String], checks: [CheckJSON]) {
            self.task = task
            self.status = status
            self.evidence = evidence
            self.checks = checks
        }
        init(from decoder: Decoder) throws {
            task = try PlanTaskJSON(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = try c.decode(String.self, forKey: .status)
            evidence = try c.decode([String].self, forKey: .evidence)
            checks = try c.decode([CheckJSON].self, forKey: .checks)
        }
        func encode(to encoder: Encoder) throws {
            try task.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(checks, forKey: .checks)
        }
    }
    struct CheckJSON: Codable {
        var id: String
        var name: String
        var kind: String
        var status: String
        var message: String
        var due: String?
        var evidence: [String]
        var findings: [FindingJSON]
        var parameters: JSONValue
        var file: String
        var line: Int?
        var waiver: WaiverJSON?
        var baseline: BaselineState?
        /// Why the status may still change (next year's holiday notice not out yet); absent when firm.
        var provisional: String? = nil

        enum CodingKeys: String, CodingKey {
            case id, name, kind, status, message, due, evidence, findings, parameters, file, line, waiver, baseline, provisional
        }
        /// Optional fields are written as null, so every check has the same keys.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(due, forKey: .due)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(findings, forKey: .findings)
            try c.encode(parameters, forKey: .parameters)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(waiver, forKey: .waiver)
            if let baseline { try c.encode(baseline, forKey: .baseline) }
            if let provisional { try c.encode(provisional, forKey: .provisional) }
        }
    }
    struct FindingJSON: Codable {
        var message: String
        var record: String?
        var file: String?
        var line: Int?
        var department: String?
        var due: String?
        /// Why the finding may still change; absent when firm.
        var provisional: String? = nil
    }
    struct WaiverJSON: Codable {
        var reason: String
        var approvedBy: String
        var approvedOn: String
        var expires: String
        var expired: Bool
    }
    struct ErrorJSON: Codable {
        var file: String
        var line: Int?
        var column: Int?
        var message: String
        /// In a workbook: the sheet, the cell (`C12`), and the whole place as shown in text (`a.xlsx › 台账 › C12`).
        var sheet: String? = nil
        var cell: String? = nil
        var location: String? = nil
        init(_ issue: LoadIssue, lang: Lang) {
            file = issue.location.file
            line = issue.location.line
            column = issue.location.column
            message = issue.message(lang)
            sheet = issue.location.sheet
            cell = issue.location.cell
            location = issue.location.sheet == nil ? nil : issue.location.description
        }
    }
    struct EvidenceJSON: Codable {
        var records: Int
        var recordFiles: Int
        var manifest: [ManifestEntry]
        var unreferencedFiles: [String]
    }
    struct ProvenanceJSON: Codable {
        var gitCommit: String?
        var gitDirty: Bool?
        var generatedAt: String
    }

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        let summary = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, e.summary[$0] ?? 0) })
        let report = Report(
            tool: ToolInfo(name: e.provenance.tool, version: e.provenance.version),
            plan: e.plan.id, planTitle: e.plan.title, planFile: e.plan.file, planSha256: e.plan.sha256,
            agency: e.agency, year: e.plan.year, asOf: e.asOf.description, lang: lang.rawValue, compliant: e.isCompliant(),
            summary: summary,
            departments: e.departmentSummary().map { Department(department: $0.department, owned: $0.owned, failing: $0.failing, pending: $0.pending) },
            tasks: e.tasks.map { t in
                TaskJSON(
                    task: PlanTaskJSON(t.task), status: t.status.rawValue, evidence: t.evidence,
                    checks: t.checks.map { c in
                        CheckJSON(
                            id: c.check.id, name: c.check.stableName(task: t.task.no), kind: c.check.kind, status: c.status.rawValue,
                            message: c.outcome.message(lang), due: c.outcome.due?.description, evidence: c.outcome.evidence,
                            findings: c.outcome.findings.map {
                                FindingJSON(
                                    message: $0.text(lang), record: $0.record, file: $0.location?.file, line: $0.location?.line, department: $0.department,
                                    due: $0.due?.description, provisional: $0.provisional?(lang))
                            },
                            parameters: c.check.parameters, file: c.check.location.file, line: c.check.location.line,
                            waiver: c.waiver.map {
                                WaiverJSON(
                                    reason: $0.reason, approvedBy: $0.approvedBy, approvedOn: $0.approvedOn.description, expires: $0.expires.description,
                                    expired: c.waiverExpired)
                            },
                            baseline: e.baseline?.checks[c.check.stableName(task: t.task.no)], provisional: c.outcome.provisional?(lang))
                    })
            },
            errors: e.errors.map { ErrorJSON($0, lang: lang) }, notes: e.evidence.notes.map { ErrorJSON($0, lang: lang) },
            evidence: EvidenceJSON(
                records: e.evidence.records.count, recordFiles: e.evidence.recordFileCount, manifest: e.evidence.manifest,
                unreferencedFiles: e.evidence.unreferencedFiles),
            provenance: ProvenanceJSON(gitCommit: e.provenance.gitCommit, gitDirty: e.provenance.gitDirty, generatedAt: e.provenance.generatedAt),
            baseline: e.baseline.map { b in
                BaselineJSON(
                    new: b.checks.values.filter { $0 == .new }.count, unchanged: b.checks.values.filter { $0 == .unchanged }.count,
                    resolved: b.resolved.map { ResolvedJSON(name: $0.name, message: $0.message) }, newErrors: b.newErrors)
            })
        guard let scorecard else { return try Self.encoder.encode(report) + Data("\n".utf8) }
        return try Self.encoder.encode(Scored(report: report, score: ScorecardReport.document(scorecard))) + Data("\n".utf8)
    }

    /// A report written by `render`, read back through the same types; nil when the file is not one.
    static func read(_ url: URL) -> Report? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(Report.self, from: data)
    }

    package static var encoder: JSONEncoder {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return enc
    }
}

/// A task's fields as the plan states them, written alike by `check`'s JSON report and `plan show --format json`.
struct PlanTaskJSON: Codable {
    var no: Int
    var section: String
    var sectionTitle: String
    var item: String
    var itemTitle: String
    var requirement: String
    var responsibility: String
    var lead: [String]
    var responsible: [String]
    var cooperating: [String]
    /// For a duty of the statutory baseline: the articles that impose it (absent for the plan's own tasks).
    var statutory: String?

    init(_ t: PlanTask) {
        no = t.no
        section = t.sectionNo
        sectionTitle = t.sectionTitle
        item = t.itemNo
        itemTitle = t.itemTitle
        requirement = t.requirement
        responsibility = t.responsibility
        lead = t.lead
        responsible = t.responsible
        cooperating = t.cooperating
        statutory = t.statutory
    }
}
