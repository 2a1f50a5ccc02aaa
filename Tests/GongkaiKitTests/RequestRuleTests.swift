import Foundation
import Testing

@testable import GongkaiChecks

/// 条例 arts. 30–34 and 国办函〔2020〕109号, each rule on a hand-computed case at a working-day edge around a holiday of
/// Rules/calendars/cn.yaml (国庆节 2020-10-01..08 with 2020-09-27 and 2020-10-10 worked, 春节 2020-01-24..02-02,
/// 劳动节 2020-05-01..05 with 05-09 worked, 端午节 2020-06-25..27 with 06-28 worked).
@Suite struct RequestRuleTests {
    func outcome(_ fields: String, asOf: String) throws -> CheckOutcome {
        let records = "- {id: Q1, type: disclosure-request, request_no: 2020-001, applicant_type: 自然人, \(fields)}"
        let example = CheckExample("case", task: 20, parameters: "{}", records: records, asOf: asOf, expect: .pass)
        let kind = try #require(CheckRegistry.kind("request-deadline"))
        return try ExampleRunner.run(example, kind: kind, plan: plan2020, types: rules.types, calendar: rules.calendar, root: repoRoot)
    }

    func timing(_ fields: String, asOf: String) throws -> RequestDeadlineCheck.Timing {
        let folder = try makeFolder(["r.yaml": "- {id: Q1, type: disclosure-request, request_no: 2020-001, applicant_type: 自然人, \(fields)}\n"])
        let evidence = try load(folder).asOf(day(asOf))
        #expect(evidence.issues.isEmpty, "\(evidence.issues)")
        let r = try #require(evidence.records.first)
        return try #require(try RequestDeadlineCheck.timing(of: r, .standard, calendar: rules.calendar, asOf: day(asOf)))
    }

    // Art. 31: online, received Mon 28 Sep, confirmed Wed 30 Sep; 20 working days after 30 Sep skip 1–8 Oct and
    // count Sat 10 Oct: Oct 9, 10, 12–16, 19–23, 26–30, Nov 2, 3, 4 → due 4 Nov (from 28 Sep it would be 2 Nov).
    @Test func onlineRequestRunsFromTheConfirmedDay() throws {
        let t = try timing("channel: 网络, received_on: 2020-09-28, confirmed_on: 2020-09-30", asOf: "2021-01-01")
        #expect(t.due == day("2020-11-04"))
        #expect(t.basis.contains { $0.zh.contains("条例第三十一条") })
        #expect(
            try outcome("channel: 网络, received_on: 2020-09-28, confirmed_on: 2020-09-30, answered_on: 2020-11-04, outcome: 予以公开", asOf: "2021-01-01").status
                == .pass)
        // In person the day of submission counts: the same answer is two working days late.
        let inPerson = try outcome("channel: 当面, received_on: 2020-09-28, answered_on: 2020-11-04, outcome: 予以公开", asOf: "2021-01-01")
        #expect(inPerson.status == .fail)
        #expect(inPerson.findings.first?.text.zh.contains("应于 2020-11-02 前答复") == true)
        #expect(inPerson.findings.first?.text.zh.contains("超期 2 个工作日") == true)
    }

    @Test func aMissingConfirmationIsAFindingNotAGuess() throws {
        let o = try outcome("channel: 传真, received_on: 2020-09-28, answered_on: 2020-10-09, outcome: 予以公开", asOf: "2021-01-01")
        #expect(o.status == .fail)
        #expect(o.findings.count == 1)
        #expect(o.findings[0].text.zh.contains("第三十一条"))
        #expect(o.findings[0].text.zh.contains("confirmed_on"))
    }

    // Art. 30: asked on 3 Dec (within 7 working days: by 10 Dec) to complete by 17 Dec; never completed.
    @Test func aRequestNotCompletedByItsDeadlineIsWithdrawnNotLate() throws {
        let fields = "received_on: 2020-12-01, correction_requested_on: 2020-12-03, correction_deadline: 2020-12-17"
        let onTheDay = try outcome(fields, asOf: "2020-12-17")
        #expect(onTheDay.status == .pending)
        #expect(onTheDay.obligations.map(\.due) == [day("2020-12-17")])
        let after = try outcome(fields, asOf: "2020-12-18")
        #expect(after.status == .pass)
        #expect(after.message.zh.contains("视为放弃申请 1 件"))
        let t = try timing(fields, asOf: "2021-03-01")
        #expect(t.state == .closed(.notCorrected, on: day("2020-12-18")))
        #expect(t.basis.contains { $0.zh.contains("条例第三十条") })
        // Completed in time: the period runs from the completed request (17 Dec + 20 working days, 1–3 Jan 2021 off: 15 Jan).
        let corrected = try timing(fields + ", corrected_on: 2020-12-17", asOf: "2021-03-01")
        #expect(corrected.state == .running)
        #expect(corrected.due == day("2021-01-15"))
    }

    // Art. 32: the third party received the letter on Fri 25 Sep; its 15 working days run from then (27 Sep and 10 Oct
    // worked, 1–8 Oct off) to 22 Oct; sent 22 Sep, no answer: (22 Sep, 22 Oct] holds 18 working days left out.
    // Received Mon 21 Sep: 38 working days → 18 Nov. Counting from the day sent would have closed on 19 Oct.
    @Test func thirdPartyPeriodRunsFromItsReceipt() throws {
        let fields = "received_on: 2020-09-21, consultation_sent_on: 2020-09-22, consultation_received_on: 2020-09-25"
        let t = try timing(fields, asOf: "2021-01-01")
        #expect(t.due == day("2020-11-18"))
        #expect(t.basis.contains { $0.zh.contains("条例第三十二条、第三十三条第二款：征求第三方意见 18 个工作日不计入") })
        #expect(try outcome(fields + ", answered_on: 2020-11-18, outcome: 部分公开", asOf: "2021-01-01").status == .pass)
        let late = try outcome(fields + ", answered_on: 2020-11-19, outcome: 部分公开", asOf: "2021-01-01")
        #expect(late.status == .fail)
        #expect(late.findings[0].text.zh.contains("18 个工作日不计入"))
    }

    // Arts. 34, 33 ¶2: another agency consulted 27 Apr, answered 8 May: Apr 28–30, May 6–8 are 6 working days
    // (1–5 May off, Sat 9 May after the answer). Received 20 Apr: 26 working days → 27 May (19 May without).
    @Test func agencyConsultationIsLeftOut() throws {
        let fields = "received_on: 2020-04-20, agency_consultation_sent_on: 2020-04-27, agency_consultation_answered_on: 2020-05-08"
        let t = try timing(fields, asOf: "2021-01-01")
        #expect(t.due == day("2020-05-27"))
        #expect(t.basis.contains { $0.zh.contains("条例第三十四条、第三十三条第二款：征求其他机关意见 6 个工作日不计入") })
        #expect(try outcome(fields + ", answered_on: 2020-05-27, outcome: 予以公开", asOf: "2021-01-01").status == .pass)
        #expect(try outcome(fields + ", answered_on: 2020-05-28, outcome: 予以公开", asOf: "2021-01-01").status == .fail)
    }

    // Art. 33: received Mon 6 Jan; 20 working days over the Spring Festival (19 Jan worked, 24 Jan–2 Feb off) end 10 Feb;
    // 40 end 9 Mar. The extension counts only when approved and notified by 10 Feb.
    @Test func anExtensionCountsOnlyWhenNotifiedInTheFirstPeriod() throws {
        let base = "received_on: 2020-01-06, extended: true, extension_approved_on: 2020-02-05, answered_on: 2020-03-09, outcome: 予以公开"
        let onTheLastDay = try timing(base + ", extension_notified_on: 2020-02-10", asOf: "2021-01-01")
        #expect(onTheLastDay.extended)
        #expect(onTheLastDay.due == day("2020-03-09"))
        #expect(try outcome(base + ", extension_notified_on: 2020-02-10", asOf: "2021-01-01").status == .pass)
        let dayAfter = try outcome(base + ", extension_notified_on: 2020-02-11", asOf: "2021-01-01")
        #expect(dayAfter.status == .fail)
        #expect(dayAfter.findings[0].text.zh.contains("应于 2020-02-10 前答复"))
        #expect(dayAfter.findings[0].text.zh.contains("延期未在原定期限 2020-02-10 前告知申请人"))
    }

    // 国办函〔2020〕109号: notice Fri 5 Jun, paid Fri 12 Jun: Jun 8–12 are 5 working days left out; received Mon 1 Jun,
    // 25 working days over 端午 (25–27 Jun off, Sun 28 Jun worked) → 7 Jul. Unpaid, the notice's 20 working days end 6 Jul.
    @Test func feeNoticeToPaymentIsLeftOutAndAnUnpaidFeeClosesTheRequest() throws {
        let paid = "received_on: 2020-06-01, fee_notice_on: 2020-06-05, fee_paid_on: 2020-06-12, fee_amount: 300"
        #expect(try timing(paid, asOf: "2021-01-01").due == day("2020-07-07"))
        #expect(try outcome(paid + ", answered_on: 2020-07-07, outcome: 予以公开", asOf: "2021-01-01").status == .pass)
        let late = try outcome(paid + ", answered_on: 2020-07-08, outcome: 予以公开", asOf: "2021-01-01")
        #expect(late.status == .fail)
        #expect(late.findings[0].text.zh.contains("国办函〔2020〕109号：收费通知 2020-06-05 至缴费 2020-06-12 的 5 个工作日不计入"))
        let unpaid = "received_on: 2020-06-01, fee_notice_on: 2020-06-05, fee_amount: 300"
        let waiting = try outcome(unpaid, asOf: "2020-07-06")
        #expect(waiting.status == .pending)
        #expect(waiting.obligations.map(\.due) == [day("2020-07-06")])
        let closed = try outcome(unpaid, asOf: "2020-07-07")
        #expect(closed.status == .pass)
        #expect(closed.findings.isEmpty)
        #expect(try timing(unpaid, asOf: "2020-07-07").state == .closed(.feeUnpaid, on: day("2020-07-07")))
    }

    /// A payment recorded after the as-of day has not happened yet: the request waits, it is not answered late.
    @Test func aPaymentAfterTheAsOfDayIsNotKnownYet() throws {
        let t = try timing("received_on: 2020-06-01, fee_notice_on: 2020-06-05, fee_paid_on: 2020-06-12", asOf: "2020-06-10")
        let waiting = if case .waiting = t.state { true } else { false }
        #expect(waiting, "\(t.state)")
    }
}
