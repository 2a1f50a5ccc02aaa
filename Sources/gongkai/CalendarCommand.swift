import ArgumentParser
import Foundation
import GongkaiKit

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: localized("按国务院放假通知计算工作日", "Working days under the State Council's holiday notices."),
        subcommands: [Add.self, Between.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized("DATE 之后第 N 个工作日（DATE 当天不计）", "The Nth working day after DATE (DATE itself does not count)."))
        @Argument var date: Day
        @Argument var days: Int
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try common.loadRules().calendar
            guard days >= 0 else { throw ValidationError("N must not be negative") }
            do {
                let d = try cal.addWorkingDays(days, to: date)
                print(
                    common.lang == .zh
                        ? "\(date) 后第 \(days) 个工作日：\(d)（\(weekdayName(d, .zh))）" : "\(days) working days after \(date): \(d) (\(weekdayName(d, .en)))")
            } catch {
                Console.error(error.text(common.lang))
                throw ExitCode(2)
            }
        }
    }

    struct Between: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: localized("FROM 之后到 TO（含）之间的工作日数", "Working days after FROM up to and including TO."))
        @Argument var from: Day
        @Argument var to: Day
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try common.loadRules().calendar
            do {
                let n = try cal.workingDays(from: from, to: to)
                print(common.lang == .zh ? "\(from) 至 \(to)（不含起始日）：\(n) 个工作日" : "\(from) to \(to) (start day excluded): \(n) working days")
            } catch {
                Console.error(error.text(common.lang))
                throw ExitCode(2)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: localized("某年的节假日和调休上班日", "A year's holidays and adjusted working days."))
        @Argument var year: Int
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try common.loadRules().calendar
            guard cal.coveredYears.contains(year) else {
                Console.error(CalendarError.yearNotCovered(year).text(common.lang))
                throw ExitCode(2)
            }
            let zh = common.lang == .zh
            for notice in cal.notices[year] ?? [] { print(zh ? "依据：\(notice)" : "source: \(notice)") }
            for e in cal.entries(year: year) {
                let kind = e.isOff ? (zh ? "放假" : "holiday") : (zh ? "调休上班" : "adjusted working day")
                print("\(e.day) \(weekdayName(e.day, common.lang))  \(WorkCalendar.holidayName(e.name, common.lang))  \(kind)")
            }
            var working = 0
            var d = Day.firstOf(year: year)
            while d.year == year {
                if (try? cal.isWorkingDay(d)) == true { working += 1 }
                d = d.adding(days: 1)
            }
            print(zh ? "\(year)年共 \(working) 个工作日" : "\(year) has \(working) working days")
        }
    }
}

func weekdayName(_ d: Day, _ lang: Lang) -> String {
    lang == .zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d.weekday - 1] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday - 1]
}
