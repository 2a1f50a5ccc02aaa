import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(help: bilingual("规则目录（计划、证据类型、日历）；默认：内置的 Rules/", "Rules folder (plans, types, calendars); default: the built-in Rules/."))
    var rules: String?

    @Option(help: bilingual("输出语言：zh（默认）或 en", "Output language: zh (default) or en."))
    var lang: Lang = .zh

    @Flag(help: bilingual("即使输出文件是只读的也替换它", "Replace output files even when they are read-only."))
    var force = false

    func loadRules() throws -> Rules {
        try run { () throws(GongkaiError) in try Rules.load(root: try RulesLocator.locate(explicit: rules)) }
    }

    /// Runs library code; a `GongkaiError` is printed with its places and exits 2.
    func run<T>(_ body: () throws(GongkaiError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            Console.error(error.describe(lang))
            throw ExitCode(2)
        }
    }
}

/// `--plan-file`, worded alike in every command that takes it.
struct PlanFileOption: ParsableArguments {
    @Option(
        name: .customLong("plan-file"),
        help: bilingual("使用此计划文件，而不是 gongkai.yaml 指定的计划，例：--plan-file ../计划.yaml", "A plan file to use instead of the one gongkai.yaml names."))
    var planFile: String?
}

/// `--as-of`, declared once for every command that takes it and read as every day option is (`DayArgument`); a day
/// that cannot be read is refused before anything is read.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: bilingual(
            "自查日（数据截至日）：2021-02-05、2021-2-5、2021/2/5 或 2021年2月5日；晚于这一天的材料不计入；默认：证据目录所在时区（北京时间）的今天",
            "The day of the self-check (the day the figures are taken): 2021-02-05, 2021-2-5, 2021/2/5 or 2021年2月5日; evidence dated later does not "
                + "count; default: today in the folder's time zone (Asia/Shanghai)."
        ))
    var text: String?

    func validate() throws { _ = try DayArgument.read(text, option: "--as-of") }

    /// The day given, nil for today (which the pipeline takes in the folder's time zone).
    var day: Day? { text.flatMap(DayArgument.parse) }
}

/// `--created`: a fixed creation day, so the files a command writes are reproducible.
struct CreatedOption: ParsableArguments {
    @Option(name: .customLong("created"), help: bilingual("固定的生成日期，使输出文件可重复，例：--created 2021-02-06", "Fixed creation day for reproducible files."))
    var text: String?

    func validate() throws { _ = try DayArgument.read(text, option: "--created") }

    var created: Day? { text.flatMap(DayArgument.parse) }
}

/// `--time-limit`: how long each folder of a run over many (`rollup`, `annual-report --rollup`) may take.
struct TimeLimitOption: ParsableArguments {
    @Option(
        name: .customLong("time-limit"),
        help: bilingual(
            "每个目录最多用时（秒）；超时的目录单列一行、不计入（默认 300），例：--time-limit 120",
            "Seconds each folder may take; past it the folder is a row of its own and left out (default 300)."))
    var seconds: Double = FolderRunner.defaultTimeLimit

    func validate() throws {
        guard seconds > 0, seconds.isFinite else {
            throw ValidationError(localized("--time-limit 应为正数（秒）", "--time-limit must be a positive number of seconds"))
        }
    }
}

/// Every day on the command line is read alike: the forms records accept (2021-02-05, 2021/2/5, 2021年2月5日), and
/// YYYY-M-D as typed (records insist on two digits there, for ISO's sake).
enum DayArgument {
    static func parse(_ text: String) -> Day? {
        Day.parse(text) ?? (text.split(separator: "-").count == 3 ? Day.parse(text.replacingOccurrences(of: "-", with: "/")) : nil)
    }

    /// The day, nil when none was given; one that cannot be read is refused naming the forms.
    static func read(_ text: String?, option: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = parse(text) else {
            throw ValidationError(
                localized(
                    "\(option) 的值 '\(text)' 不是日期；可用的写法：2021-02-05、2021-2-5、2021/2/5、2021年2月5日",
                    "\(option): '\(text)' is not a date; accepted forms: 2021-02-05, 2021-2-5, 2021/2/5, 2021年2月5日"))
        }
        return day
    }
}

extension Lang: ExpressibleByArgument {}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard let d = DayArgument.parse(argument) else { return nil }
        self = d
    }
}

/// Bad usage found by a command itself, already in the user's language: printed as is, exit 2.
struct UsageError: Error {
    var message: String
}

extension CommonOptions {
    func usage(_ zh: String, _ en: String) -> UsageError { UsageError(message: lang == .zh ? zh : en) }

    /// The outputs of a run over `folders`, none of which may be written.
    func outputs(folders: [String]) -> OutputSet {
        OutputSet(evidenceFolders: folders.map { URL(fileURLWithPath: $0) }, force: force)
    }

    func add(_ set: OutputSet, _ path: String?, option: String) throws -> OutputTarget {
        try run { () throws(GongkaiError) in try set.add(path, option: option) }
    }

    /// Moves every staged output into place, then prints what goes to standard output.
    func commit(_ set: OutputSet) throws {
        let printed = try run { () throws(GongkaiError) in try set.commit() }
        for data in printed { FileHandle.standardOutput.write(data) }
    }
}

enum Console {
    static func error(_ s: String) { FileHandle.standardError.write(Data((Redaction.mask(s) + "\n").utf8)) }
    static func line(_ s: String) { FileHandle.standardOutput.write(Data((Redaction.mask(s) + "\n").utf8)) }
    static func out(_ data: Data) { FileHandle.standardOutput.write(Redaction.mask(data)) }
    static var isTerminal: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Ends a command once every output is committed, with `value` (an evaluation) still alive, so it is never freed
    /// piece by piece: the system takes the whole heap back at once, where freeing a city's hundreds of thousands of
    /// records cost 40 ms (clang's -disable-free does the same). Standard output is written unbuffered, and `exit`
    /// flushes C's streams, so nothing is lost.
    static func exit(_ code: Int32, keeping value: some Any) -> Never {
        withExtendedLifetime(value) { Foundation.exit(code) }
    }
}
