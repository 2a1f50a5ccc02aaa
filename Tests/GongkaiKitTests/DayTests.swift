import Testing

@testable import GongkaiCore

@Suite struct DayTests {
    @Test(arguments: ["2020-01-06", "2020/1/6", "2020年1月6日", "2020/01/06"])
    func acceptedForms(_ text: String) { #expect(Day.parse(text) == Day(year: 2020, month: 1, day: 6)) }

    @Test(arguments: ["2020-1-6", "06/01/2020", "2020-02-30", "2019-02-29", "20200106", "2020-13-01", "", "next week", "2020-01-06x"])
    func rejectedForms(_ text: String) { #expect(Day.parse(text) == nil) }

    @Test func leapDay() {
        #expect(Day.parse("2020-02-29") != nil)
        #expect(day("2020-02-28").adding(days: 1).description == "2020-02-29")
        #expect(day("2020-02-29").adding(days: 1).description == "2020-03-01")
    }

    @Test func weekdays() {
        #expect(day("2020-09-25").weekday == 5)
        #expect(day("2020-09-27").isWeekend)
        #expect(day("1970-01-01").weekday == 4)
        #expect(day("2021-01-01").ordinal - day("2020-01-01").ordinal == 366)
    }
}

/// A date in a right form that does not exist says which day and why (issue 25), never only the accepted forms.
@Suite struct NoSuchDayTests {
    @Test func saysWhy() {
        #expect(Day.whyNotADay("2025年9月31日")?.zh == "2025年9月31日 不存在：2025年9月只有30天")
        #expect(Day.whyNotADay("2023/2/29")?.zh == "2023年2月29日 不存在：2023年2月只有28天")
        #expect(Day.whyNotADay("2020-13-01")?.zh == "2020年13月1日 不存在：没有13月")
        #expect(Day.whyNotADay("2024-02-29") == nil)
        #expect(Day.whyNotADay("上周五") == nil)
    }
}
