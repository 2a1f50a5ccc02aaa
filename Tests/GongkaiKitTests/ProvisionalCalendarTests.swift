import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiEvidence

/// Next year before its notice: the statutory holidays (《全国年节及纪念日放假办法》), the bound on what a notice can
/// change, and the notices 2019–2026 read from their own texts.
@Suite struct ProvisionalCalendarTests {
    let cal = rules.calendar
    static let notices = repoRoot.appendingPathComponent("Tests/fixtures/holiday-notices")

    /// Counted by hand from the law and the 2027 lunar dates (除夕 02-05, 端午 06-09, 中秋 09-15; 清明 04-05).
    @Test func statutory2027ByHand() throws {
        let expected = [
            "2027-01-01": "元旦", "2027-02-05": "春节", "2027-02-06": "春节", "2027-02-07": "春节", "2027-02-08": "春节", "2027-04-05": "清明节",
            "2027-05-01": "劳动节", "2027-05-02": "劳动节", "2027-06-09": "端午节", "2027-09-15": "中秋节", "2027-10-01": "国庆节",
            "2027-10-02": "国庆节", "2027-10-03": "国庆节",
        ]
        #expect(StatutoryHolidays.days(year: 2027) == Dictionary(uniqueKeysWithValues: expected.map { (day($0.key), $0.value) }))
        // 261 weekdays less the 7 statutory days on weekdays (01-01, 02-05, 02-08, 04-05, 06-09, 09-15, 10-01).
        #expect(try cal.workingDays(from: day("2026-12-31"), to: day("2027-12-31")) == 254)
        // Received Monday 2026-12-07: 18 working days to 12-31, 元旦 off, then 01-04 and 01-05.
        #expect(try cal.addWorkingDays(20, to: day("2026-12-07")) == day("2027-01-05"))
    }

    /// The rule before 2025 (春节 初一–初三, 劳动节 one day) and after.
    @Test func statutoryRuleChangedIn2025() {
        #expect(StatutoryHolidays.days(year: 2024).filter { $0.value == "春节" }.count == 3)
        #expect(StatutoryHolidays.days(year: 2024).filter { $0.value == "劳动节" }.count == 1)
        #expect(StatutoryHolidays.days(year: 2025)[day("2025-01-28")] == "春节")  // 除夕
        #expect(StatutoryHolidays.days(year: 2025)[day("2025-05-02")] == "劳动节")
        #expect(StatutoryHolidays.days(year: 2020)[day("2020-10-01")] == "国庆节、中秋节")
    }

    /// 清明 by the sun's longitude, against the published dates 2019–2030.
    @Test func qingmingEveryYear2019To2030() {
        let published = [
            2019: 5, 2020: 4, 2021: 4, 2022: 5, 2023: 5, 2024: 4, 2025: 4, 2026: 5, 2027: 5, 2028: 4, 2029: 4, 2030: 5,
        ]
        for (year, d) in published { #expect(StatutoryHolidays.qingming(year: year) == Day(year: year, month: 4, day: d), "\(year)") }
    }

    /// Every statutory day of 2019–2026 is a day off in that year's notice.
    @Test func statutoryDaysAreInEveryNotice() throws {
        for year in 2019...2026 {
            for (d, name) in StatutoryHolidays.list(year: year) { #expect(try !cal.isWorkingDay(d), "\(d) \(name)") }
        }
    }

    /// The bound `ProvisionalDate` documents, measured on the notices 2019–2026: every added rest day and adjusted
    /// working day lies within `noticeReach` of its holiday's statutory days, and per holiday at most
    /// `noticeExtraRestDays` weekdays are added and `noticeAdjustedWorkdays` weekend days made working.
    @Test func noticeBoundsHold() throws {
        var farthest = 0
        var mostRest = 0
        var mostWork = 0
        for year in 2019...2026 {
            let statutory = StatutoryHolidays.days(year: year)
            var rest: [String: Int] = [:]
            var work: [String: Int] = [:]
            for e in cal.entries(year: year) {
                if e.isOff && (statutory[e.day] != nil || e.day.isWeekend) { continue }
                let parts = Set(e.name.components(separatedBy: "、"))
                let own = statutory.filter { !parts.isDisjoint(with: $0.value.components(separatedBy: "、")) }.keys
                let distance = own.map { abs($0.ordinal - e.day.ordinal) }.min() ?? .max
                farthest = max(farthest, distance)
                if e.isOff { rest[e.name, default: 0] += 1 } else { work[e.name, default: 0] += 1 }
            }
            mostRest = max(mostRest, rest.values.max() ?? 0)
            mostWork = max(mostWork, work.values.max() ?? 0)
        }
        #expect(farthest <= WorkCalendar.noticeReach)
        #expect(mostRest <= WorkCalendar.noticeExtraRestDays)
        #expect(mostWork <= WorkCalendar.noticeAdjustedWorkdays)
        // The bound is tight: what was seen, not more than a few days beyond it.
        #expect((farthest, mostRest, mostWork) == (11, 5, 2))
    }

    /// Firm or provisional: a verdict the notice could not change is firm.
    @Test func verdictWindow() throws {
        // Received 2027-01-20: due 2027-02-19 on the law alone, near 春节.
        let p = try #require(try cal.provisional(adding: 20, to: day("2027-01-20")))
        #expect(try cal.addWorkingDays(20, to: day("2027-01-20")) == day("2027-02-19"))
        #expect(p.holidays == ["春节"])
        #expect(p.years == [2027])
        // Answered a working day before the provisional deadline: two adjusted working days could make it late.
        #expect(p.couldChange(day("2027-02-18")))
        // A day late by the law, but five added rest days could make it on time.
        #expect(p.couldChange(day("2027-02-22")))
        // Far outside: firm either way.
        #expect(!p.couldChange(day("2027-02-10")))
        #expect(!p.couldChange(day("2027-03-10")))
        #expect(p.note.zh.contains("暂定：待国务院2027年节假日安排通知发布后确认"))
        // A span inside a year a notice covers is firm.
        #expect(try cal.provisional(adding: 20, to: day("2026-03-02")) == nil)
    }

    // MARK: the notices as found

    func noticeText(_ name: String) throws -> String {
        try String(contentsOf: Self.notices.appendingPathComponent(name), encoding: .utf8)
    }

    func imported(_ year: Int) throws -> NoticeYear {
        var y = try HolidayNotice.parse(try noticeText("\(year).txt")).apply(to: nil)
        if year == 2020 { y = try HolidayNotice.parse(try noticeText("2020-supplement.txt")).apply(to: y) }
        return y
    }

    /// Importing each year's notice (with 2020's extension) gives the built-in calendar's days exactly. 2019's
    /// 劳动节 was changed by a later notice (国办发明电〔2019〕3号) that the fixtures do not keep.
    @Test(arguments: 2019...2026) func importReproducesTheBuiltInCalendar(year: Int) throws {
        let y = try imported(year)
        let builtIn = try #require(cal.layers.first { $0.0.year == year }?.0)
        if year == 2019 {
            let may = { (d: [Day: String]) in d.filter { $0.value != "劳动节" } }
            #expect(may(y.holidays) == may(builtIn.holidays))
            #expect(may(y.workdays) == may(builtIn.workdays))
        } else {
            #expect(y.holidays == builtIn.holidays)
            #expect(y.workdays == builtIn.workdays)
        }
    }

    /// The same texts with the other punctuation and in traditional characters read the same.
    @Test(arguments: 2021...2026) func punctuationAndTraditionalCharacters(year: Int) throws {
        let text = try noticeText("\(year).txt")
        let expected = try HolidayNotice.parse(text).apply(to: nil)
        let fullWidth = text.replacingOccurrences(of: ":", with: "：").replacingOccurrences(of: ",", with: "，").replacingOccurrences(of: "(", with: "（")
            .replacingOccurrences(of: ")", with: "）")
        let halfWidth = text.replacingOccurrences(of: "：", with: ":").replacingOccurrences(of: "，", with: ",").replacingOccurrences(of: "（", with: "(")
            .replacingOccurrences(of: "）", with: ")")
        let traditional = String(
            String(text.map { ch -> Character in ["节": "節", "劳": "勞", "动": "動", "国": "國", "庆": "慶", "调": "調", "周": "週", "与": "與"][ch] ?? ch }))
        for variant in [fullWidth, halfWidth, traditional] { #expect(try HolidayNotice.parse(variant).apply(to: nil) == expected) }
    }

    @Test func wrongOrOddNoticesAreRefusedQuotingTheSentence() throws {
        let text = try noticeText("2026.txt")
        // A weekday that contradicts its date.
        let wrongDay = text.replacingOccurrences(of: "1月1日(周四)", with: "1月1日(周五)")
        #expect(wrongDay != text)
        #expect {
            try HolidayNotice.parse(wrongDay)
        } throws: { e in
            guard let p = e as? HolidayNotice.Problem else { return false }
            return p.text.zh.contains("周四") && p.sentence?.hasPrefix("元旦") == true
        }
        // 共N天 that contradicts the range.
        let wrongCount = text.replacingOccurrences(of: "放假调休,共3天。1月4日", with: "放假调休,共4天。1月4日")
        #expect(wrongCount != text)
        #expect {
            try HolidayNotice.parse(wrongCount)
        } throws: { e in (e as? HolidayNotice.Problem)?.message.zh.contains("共4天") == true }
        // Cut after 劳动节.
        let cut = String(text[..<text.range(of: "五、端午节")!.lowerBound])
        #expect {
            try HolidayNotice.parse(cut)
        } throws: { e in (e as? HolidayNotice.Problem)?.message.zh.contains("缺少端午节、中秋节、国庆节") == true }
        // Not a notice at all.
        #expect(throws: HolidayNotice.Problem.self) { try HolidayNotice.parse("政务公开工作要点：一、元旦期间加强值班。") }
        // An extension with no year to extend.
        #expect(throws: HolidayNotice.Problem.self) { try HolidayNotice.parse(try noticeText("2020-supplement.txt")).apply(to: nil) }
    }
}
