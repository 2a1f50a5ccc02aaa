/// The official working-day calendar: weekends and public holidays are off, except adjusted
/// working days (调休) that the State Council's yearly notice puts on weekends.
///
/// A year no notice covers yet is **provisional**: it has the statutory holidays alone (`StatutoryHolidays`) and
/// ordinary weekends, and every date counted across it says so. Never an error: a deadline is always given.
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

    /// Where a year's days come from, for `calendar show` and the reports' notes.
    public enum Source: Sendable, Hashable {
        /// The notices kept with gongkai (`Rules/calendars/cn.yaml`).
        case builtIn(String)
        /// A notice the user imported (`calendar import`), kept outside the program and the evidence folder.
        case user(String)
        /// A calendar file the evidence folder declares in gongkai.yaml (`calendars:`).
        case folder(String)
        /// No notice yet: the statutory holidays alone.
        case provisional

        public var text: Message {
            switch self {
            case .builtIn(let f): Message("内置国务院通知（\(f)）", "built-in State Council notice (\(f))")
            case .user(let f): Message("用户导入的国务院通知（\(f)）", "State Council notice imported by the user (\(f))")
            case .folder(let f): Message("证据目录声明的日历文件（\(f)）", "calendar file declared by the evidence folder (\(f))")
            case .provisional: Message("暂定：按《全国年节及纪念日放假办法》的法定节假日推算", "provisional: the statutory holidays alone")
            }
        }
    }

    public let mode: Mode
    /// Years a notice covers (built in, imported, or the folder's).
    public let coveredYears: Set<Int>
    private let holidays: [Int: String]
    private let workdays: [Int: String]
    public let notices: [Int: [String]]
    public let sources: [Int: Source]
    /// The years as loaded, in order of precedence, so more can be laid on top.
    public let layers: [(NoticeYear, Source)]
    /// Over the covered years and the two after them: the first day's ordinal, and the count of working days up to and including each day.
    private let tableStart: Int
    private let cumulative: [Int32]

    /// Years gongkai can count at all: the Chinese calendar's lunar dates are reliable well beyond this.
    public static let supportedYears = 1950...2199

    public init(
        mode: Mode = .official, coveredYears: Set<Int>, holidays: [Day: String], workdays: [Day: String],
        notices: [Int: [String]] = [:], sources: [Int: Source] = [:], layers: [(NoticeYear, Source)] = []
    ) {
        self.layers = layers
        self.mode = mode
        self.coveredYears = coveredYears
        self.holidays = Dictionary(uniqueKeysWithValues: holidays.map { ($0.key.ordinal, $0.value) })
        self.workdays = Dictionary(uniqueKeysWithValues: workdays.map { ($0.key.ordinal, $0.value) })
        self.notices = notices
        self.sources = sources
        // The table spans the covered years and the two after them (provisional): a deadline set in December
        // runs into January. Other years answer through the slow path.
        if mode == .official, let lo = coveredYears.min(), let hi = coveredYears.max() {
            let start = Day.firstOf(year: lo).ordinal
            let end = Day.lastOf(year: hi + 2).ordinal
            var table = [Int32](repeating: 0, count: end - start + 1)
            var count: Int32 = 0
            var statutory: [Day: String] = [:]
            var statutoryYear = Int.min
            for o in start...end {
                let day = Day(ordinal: o)
                let working: Bool
                if coveredYears.contains(day.year) {
                    working = self.workdays[o] != nil || (self.holidays[o] == nil && !day.isWeekend)
                } else {
                    if day.year != statutoryYear {
                        statutoryYear = day.year
                        statutory = StatutoryHolidays.days(year: day.year)
                    }
                    working = statutory[day] == nil && !day.isWeekend
                }
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

    /// A year no notice covers: counted on the statutory holidays alone, every date across it provisional.
    public func isProvisional(year: Int) -> Bool { mode == .official && !coveredYears.contains(year) }

    public func source(of year: Int) -> Source { sources[year] ?? (coveredYears.contains(year) ? .builtIn("Rules/calendars/cn.yaml") : .provisional) }

    public func isWorkingDay(_ day: Day) throws(CalendarError) -> Bool {
        if mode == .weekendsOnly { return !day.isWeekend }
        guard coveredYears.contains(day.year) else {
            guard Self.supportedYears.contains(day.year) else { throw CalendarError.yearNotCovered(day.year) }
            return StatutoryHolidays.days(year: day.year)[day] == nil && !day.isWeekend
        }
        if workdays[day.ordinal] != nil { return true }
        if holidays[day.ordinal] != nil { return false }
        return !day.isWeekend
    }

    /// The holiday's or adjusted working day's name, if the notice (or, in a provisional year, the law) lists the day.
    public func name(of day: Day) -> (name: String, isOff: Bool)? {
        if let n = workdays[day.ordinal] { return (n, false) }
        if let n = holidays[day.ordinal] { return (n, true) }
        if isProvisional(year: day.year), let n = StatutoryHolidays.days(year: day.year)[day] { return (n, true) }
        return nil
    }

    /// The largest count of working days gongkai adds or counts: about 400 years; input beyond it is refused, not trapped on.
    public static let maxWorkingDays = 100_000

    /// The Nth working day after `day` (the start day does not count). N = 0 gives the day itself.
    public func addWorkingDays(_ n: Int, to day: Day) throws(CalendarError) -> Day {
        guard n >= 0, n <= Self.maxWorkingDays else { throw CalendarError.countOutOfRange(n) }
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
        if isProvisional(year: year) {
            return StatutoryHolidays.list(year: year).map { Entry(day: $0.day, name: $0.name, isOff: true) }
        }
        let h = holidays.filter { Day(ordinal: $0.key).year == year }.map { Entry(day: Day(ordinal: $0.key), name: $0.value, isOff: true) }
        let w = workdays.filter { Day(ordinal: $0.key).year == year }.map { Entry(day: Day(ordinal: $0.key), name: $0.value, isOff: false) }
        return (h + w).sorted { $0.day < $1.day }
    }
}

public enum CalendarError: Error, Sendable, Equatable {
    /// A year outside `WorkCalendar.supportedYears`: no lunar date is computed for it.
    case yearNotCovered(Int)
    /// A count of working days that is negative or beyond `WorkCalendar.maxWorkingDays`.
    case countOutOfRange(Int)

    public var text: Message {
        switch self {
        case .yearNotCovered(let y):
            return Message(
                "无法计算\(y)年的工作日：gongkai 只计算 \(WorkCalendar.supportedYears.lowerBound)～\(WorkCalendar.supportedYears.upperBound) 年",
                "cannot count working days in \(y): gongkai counts \(WorkCalendar.supportedYears.lowerBound)–\(WorkCalendar.supportedYears.upperBound) only")
        case .countOutOfRange(let n):
            return Message(
                "工作日数 \(n) 超出范围（应为 0～\(WorkCalendar.maxWorkingDays)）",
                "\(n) working days is out of range (expected 0 to \(WorkCalendar.maxWorkingDays))")
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
