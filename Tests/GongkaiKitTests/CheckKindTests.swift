import Testing

@testable import GongkaiChecks
@testable import GongkaiCore

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

    @Test func halfYearPeriodsAreJanuaryToJuneAndJulyToDecember() throws {
        func day(_ m: Int, _ d: Int) throws -> Day { try #require(Day(year: 2024, month: m, day: d)) }
        let halves = PeriodicCheck.periods(.halfYear, in: DayRange(try day(1, 1), try day(12, 31)))
        #expect(halves.map(\.range) == [DayRange(try day(1, 1), try day(6, 30)), DayRange(try day(7, 1), try day(12, 31))])
        #expect(halves.map { $0.label.zh } == ["2024年上半年", "2024年下半年"])
        #expect(PeriodicCheck.Cadence(rawValue: "half-year") == .halfYear, "the plan's word for it")
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

    /// A deadline running into a year no notice covers is counted on the statutory holidays (issue 24): never an error.
    @Test func calendarGapIsProvisionalNotAnError() throws {
        let example = CheckExample(
            "a deadline running into 2021, which the calendar does not cover", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: "- {id: N1, type: normative-document, department: 综合科, doc_no: X, title: Y, issued_on: 2020-12-30}", asOf: "2021-03-01", expect: .fail)
        let cal = WorkCalendar(coveredYears: [2020], holidays: [:], workdays: [:])
        let outcome = try ExampleRunner.run(example, kind: CheckRegistry.kind("deadline")!, plan: plan2020, types: rules.types, calendar: cal, root: repoRoot)
        // 31 December, then 元旦 off by law, then 4–7 January: due 2021-01-07; not submitted by March, firmly late.
        #expect(outcome.status == .fail)
        #expect(outcome.findings.first?.due == day("2021-01-07"))
        #expect(outcome.findings.first?.provisional == nil)
        // Submitted on 8 January: a day late on the law alone, but a notice adding rest days could make it on time.
        let close = CheckExample(
            "submitted a day after the provisional deadline", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: "- {id: N1, type: normative-document, department: 综合科, doc_no: X, title: Y, issued_on: 2020-12-30, gazette_submitted_on: 2021-01-08}",
            asOf: "2021-03-01", expect: .fail)
        let provisional = try ExampleRunner.run(close, kind: CheckRegistry.kind("deadline")!, plan: plan2020, types: rules.types, calendar: cal, root: repoRoot)
        #expect(provisional.provisional != nil && provisional.findings.first?.provisional != nil)
    }
}

/// Who owns the 条例's duties a plan does not restate when gongkai.yaml names no disclosure office: the unit named as an
/// office, else one named as an office is abbreviated or a general office (said to be a guess), else the first unit.
@Suite struct StatutoryOwnerTests {
    @Test func theDisclosureOfficeIsFoundByItsName() {
        func office(_ units: [String]) -> (String?, Bool) {
            var plan = plan2020
            plan.departments = units
            let found = StatutoryBaseline.office(of: plan)
            return (found.name, found.guessed)
        }
        #expect(office(["区发改委", "区政府办公室"]) == ("区政府办公室", false))
        #expect(office(["区发改委", "区投促办", "区府办"]) == ("区府办", true))
        #expect(office(["区发改委", "区投促办"]) == ("区投促办", true))
        #expect(office(["业务股", "综合股"]) == ("综合股", true))
        #expect(office(["区发改委", "区商务委"]) == ("区发改委", true))
        #expect(office([]) == (nil, false))
    }
}
