import Foundation

/// A calendar day in China's civil calendar. Everything in this domain is a day, never an instant:
/// a `Date` at midnight UTC shifts by one when shown in Asia/Shanghai.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.ordinal = Day.daysFromCivil(year, month, day)
    }

    public var year: Int { Day.civilFromDays(ordinal).0 }
    public var month: Int { Day.civilFromDays(ordinal).1 }
    public var day: Int { Day.civilFromDays(ordinal).2 }
    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    /// ISO weekday: 1 Monday … 7 Sunday.
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days n: Int) -> Day { Day(ordinal: ordinal + n) }
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// YYYY-MM-DD, formatted by hand: String(format:) was a measurable cost on 100,000-row ledgers.
    public var description: String {
        let (y, m, d) = components
        var bytes: [UInt8] = [0, 0, 0, 0, 45, 0, 0, 45, 0, 0]
        bytes[0] = UInt8(48 + y / 1000 % 10)
        bytes[1] = UInt8(48 + y / 100 % 10)
        bytes[2] = UInt8(48 + y / 10 % 10)
        bytes[3] = UInt8(48 + y % 10)
        bytes[5] = UInt8(48 + m / 10)
        bytes[6] = UInt8(48 + m % 10)
        bytes[8] = UInt8(48 + d / 10)
        bytes[9] = UInt8(48 + d % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Chinese long form, 2020年1月6日.
    public var chinese: String {
        let (y, m, d) = components
        return "\(y)年\(m)月\(d)日"
    }

    public static func firstOf(year: Int, month: Int = 1) -> Day { Day(ordinal: daysFromCivil(year, month, 1)) }
    public static func lastOf(year: Int, month: Int = 12) -> Day {
        Day(ordinal: daysFromCivil(year, month, daysIn(month: month, year: year)))
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The forms offices write: 2020-01-06, 2020/1/6, 2020年1月6日 (and 2020.1.6).
    public static let acceptedForms = "YYYY-MM-DD, YYYY/M/D, YYYY年M月D日"

    /// Why a text in one of the accepted forms is still no date: 2025年9月31日 不存在：9月只有30天. nil when the text is
    /// not in an accepted form at all (the caller then names the forms).
    public static func whyNotADay(_ text: String) -> Message? {
        let digits = text.split(whereSeparator: { "-/年月日 ".contains($0) }).map(String.init)
        guard digits.count == 3, digits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(digits[0]), let m = Int(digits[1]), let d = Int(digits[2]), digits[0].count == 4
        else { return nil }
        let shown = "\(y)年\(m)月\(d)日"
        guard (1...12).contains(m) else { return Message("\(shown) 不存在：没有\(m)月", "\(y)-\(m)-\(d) does not exist: there is no month \(m)") }
        let last = daysIn(month: m, year: y)
        guard (1...last).contains(d) else {
            return Message(
                "\(shown) 不存在：\(y)年\(m)月只有\(last)天", "\(y)-\(m)-\(d) does not exist: month \(m) of \(y) has \(last) days")
        }
        return nil
    }

    /// Parses a day written in one of `acceptedForms`; nil for anything else.
    public static func parse(_ text: some StringProtocol) -> Day? {
        // Fast path: ISO YYYY-MM-DD, the form ledgers almost always use.
        if let iso = text.utf8.withContiguousStorageIfAvailable({ parseISO($0) }) ?? parseISO(Array(text.utf8)) { return iso }
        return parseGeneral(text)
    }

    /// `.none` when the text is not shaped YYYY-MM-DD, `.some(nil)` when it is but is no date. Allocates nothing:
    /// ledgers parse hundreds of thousands of these.
    static func parseISO(_ b: some RandomAccessCollection<UInt8>) -> Day?? {
        guard b.count == 10 else { return .none }
        let start = b.startIndex
        func byte(_ i: Int) -> UInt8 { b[b.index(start, offsetBy: i)] }
        guard byte(4) == 45, byte(7) == 45 else { return .none }
        func number(_ from: Int, _ to: Int) -> Int? {
            var n = 0
            for i in from..<to {
                let c = byte(i)
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10) else { return .some(nil) }
        guard year >= 1900, year <= 2999 else { return .some(nil) }
        return .some(Day(year: year, month: month, day: day))
    }

    static func parseGeneral(_ text: some StringProtocol) -> Day? {
        var numbers: [Int] = []
        var current = 0
        var digits = 0
        var separators: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar.value >= 48 && scalar.value <= 57 {
                current = current * 10 + Int(scalar.value - 48)
                digits += 1
                if digits > 4 { return nil }
            } else {
                if digits == 0 {
                    if scalar == " " && numbers.isEmpty { continue }
                    return nil
                }
                numbers.append(current)
                separators.append(scalar)
                current = 0
                digits = 0
                if numbers.count > 3 { return nil }
            }
        }
        if digits > 0 { numbers.append(current) }
        guard numbers.count == 3 else { return nil }
        switch separators.count {
        case 2:
            guard separators[0] == separators[1], ["-", "/", "."].contains(separators[0]) else { return nil }
            if separators[0] == "-" {
                // ISO needs two-digit month and day.
                let parts = text.split(separator: "-")
                guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
            }
        case 3:
            guard separators == ["年", "月", "日"] else { return nil }
        default:
            return nil
        }
        guard numbers[0] >= 1900, numbers[0] <= 2999 else { return nil }
        return Day(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// Today in the given zone (Asia/Shanghai by default), whatever the machine's zone is.
    public static func today(timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(ordinal: 0)
    }

    // Howard Hinnant's civil-date algorithms.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

extension Day: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date (\(Day.acceptedForms))")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A closed range of days.
public struct DayRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Day
    public var end: Day
    public init(_ start: Day, _ end: Day) {
        self.start = start
        self.end = end
    }
    public func contains(_ d: Day) -> Bool { d >= start && d <= end }
    public var dayCount: Int { end.ordinal - start.ordinal + 1 }
    public var description: String { start == end ? "\(start)" : "\(start)～\(end)" }
}
