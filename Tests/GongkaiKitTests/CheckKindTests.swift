import Testing

@testable import GongkaiKit

/// Every registered kind's documented examples: adding a kind adds its tests.
@Suite struct CheckKindTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var kind: AnyCheckKind
        var example: CheckExample
        var testDescription: String { "\(kind.id): \(example.title)" }
    }

    static let cases = CheckRegistry.kinds.flatMap { k in k.examples.map { Case(kind: k, example: $0) } }

    @Test(arguments: cases)
    func example(_ c: Case) throws {
        let outcome = try ExampleRunner.run(c.example, kind: c.kind, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
        #expect(
            outcome.status == c.example.expected, "\(c.example.file):\(c.example.line) \(outcome.message.en)",
            sourceLocation: SourceLocation(fileID: "GongkaiKit/\(c.kind.id)", filePath: c.example.file, line: c.example.line, column: 1))
    }

    @Test func everyKindHasPassingAndFailingExamples() {
        for k in CheckRegistry.kinds {
            #expect(k.examples.contains { $0.expected == .pass }, "\(k.id) has no passing example")
            #expect(k.examples.contains { $0.expected == .fail }, "\(k.id) has no failing example")
        }
    }

    @Test func registryIdsAreUniqueAndAlphabetical() {
        let ids = CheckRegistry.kinds.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test func gazetteFindingNamesDocumentAndDaysOver() throws {
        let example = DeadlineCheck.examples.first { $0.title == "gazette one working day late" }!
        let outcome = try ExampleRunner.run(
            example, kind: CheckRegistry.kind("deadline")!, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
        #expect(outcome.findings.count == 1)
        #expect(outcome.findings[0].text.zh.contains("肇商务规〔2020〕3号"))
        #expect(outcome.findings[0].text.zh.contains("超期 1个工作日"))
    }

    @Test func calendarGapIsAnErrorNamingTheYear() throws {
        let example = CheckExample(
            "a deadline running into 2021, which the calendar does not cover", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: "- {id: N1, type: normative-document, department: 综合科, doc_no: X, title: Y, issued_on: 2020-12-30}", asOf: "2021-03-01", expect: .error)
        let cal = WorkCalendar(coveredYears: [2020], holidays: [:], workdays: [:])
        let outcome = try ExampleRunner.run(example, kind: CheckRegistry.kind("deadline")!, plan: plan2020, types: rules.types, calendar: cal, root: repoRoot)
        #expect(outcome.status == .error)
        #expect(outcome.message.zh.contains("2021"))
    }
}
