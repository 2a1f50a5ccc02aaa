import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiOffice

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: localized("按国务院放假通知计算工作日", "Working days under the State Council's holiday notices."),
        subcommands: [Add.self, Between.self, Show.self, Import.self])

    /// The calendar a command counts on: the built-in notices, the user's imported ones, and with `--folder` the folder's.
    struct CalendarOptions: ParsableArguments {
        @Option(help: bilingual("同时使用该证据目录 gongkai.yaml 声明的日历文件", "Also use the calendar files this evidence folder declares."))
        var folder: String?

        func calendar(_ common: CommonOptions) throws -> WorkCalendar {
            let rules = try common.loadRules()
            guard let folder else { return rules.calendar }
            return try common.run { () throws(GongkaiError) in
                let root = URL(fileURLWithPath: folder)
                return try FolderConfig.load(root: root).calendar(over: rules.calendar, root: root)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized("DATE 之后第 N 个工作日（DATE 当天不计）", "The Nth working day after DATE (DATE itself does not count)."))
        @Argument var date: Day
        @Argument var days: Int
        @OptionGroup var calendarOptions: CalendarOptions
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try calendarOptions.calendar(common)
            guard days >= 0, days <= WorkCalendar.maxWorkingDays else {
                throw common.usage(
                    "N 应为 0～\(WorkCalendar.maxWorkingDays) 的工作日数，收到 \(days)", "N must be 0 to \(WorkCalendar.maxWorkingDays) working days, got \(days)")
            }
            do {
                let d = try cal.addWorkingDays(days, to: date)
                print(
                    common.lang == .zh
                        ? "\(date) 后第 \(days) 个工作日：\(d)（\(weekdayName(d, .zh))）" : "\(days) working days after \(date): \(d) (\(weekdayName(d, .en)))")
                if let p = try cal.provisional(adding: days, to: date) { print(p.note(common.lang)) }
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
        @OptionGroup var calendarOptions: CalendarOptions
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try calendarOptions.calendar(common)
            do {
                let n = try cal.workingDays(from: from, to: to)
                print(common.lang == .zh ? "\(from) 至 \(to)（不含起始日）：\(n) 个工作日" : "\(from) to \(to) (start day excluded): \(n) working days")
                let lo = min(from, to)
                if let p = try cal.provisional(adding: abs(n), to: lo) {
                    print(ProvisionalDate(years: p.years, holidays: [], earliest: p.earliest, latest: p.earliest).note(common.lang))
                }
            } catch {
                Console.error(error.text(common.lang))
                throw ExitCode(2)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized("某年的节假日和调休上班日，及其来源", "A year's holidays and adjusted working days, and where they come from."))
        @Argument var year: Int
        @OptionGroup var calendarOptions: CalendarOptions
        @OptionGroup var common: CommonOptions
        func run() throws {
            let cal = try calendarOptions.calendar(common)
            guard WorkCalendar.supportedYears.contains(year) else {
                Console.error(CalendarError.yearNotCovered(year).text(common.lang))
                throw ExitCode(2)
            }
            let zh = common.lang == .zh
            print((zh ? "来源：" : "source: ") + cal.source(of: year).text(common.lang))
            if cal.isProvisional(year: year) {
                print(
                    zh
                        ? "暂定：待国务院\(year)年节假日安排通知发布后确认；通知发布当天用 gongkai calendar import 通知.html 导入"
                        : "provisional: to be confirmed by the State Council's \(year) notice; "
                            + "import it with gongkai calendar import NOTICE the day it is published"
                )
            }
            for notice in cal.notices[year] ?? [] { print(zh ? "依据：\(notice)" : "notice: \(notice)") }
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
            print(
                zh
                    ? "\(year)年共 \(working) 个工作日\(cal.isProvisional(year: year) ? "（暂定）" : "")"
                    : "\(year) has \(working) working days\(cal.isProvisional(year: year) ? " (provisional)" : "")")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized(
                "导入国务院节假日安排通知（网页 .html、Word .docx 或文本），写入用户日历或证据目录",
                "Import a State Council holiday notice (a saved page, .docx or text) into the user's calendar or an evidence folder."))
        @Argument(help: bilingual("通知文件：另存的网页、.docx 或粘贴的文本", "The notice: a saved web page, a .docx, or pasted text.")) var notice: String
        @Option(help: bilingual("写入该证据目录的 日历/YYYY.yaml，并在其 gongkai.yaml 中声明", "Write 日历/YYYY.yaml in this evidence folder and declare it in its gongkai.yaml."))
        var to: String?
        @Flag(help: bilingual("替换已收录年份的安排", "Replace a year already covered.")) var replace = false
        @Flag(name: .customLong("dry-run"), help: bilingual("只显示读到的安排，不写入", "Show what was read; write nothing.")) var dryRun = false
        @OptionGroup var common: CommonOptions

        func run() throws {
            let zh = common.lang == .zh
            let rules = try common.loadRules()
            let text = try common.run { () throws(GongkaiError) in try DocumentText.read(URL(fileURLWithPath: notice), run: InflationBudget()) }
            let parsed: HolidayNotice
            do { parsed = try HolidayNotice.parse(text) } catch {
                Console.error((Message("\(notice)：", "\(notice): ") + error.text)(common.lang) + (zh ? "；未写入" : "; nothing written"))
                throw ExitCode(2)
            }
            let folderRoot = to.map { URL(fileURLWithPath: $0) }
            var calendar = rules.calendar
            if let folderRoot {
                calendar = try common.run { () throws(GongkaiError) in try FolderConfig.load(root: folderRoot).calendar(over: calendar, root: folderRoot) }
            }
            let base = calendar.layers.last { $0.0.year == parsed.year }?.0
            let year: NoticeYear
            do { year = try parsed.apply(to: base) } catch {
                Console.error(error.text(common.lang) + (zh ? "；未写入" : "; nothing written"))
                throw ExitCode(2)
            }
            for item in parsed.items {
                let off = item.holidays.isEmpty ? "" : "\(item.holidays[0])" + (item.holidays.count > 1 ? "～\(item.holidays.last!)" : "")
                let work = item.workdays.map { "\($0)（\(weekdayName($0, common.lang))）" }.joined(separator: "、")
                if case .extended(_, let until) = parsed.kind {
                    print(zh ? "\(item.name)：假期延长至 \(until)" : "\(WorkCalendar.holidayName(item.name, .en)): extended to \(until)")
                } else {
                    print(
                        zh
                            ? "\(item.name)：\(off) 放假，共\(item.holidays.count)天\(work.isEmpty ? "" : "；\(work) 上班")"
                            : "\(WorkCalendar.holidayName(item.name, .en)): \(off) off, \(item.holidays.count) days\(work.isEmpty ? "" : "; \(work) working")")
                }
            }
            // A year already covered by a notice changes only with --replace (an extension changes its own year by design).
            let isExtension = { if case .extended = parsed.kind { true } else { false } }()
            if dryRun {
                if let base, !isExtension {
                    let changes = Self.changes(from: base, to: year)
                    let covered = calendar.source(of: parsed.year).text
                    print(
                        zh
                            ? "（试读，未写入）\(parsed.year)年已收录（\(covered.zh)）"
                                + (changes.isEmpty ? "，与本通知相同" : "；导入将改变：\(changes.joined(separator: "；"))（需加 --replace）")
                            : "(dry run, nothing written) \(parsed.year) is already covered (\(covered.en))"
                                + (changes.isEmpty
                                    ? ", the same as this notice" : "; importing would change: \(changes.joined(separator: "; ")) (needs --replace)")
                    )
                } else {
                    print(zh ? "（试读，未写入）" : "(dry run, nothing written)")
                }
                return
            }
            if let base, !isExtension, !replace {
                let changes = Self.changes(from: base, to: year)
                let covered = calendar.source(of: parsed.year).text
                Console.error(
                    zh
                        ? "\(parsed.year)年已收录（\(covered.zh)）" + (changes.isEmpty ? "，与本通知相同" : "；本通知将改变：\(changes.joined(separator: "；"))")
                            + "。如需替换请加 --replace；未写入"
                        : "\(parsed.year) is already covered (\(covered.en))"
                            + (changes.isEmpty ? ", the same as this notice" : "; this notice would change: \(changes.joined(separator: "; "))")
                            + ". Add --replace to replace it; nothing written"
                )
                throw ExitCode(2)
            }
            try common.run { () throws(GongkaiError) in
                let written = try CalendarImport.write(year, toFolder: folderRoot)
                print(zh ? "已写入 \(written)" : "written: \(written)")
            }
        }

        static func changes(from a: NoticeYear, to b: NoticeYear) -> [String] {
            var out: [String] = []
            for d in Set(a.holidays.keys).symmetricDifference(b.holidays.keys).sorted() {
                out.append(b.holidays[d] != nil ? "\(d) 改为放假" : "\(d) 不再放假")
            }
            for d in Set(a.workdays.keys).symmetricDifference(b.workdays.keys).sorted() {
                out.append(b.workdays[d] != nil ? "\(d) 改为调休上班" : "\(d) 不再调休上班")
            }
            return out
        }
    }
}

func weekdayName(_ d: Day, _ lang: Lang) -> String {
    lang == .zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d.weekday - 1] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday - 1]
}
