import Foundation

/// One year's days as a notice sets them: holidays and adjusted working days by name, and the notices' addresses.
public struct NoticeYear: Sendable, Hashable {
    public var year: Int
    public var notices: [String]
    public var holidays: [Day: String]
    public var workdays: [Day: String]
    public init(year: Int, notices: [String] = [], holidays: [Day: String] = [:], workdays: [Day: String] = [:]) {
        self.year = year
        self.notices = notices
        self.holidays = holidays
        self.workdays = workdays
    }
}

extension WorkCalendar {
    /// Loads `Rules/calendars/cn.yaml`: per year, the notices and the holidays and adjusted working days
    /// by name, each a date or a range `A..B`.
    public static func load(file path: String, displayName: String? = nil) throws(LoadIssue) -> WorkCalendar {
        let name = displayName ?? path
        let years = try loadYears(file: path, displayName: name)
        return WorkCalendar(years: years.map { ($0, Source.builtIn(name)) })
    }

    /// A calendar from years in order of precedence: a later file's year replaces an earlier one's whole.
    public init(years layered: [(NoticeYear, Source)]) {
        var byYear: [Int: (NoticeYear, Source)] = [:]
        for (y, s) in layered { byYear[y.year] = (y, s) }
        var holidays: [Day: String] = [:]
        var workdays: [Day: String] = [:]
        // Days listed under a neighbouring year (2019's notice lists 2018-12-30) are kept: merged by date.
        for (y, _) in byYear.values.sorted(by: { $0.0.year < $1.0.year }) {
            holidays.merge(y.holidays) { $1 }
            workdays.merge(y.workdays) { $1 }
        }
        self.init(
            coveredYears: Set(byYear.keys), holidays: holidays, workdays: workdays, notices: byYear.mapValues(\.0.notices),
            sources: byYear.mapValues(\.1), layers: layered)
    }

    /// This calendar with more years on top (the user's imported notices, the folder's calendar files).
    public func adding(_ more: [(NoticeYear, Source)]) -> WorkCalendar {
        guard mode == .official, !more.isEmpty else { return self }
        return WorkCalendar(years: layers + more)
    }

    /// The years of one calendar file.
    public static func loadYears(file path: String, displayName: String? = nil) throws(LoadIssue) -> [NoticeYear] {
        let name = displayName ?? path
        guard case .success(let data) = FolderListing.readRegularFile(path, limit: 1 << 20), let text = String(data: data, encoding: .utf8) else {
            throw LoadIssue(SourceLocation(file: name), Message("无法读取工作日历", "cannot read the calendar file"))
        }
        guard let years = try YAMLSource.compose(text, file: name)?[key: "years"]?.pairs else {
            throw LoadIssue(SourceLocation(file: name), Message("工作日历缺少 years", "the calendar file has no years"))
        }
        var out: [NoticeYear] = []
        for (yearText, keyNode, def) in years {
            guard let year = Int(yearText), supportedYears.contains(year) else {
                throw LoadIssue(keyNode.location(in: name), Message("年份 \(yearText) 无效", "\(yearText) is not a year"))
            }
            var entry = NoticeYear(year: year, notices: def[key: "notices"]?.strings ?? [])
            for (field, isOff) in [("holidays", true), ("workdays", false)] {
                for (holiday, _, dates) in def[key: field]?.pairs ?? [] {
                    for item in dates.items ?? [dates] {
                        guard let spec = item.text else { continue }
                        let bounds = spec.components(separatedBy: "..")
                        guard let a = Day.parse(bounds[0]), let b = Day.parse(bounds.last ?? bounds[0]), a <= b, bounds.count <= 2, b.ordinal - a.ordinal < 40
                        else {
                            throw LoadIssue(
                                item.location(in: name),
                                Message(
                                    "日期 \(spec) 无效（应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD）",
                                    "bad date \(spec) (expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)"))
                        }
                        for o in a.ordinal...b.ordinal {
                            if isOff { entry.holidays[Day(ordinal: o)] = holiday } else { entry.workdays[Day(ordinal: o)] = holiday }
                        }
                    }
                }
            }
            out.append(entry)
        }
        return out
    }

    /// Where `calendar import` keeps the user's notices: `$XDG_CONFIG_HOME/gongkai/calendars` (or `~/.config/…`),
    /// outside the program and outside any evidence folder.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("gongkai/calendars")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/gongkai/calendars")
    }

    /// The user's calendar files (`*.yaml` in `userDirectory`, in name order), each year marked as the user's.
    public static func loadUserYears(directory: URL = userDirectory()) throws(LoadIssue) -> [(NoticeYear, Source)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var out: [(NoticeYear, Source)] = []
        for n in names {
            let path = directory.appendingPathComponent(n).path
            out += try loadYears(file: path).map { ($0, Source.user(path)) }
        }
        return out
    }
}
