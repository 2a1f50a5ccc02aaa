import Testing

@testable import GongkaiCore

@Suite struct CalendarTests {
    let cal = rules.calendar

    @Test func theExampleOfTheIssue() throws {
        // Friday 2020-09-25 + 5 working days: Sunday 09-27 works, 10-01..10-08 are off.
        #expect(try cal.addWorkingDays(5, to: day("2020-09-25")) == day("2020-10-09"))
        #expect(WorkCalendar.weekendsOnly.addWorkingDaysUnchecked(5, to: day("2020-09-25")) == day("2020-10-02"))
    }

    /// 2020 per 国办发明电〔2019〕16号 and the Spring Festival extension 国办发明电〔2020〕1号.
    @Test func every2020HolidayAndAdjustedWorkingDay() throws {
        let off =
            ["2020-01-01"] + range("2020-01-24", "2020-02-02") + range("2020-04-04", "2020-04-06") + range("2020-05-01", "2020-05-05")
            + range("2020-06-25", "2020-06-27") + range("2020-10-01", "2020-10-08")
        let work = ["2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"]
        try checkYear(2020, off: off, work: work)
    }

    /// 2024 per 国办发明电〔2023〕7号.
    @Test func every2024HolidayAndAdjustedWorkingDay() throws {
        let off =
            ["2024-01-01"] + range("2024-02-10", "2024-02-17") + range("2024-04-04", "2024-04-06") + range("2024-05-01", "2024-05-05")
            + ["2024-06-10"] + range("2024-09-15", "2024-09-17") + range("2024-10-01", "2024-10-07")
        let work = ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"]
        try checkYear(2024, off: off, work: work)
    }

    func checkYear(_ year: Int, off: [String], work: [String]) throws {
        let offDays = Set(off.map(day))
        let workDays = Set(work.map(day))
        var d = Day.firstOf(year: year)
        while d.year == year {
            let expected = workDays.contains(d) || (!d.isWeekend && !offDays.contains(d))
            #expect(try cal.isWorkingDay(d) == expected, "\(d)")
            d = d.adding(days: 1)
        }
    }

    func range(_ a: String, _ b: String) -> [String] {
        (day(a).ordinal...day(b).ordinal).map { Day(ordinal: $0).description }
    }

    @Test func yearEnds() throws {
        #expect(try cal.addWorkingDays(1, to: day("2020-12-31")) == day("2021-01-04"))
        #expect(try cal.addWorkingDays(3, to: day("2022-12-29")) == day("2023-01-04"))
        #expect(try cal.workingDays(from: day("2020-12-31"), to: day("2021-01-04")) == 1)
    }

    @Test func deadlineOnAnAdjustedSaturday() throws {
        // 2020-05-08 (Fri) + 1 working day is Saturday 2020-05-09, an adjusted working day.
        #expect(try cal.addWorkingDays(1, to: day("2020-05-08")) == day("2020-05-09"))
    }

    @Test func startOnAHoliday() throws {
        // Received on 2020-10-03 (a holiday): the first working day after it is 2020-10-09.
        #expect(try cal.addWorkingDays(1, to: day("2020-10-03")) == day("2020-10-09"))
        #expect(try cal.addWorkingDays(0, to: day("2020-10-03")) == day("2020-10-03"))
    }

    @Test func betweenConventions() throws {
        #expect(try cal.workingDays(from: day("2020-09-25"), to: day("2020-10-09")) == 5)
        #expect(try cal.workingDays(from: day("2020-10-09"), to: day("2020-09-25")) == -5)
        #expect(try cal.workingDays(from: day("2020-06-01"), to: day("2020-06-01")) == 0)
    }

    @Test func uncoveredYearIsProvisionalNeverAnError() throws {
        // 2027 has no notice yet: the statutory holidays alone, never an error.
        #expect(try cal.isWorkingDay(day("2027-03-01")))
        #expect(try !cal.isWorkingDay(day("2027-02-08")))
        #expect(cal.isProvisional(year: 2027))
        #expect(!cal.isProvisional(year: 2026))
        #expect(throws: CalendarError.yearNotCovered(1800)) { try cal.isWorkingDay(Day(year: 1800, month: 3, day: 3)!) }
        #expect(throws: CalendarError.countOutOfRange(3_000_000_000)) { try cal.addWorkingDays(3_000_000_000, to: day("2020-09-25")) }
        #expect(throws: CalendarError.countOutOfRange(-1)) { try cal.addWorkingDays(-1, to: day("2020-09-25")) }
        #expect((try? WorkCalendar.weekendsOnly.isWorkingDay(day("2027-03-01"))) == true)
    }
}

extension WorkCalendar {
    func addWorkingDaysUnchecked(_ n: Int, to d: Day) -> Day { (try? addWorkingDays(n, to: d)) ?? d }
}
