import Foundation
import GongkaiCore
import GongkaiPlan

/// Reads a deadline from a 时限 cell or a requirement's words: 年底前, X月底前, X月X日前, 每季度, 每月,
/// 长期坚持/持续推进/常态化. Text it cannot read is kept as text, with no day guessed.
public enum DeadlineParser {
    static let ongoingWords = ["长期坚持", "持续推进", "常态化", "长期推进", "持续开展", "长期开展"]
    static let chineseNumbers: [String: Int] = [
        "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
        "十三": 13, "十四": 14, "十五": 15, "二十": 20, "三十": 30, "三十一": 31,
    ]

    /// From a 时限 column: the whole cell is the deadline.
    public static func parse(column text: String, year: Int) -> TaskDeadline? {
        let t = text.filter { !$0.isWhitespace }
        guard !t.isEmpty else { return nil }
        return words(t, year: year) ?? TaskDeadline(text: t)
    }

    /// From a requirement's words; nil when it states none.
    public static func parse(requirement text: String, year: Int) -> TaskDeadline? {
        words(text.filter { !$0.isWhitespace }, year: year)
    }

    static func words(_ t: String, year: Int) -> TaskDeadline? {
        if let (phrase, day) = fixedDay(t, year: year) { return TaskDeadline(text: phrase, due: day) }
        for (word, cadence) in [("每季度", TaskDeadline.Cadence.quarter), ("按季度", .quarter), ("每月", .month), ("按月", .month), ("每半年", .halfYear), ("每年", .year)]
        where t.includes(word) {
            return TaskDeadline(text: word, cadence: cadence)
        }
        for word in ongoingWords where t.includes(word) { return TaskDeadline(text: word, ongoing: true) }
        return nil
    }

    /// "年底前" → 12-31; "6月底前"/"六月底前" → the month's last day; "3月15日前" → that day; "2021年8月前" → 7-31.
    static func fixedDay(_ t: String, year plannedYear: Int) -> (String, Day)? {
        if let r = t.byteRange(of: "年底前") ?? t.byteRange(of: "年底") ?? t.byteRange(of: "年内") {
            let y = yearBefore(t, r.lowerBound) ?? plannedYear
            return (String(t[r]), Day.lastOf(year: y))
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
