import Foundation

/// The public holidays the law itself fixes (《全国年节及纪念日放假办法》), for a year whose State Council notice
/// is not out yet. The notice only adds to them: rest days bridging to a weekend, and adjusted working days (调休).
///
/// - from 2025 (amended 2024-11-10): 元旦 1 January; 春节 农历除夕 and 正月初一 to 初三; 清明节 the day of the 清明
///   solar term; 劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 1–3 October.
/// - 2008–2024: the same, but 春节 初一 to 初三 only and 劳动节 1 May only.
/// - before 2008: 元旦, 春节 初一 to 初三, 劳动节 1–3 May, 国庆节 1–3 October.
public enum StatutoryHolidays {
    /// The statutory holidays of `year` by day. Two holidays on one day (国庆节 and 中秋节 in 2020) share it as
    /// the notices name it: 国庆节、中秋节.
    public static func days(year: Int) -> [Day: String] {
        cache.value(year) { compute(year) }
    }

    /// The statutory holidays of `year` in date order, with the name of each.
    public static func list(year: Int) -> [(day: Day, name: String)] {
        days(year: year).map { ($0.key, $0.value) }.sorted { $0.day < $1.day }
    }

    static func compute(_ year: Int) -> [Day: String] {
        var out: [Day: String] = [:]
        func add(_ day: Day?, _ name: String) {
            guard let day else { return }
            if let existing = out[day], existing != name {
                // The notices put 国庆节 first when the two coincide.
                let names = [existing, name].sorted { order($0) < order($1) }
                out[day] = names.joined(separator: "、")
            } else {
                out[day] = name
            }
        }
        let amended = year >= 2025
        let since2008 = year >= 2008
        add(Day(year: year, month: 1, day: 1), "元旦")
        if let newYear = lunarDay(year: year, month: 1, day: 1) {
            if amended { add(newYear.adding(days: -1), "春节") }
            for k in 0..<3 { add(newYear.adding(days: k), "春节") }
        }
        if since2008 {
            add(qingming(year: year), "清明节")
            add(lunarDay(year: year, month: 5, day: 5), "端午节")
            add(lunarDay(year: year, month: 8, day: 15), "中秋节")
        }
        let mayDays = amended ? 2 : (since2008 ? 1 : 3)
        for k in 1...mayDays { add(Day(year: year, month: 5, day: k), "劳动节") }
        for k in 1...3 { add(Day(year: year, month: 10, day: k), "国庆节") }
        return out
    }

    private static func order(_ name: String) -> Int {
        ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节", "中秋节"].firstIndex(of: name) ?? 99
    }

    /// The Gregorian day of a lunar month and day (not a leap month) that falls in the Gregorian `year`, by
    /// Foundation's Chinese calendar in China's time zone. 正月初一 falls between 21 January and 20 February,
    /// 五月初五 between late May and late June, 八月十五 between early September and early October.
    public static func lunarDay(year: Int, month: Int, day: Int) -> Day? {
        let window: (from: Int, to: Int)
        switch month {
        case 1: window = (1, 3)
        case 5: window = (5, 7)
        case 8: window = (9, 10)
        default: window = (1, 12)
        }
        var d = Day.firstOf(year: year, month: window.from)
        let end = Day.lastOf(year: year, month: window.to)
        while d <= end {
            let c = lunar(d)
            if c.month == month, c.day == day, !c.leap { return d }
            // Skip ahead by the lunar days still to go, at least one.
            let ahead = c.month == month && !c.leap && c.day < day ? day - c.day : 1
            d = d.adding(days: ahead)
        }
        return nil
    }

    private static let chinese: Calendar = {
        var c = Calendar(identifier: .chinese)
        c.timeZone = china
        return c
    }()
    private static let china = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// The lunar month, day and leap flag of a day (at noon in China, well away from midnight).
    static func lunar(_ d: Day) -> (month: Int, day: Int, leap: Bool) {
        let noon = Date(timeIntervalSince1970: (Double(d.ordinal) + 0.5) * 86_400 - 8 * 3600)
        let c = chinese.dateComponents([.month, .day], from: noon)
        return (c.month ?? 0, c.day ?? 0, c.isLeapMonth ?? false)
    }

    /// The day (in China's time) on which the sun's apparent longitude reaches 15°: the 清明 solar term.
    public static func qingming(year: Int) -> Day? {
        var d = Day(year: year, month: 4, day: 2)!
        for _ in 0..<6 {
            // Midnight to midnight in UTC+8.
            let start = Double(d.ordinal) - 8.0 / 24
            if solarLongitude(start) < 15, solarLongitude(start + 1) >= 15 { return d }
            d = d.adding(days: 1)
        }
        return nil
    }

    /// The sun's apparent longitude in degrees (0..<360) at a moment given in days since 1970-01-01 00:00 UTC,
    /// by the low-accuracy series of Meeus, *Astronomical Algorithms*, ch. 25 (about 0.01°, a quarter of an hour).
    static func solarLongitude(_ unixDays: Double) -> Double {
        let jd = unixDays + 2_440_587.5
        let t = (jd - 2_451_545.0) / 36_525
        let l0 = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let m = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * .pi / 180
        let c =
            (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) + (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m)
        let omega = (125.04 - 1934.136 * t) * .pi / 180
        let apparent = l0 + c - 0.00569 - 0.00478 * sin(omega)
        let r = apparent.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }

    private static let cache = YearCache()

    /// Years computed once per run: a check of a hundred thousand requests asks for the same year again and again.
    final class YearCache: @unchecked Sendable {
        private let lock = NSLock()
        private var years: [Int: [Day: String]] = [:]
        func value(_ year: Int, _ make: () -> [Day: String]) -> [Day: String] {
            lock.lock()
            if let v = years[year] {
                lock.unlock()
                return v
            }
            lock.unlock()
            let v = make()
            lock.lock()
            years[year] = v
            lock.unlock()
            return v
        }
    }
}
