/// How far a State Council notice not yet published could move a date counted across a provisional year, and so
/// whether a verdict on it is firm.
///
/// The bound, from the notices 2019–2026 compared with the statutory holidays of their years
/// (`CalendarTests.testNoticeBoundsHold` keeps it true):
/// - a notice adds days only near a statutory holiday: every rest day it adds and every adjusted working day it
///   sets lies within `noticeReach` (14) calendar days of that holiday's statutory days (the farthest seen: 11 days,
///   2026's adjusted working day 9月20日 before 国庆节; two weeks leave room for a notice that bridges a little farther);
/// - per holiday, it adds at most `extraRestDays` (5) weekdays off (春节 2020 with its extension; 4 in the other
///   years) and sets at most `adjustedWorkdays` (2) weekend days to work.
/// A date N working days after a start is thus at most `extraRestDays` working days later, and `adjustedWorkdays`
/// earlier, for each provisional holiday whose reach meets the span. A verdict outside that window is firm.
public struct ProvisionalDate: Sendable, Hashable {
    /// The provisional years the span crosses.
    public var years: [Int]
    /// The provisional holidays whose reach meets the span, by name (春节, 元旦…).
    public var holidays: [String]
    /// The earliest and latest day the notice could make of it; both the counted day when no holiday is near.
    public var earliest: Day
    public var latest: Day

    public init(years: [Int], holidays: [String], earliest: Day, latest: Day) {
        self.years = years
        self.holidays = holidays
        self.earliest = earliest
        self.latest = latest
    }

    /// Whether a verdict comparing `day` with the counted date could change: `day` lies in (earliest, latest].
    public func couldChange(_ day: Day) -> Bool { day > earliest && day <= latest }

    /// 暂定：待国务院2027年节假日安排通知发布后确认
    public var note: Message {
        let ys = years.map(String.init)
        var m = Message(
            "暂定：待国务院\(ys.joined(separator: "、"))年节假日安排通知发布后确认",
            "provisional: to be confirmed when the State Council's holiday notice for \(ys.joined(separator: ", ")) is published")
        if !holidays.isEmpty, earliest != latest {
            m =
                m
                + Message(
                    "（临近\(holidays.joined(separator: "、"))，通知可能使其提前至 \(earliest) 或推迟至 \(latest)）",
                    " (near \(holidays.map { WorkCalendar.holidayName($0, .en) }.joined(separator: ", ")): the notice could move it to any day from "
                        + "\(earliest) to \(latest))"
                )
        }
        return m
    }
}

extension WorkCalendar {
    /// Calendar days around a statutory holiday within which a notice adds rest days or adjusted working days.
    public static let noticeReach = 14
    /// Weekdays a notice may add as rest days to one holiday.
    public static let noticeExtraRestDays = 5
    /// Weekend days a notice may make working days for one holiday.
    public static let noticeAdjustedWorkdays = 2

    /// The provisional side of "N working days after `start`": nil when the span (start, result] crosses no
    /// provisional year, so the date is firm.
    public func provisional(adding n: Int, to start: Day) throws(CalendarError) -> ProvisionalDate? {
        let counted = try addWorkingDays(n, to: start)
        guard mode == .official else { return nil }
        let years = (start.year...counted.year).filter { isProvisional(year: $0) }
        guard !years.isEmpty else { return nil }
        var near = provisionalHolidays(from: start, to: counted)
        guard !near.isEmpty else { return ProvisionalDate(years: years, holidays: [], earliest: counted, latest: counted) }
        let earliest = try addWorkingDays(max(0, n - Self.noticeAdjustedWorkdays * near.count), to: start)
        // Later days may meet further holidays: widen until the count settles (a holiday a year: a few rounds).
        var latest = counted
        for _ in 0..<4 {
            latest = try addWorkingDays(n + Self.noticeExtraRestDays * near.count, to: start)
            let wider = provisionalHolidays(from: start, to: latest)
            if wider.count == near.count { break }
            near = wider
        }
        let allYears = (start.year...latest.year).filter { isProvisional(year: $0) }
        return ProvisionalDate(years: allYears, holidays: near.map(\.name), earliest: earliest, latest: latest)
    }

    /// The provisional holidays (by year and name) whose reach meets (from, to].
    func provisionalHolidays(from: Day, to: Day) -> [(year: Int, name: String)] {
        var out: [(year: Int, name: String)] = []
        // A holiday's reach crosses into the neighbouring year (元旦's into December).
        for year in (from.year - 1)...(to.year + 1) where isProvisional(year: year) {
            var spans: [String: (Day, Day)] = [:]
            for (day, names) in StatutoryHolidays.days(year: year) {
                for name in names.split(separator: "、").map(String.init) {
                    let s = spans[name]
                    spans[name] = (min(s?.0 ?? day, day), max(s?.1 ?? day, day))
                }
            }
            for (name, span) in spans.sorted(by: { $0.value.0 < $1.value.0 }) {
                let lo = span.0.adding(days: -Self.noticeReach)
                let hi = span.1.adding(days: Self.noticeReach)
                if lo <= to, hi > from { out.append((year, name)) }
            }
        }
        return out
    }
}
