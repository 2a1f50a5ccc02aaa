/// Disclosure requests answered within 20 working days of receipt, 40 when an extension was approved in
/// time (条例 art. 33). A request the agency asked, within 7 working days, to be completed runs from the day the
/// completed request arrived (art. 30); days spent consulting a third party, at most 15 working days, do not
/// count (arts. 32, 33). Summarises the ledger and lists each late request by number, never by applicant.
public struct RequestDeadlineCheck: CheckKind {
    public struct Parameters: Decodable, Sendable {
        public var type: String
        public var within: Int
        public var extension_: Int
        /// Working days after receipt within which a request to complete the application restarts the clock.
        public var correctionWithin: Int
        /// Working days a third party has to answer; consultation beyond it counts again.
        public var consultationMax: Int
        public var filter: FieldFilter?

        enum CodingKeys: String, CodingKey {
            case type, within, extension_ = "extension", correctionWithin = "correction_within", consultationMax = "consultation_max", filter = "where"
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? "disclosure-request"
            within = try c.decodeIfPresent(Int.self, forKey: .within) ?? 20
            extension_ = try c.decodeIfPresent(Int.self, forKey: .extension_) ?? 20
            correctionWithin = try c.decodeIfPresent(Int.self, forKey: .correctionWithin) ?? 7
            consultationMax = try c.decodeIfPresent(Int.self, forKey: .consultationMax) ?? 15
            filter = try c.decodeIfPresent(FieldFilter.self, forKey: .filter)
        }
    }

    public static let id = "request-deadline"
    public static let name = Text("依申请公开答复期限", "request answer deadline")
    public static let rationale = Text("条例第三十三条：自收到申请之日起20个工作日内答复；经批准延期的，延长期限最长不超过20个工作日；征求第三方意见所需时间不计算在内（第三十二条：第三方15个工作日内提出意见）。第三十条：申请内容不明确的，应在收到申请之日起7个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算。",
                                       "Regulation art. 33: answer within 20 working days of receipt; an approved extension adds at most 20 working days; time consulting a third party does not count (art. 32: the third party has 15 working days). Art. 30: an unclear request is returned for completion once, within 7 working days, and the period runs from the completed request.")
    public static let parameterNames = ["type", "within", "extension", "correction_within", "consultation_max", "where"]

    public static func lint(_ p: Parameters, task: Task, plan: Plan, types: TypeRegistry) -> [Text] {
        types[p.type] == nil ? [Text("证据类型 \(p.type) 不存在", "evidence type \(p.type) does not exist")] : []
    }

    /// The answer deadline of one request, whether an extension counted, and whether one came too late.
    public static func deadline(of r: EvidenceRecord, _ p: Parameters, calendar: WorkCalendar) throws(CalendarError) -> (due: Day, extended: Bool, extensionLate: Bool)? {
        guard let received = r.day("received_on") else { return nil }
        let t = try timing(of: r, received: received, p, calendar: calendar)
        return (t.due, t.extended, t.extensionLate)
    }

    /// How one request's period runs.
    struct Timing {
        var due: Day
        var extended = false
        var extensionLate = false
        /// Asked to complete the request within the limit, and no completed request yet: the clock is stopped.
        var awaitingCorrection = false
        /// Asked to complete the request after the limit: the period still runs from receipt.
        var correctionLate = false
        /// Working days of third-party consultation left out of the period.
        var consultationDays = 0

        var note: Text {
            var parts: [Text] = []
            if consultationDays > 0 { parts.append(Text("征求第三方意见 \(consultationDays) 个工作日不计入", "\(consultationDays) working days of third-party consultation not counted")) }
            if correctionLate { parts.append(Text("补正告知晚于收到后的期限，期限不重新计算", "the request to complete the application came too late, so the period was not restarted")) }
            if extensionLate { parts.append(Text("延期审批晚于原定期限，延期不计", "the extension was approved after the first deadline and does not count")) }
            guard !parts.isEmpty else { return Text("", "") }
            return Text("（" + parts.map(\.zh).joined(separator: "；") + "）", " (" + parts.map(\.en).joined(separator: "; ") + ")")
        }
    }

    static func timing(of r: EvidenceRecord, received: Day, _ p: Parameters, calendar: WorkCalendar) throws(CalendarError) -> Timing {
        var t = Timing(due: received)
        var start = received
        if let asked = r.day("correction_requested_on") {
            if asked <= (try calendar.addWorkingDays(p.correctionWithin, to: received)) {
                if let corrected = r.day("corrected_on") { start = max(corrected, received) } else { t.awaitingCorrection = true }
            } else {
                t.correctionLate = true
            }
        }
        if let sent = r.day("consultation_sent_on") {
            let limit = try calendar.addWorkingDays(p.consultationMax, to: sent)
            let back = min(r.day("consultation_answered_on") ?? limit, limit)
            t.consultationDays = max(0, try calendar.workingDays(from: sent, to: back))
        }
        let first = try calendar.addWorkingDays(p.within + t.consultationDays, to: start)
        t.due = first
        guard r.boolean("extended") == true else { return t }
        if let approved = r.day("extension_approved_on"), approved <= first {
            t.due = try calendar.addWorkingDays(p.within + p.extension_ + t.consultationDays, to: start)
            t.extended = true
        } else {
            t.extensionLate = true
        }
        return t
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: [p.type], linked: false) { return invalid }
        let period = ctx.period
        // Requests received in the plan year, and earlier ones still open at its start; each date read once.
        var requests: [(record: EvidenceRecord, received: Day, answered: Day?)] = []
        ctx.forEachRecord(ofType: p.type, where: p.filter) { r in
            guard let received = r.day("received_on"), received <= ctx.asOf else { return }
            let answered = r.day("answered_on")
            if period.contains(received) || (received < period.start && (answered.map { $0 >= period.start } ?? true)) {
                requests.append((r, received, answered))
            }
        }
        if requests.isEmpty {
            return CheckOutcome(.notApplicable, Text("计划年度内未收到政府信息公开申请", "no disclosure request received in the plan year"))
        }
        var onTime = 0, late = 0, openOverdue = 0, openNotDue = 0, awaitingCorrection = 0
        var findings: [Finding] = []
        var obligations: [Obligation] = []
        for (r, received, answered) in requests {
            do {
                let timing = try timing(of: r, received: received, p, calendar: ctx.calendar)
                // Waiting on the applicant: no period runs; an answer given meanwhile is never late.
                if timing.awaitingCorrection {
                    if answered == nil { awaitingCorrection += 1 } else { onTime += 1 }
                    continue
                }
                if let answered, answered <= timing.due { onTime += 1; continue }
                let number = r.string("request_no") ?? r.id
                let lateNote = timing.note
                if let answered {
                    late += 1
                    let over = try ctx.calendar.workingDays(from: timing.due, to: answered)
                    findings.append(Finding(Text("申请 \(number)：\(received) 收到，应于 \(timing.due) 前答复，实际 \(answered) 答复，超期 \(over) 个工作日", "request \(number): received \(received), due \(timing.due), answered \(answered), \(over) working days late") + lateNote,
                                            record: r.id, location: r.location, due: timing.due))
                } else if ctx.asOf > timing.due {
                    openOverdue += 1
                    let over = try ctx.calendar.workingDays(from: timing.due, to: ctx.asOf)
                    findings.append(Finding(Text("申请 \(number)：应于 \(timing.due) 前答复，至今未答复，已超期 \(over) 个工作日", "request \(number): due \(timing.due), still unanswered, \(over) working days overdue") + lateNote,
                                            record: r.id, location: r.location, due: timing.due))
                } else {
                    openNotDue += 1
                    obligations.append(Obligation(key: "request-\(number)", text: Text("答复申请 \(number)", "answer request \(number)"), due: timing.due))
                }
            } catch {
                let number = r.string("request_no") ?? r.id
                return CheckOutcome(.error, Text("申请 \(number)（\(r.location)）：", "request \(number) (\(r.location)): ") + error.text,
                                    findings: [Finding(error.text, record: r.id, location: r.location)])
            }
        }
        let waiting = awaitingCorrection > 0 ? Text("，等待申请人补正 \(awaitingCorrection) 件", ", \(awaitingCorrection) awaiting the applicant's completed request") : Text("", "")
        let summary = Text("共 \(requests.count) 件申请：按期答复 \(onTime) 件，逾期答复 \(late) 件，未答复 \(openOverdue + openNotDue) 件（其中已超期 \(openOverdue) 件）",
                           "\(requests.count) requests: \(onTime) answered on time, \(late) answered late, \(openOverdue + openNotDue) open (\(openOverdue) overdue)") + waiting
        // Thousands of rows: the findings list the late ones, the evidence list is the count, not every id.
        let evidence = requests.count <= 50 ? requests.map(\.record.id) : findings.compactMap(\.record)
        if !findings.isEmpty { return CheckOutcome(.fail, summary, findings: findings, evidence: evidence, due: findings.compactMap(\.due).min(), obligations: obligations) }
        if !obligations.isEmpty { return CheckOutcome(.pending, summary, evidence: evidence, due: obligations.map(\.due).min(), obligations: obligations) }
        return CheckOutcome(.pass, summary, evidence: evidence)
    }

    public static let examples: [CheckExample] = [
        CheckExample("answered within 20 working days", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, answered_on: 2020-03-27, outcome: 予以公开}
            """, expect: .pass),
        CheckExample("answered a day late", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, answered_on: 2020-03-31, outcome: 予以公开}
            """, expect: .fail),
        CheckExample("an extension approved in time gives 40 working days", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, answered_on: 2020-04-24, outcome: 部分公开, extended: true, extension_approved_on: 2020-03-20}
            """, expect: .pass),
        CheckExample("an extension approved too late does not count", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, answered_on: 2020-04-24, outcome: 部分公开, extended: true, extension_approved_on: 2020-04-10}
            """, expect: .fail),
        CheckExample("an open request not yet due", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-101, received_on: 2020-12-28, applicant_type: 自然人}
            """, asOf: "2021-01-05", expect: .pending),
        CheckExample("a request of 2020-12-28 answered in 2021 on time", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-101, received_on: 2020-12-28, applicant_type: 自然人, answered_on: 2021-01-25, outcome: 予以公开}
            """, expect: .pass),
        CheckExample("a request completed on 20 March runs from then: due 20 April (art. 30)", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, correction_requested_on: 2020-03-05, corrected_on: 2020-03-20, answered_on: 2020-04-15, outcome: 予以公开}
            """, expect: .pass),
        CheckExample("asking for completion after 7 working days does not restart the period", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, correction_requested_on: 2020-03-16, corrected_on: 2020-03-20, answered_on: 2020-04-15, outcome: 予以公开}
            """, expect: .fail),
        CheckExample("waiting for the applicant's completed request is not overdue", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-201, received_on: 2020-12-01, applicant_type: 自然人, correction_requested_on: 2020-12-03}
            """, asOf: "2021-01-20", expect: .pass),
        CheckExample("ten working days of third-party consultation do not count (arts. 32, 33)", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, consultation_sent_on: 2020-03-10, consultation_answered_on: 2020-03-24, answered_on: 2020-04-10, outcome: 部分公开}
            """, expect: .pass),
        CheckExample("consultation counts for at most 15 working days: due 21 April", task: 20, parameters: "{}", records: """
            - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, consultation_sent_on: 2020-03-03, consultation_answered_on: 2020-04-30, answered_on: 2020-04-24, outcome: 部分公开}
            """, expect: .fail),
    ]
}
