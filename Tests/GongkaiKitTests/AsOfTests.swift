import Foundation
import Testing

@testable import GongkaiChecks
@testable import GongkaiCore
@testable import GongkaiEvaluation
@testable import GongkaiReports

/// The as-of day is the day of the self-check: a fact dated later has not happened yet, and a deadline on the day is open.
@Suite struct AsOfTests {
    static let samples = ["zhaoqing-2020-complete", "zhaoqing-2020-gaps"].map { repoRoot.appendingPathComponent("Samples/\($0)") }

    /// Whether a status may follow another as the as-of day moves forward one day.
    static func allowed(_ from: Status, _ to: Status) -> Bool {
        switch from {
        // Late stays late: an answer or a record that comes later does not undo it.
        case .fail: [.fail, .waived, .error].contains(to)
        // A record never disappears as time passes: what applied or passed does not become not-applicable.
        case .pass, .pending: to != .notApplicable
        case .notApplicable, .waived, .error: true
        }
    }

    /// A year of random evidence: documents sent to the gazette within 0–10 days, requests answered within 5–45
    /// days (some with completion, consultation or fees), weekly-ish website patrols.
    static func generatedYear(seed: UInt64) throws -> URL {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let start = day("2020-01-01")
        var docs = ["doc_no,title,issued_on,gazette_submitted_on,department"]
        for i in 1...40 {
            let issued = start.adding(days: next(366))
            let sent = next(6) == 0 ? "" : issued.adding(days: next(11)).description
            docs.append("肇商务规〔2020〕\(i)号,文件\(i),\(issued),\(sent),综合科")
        }
        var requests = [
            "request_no,received_on,applicant_type,answered_on,outcome,correction_requested_on,correction_deadline,"
                + "consultation_sent_on,consultation_received_on,fee_notice_on,fee_paid_on,fee_amount"
        ]
        for i in 1...120 {
            let received = start.adding(days: next(366))
            let answered = next(8) == 0 ? "" : received.adding(days: 5 + next(41)).description
            var correction = ","
            var consultation = ","
            var fee = ",,"
            switch next(6) {
            case 0: correction = "\(received.adding(days: 2)),\(received.adding(days: 16))"
            case 1: consultation = "\(received.adding(days: 3)),\(received.adding(days: 5))"
            case 2: fee = "\(received.adding(days: 4)),\(next(2) == 0 ? received.adding(days: 9).description : ""),200"
            default: break
            }
            requests.append("G\(i),\(received),\(AnnualStatistics.applicantColumns[next(6)]),\(answered),予以公开,\(correction),\(consultation),\(fee)")
        }
        var patrols = ["kind,site,date,department"]
        var d = start
        while d <= day("2020-12-31") {
            patrols.append("patrol,局网站,\(d),办公室")
            d = d.adding(days: 3 + next(7))
        }
        return try makeFolder([
            "规范性文件/normative-document.csv": docs.joined(separator: "\n") + "\n",
            "依申请公开/disclosure-request.csv": requests.joined(separator: "\n") + "\n",
            "网站/website-check.csv": patrols.joined(separator: "\n") + "\n",
        ])
    }

    /// Evaluates every day from 1 January of the plan year to 31 March after it, asserting the properties.
    func sweep(_ folder: URL) throws {
        let evidence = try load(folder)
        let (waivers, _) = Waiver.load(root: folder, plan: plan2020, asOf: day("2021-12-31"))
        var previous: [String: Status] = [:]
        var previousTask: [Int: Status] = [:]
        var asOf = day("2020-01-01")
        var last: [TaskResult] = []
        while asOf <= day("2021-12-31") {
            let tasks = Evaluator.evaluate(plan: plan2020, evidence: evidence, calendar: rules.calendar, asOf: asOf, waivers: waivers)
            for t in tasks {
                for c in t.checks {
                    let key = c.check.stableName(task: t.task.no)
                    if c.status == .fail {
                        // Nothing fails on or before the day it falls due.
                        for f in c.outcome.findings {
                            if let due = f.due { #expect(due < asOf, "\(folder.lastPathComponent) \(key) as of \(asOf): \(f.text.zh)") }
                        }
                        if let due = c.outcome.due { #expect(due < asOf, "\(folder.lastPathComponent) \(key) as of \(asOf): due \(due)") }
                    }
                    if let before = previous[key] {
                        #expect(
                            Self.allowed(before, c.status), "\(folder.lastPathComponent) \(key): \(before) → \(c.status) on \(asOf): \(c.outcome.message.zh)")
                    }
                    previous[key] = c.status
                }
                if let before = previousTask[t.task.no] {
                    #expect(Self.allowed(before, t.status), "\(folder.lastPathComponent) task \(t.task.no): \(before) → \(t.status) on \(asOf)")
                }
                previousTask[t.task.no] = t.status
            }
            let e = Evaluation(
                plan: plan2020, agency: "", asOf: asOf, tasks: tasks, evidence: evidence.asOf(asOf), planIssues: [], waiverIssues: [],
                provenance: Provenance(tool: "", version: "", planFile: "", planSHA256: "", generatedAt: ""), types: rules.types, calendar: rules.calendar)
            for item in e.dueItems() {
                #expect(!item.overdue || item.due < asOf, "\(folder.lastPathComponent) overdue on or before its day: \(item.key) due \(item.due) as of \(asOf)")
            }
            last = tasks
            asOf = asOf.adding(days: asOf < day("2021-04-01") ? 1 : 30)
        }
        // The sweep's end gives today's result.
        let today = Evaluator.evaluate(
            plan: plan2020, evidence: evidence, calendar: rules.calendar, asOf: Day.today(timeZone: TimeZone(identifier: "Asia/Shanghai")!), waivers: waivers)
        #expect(today.map { $0.checks.map(\.status) } == last.map { $0.checks.map(\.status) })
    }

    @Test(arguments: samples)
    func everyDayOfTheSampleYear(_ folder: URL) throws { try sweep(folder) }

    @Test func everyDayOfAGeneratedYear() throws { try sweep(try Self.generatedYear(seed: 14)) }

    /// issue 14's first reproduction: as of 1 June 2019 nothing of 2020 has happened, so task 27 is not late.
    @Test func nothingOfTheYearHasHappenedBeforeIt() throws {
        let evaluation = try Pipeline(rules: rules).run(folder: Self.samples[1], options: .init(asOf: day("2019-06-01")))
        #expect(!evaluation.checks.contains { $0.status == .fail })
        #expect(evaluation.evidence.records.allSatisfy { ($0.date ?? day("2019-01-01")) <= day("2019-06-01") })
        let gazette = try #require(evaluation.tasks.first { $0.task.no == 27 })
        #expect(!gazette.checks.contains { $0.outcome.message.zh.contains("超期") || $0.outcome.findings.contains { $0.text.zh.contains("超期") } })
    }

    /// The second: as of 1 December 2020 a deadline of 7 December is due in six days, not overdue.
    @Test func aLaterDeadlineIsNotOverdue() throws {
        let evaluation = try Pipeline(rules: rules).run(folder: Self.samples[1], options: .init(asOf: day("2020-12-01")))
        let items = evaluation.dueItems()
        #expect(!items.contains { $0.overdue && $0.due >= day("2020-12-01") })
        let report = String(decoding: DueReport(items: items, evaluation: evaluation).text(.zh), as: UTF8.self)
        #expect(!report.contains("2020-12-07 【已逾期】"))
    }

    /// A deadline on the as-of day is open: due today, pending; it fails the next day.
    @Test func aDeadlineOnTheDayIsDueToday() throws {
        let records = "- {id: N1, type: normative-document, department: 综合科, doc_no: 肇商务规〔2020〕3号, title: 某管理办法, issued_on: 2020-09-25}"
        let kind = try #require(CheckRegistry.kind("deadline"))
        let parameters = "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}"
        // 5 working days after Fri 25 Sep: Sun 27 Sep (worked), 28, 29, 30 Sep, and Fri 9 Oct after the holiday.
        let onTheDay = try ExampleRunner.run(
            CheckExample("", task: 27, parameters: parameters, records: records, asOf: "2020-10-09", expect: .pending),
            kind: kind, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
        #expect(onTheDay.status == .pending)
        #expect(onTheDay.obligations.map(\.due) == [day("2020-10-09")])
        let next = try ExampleRunner.run(
            CheckExample("", task: 27, parameters: parameters, records: records, asOf: "2020-10-10", expect: .fail),
            kind: kind, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
        #expect(next.status == .fail)
        // A submission dated after the as-of day has not happened yet.
        let later = records.replacingOccurrences(of: "}", with: ", gazette_submitted_on: 2020-10-09}")
        let before = try ExampleRunner.run(
            CheckExample("", task: 27, parameters: parameters, records: later, asOf: "2020-10-08", expect: .pending),
            kind: kind, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
        #expect(before.status == .pending)
    }

    @Test func dueTodayIsWordedSo() throws {
        let evaluation = try Pipeline(rules: rules).run(folder: Self.samples[1], options: .init(asOf: day("2020-12-07")))
        // Task 27: 肇商务规〔2020〕4号 is due at the gazette on 7 December.
        let items = evaluation.dueItems().filter { !$0.overdue && $0.due == day("2020-12-07") }
        #expect(!items.isEmpty)
        let report = String(decoding: DueReport(items: items, evaluation: evaluation).text(.zh), as: UTF8.self)
        #expect(report.contains("（今天到期）"))
        #expect(!report.contains("【已逾期】"))
    }

    /// A waiver approved after the as-of day was not in force on it: `Waiver.load`, the path `check` takes, refuses
    /// it at its line; on and after its day it loads and the evaluator applies it.
    @Test func aWaiverApprovedLaterIsRefusedWhereItIsWritten() throws {
        let folder = try makeFolder([
            "waivers.yaml": "- task: 27\n  reason: r\n  approved_by: 局长\n  approved_on: 2021-01-10\n  expires: 2021-06-30\n"
        ])
        let (early, refused) = Waiver.load(root: folder, plan: plan2020, asOf: day("2021-01-09"))
        #expect(early.isEmpty)
        #expect(refused.count == 1 && refused.first?.location.line == 1 && refused.first?.message.zh.contains("晚于检查日 2021-01-09") == true)
        let (waivers, issues) = Waiver.load(root: folder, plan: plan2020, asOf: day("2021-01-10"))
        #expect(issues.isEmpty && waivers.count == 1)
        let evidence = try load(Self.samples[1])
        let after = Evaluator.evaluate(plan: plan2020, evidence: evidence, calendar: rules.calendar, asOf: day("2021-01-10"), waivers: waivers)
        let without = Evaluator.evaluate(plan: plan2020, evidence: evidence, calendar: rules.calendar, asOf: day("2021-01-10"))
        #expect(without.first { $0.task.no == 27 }?.status == .fail)
        #expect(after.first { $0.task.no == 27 }?.status == .waived)
    }
}
