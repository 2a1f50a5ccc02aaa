import Foundation

@testable import GongkaiChecks
@testable import GongkaiCore
@testable import GongkaiEvidence
@testable import GongkaiPlan

/// Runs a check kind's documented example against a plan: the test suite runs every one.
enum ExampleRunner {
    static func run(_ example: CheckExample, kind: AnyCheckKind, plan: Plan, types: TypeRegistry, calendar: WorkCalendar, root: URL) throws
        -> CheckOutcome
    {
        guard let paramNode = try YAMLSource.compose(example.parameters, file: "example") else {
            throw LoadIssue(SourceLocation(file: "example"), Message("", ""))
        }
        // Through the path a plan's check takes: parameters kept as written, then bound to the kind.
        let check = PlanCheck(id: kind.id, kind: kind.id, parameters: paramNode.jsonValue, location: SourceLocation(file: "example"))
        let bound = try CheckRegistry.bind(check).get()
        let config = FolderConfig(plan: plan.id, agency: nil, year: plan.year, calendar: calendar.mode, encodings: [:], timeZone: .current)
        let loader = EvidenceLoader(root: root, config: config, types: types, plan: plan)
        let result = loader.parse(Data(example.records.utf8), path: "example.yaml")
        let evidence = EvidenceSet(root: root, records: result.records, issues: result.issues, manifest: [], recordFileCount: 1)
        guard let task = plan.task(example.task), let asOf = Day.parse(example.asOf) else { throw LoadIssue(SourceLocation(file: "example"), Message("", "")) }
        return bound.evaluate(CheckContext(plan: plan, task: task, evidence: evidence.asOf(asOf), calendar: calendar, asOf: asOf))
    }
}
