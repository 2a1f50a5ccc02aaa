import Foundation
import Testing

@testable import GongkaiChecks

@Suite struct RequestLedgerTests {
    /// 3,000 requests through 2020; every 97th answered 2 working days late, every 500th still open.
    @Test func generatedLedgerWithKnownLateOnes() throws {
        let cal = rules.calendar
        var rows = ["request_no,received_on,applicant_type,applicant_name,applicant_id_no,answered_on,outcome"]
        var expectedLate = Set<String>()
        var expectedOpenOverdue = Set<String>()
        var received = day("2020-01-02")
        for i in 1...3000 {
            let no = "R\(i)"
            let due = try cal.addWorkingDays(20, to: received)
            var answered = try cal.addWorkingDays(i % 20 + 1, to: received).description
            if i % 97 == 0 {
                answered = try cal.addWorkingDays(22, to: received).description
                expectedLate.insert(no)
            }
            if i % 500 == 0 {
                answered = ""
                if due < day("2021-03-01") { expectedOpenOverdue.insert(no) }
            }
            rows.append("\(no),\(received),自然人,张\(i),44010119800101\(String(format: "%04d", i)),\(answered),予以公开")
            if i % 9 == 0 { received = received.adding(days: 1) }
            if received > day("2020-12-28") { received = day("2020-12-28") }
        }
        let folder = try makeFolder(["disclosure-request.csv": rows.joined(separator: "\n") + "\n"])
        let evidence = try load(folder)
        #expect(evidence.issues.isEmpty)
        #expect(evidence.records.count == 3000)
        let task = try #require(plan2020.task(20))
        let outcome = try #require(task.checks.first { $0.kind == "request-deadline" }).bound
            .evaluate(CheckContext(plan: plan2020, task: task, evidence: evidence, calendar: cal, asOf: day("2021-03-01")))
        #expect(outcome.status == .fail)
        let flagged = Set(outcome.findings.compactMap { f in f.text.en.split(separator: ":").first.map { String($0.dropFirst("request ".count)) } })
        #expect(flagged == expectedLate.union(expectedOpenOverdue))
        #expect(outcome.message.en.contains("3000 requests"))
        #expect(outcome.message.en.contains("\(expectedLate.count) answered late"))
        // The ledger's personal data is gone before any report could see it.
        #expect(!outcome.findings.contains { $0.text.zh.contains("张") })
    }
}
