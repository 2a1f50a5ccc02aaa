import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// A fixed due date (`due`: task 4's list published before 2020-12-31), or a relative one per record:
/// field `to` no later than `within` days (or working days, the official calendar) after field `from`
/// (task 27: normative documents to the gazette within 5 working days; 条例 art. 26: publication within 20).
public struct DeadlineCheck: CheckKind {
    public struct Parameters: CheckParameters {
        /// The two forms of a deadline: a fixed day, or within N days of another of each record's dates.
        public enum Deadline: Sendable, Hashable {
            case fixed(Day)
            case relative(from: String, to: String, within: Int, unit: DayUnit)
        }

        public var types: [String] = []
        public var min = 1
        public var filter: FieldFilter?
        /// Set from `due` or `from`/`to`/`within`/`unit` when read (`finish`).
        public private(set) var deadline = Deadline.relative(from: "", to: "", within: 0, unit: .days)
        /// Only records linked to the task: by default for a fixed deadline (the task's own deliverable).
        public var linked: Bool {
            if let linkedGiven { return linkedGiven }
            if case .fixed = deadline { return true }
            return false
        }
        // As a plan writes them; `deadline` is what a check reads.
        private var due: Day?
        private var type: String?
        private var typeList: [String]?
        private var linkedGiven: Bool?
        private var from: String?
        private var to: String?
        private var within: Int?
        private var unit = DayUnit.days

        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [
                .optional("due", \.due), .optional("type", \.type), .optional("types", \.typeList), .optional("linked", \.linkedGiven),
                .optional("min", \.min), .optional("where", \.filter), .optional("from", \.from), .optional("to", \.to),
                .optional("within", \.within), .optional("unit", \.unit),
            ]
        }

        public mutating func finish() throws {
            if let typeList {
                types = typeList
            } else if let type {
                types = [type]
            } else {
                throw DecodingError.keyNotFound(AnyKey("type"), .init(codingPath: [], debugDescription: "no type"))
            }
            let relative = from != nil || to != nil || within != nil
            if let due, !relative {
                deadline = .fixed(due)
                return
            }
            guard relative else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [], debugDescription: "needs either due (a fixed date) or from, to and within (a relative deadline)"))
            }
            guard let from, let to, let within else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a relative deadline needs from, to and within"))
            }
            guard due == nil else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "give either due or from/to/within, not both"))
            }
            deadline = .relative(from: from, to: to, within: within, unit: unit)
        }
    }

    public static let id = "deadline"
    public static let name = Message("期限", "deadline")
    public static let rationale = Message(
        "按期完成：固定截止日期，或自某日起若干日（工作日按国务院节假日安排计算）内完成。",
        "Done on time: by a fixed date, or within N days (working days under the State Council's holiday notices) of another date.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        var out: [Message] = []
        for t in p.types {
            guard let type = types[t] else {
                out.append(Message("证据类型 \(t) 不存在", "evidence type \(t) does not exist"))
                continue
            }
            guard case .relative(let from, let to, _, _) = p.deadline else { continue }
            for f in [from, to] where type.field(f)?.kind != .date && f != "date" {
                out.append(Message("\(t) 没有日期字段 \(f)", "\(t) has no date field \(f)"))
            }
        }
        if case .fixed(let due) = p.deadline, !plan.period.contains(due) && due.year != plan.year + 1 {
            out.append(Message("截止日期 \(due) 不在计划年度附近", "due date \(due) is far from the plan year"))
        }
        return out
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: p.types, linked: p.linked) { return invalid }
        switch p.deadline {
        case .fixed(let due): return fixed(p, due: due, ctx)
        case .relative(let from, let to, let within, let unit): return relative(p, from: from, to: to, within: within, unit: unit, ctx)
        }
    }

    static func fixed(_ p: Parameters, due: Day, _ ctx: CheckContext) -> CheckOutcome {
        let candidates = (p.linked ? ctx.linkedRecords(types: p.types) : p.types.flatMap { ctx.records(ofType: $0) })
            .filter { r in (p.filter?.matches(r) ?? true) && (r.date.map { $0 >= ctx.period.start } ?? false) }
        let onTime = candidates.filter { $0.date! <= due }
        let typeText = ctx.typeNames(p.types)
        let recordText = ctx.recordNames(p.types)
        if onTime.count >= p.min {
            return CheckOutcome(
                .pass,
                Message(
                    "已于 \(onTime.map { $0.date! }.max()!) 前完成（\(onTime.map(\.label).joined(separator: "；"))），期限 \(due)",
                    "done by \(due) (\(onTime.map(\.label).joined(separator: "; ")))"),
                evidence: onTime.map(\.id), due: due)
        }
        if ctx.asOf <= due {
            return CheckOutcome(
                .pending, Message("须于 \(due) 前完成（\(typeText.zh)）", "due by \(due) (\(typeText.en))"), evidence: onTime.map(\.id), due: due,
                obligations: [
                    Obligation(
                        key: "deadline-\(ctx.task.no)-\(due)",
                        text: Message("任务\(ctx.task.no)：\(ctx.task.shortRequirement(24))", "task \(ctx.task.no): \(typeText.en)"), due: due)
                ])
        }
        let late = candidates.filter { $0.date! > due }
        if let first = late.min(by: { $0.date! < $1.date! }) {
            let over = due.days(until: first.date!)
            return CheckOutcome(
                .fail,
                Message(
                    "逾期完成：\(first.label) 于 \(first.date!) 完成，超过期限 \(due) \(over) 天", "late: \(first.label) done on \(first.date!), \(over) days after \(due)"),
                findings: [
                    Finding(
                        Message("\(first.label) 于 \(first.date!) 完成，超期 \(over) 天", "\(first.label) done \(first.date!), \(over) days late"), record: first.id,
                        location: first.location)
                ],
                evidence: late.map(\.id), due: due)
        }
        return CheckOutcome(
            .fail,
            Message("截至 \(due) 未完成：没有关联任务 \(ctx.task.no) 的\(recordText.zh)", "not done by \(due): no \(recordText.en) linked to task \(ctx.task.no)"),
            due: due)
    }

    static func relative(_ p: Parameters, from: String, to: String, within: Int, unit: DayUnit, _ ctx: CheckContext) -> CheckOutcome {
        let records = (p.linked ? ctx.linkedRecords(types: p.types) : p.types.flatMap { ctx.records(ofType: $0) })
            .filter { r in (p.filter?.matches(r) ?? true) && (r.day(from).map(ctx.period.contains) ?? false) }
            .sorted { ($0.day(from)!, $0.id) < ($1.day(from)!, $1.id) }
        if records.isEmpty {
            return CheckOutcome(
                .notApplicable,
                Message("计划年度内没有需要计算期限的\(p.types.joined(separator: "/"))记录", "no \(p.types.joined(separator: "/")) record in the plan year to time"))
        }
        var findings: [Finding] = []
        var obligations: [Obligation] = []
        var onTime = 0
        var provisionalOnTime = 0
        for r in records {
            let start = r.day(from)!
            let deadline: Day
            do {
                deadline = unit == .days ? start.adding(days: within) : try ctx.calendar.addWorkingDays(within, to: start)
                // Counted across a year no holiday notice covers: the verdict may wait for it (暂定).
                let window = unit == .days ? nil : try ctx.calendar.provisional(adding: within, to: start)
                func unsure(_ day: Day) -> Message? { window.flatMap { $0.couldChange(day) ? $0.note : nil } }
                if let done = r.day(to) {
                    if done > deadline {
                        let over = unit == .days ? deadline.days(until: done) : try ctx.calendar.workingDays(from: deadline, to: done)
                        findings.append(
                            Finding(
                                Message(
                                    "\(r.label)：\(start) 起 \(within)\(unit.text.zh)内应完成（\(deadline) 前），实际 \(done)，超期 \(over)\(unit.text.zh)",
                                    "\(r.label): due within \(within) \(unit.text.en) of \(start) (by \(deadline)), done \(done), \(over) \(unit.text.en) over"
                                ),
                                record: r.id, location: r.location, department: r.department, due: deadline, provisional: unsure(done)))
                    } else {
                        onTime += 1
                        if unsure(done) != nil { provisionalOnTime += 1 }
                    }
                } else if ctx.asOf > deadline {
                    let over = unit == .days ? deadline.days(until: ctx.asOf) : try ctx.calendar.workingDays(from: deadline, to: ctx.asOf)
                    findings.append(
                        Finding(
                            Message(
                                "\(r.label)：应于 \(deadline) 前完成（缺\(ctx.fieldName(to, of: r.type).zh)），已超期 \(over)\(unit.text.zh)",
                                "\(r.label): due by \(deadline) (no \(ctx.fieldName(to, of: r.type).en)), \(over) \(unit.text.en) overdue"),
                            record: r.id, location: r.location, department: r.department, due: deadline, provisional: unsure(ctx.asOf)))
                } else {
                    obligations.append(
                        Obligation(
                            key: "\(r.type)-\(r.id)-\(to)",
                            text: Message("\(r.label)：\(ctx.fieldName(to, of: r.type).zh)", "\(r.label): \(ctx.fieldName(to, of: r.type).en)"), due: deadline,
                            department: r.department, provisional: window?.note))
                }
            } catch {
                return CheckOutcome(
                    .error, Message("\(r.label)（\(r.location)）：", "\(r.label) (\(r.location)): ") + error.text,
                    findings: [Finding(error.text, record: r.id, location: r.location)], evidence: records.map(\.id))
            }
        }
        let ids = records.map(\.id)
        let summary = Message(
            "共 \(records.count) 件：按期 \(onTime) 件，超期 \(findings.count) 件，未到期 \(obligations.count) 件（\(within)\(unit.text.zh)）",
            "\(records.count) in all: \(onTime) on time, \(findings.count) late, \(obligations.count) not yet due (\(within) \(unit.text.en))")
        if !findings.isEmpty {
            let outcome = CheckOutcome(.fail, summary, findings: findings, evidence: ids, due: findings.compactMap(\.due).min(), obligations: obligations)
            guard findings.allSatisfy({ $0.provisional != nil }) else { return outcome }
            return outcome.markedProvisional(
                Message("暂定：超期均依据暂定的工作日历，待国务院节假日安排通知发布后确认", "provisional: every late item rests on a provisional calendar"))
        }
        let outcome =
            obligations.isEmpty
            ? CheckOutcome(.pass, summary, evidence: ids)
            : CheckOutcome(.pending, summary, evidence: ids, due: obligations.map(\.due).min(), obligations: obligations)
        guard provisionalOnTime > 0 else { return outcome }
        return outcome.markedProvisional(
            Message(
                "暂定：\(provisionalOnTime) 件按期的判定依据暂定的工作日历，通知发布后可能变为超期",
                "provisional: \(provisionalOnTime) on time by a provisional calendar could turn late once the notice is out"))
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "the list published before the year end", task: 4, parameters: "{due: 2020-12-31, types: [publication]}",
            records: """
                - {id: D1, type: publication, department: 综合科, tasks: [4], title: 现行有效规范性文件目录, published_on: 2020-11-20, channel: 局网站}
                """, expect: .pass),
        CheckExample(
            "the list published late", task: 4, parameters: "{due: 2020-12-31, types: [publication]}",
            records: """
                - {id: D1, type: publication, department: 综合科, tasks: [4], title: 现行有效规范性文件目录, published_on: 2021-01-08, channel: 局网站}
                """, expect: .fail),
        CheckExample("not yet due", task: 4, parameters: "{due: 2020-12-31, types: [publication]}", records: "[]", asOf: "2020-10-01", expect: .pending),
        CheckExample(
            "gazette within 5 working days across the National Day holiday", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: """
                - {id: N1, type: normative-document, department: 综合科, doc_no: 肇商务规〔2020〕3号, title: 某管理办法, issued_on: 2020-09-25,
                   gazette_submitted_on: 2020-10-09}
                """, expect: .pass),
        CheckExample(
            "gazette one working day late", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: """
                - {id: N1, type: normative-document, department: 综合科, doc_no: 肇商务规〔2020〕3号, title: 某管理办法, issued_on: 2020-09-25,
                   gazette_submitted_on: 2020-10-10}
                """, expect: .fail),
        CheckExample(
            "not submitted and overdue", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: working-days}",
            records: """
                - {id: N1, type: normative-document, department: 综合科, doc_no: 肇商务规〔2020〕3号, title: 某管理办法, issued_on: 2020-06-01}
                """, expect: .fail),
        CheckExample(
            "calendar days ignore holidays", task: 27,
            parameters: "{type: normative-document, from: issued_on, to: gazette_submitted_on, within: 5, unit: days}",
            records: """
                - {id: N1, type: normative-document, department: 综合科, doc_no: 肇商务规〔2020〕3号, title: 某管理办法, issued_on: 2020-09-25,
                   gazette_submitted_on: 2020-10-09}
                """, expect: .fail),
    ]
}
