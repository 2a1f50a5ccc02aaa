import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// At least `min` records of a type (filtered by field values) in every period of a cadence, and/or no
/// gap longer than `max_gap` between consecutive records: website patrols, quarterly, half-yearly and annual checks (task 26).
public struct PeriodicCheck: CheckKind {
    public enum Cadence: String, Decodable, Sendable {
        case week, month, quarter
        case halfYear = "half-year"
        case year
        var text: Message {
            switch self {
            case .week: Message("每周", "every week")
            case .month: Message("每月", "every month")
            case .quarter: Message("每季度", "every quarter")
            case .halfYear: Message("每半年", "every half-year")
            case .year: Message("每年", "every year")
            }
        }
    }

    public struct Parameters: CheckParameters {
        public var type = ""
        public var cadence: Cadence?
        public var min = 1
        public var filter: FieldFilter?
        public var maxGap: Int?
        public var gapUnit = DayUnit.days

        public init() {}
        public static var declared: [CheckParameter<Self>] {
            [
                .required("type", \.type), .optional("cadence", \.cadence), .optional("min", \.min), .optional("where", \.filter),
                .optional("max_gap", \.maxGap), .optional("gap_unit", \.gapUnit),
            ]
        }
        public func finish() throws {
            if cadence == nil && maxGap == nil {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "needs cadence or max_gap"))
            }
        }
    }

    public static let id = "periodic"
    public static let name = Message("定期工作", "periodic")
    public static let rationale = Message(
        "政府网站与政务新媒体检查要求日常巡查、季度检查和年度考评，每个周期都要有记录。",
        "Government website supervision requires daily patrols, quarterly checks and a yearly evaluation, each period on record.")

    public static func lint(_ p: Parameters, task: PlanTask, plan: Plan, types: TypeRegistry) -> [Message] {
        var out: [Message] = []
        guard let t = types[p.type] else { return [Message("证据类型 \(p.type) 不存在", "evidence type \(p.type) does not exist")] }
        for field in p.filter?.values.keys.sorted() ?? [] where t.field(field) == nil && !TypeRegistry.commonFields.contains(field) {
            out.append(Message("where 中的字段 \(field) 不属于类型 \(p.type)", "where: field \(field) is not a field of \(p.type)"))
        }
        if p.min < 1 { out.append(Message("min 应不小于 1", "min should be at least 1")) }
        return out
    }

    static func periods(_ cadence: Cadence, in range: DayRange) -> [(label: Message, range: DayRange)] {
        let year = range.start.year
        switch cadence {
        case .year:
            return [(Message("\(year)年", "\(year)"), range)]
        case .quarter:
            return (0..<4).map { q in
                (
                    Message("\(year)年第\(["一", "二", "三", "四"][q])季度", "\(year) Q\(q + 1)"),
                    DayRange(Day.firstOf(year: year, month: q * 3 + 1), Day.lastOf(year: year, month: q * 3 + 3))
                )
            }
        case .halfYear:
            // January–June and July–December, each due on its last day.
            return [
                (Message("\(year)年上半年", "\(year) H1"), DayRange(Day.firstOf(year: year, month: 1), Day.lastOf(year: year, month: 6))),
                (Message("\(year)年下半年", "\(year) H2"), DayRange(Day.firstOf(year: year, month: 7), Day.lastOf(year: year, month: 12))),
            ]
        case .month:
            return (1...12).map { m in (Message("\(year)年\(m)月", "\(year)-\(m)"), DayRange(Day.firstOf(year: year, month: m), Day.lastOf(year: year, month: m)))
            }
        case .week:
            // ISO weeks that start inside the period.
            var out: [(Message, DayRange)] = []
            var d = range.start
            while d.weekday != 1 { d = d.adding(days: 1) }
            var n = 1
            while d <= range.end {
                out.append((Message("第\(n)周（\(d)起）", "week \(n) (from \(d))"), DayRange(d, d.adding(days: 6))))
                d = d.adding(days: 7)
                n += 1
            }
            return out
        }
    }

    public static func evaluate(_ p: Parameters, in ctx: CheckContext) -> CheckOutcome {
        if let invalid = ctx.invalidEvidence(types: [p.type], linked: false) { return invalid }
        let period = ctx.period
        let records = ctx.records(ofType: p.type, where: p.filter).filter { $0.date.map(period.contains) ?? false }
        let what = p.filter.map { f in f.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.joined(separator: "/"))" }.joined(separator: ",") }
        let typeName = ctx.typeNames([p.type]).zh
        let label = ctx.checkTitle ?? what.map { "\(typeName)（\($0)）" } ?? typeName
        var findings: [Finding] = []
        var pendingDue: Day?
        var obligations: [Obligation] = []
        var used: [String] = []
        if let cadence = p.cadence {
            for (name, range) in periods(cadence, in: period) {
                let inPeriod = records.filter { range.contains($0.date!) }
                used += inPeriod.map(\.id)
                if inPeriod.count >= p.min { continue }
                if ctx.asOf <= range.end {
                    pendingDue = pendingDue.map { min($0, range.end) } ?? range.end
                    obligations.append(
                        Obligation(
                            key: "\(p.type)-\(what ?? "")-\(range.start)", text: Message("\(name(.zh)) \(label)", "\(name(.en)) \(label)"), due: range.end))
                } else {
                    findings.append(
                        Finding(
                            Message(
                                "\(name(.zh))（\(range)）\(label) 记录 \(inPeriod.count) 条，至少需要 \(p.min) 条",
                                "\(name(.en)) (\(range.start)–\(range.end)): \(inPeriod.count) \(label) record(s), at least \(p.min) needed"), due: range.end))
                }
            }
        }
        if let maxGap = p.maxGap {
            let horizon = min(ctx.asOf, period.end)
            let days = Array(Set(records.compactMap(\.date).filter { $0 <= horizon })).sorted()
            used += records.filter { $0.date! <= horizon }.map(\.id)
            var previous = period.start.adding(days: -1)
            func gap(_ a: Day, _ b: Day) throws(CalendarError) -> Int {
                p.gapUnit == .days ? a.days(until: b) : try ctx.calendar.workingDays(from: a, to: b)
            }
            do {
                for d in days + [horizon.adding(days: 1)] {
                    let isEnd = d > horizon
                    let g = try gap(previous, isEnd ? horizon : d)
                    if g > maxGap {
                        let from = previous.adding(days: 1)
                        let to = isEnd ? horizon : d.adding(days: -1)
                        findings.append(
                            Finding(
                                Message(
                                    "\(from)～\(to) 无\(label)记录（间隔 \(g)\(p.gapUnit.text.zh)，上限 \(maxGap)\(p.gapUnit.text.zh)）",
                                    "no \(label) record \(from)–\(to) (a gap of \(g) \(p.gapUnit.text.en), at most \(maxGap) allowed)"),
                                due: from))
                    }
                    previous = d
                }
            } catch {
                return CheckOutcome(.error, error.text, evidence: used)
            }
            if ctx.asOf < period.end {
                let next =
                    p.gapUnit == .days
                    ? (days.last ?? period.start.adding(days: -1)).adding(days: maxGap)
                    : ((try? ctx.calendar.addWorkingDays(maxGap, to: days.last ?? period.start.adding(days: -1))) ?? ctx.asOf)
                if next >= ctx.asOf {
                    obligations.append(Obligation(key: "\(p.type)-\(what ?? "")-gap-\(next)", text: Message("下一次\(label)", "next \(label)"), due: next))
                }
            }
        }
        used = Array(Set(used)).sorted()
        if !findings.isEmpty {
            return CheckOutcome(
                .fail, Message.joined(findings.map(\.text)), findings: findings, evidence: used,
                due: findings.compactMap(\.due).min(), obligations: obligations)
        }
        if let due = pendingDue {
            return CheckOutcome(
                .pending, Message("\(label)：已完成的周期均达标，下一个周期截止 \(due)", "\(label): every finished period is met; the next one ends \(due)"),
                evidence: used, due: due, obligations: obligations)
        }
        let cadenceText = p.cadence.map { $0.text } ?? Message("", "")
        let gapText = p.maxGap.map { Message("，间隔不超过 \($0)\(p.gapUnit.text.zh)", ", gaps at most \($0) \(p.gapUnit.text.en)") } ?? Message("", "")
        return CheckOutcome(
            .pass, Message("\(label) \(cadenceText.zh)均有记录，共 \(records.count) 条", "\(label) on record \(cadenceText.en), \(records.count) in all") + gapText,
            evidence: used, obligations: obligations)
    }

    public static let examples: [CheckExample] = [
        CheckExample(
            "a quarterly check in every quarter", task: 26, parameters: "{type: website-check, cadence: quarter, where: {kind: quarterly}}",
            records: """
                - {id: Q1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-03-20}
                - {id: Q2, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-06-18}
                - {id: Q3, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-09-21}
                - {id: Q4, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-12-15}
                """, expect: .pass),
        CheckExample(
            "no quarterly check in Q3", task: 26, parameters: "{type: website-check, cadence: quarter, where: {kind: quarterly}}",
            records: """
                - {id: Q1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-03-20}
                - {id: Q2, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-06-18}
                - {id: Q4, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-12-15}
                """, expect: .fail),
        CheckExample(
            "as of mid-quarter, the open quarter is pending", task: 26, parameters: "{type: website-check, cadence: quarter, where: {kind: quarterly}}",
            records: """
                - {id: Q1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-03-20}
                """, asOf: "2020-05-15", expect: .pending),
        CheckExample(
            "a check in each half-year", task: 26, parameters: "{type: website-check, cadence: half-year}",
            records: """
                - {id: H1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-06-30}
                - {id: H2, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-07-01}
                """, expect: .pass),
        CheckExample(
            "two checks in the first half-year, none in the second", task: 26, parameters: "{type: website-check, cadence: half-year}",
            records: """
                - {id: H1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-01-02}
                - {id: H2, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-06-30}
                """, expect: .fail),
        CheckExample(
            "records of the wrong kind do not count", task: 26, parameters: "{type: website-check, cadence: year, where: {kind: annual}}",
            records: """
                - {id: Q1, type: website-check, department: 办公室, kind: quarterly, site: 局网站, date: 2020-03-20}
                """, expect: .fail),
        CheckExample(
            "a record outside the plan year does not count", task: 26, parameters: "{type: website-check, cadence: year, where: {kind: annual}}",
            records: """
                - {id: A1, type: website-check, department: 办公室, kind: annual, site: 局网站, date: 2021-01-05}
                """, expect: .fail),
        CheckExample(
            "weekly patrols within a 7-day gap", task: 26, parameters: "{type: website-check, where: {kind: patrol}, max_gap: 7}",
            records: (0..<53).map { i in
                "- {id: P\(i), type: website-check, department: 办公室, kind: patrol, site: 局网站, date: \(Day.firstOf(year: 2020).adding(days: i * 7))}"
            }.joined(separator: "\n"), expect: .pass),
        CheckExample(
            "a patrol gap longer than allowed", task: 26, parameters: "{type: website-check, where: {kind: patrol}, max_gap: 10}",
            records: """
                - {id: P1, type: website-check, department: 办公室, kind: patrol, site: 局网站, date: 2020-01-02}
                - {id: P2, type: website-check, department: 办公室, kind: patrol, site: 局网站, date: 2020-12-30}
                """, expect: .fail),
    ]
}
