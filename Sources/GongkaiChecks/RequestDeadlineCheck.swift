import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// Disclosure requests answered in time, to the letter of the 条例 (arts. 30–34) and of 国办函〔2020〕109号:
/// - art. 31: the day a request counts as received depends on how it came (`channel`): for 平常信函, 网络 (and e-mail, an
///   internet channel) and 传真 it is the day confirmed with the applicant (`confirmed_on`); without it nothing is guessed.
/// - art. 30: a request for completion within 7 working days of receipt restarts the period on the day the completed
///   request arrives; one not completed by the `correction_deadline` the agency set counts as withdrawn (其他处理 1).
/// - art. 33: 20 working days, plus at most 20 when the head of the disclosure office approved an extension and the
///   applicant was told (`extension_notified_on`), both within the first period.
/// - art. 33 ¶2 with art. 32 (third party, 15 working days from its receipt, `consultation_received_on`) and art. 34
///   (other agencies, 15 working days): consultation time is left out.
/// - 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号): fees only above the thresholds of its arts. 3–5; the agency
///   sends a fee notice, the applicant pays within 20 working days of the day after receiving it, or the request counts as
///   withdrawn (其他处理 2); the time from the notice to the payment is not counted in the answer period.
/// Summarises the ledger and lists each late request by number, never by applicant; every finding names the articles it
/// applied and the days it left out.
public struct RequestDeadlineCheck: CheckKind {
    public struct Parameters: CheckParameters {
        public var type = "disclosure-request"
        public var within = 20
        public var extensionDays = 20
        /// Working days after receipt within which a request to complete the application restarts the clock.
        public var correctionWithin = 7
        /// Working days a third party (art. 32) or another agency (art. 34) has to answer; consultation beyond it counts again.
        public var consultationMax = 15
        /// Working days the applicant has to pay a fee notice (国办函〔2020〕109号).
        public var feePayWithin = 20
        public var filter: FieldFilter?

        /// The defaults of the 条例 and the 办法, for the statistics.
        public static let standard = Parameters()
        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [
                .optional("type", \.type), .optional("within", \.within), .optional("extension", \.extensionDays),
                .optional("correction_within", \.correctionWithin), .optional("consultation_max", \.consultationMax),
                .optional("fee_pay_within", \.feePayWithin), .optional("where", \.filter),
            ]
        }
    }

    public static let id = "request-deadline"
    public static let name = Message("依申请公开答复期限", "request answer deadline")
    public static let rationale = Message(
        "条例第三十三条：自收到申请之日起20个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长最长不" + "超过20个工作日；征求第三方和其他机关意见所需时间不计算在内（第三十二条：第三方自收到征求意见之日起15个工作日内提出意"
            + "见；第三十四条：被征求意见机关15个工作日内提出意见）。第三十条：申请内容不明确的，应在收到申请之日起7个工作日内一次性" + "告知补正，答复期限自收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请。第三十一条：平常信函、互联网渠道、传"
            + "真提交的，以双方确认之日为收到申请之日。国办函〔2020〕109号《政府信息公开信息处理费管理办法》：申请人应在收到收费" + "通知次日起20个工作日内缴费，逾期未缴视为放弃申请；自发出收费通知至缴费之日不计入答复期限。",
        "Regulation art. 33: answer within 20 working days of receipt; an extension approved by the head of the disclosure office "
            + "and notified to the applicant adds at most 20; time consulting third parties or other agencies is left out (art. 32: a "
            + "third party has 15 working days from its receipt; art. 34: another agency 15). Art. 30: an unclear request is returned "
            + "for completion once, within 7 working days, and the period runs from the completed request; a request not completed in "
            + "time counts as withdrawn. Art. 31: for ordinary mail, internet and fax the receipt day is the day both sides confirmed. "
            + "The fee rules (the State Council General Office letter Guo Ban Han [2020] No. 109): a fee is paid within 20 working "
            + "days of the day after the notice, or the request counts as withdrawn; the notice-to-payment time is not counted.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        types[p.type] == nil ? [Message("证据类型 \(p.type) 不存在", "evidence type \(p.type) does not exist")] : []
    }

    /// Channels whose receipt day is the day both sides confirmed (条例第三十一条第二、三项).
    public static let confirmedChannels: Set<String> = ["平常信函", "网络", "传真", "电子邮件"]

    /// Why a request left the agency's hands without an answer: the statistics count it under （六）其他处理.
    public enum Closure: Sendable, Hashable {
        /// Not completed by the agency's deadline (条例第三十条): 其他处理 1.
        case notCorrected
        /// The fee not paid in the notice's period (国办函〔2020〕109号): 其他处理 2.
        case feeUnpaid
    }

    /// How one request's period runs, as of a day.
    public struct Timing: Sendable {
        public enum State: Sendable, Hashable {
            /// The period runs; `due` is its last day.
            case running
            /// Waiting on the applicant (a completed request, or a fee) until `until` (nil: no deadline was set).
            case waiting(Message, until: Day?)
            /// Closed without an answer on `on`, the day after the applicant's period ran out.
            case closed(Closure, on: Day)
            /// The receipt day cannot be told: the channel needs a confirmation the ledger does not record (art. 31).
            case unconfirmed(String)
        }
        public var state: State = .running
        public var start: Day
        public var due: Day
        public var extended = false
        public var extensionLate = false
        /// An extension approved in time, from a ledger that has no column for telling the applicant
        /// (`extension_notified_on`): the notice cannot be shown, so the extension is assumed and the notice is
        /// evidence to complete, never a reason to call the request late.
        public var extensionNoticeUnrecorded = false
        /// The rules applied and the days left out, each with its article.
        public var basis: [Message] = []
        /// Set when `due` was counted across a year no holiday notice covers yet: how far the notice could move it.
        public var provisional: ProvisionalDate?

        public var note: Message {
            guard !basis.isEmpty else { return Message("", "") }
            return Message("（" + basis.map(\.zh).joined(separator: "；") + "）", " (" + basis.map(\.en).joined(separator: "; ") + ")")
        }
    }

    /// One request's timing as known on `asOf` (the evidence is already cut at that day). With `explained` false
    /// the basis stays empty: most of 100,000 requests are on time and their notes were most of the check's time.
    public static func timing(
        of r: EvidenceRecord, _ p: Parameters, calendar: WorkCalendar, asOf: Day, explained: Bool = true, noticeColumn: Bool = true
    ) throws(CalendarError) -> Timing? {
        var reader = requestReader()
        return try timing(of: Request(r, &reader), p, calendar: calendar, asOf: asOf, explained: explained, noticeColumn: noticeColumn)
    }

    /// The fields of a request the rules read, read once per request through a `FieldReader`, kept inline.
    package struct Request {
        package enum Field: Int, CaseIterable {
            case receivedOn, answeredOn, confirmedOn, correctionRequestedOn, correctionDeadline, correctedOn, consultationSentOn, consultationReceivedOn,
                consultationAnsweredOn, agencyConsultationSentOn, agencyConsultationAnsweredOn, feeNoticeOn, feePaidOn, extensionApprovedOn, extensionNotifiedOn
        }
        /// The date fields in `Field` order, then `request_no`, `channel` and `extended`.
        static let names = [
            "received_on", "answered_on", "confirmed_on", "correction_requested_on", "correction_deadline", "corrected_on", "consultation_sent_on",
            "consultation_received_on", "consultation_answered_on", "agency_consultation_sent_on", "agency_consultation_answered_on", "fee_notice_on",
            "fee_paid_on", "extension_approved_on", "extension_notified_on", "request_no", "channel", "extended",
        ]
        private var days = InlineArray<15, Day?>(repeating: nil)
        package private(set) var requestNo: String?
        package private(set) var channel: String?
        package private(set) var extended: Bool?

        package init(_ r: EvidenceRecord, _ reader: inout FieldReader) {
            r.read(&reader) { value in
                for k in 0..<days.count {
                    if case .date(let d) = value(k) { days[k] = d }
                }
                requestNo = value(days.count)?.display
                channel = value(days.count + 1)?.display
                if case .boolean(let b) = value(days.count + 2) { extended = b }
            }
        }
        package func day(_ f: Field) -> Day? { days[f.rawValue] }
    }
    package static func requestReader() -> FieldReader { FieldReader(Request.names) }

    /// `noticeColumn` false: the request's ledger has no column for the applicant's notice of an extension.
    package static func timing(
        of r: Request, _ p: Parameters, calendar: WorkCalendar, asOf: Day, explained: Bool = true, noticeColumn: Bool = true
    ) throws(CalendarError) -> Timing? {
        guard var received = r.day(.receivedOn) else { return nil }
        var t = Timing(start: received, due: received)
        func explain(_ text: @autoclosure () -> Message) { if explained { t.basis.append(text()) } }
        if let channel = r.channel, confirmedChannels.contains(channel) {
            guard let confirmed = r.day(.confirmedOn) else {
                t.state = .unconfirmed(channel)
                return t
            }
            received = max(confirmed, received)
            explain(Message("条例第三十一条：以\(channel)提交，以双方确认之日 \(received) 为收到申请之日", "art. 31: sent by \(channel), received on the confirmed day \(received)"))
        }
        t.start = received
        if let asked = r.day(.correctionRequestedOn) {
            if asked <= (try calendar.addWorkingDays(p.correctionWithin, to: received)) {
                let limit = r.day(.correctionDeadline)
                if let corrected = r.day(.correctedOn), limit.map({ corrected <= $0 }) ?? true {
                    t.start = max(corrected, received)
                    explain(Message("条例第三十条：自 \(t.start) 收到补正申请起算", "art. 30: runs from the completed request of \(t.start)"))
                } else if let limit, asOf > limit {
                    t.state = .closed(.notCorrected, on: limit.adding(days: 1))
                    explain(Message("条例第三十条：补正期限 \(limit) 届满未补正，视为放弃申请", "art. 30: not completed by \(limit), counts as withdrawn"))
                    return t
                } else {
                    t.state = .waiting(Message("等待申请人补正", "awaiting the applicant's completed request"), until: limit)
                    return t
                }
            } else {
                explain(
                    Message(
                        "条例第三十条：补正告知晚于收到后\(p.correctionWithin)个工作日，期限不重新计算",
                        "art. 30: completion was asked for after \(p.correctionWithin) working days, so the period was not restarted"))
            }
        }
        var paused = 0
        if let sent = r.day(.consultationSentOn) {
            let receipt = r.day(.consultationReceivedOn) ?? sent
            let limit = try calendar.addWorkingDays(p.consultationMax, to: receipt)
            let back = min(r.day(.consultationAnsweredOn) ?? limit, limit)
            let days = max(0, try calendar.workingDays(from: sent, to: back))
            paused += days
            explain(
                Message(
                    "条例第三十二条、第三十三条第二款：征求第三方意见 \(days) 个工作日不计入（\(sent)～\(back)，第三方自收到之日 \(receipt) 起至多\(p.consultationMax)个工作日）",
                    "arts. 32, 33 ¶2: \(days) working days of third-party consultation left out (\(sent)–\(back), "
                        + "at most \(p.consultationMax) from its receipt on \(receipt))"
                ))
        }
        if let sent = r.day(.agencyConsultationSentOn) {
            let limit = try calendar.addWorkingDays(p.consultationMax, to: sent)
            let back = min(r.day(.agencyConsultationAnsweredOn) ?? limit, limit)
            let days = max(0, try calendar.workingDays(from: sent, to: back))
            paused += days
            explain(
                Message(
                    "条例第三十四条、第三十三条第二款：征求其他机关意见 \(days) 个工作日不计入（\(sent)～\(back)）",
                    "arts. 34, 33 ¶2: \(days) working days of consulting other agencies left out (\(sent)–\(back))"))
        }
        if let notice = r.day(.feeNoticeOn) {
            let limit = try calendar.addWorkingDays(p.feePayWithin, to: notice)
            if let paid = r.day(.feePaidOn), paid <= limit {
                let days = max(0, try calendar.workingDays(from: notice, to: paid))
                paused += days
                explain(
                    Message(
                        "国办函〔2020〕109号：收费通知 \(notice) 至缴费 \(paid) 的 \(days) 个工作日不计入",
                        "fee rules (Guo Ban Han [2020] No. 109): \(days) working days from the fee notice (\(notice)) to payment (\(paid)) left out"))
            } else if asOf > limit {
                t.state = .closed(.feeUnpaid, on: limit.adding(days: 1))
                explain(
                    Message(
                        "国办函〔2020〕109号：收费通知 \(notice) 后\(p.feePayWithin)个工作日内（至 \(limit)）未缴费，视为放弃申请",
                        "fee rules (Guo Ban Han [2020] No. 109): the fee of the notice of \(notice) was not paid by \(limit), the request counts as withdrawn"))
                return t
            } else {
                t.state = .waiting(Message("等待申请人缴纳信息处理费", "awaiting the applicant's fee"), until: limit)
                return t
            }
        }
        let first = try calendar.addWorkingDays(p.within + paused, to: t.start)
        t.due = first
        t.provisional = try calendar.provisional(adding: p.within + paused, to: t.start)
        if explained { t.basis.insert(Message("条例第三十三条：\(p.within)个工作日", "art. 33: \(p.within) working days"), at: 0) }
        guard r.extended == true else { return t }
        let approved = r.day(.extensionApprovedOn)
        let notified = r.day(.extensionNotifiedOn)
        if let approved, approved <= first, notified == nil, !noticeColumn {
            t.due = try calendar.addWorkingDays(p.within + p.extensionDays + paused, to: t.start)
            t.provisional = try calendar.provisional(adding: p.within + p.extensionDays + paused, to: t.start)
            t.extended = true
            t.extensionNoticeUnrecorded = true
            explain(
                Message(
                    "条例第三十三条：延期经批准（\(approved)），台账没有告知申请人延期的日期一栏，暂按已告知计算，延长\(p.extensionDays)个工作日",
                    "art. 33: extension approved (\(approved)); the ledger has no column for notifying the applicant, "
                        + "so it is counted as notified: \(p.extensionDays) more working days"
                ))
        } else if let approved, approved <= first, let notified, notified <= first {
            t.due = try calendar.addWorkingDays(p.within + p.extensionDays + paused, to: t.start)
            t.provisional = try calendar.provisional(adding: p.within + p.extensionDays + paused, to: t.start)
            t.extended = true
            explain(
                Message(
                    "条例第三十三条：延期经批准（\(approved)）并告知申请人（\(notified)），延长\(p.extensionDays)个工作日",
                    "art. 33: extension approved (\(approved)) and notified (\(notified)), \(p.extensionDays) more working days"))
        } else if asOf <= first {
            // The first period still runs: the extension may yet be approved and notified; until then the first deadline holds.
            explain(Message("条例第三十三条：延期须于 \(first) 前经批准并告知申请人", "art. 33: an extension must be approved and notified by \(first)"))
        } else {
            t.extensionLate = true
            let why =
                approved.map { $0 > first } ?? true
                ? Message("延期未在原定期限 \(first) 前批准", "the extension was not approved by the first deadline \(first)")
                : Message("延期未在原定期限 \(first) 前告知申请人", "the applicant was not told of the extension by the first deadline \(first)")
            explain(Message("条例第三十三条：", "art. 33: ") + why + Message("，延期不计", ", so it does not count"))
        }
        return t
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: [p.type], linked: false) { return invalid }
        let period = ctx.period
        var onTime = 0
        var late = 0
        var openOverdue = 0
        var openNotDue = 0
        var waiting = 0
        var withdrawn = 0
        var findings: [Finding] = []
        var obligations: [Obligation] = []
        // One pass over the ledger, each request's fields read once: keeping 100,000 requests for a second pass
        // cost more than judging them.
        var count = 0
        var firstIDs: [String] = []
        var failure: CheckOutcome?
        // Verdicts a holiday notice not yet published could still change (暂定), and the years they rest on.
        var provisionalOnTime = 0
        // Extensions whose notice to the applicant the ledger has no column for.
        var unrecordedNotices = 0
        var provisionalYears = Set<Int>()
        var reader = requestReader()
        ctx.forEachRecord(ofType: p.type, where: p.filter) { r in
            guard failure == nil else { return }
            let q = Request(r, &reader)
            // Requests received in the plan year, and earlier ones still open at its start.
            guard let received = q.day(.receivedOn) else { return }
            let answered = q.day(.answeredOn)
            guard period.contains(received) || (received < period.start && (answered.map { $0 >= period.start } ?? true)) else { return }
            count += 1
            if count <= 50 { firstIDs.append(r.id) }
            let number = q.requestNo ?? r.id
            do throws(CalendarError) {
                let noticeColumn = q.extended != true || !ctx.evidence.ledgerLacks("extension_notified_on", for: r)
                guard let timing = try timing(of: q, p, calendar: ctx.calendar, asOf: ctx.asOf, explained: false, noticeColumn: noticeColumn) else { return }
                // The articles applied, worked out again only for the requests a finding or an obligation names.
                func note() throws(CalendarError) -> Message {
                    try Self.timing(of: q, p, calendar: ctx.calendar, asOf: ctx.asOf, noticeColumn: noticeColumn)?.note ?? Message("", "")
                }
                if timing.extensionNoticeUnrecorded, answered.map({ $0 <= timing.due }) ?? (ctx.asOf <= timing.due) {
                    // Evidence to complete, not lateness: the gate counts it until the notice is recorded.
                    unrecordedNotices += 1
                    findings.append(
                        Finding(
                            Message(
                                "申请 \(number)：延期已批准，但台账没有“告知申请人延期日期”一栏，无法证明已告知申请人（条例第三十三条）；证据待补：请在台账中增加该列并填写告知日期",
                                "request \(number): the extension was approved, but the ledger has no column for the day the applicant was told, "
                                    + "so the notice cannot be shown (art. 33); evidence to complete: add the column and fill in the day"
                            ),
                            record: r.id, location: r.location))
                }
                switch timing.state {
                case .closed:
                    // Withdrawn by the applicant's silence: neither late nor carried over.
                    withdrawn += 1
                    return
                case .waiting(_, let until):
                    // Waiting on the applicant: no period runs; an answer given meanwhile is never late.
                    if answered == nil {
                        waiting += 1
                        if let until {
                            obligations.append(
                                Obligation(
                                    key: "request-\(number)-applicant", text: Message("申请 \(number)：申请人期限届满", "request \(number): the applicant's period ends"),
                                    due: until))
                        }
                    } else {
                        onTime += 1
                    }
                    return
                case .unconfirmed(let channel):
                    findings.append(
                        Finding(
                            Message(
                                "申请 \(number)：以\(channel)提交，台账未记录双方确认日期（confirmed_on），无法确定收到申请之日（条例第三十一条）",
                                "request \(number): sent by \(channel) with no confirmed day (confirmed_on), so its receipt day cannot be told (art. 31)"),
                            record: r.id, location: r.location, due: received))
                    return
                case .running:
                    break
                }
                // A verdict on a provisional deadline is firm unless the day compared lies where the notice could move it.
                let window = timing.provisional
                if let window { provisionalYears.formUnion(window.years) }
                func unsure(_ day: Day) -> Message? { window.flatMap { $0.couldChange(day) ? $0.note : nil } }
                let dueText = window == nil ? "\(timing.due)" : "\(timing.due)（暂定）"
                let dueTextEn = window == nil ? "\(timing.due)" : "\(timing.due) (provisional)"
                if let answered, answered <= timing.due {
                    onTime += 1
                    if unsure(answered) != nil { provisionalOnTime += 1 }
                    return
                }
                if let answered {
                    late += 1
                    let over = try ctx.calendar.workingDays(from: timing.due, to: answered)
                    findings.append(
                        Finding(
                            Message(
                                "申请 \(number)：\(received) 收到，应于 \(dueText) 前答复，实际 \(answered) 答复，超期 \(over) 个工作日",
                                "request \(number): received \(received), due \(dueTextEn), answered \(answered), \(over) working days late") + (try note()),
                            record: r.id, location: r.location, due: timing.due, provisional: unsure(answered)))
                } else if ctx.asOf > timing.due {
                    openOverdue += 1
                    let over = try ctx.calendar.workingDays(from: timing.due, to: ctx.asOf)
                    findings.append(
                        Finding(
                            Message(
                                "申请 \(number)：应于 \(dueText) 前答复，至今未答复，已超期 \(over) 个工作日",
                                "request \(number): due \(dueTextEn), still unanswered, \(over) working days overdue") + (try note()),
                            record: r.id, location: r.location, due: timing.due, provisional: unsure(ctx.asOf)))
                } else {
                    openNotDue += 1
                    obligations.append(
                        Obligation(
                            key: "request-\(number)", text: Message("答复申请 \(number)", "answer request \(number)") + (try note()), due: timing.due,
                            provisional: window?.note))
                }
            } catch {
                failure = CheckOutcome(
                    .error, Message("申请 \(number)（\(r.location)）：", "request \(number) (\(r.location)): ") + error.text,
                    findings: [Finding(error.text, record: r.id, location: r.location)])
            }
        }
        if let failure { return failure }
        if count == 0 {
            return CheckOutcome(.notApplicable, Message("计划年度内未收到政府信息公开申请", "no disclosure request received in the plan year"))
        }
        var extra = waiting > 0 ? Message("，等待申请人补正或缴费 \(waiting) 件", ", \(waiting) awaiting the applicant") : Message("", "")
        if unrecordedNotices > 0 {
            extra = extra + Message("，延期告知待补记 \(unrecordedNotices) 件", ", \(unrecordedNotices) extension notices to record")
        }
        if withdrawn > 0 { extra = extra + Message("，视为放弃申请 \(withdrawn) 件", ", \(withdrawn) withdrawn by the applicant's silence") }
        let summary =
            Message(
                "共 \(count) 件申请：按期答复 \(onTime) 件，逾期答复 \(late) 件，未答复 \(openOverdue + openNotDue) 件（其中已超期 \(openOverdue) 件）",
                "\(count) requests: \(onTime) answered on time, \(late) answered late, \(openOverdue + openNotDue) open (\(openOverdue) overdue)")
            + extra
        // Thousands of rows: the findings list the late ones, the evidence list is the count, not every id.
        let evidence = count <= 50 ? firstIDs : findings.compactMap(\.record)
        let years = provisionalYears.sorted().map(String.init).joined(separator: "、")
        if !findings.isEmpty {
            let outcome = CheckOutcome(.fail, summary, findings: findings, evidence: evidence, due: findings.compactMap(\.due).min(), obligations: obligations)
            // Every failure could be undone by the notice: the status waits for it.
            guard findings.allSatisfy({ $0.provisional != nil }) else { return outcome }
            return outcome.markedProvisional(
                Message(
                    "暂定：\(findings.count) 件超期均依据暂定的\(years)年工作日历，待国务院通知发布后确认",
                    "provisional: all \(findings.count) overdue requests rest on the provisional \(years) calendar, "
                        + "to be confirmed by the State Council's notice"
                ))
        }
        var outcome =
            obligations.isEmpty
            ? CheckOutcome(.pass, summary, evidence: evidence)
            : CheckOutcome(.pending, summary, evidence: evidence, due: obligations.map(\.due).min(), obligations: obligations)
        if provisionalOnTime > 0 {
            outcome = outcome.markedProvisional(
                Message(
                    "暂定：\(provisionalOnTime) 件按期答复的判定依据暂定的\(years)年工作日历，通知发布后可能变为超期",
                    "provisional: \(provisionalOnTime) requests answered on time by the provisional \(years) calendar could turn late once the notice is out"))
        } else if obligations.contains(where: { $0.provisional != nil }) {
            outcome.message = outcome.message + Message("（部分期限暂定，待国务院通知发布后确认）", " (some deadlines provisional until the State Council's notice)")
        }
        return outcome
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "answered within 20 working days", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, answered_on: 2020-03-27, outcome: 予以公开}
                """, expect: .pass),
        CheckExample(
            "answered a day late", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人, answered_on: 2020-03-31, outcome: 予以公开}
                """, expect: .fail),
        CheckExample(
            "an extension approved in time gives 40 working days", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, answered_on: 2020-04-24,
                   outcome: 部分公开, extended: true, extension_approved_on: 2020-03-20, extension_notified_on: 2020-03-23}
                """, expect: .pass),
        CheckExample(
            "an extension approved in time but never notified to the applicant does not count (art. 33)", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, answered_on: 2020-04-24,
                   outcome: 部分公开, extended: true, extension_approved_on: 2020-03-20}
                """, expect: .fail),
        CheckExample(
            "an extension approved too late does not count", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业, answered_on: 2020-04-24,
                   outcome: 部分公开, extended: true, extension_approved_on: 2020-04-10}
                """, expect: .fail),
        CheckExample(
            "an open request not yet due", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-101, received_on: 2020-12-28, applicant_type: 自然人}
                """, asOf: "2021-01-05", expect: .pending),
        CheckExample(
            "a request of 2020-12-28 answered in 2021 on time", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-101, received_on: 2020-12-28, applicant_type: 自然人, answered_on: 2021-01-25, outcome: 予以公开}
                """, expect: .pass),
        CheckExample(
            "a request completed on 20 March runs from then: due 20 April (art. 30)", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人,
                   correction_requested_on: 2020-03-05, corrected_on: 2020-03-20, answered_on: 2020-04-15, outcome: 予以公开}
                """, expect: .pass),
        CheckExample(
            "asking for completion after 7 working days does not restart the period", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 自然人,
                   correction_requested_on: 2020-03-16, corrected_on: 2020-03-20, answered_on: 2020-04-15, outcome: 予以公开}
                """, expect: .fail),
        CheckExample(
            "waiting for the applicant's completed request is not overdue", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-201, received_on: 2020-12-01, applicant_type: 自然人, correction_requested_on: 2020-12-03}
                """, asOf: "2021-01-20", expect: .pass),
        CheckExample(
            "ten working days of third-party consultation do not count (arts. 32, 33)", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业,
                   consultation_sent_on: 2020-03-10, consultation_answered_on: 2020-03-24, answered_on: 2020-04-10, outcome: 部分公开}
                """, expect: .pass),
        CheckExample(
            "consultation counts for at most 15 working days: due 21 April", task: 20, parameters: "{}",
            records: """
                - {id: Q1, type: disclosure-request, request_no: 2020-001, received_on: 2020-03-02, applicant_type: 商业企业,
                   consultation_sent_on: 2020-03-03, consultation_answered_on: 2020-04-30, answered_on: 2020-04-24, outcome: 部分公开}
                """, expect: .fail),
    ]
}
