import Foundation
import GongkaiCore
import GongkaiPlan

/// Reads a deadline from a 时限 cell or a requirement's words: 年底前, X月底前, X月X日前, 每季度, 每月,
/// 长期坚持/持续推进/常态化; a cell of a month alone (2022年10月) or 全年. A time counted from an event (发布后3天内,
/// 形成之日起20个工作日内) is relative: kept as text, never a day. Text it cannot read is kept as text, with no day guessed.
public enum DeadlineParser {
    static let ongoingWords = ["长期坚持", "持续推进", "常态化", "长期推进", "持续开展", "长期开展"]
    static let chineseNumbers: [String: Int] = [
        "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
        "十三": 13, "十四": 14, "十五": 15, "二十": 20, "三十": 30, "三十一": 31,
    ]

    /// From a 时限 column: the whole cell is the deadline.
    public static func parse(column text: String, year: Int) -> TaskDeadline? {
        let t = text.withoutWhitespace
        guard !t.isEmpty else { return nil }
        if let day = monthAlone(t, year: year) { return TaskDeadline(text: t, due: day) }
        // 全年: all through the year, no one day.
        if t == "全年" || t == "全年推进" || t == "全年持续" { return TaskDeadline(text: t, ongoing: true) }
        // The cell as written ("常态化开展", not the word that told it).
        guard var found = words(t, year: year) else { return TaskDeadline(text: t) }
        found.text = t
        return found
    }

    /// A time counted from an event ("发布后3天内", "形成之日起20个工作日内"): the words, or nil.
    public static func relative(_ text: String) -> String? {
        let t = text.withoutWhitespace
        for marker in ["之日起", "后"] {
            var search = t.startIndex..<t.endIndex
            while let m = t[search].byteRange(of: marker) {
                search = m.upperBound..<t.endIndex
                let rest = t[m.upperBound...]
                let digits = rest.prefix { $0.isNumber || "一二三四五六七八九十".contains($0) }
                guard !digits.isEmpty else { continue }
                let after = rest.dropFirst(digits.count)
                guard let unit = ["个工作日内", "个工作日", "工作日内", "天内", "日内", "小时内", "个月内"].first(where: { after.hasPrefix($0) }) else { continue }
                // The event before the marker: 发布, 印发, 形成, 出台, 收到….
                let event = t[..<m.lowerBound].suffix(2)
                return String(event) + marker + String(digits) + unit
            }
        }
        return nil
    }

    /// "2022年10月", "10月", "10月份": the month's last day; nil for anything else.
    static func monthAlone(_ t: String, year plannedYear: Int) -> Day? {
        var body = Substring(t)
        for end in ["份", "底前", "底", "前", "内"] where body.hasSuffix(end) {
            body = body.dropLast(end.count)
            break
        }
        guard body.hasSuffix("月"), let (month, start) = number(before: t.index(t.startIndex, offsetBy: body.count - 1), in: t) else { return nil }
        guard (1...12).contains(month), t.hasSuffix("月前") == false else { return nil }
        let y = yearBefore(t, start)
        guard start == t.startIndex || (y != nil && t.distance(from: t.startIndex, to: start) == 5) else { return nil }
        return Day.lastOf(year: y ?? plannedYear, month: month)
    }

    /// From a requirement's words; nil when it states none.
    public static func parse(requirement text: String, year: Int) -> TaskDeadline? {
        words(text.withoutWhitespace, year: year)
    }

    /// 每半年 before 每年; "上半年" alone is a window of a year, not a cadence.
    static let cadenceWords: [(String, TaskDeadline.Cadence)] = [
        ("每季度", .quarter), ("按季度", .quarter), ("每月", .month), ("按月", .month), ("每半年", .halfYear), ("按半年", .halfYear), ("半年一次", .halfYear),
        ("每年", .year),
    ]

    static func words(_ t: String, year: Int) -> TaskDeadline? {
        if let (phrase, day) = fixedDay(t, year: year) { return TaskDeadline(text: phrase, due: day) }
        if let phrase = relative(t) { return TaskDeadline(text: phrase) }
        for (word, cadence) in cadenceWords where t.includes(word) {
            return TaskDeadline(text: word, cadence: cadence)
        }
        for word in ongoingWords where t.includes(word) { return TaskDeadline(text: word, ongoing: true) }
        return nil
    }

    /// "年底前" → 12-31; "6月底前"/"六月底前" → the month's last day; "3月15日前" → that day; "2021年8月前" → 7-31.
    static func fixedDay(_ t: String, year plannedYear: Int) -> (String, Day)? {
        if let r = t.byteRange(of: "年底前") ?? t.byteRange(of: "年底") ?? t.byteRange(of: "年内") {
            // "2022年底前": the year written with it, else the plan's.
            if let (y, start) = number(before: r.lowerBound, in: t), (2000...2100).contains(y) {
                return (String(t[start..<r.upperBound]), Day.lastOf(year: y))
            }
            return (String(t[r]), Day.lastOf(year: plannedYear))
        }
        if let r = t.byteRange(of: "月底前") ?? t.byteRange(of: "月底") {
            guard let (month, start) = number(before: r.lowerBound, in: t), (1...12).contains(month) else { return nil }
            let y = yearBefore(t, start) ?? plannedYear
            return (String(t[start..<r.upperBound]), Day.lastOf(year: y, month: month))
        }
        if let r = t.byteRange(of: "日前") {
            guard let (day, dayStart) = number(before: r.lowerBound, in: t), dayStart > t.startIndex else { return nil }
            let monthEnd = t.index(before: dayStart)
            guard t[monthEnd] == "月", let (month, start) = number(before: monthEnd, in: t),
                let d = Day(year: yearBefore(t, start) ?? plannedYear, month: month, day: day)
            else { return nil }
            return (String(t[start..<r.upperBound]), d)
        }
        if let r = t.byteRange(of: "月前") {
            guard let (month, start) = number(before: r.lowerBound, in: t), (2...12).contains(month) else { return nil }
            return (String(t[start..<r.upperBound]), Day.lastOf(year: yearBefore(t, start) ?? plannedYear, month: month - 1))
        }
        return nil
    }

    /// The number written just before `end` (digits or Chinese numerals) and where it starts.
    static func number(before end: String.Index, in t: String) -> (Int, String.Index)? {
        var start = end
        while start > t.startIndex {
            let prev = t.index(before: start)
            guard t[prev].isNumber || "一二三四五六七八九十".contains(t[prev]) else { break }
            start = prev
        }
        guard start < end else { return nil }
        let text = String(t[start..<end])
        guard let n = Int(text) ?? chineseNumbers[text] else { return nil }
        return (n, start)
    }

    /// "2021年8月前": the year written just before the month, if any.
    static func yearBefore(_ t: String, _ index: String.Index) -> Int? {
        guard index > t.startIndex, t[t.index(before: index)] == "年" else { return nil }
        let yearEnd = t.index(before: index)
        guard let (y, _) = number(before: yearEnd, in: t), (2000...2100).contains(y) else { return nil }
        return y
    }
}
