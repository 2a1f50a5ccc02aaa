import Foundation

extension WorkCalendar {
    /// Loads `Rules/calendars/cn.yaml`: per year, the notices and the holidays and adjusted working days
    /// by name, each a date or a range `A..B`.
    public static func load(file path: String, displayName: String? = nil) throws(LoadIssue) -> WorkCalendar {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadIssue(SourceLocation(file: name), Message("无法读取工作日历", "cannot read the calendar file"))
        }
        guard let years = try YAMLSource.compose(text, file: name)?[key: "years"]?.pairs else {
            throw LoadIssue(SourceLocation(file: name), Message("工作日历缺少 years", "the calendar file has no years"))
        }
        var covered = Set<Int>()
        var holidays: [Day: String] = [:]
        var workdays: [Day: String] = [:]
        var notices: [Int: [String]] = [:]
        for (yearText, keyNode, def) in years {
            guard let year = Int(yearText) else {
                throw LoadIssue(keyNode.location(in: name), Message("年份 \(yearText) 无效", "\(yearText) is not a year"))
            }
            covered.insert(year)
            notices[year] = def[key: "notices"]?.strings ?? []
            for (field, isOff) in [("holidays", true), ("workdays", false)] {
                for (holiday, _, dates) in def[key: field]?.pairs ?? [] {
                    for item in dates.items ?? [dates] {
                        guard let spec = item.text else { continue }
                        let bounds = spec.components(separatedBy: "..")
                        guard let a = Day.parse(bounds[0]), let b = Day.parse(bounds.last ?? bounds[0]), a <= b, bounds.count <= 2 else {
                            throw LoadIssue(
                                item.location(in: name),
                                Message(
                                    "日期 \(spec) 无效（应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD）",
                                    "bad date \(spec) (expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)"))
                        }
                        for o in a.ordinal...b.ordinal {
                            if isOff { holidays[Day(ordinal: o)] = holiday } else { workdays[Day(ordinal: o)] = holiday }
                        }
                    }
                }
            }
        }
        return WorkCalendar(coveredYears: covered, holidays: holidays, workdays: workdays, notices: notices)
    }
}
