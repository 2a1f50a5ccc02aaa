/// The official working-day calendar: weekends and public holidays are off, except adjusted
/// working days (调休) that the State Council's yearly notice puts on weekends.
///
/// Conventions: the start day never counts; "N working days after D" is the Nth working day
/// strictly after D, and `workingDays(from:to:)` counts working days in (from, to].
public struct WorkCalendar: Sendable {
    public enum Mode: String, Sendable {
        case official
        case weekendsOnly = "weekends-only"
    }

    public struct Entry: Sendable, Hashable {
        public var day: Day
        public var name: String
        public var isOff: Bool
    }

    public let mode: Mode
    public let coveredYears: Set<Int>
    private let holidays: [Int: String]
    private let workdays: [Int: String]
    public let notices: [Int: [String]]
    /// Over the covered years: the first day's ordinal, and the count of working days up to and including each day.
    private let tableStart: Int
    private let cumulative: [Int32]

    public init(
        mode: Mode = .official, coveredYears: Set<Int>, holidays: [Day: String], workdays: [Day: String],
        notices: [Int: [String]] = [:]
    ) {
        self.mode = mode
        self.coveredYears = coveredYears
        self.holidays = Dictionary(uniqueKeysWithValues: holidays.map { ($0.key.ordinal, $0.value) })
        self.workdays = Dictionary(uniqueKeysWithValues: workdays.map { ($0.key.ordinal, $0.value) })
        self.notices = notices
        // Covered years are contiguous in practice; the table spans min…max and gaps answer through the slow path.
        if mode == .official, let lo = coveredYears.min(), let hi = coveredYears.max(), coveredYears.count == hi - lo + 1 {
            let start = Day.firstOf(year: lo).ordinal
            let end = Day.lastOf(year: hi).ordinal
            var table = [Int32](repeating: 0, count: end - start + 1)
            var count: Int32 = 0
            for o in start...end {
                let working = self.workdays[o] != nil || (self.holidays[o] == nil && !Day(ordinal: o).isWeekend)
                if working { count += 1 }
                table[o - start] = count
            }
            tableStart = start
            cumulative = table
        } else {
            tableStart = 0
            cumulative = []
        }
    }

    private func inTable(_ d: Day) -> Bool { d.ordinal >= tableStart && d.ordinal < tableStart + cumulative.count }

    /// Weekends off, every weekday on: only when an evidence folder asks for it explicitly.
    public static let weekendsOnly = WorkCalendar(mode: .weekendsOnly, coveredYears: [], holidays: [:], workdays: [:])

    public func covers(_ day: Day) -> Bool { mode == .weekendsOnly || coveredYears.contains(day.year) }

    public func isWorkingDay(_ day: Day) throws(CalendarError) -> Bool {
        if mode == .weekendsOnly { return !day.isWeekend }
        guard coveredYears.contains(day.year) else { throw CalendarError.yearNotCovered(day.year) }
        if workdays[day.ordinal] != nil { return true }
        if holidays[day.ordinal] != nil { return false }
        return !day.isWeekend
    }

    /// The holiday's or adjusted working day's name, if the notice lists the day.
    public func name(of day: Day) -> (name: String, isOff: Bool)? {
        if let n = workdays[day.ordinal] { return (n, false) }
        if let n = holidays[day.ordinal] { return (n, true) }
        return nil
    }

    /// The Nth working day after `day` (the start day does not count). N = 0 gives the day itself.
    public func addWorkingDays(_ n: Int, to day: Day) throws(CalendarError) -> Day {
        precondition(n >= 0)
        if n > 0, inTable(day) {
            // The first day whose cumulative count reaches the start's count + n.
            let target = cumulative[day.ordinal - tableStart] + Int32(n)
            var lo = day.ordinal - tableStart + 1
            var hi = cumulative.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= target { hi = mid } else { lo = mid + 1 }
            }
            if lo < cumulative.count { return Day(ordinal: tableStart + lo) }
        }
        var current = day
        var left = n
        while left > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { left -= 1 }
        }
        return current
    }

    /// Working days in (from, to]; negative when `to` is before `from`.
    public func workingDays(from: Day, to: Day) throws(CalendarError) -> Int {
        if to < from { return -(try workingDays(from: to, to: from)) }
        if inTable(from), inTable(to) { return Int(cumulative[to.ordinal - tableStart] - cumulative[from.ordinal - tableStart]) }
        var count = 0
        var d = from.adding(days: 1)
        while d <= to {
            if try isWorkingDay(d) { count += 1 }
            d = d.adding(days: 1)
        }
        return count
    }

    /// Every listed day of a year, in date order.
    public func entries(year: Int) -> [Entry] {
        let h = holidays.filter { Day(ordinal: $0.key).year == year }.map { Entry(day: Day(ordinal: $0.key), name: $0.value, isOff: true) }
        let w = workdays.filter { Day(ordinal: $0.key).year == year }.map { Entry(day: Day(ordinal: $0.key), name: $0.value, isOff: false) }
        return (h + w).sorted { $0.day < $1.day }
    }
}

public enum CalendarError: Error, Sendable, Equatable {
    case yearNotCovered(Int)

    public var text: Message {
        switch self {
        case .yearNotCovered(let y):
            return Message(
                "工作日历未收录\(y)年（缺少国务院\(y)年节假日安排通知），无法计算工作日；请在 Rules/calendars/cn.yaml 中补充，或在 gongkai.yaml 中明确设置 calendar: weekends-only",
                "the working-day calendar does not cover \(y) (no State Council holiday notice for \(y)); add it to Rules/calendars/cn.yaml, or set calendar: weekends-only in gongkai.yaml explicitly"
            )
        }
    }
}

extension WorkCalendar {
    /// The State Council's seven public holidays in English; a notice's combined name (国庆节、中秋节) is translated part by part.
    static let holidayNamesEn = [
        "元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Qingming Festival", "劳动节": "Labour Day", "端午节": "Dragon Boat Festival",
        "中秋节": "Mid-Autumn Festival", "国庆节": "National Day",
    ]

    /// A holiday's name as the calendar file has it (the notices' Chinese), or in English; a name with no translation stays as written.
    public static func holidayName(_ name: String, _ lang: Lang) -> String {
        guard lang == .en else { return name }
        return name.split(separator: "、").map { holidayNamesEn[String($0)] ?? String($0) }.joined(separator: " and ")
    }
}
