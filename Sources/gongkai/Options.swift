import ArgumentParser
import Foundation
import GongkaiCore
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

/// `--created`: a fixed creation day, so the files a command writes are reproducible.
struct CreatedOption: ParsableArguments {
    @Option(help: bilingual("固定的生成日期，使输出文件可重复，例：--created 2021-02-06", "Fixed creation day for reproducible files.")) var created: Day?
}

extension Lang: ExpressibleByArgument {}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(parse: argument) }
    init?(parse: String) {
        guard let d = Day.parse(parse) else { return nil }
        self = d
    }
}

/// Bad usage found by a command itself, already in the user's language: printed as is, exit 2.
struct UsageError: Error {
    var message: String
}

extension CommonOptions {
    func usage(_ zh: String, _ en: String) -> UsageError { UsageError(message: lang == .zh ? zh : en) }

    /// A day option, read in the forms records accept; a bad one is refused naming the forms.
    func day(_ text: String?, option: String) throws -> Day? {
        guard let text else { return nil }
        // YYYY-M-D as typed on a command line is read too (records insist on two digits there, for ISO's sake).
        let loose = text.split(separator: "-").count == 3 ? text.replacingOccurrences(of: "-", with: "/") : text
        guard let d = Day.parse(text) ?? Day.parse(loose) else {
            throw usage(
                "\(option) 的值 '\(text)' 不是日期；可用的写法：2021-02-05、2021-2-5、2021/2/5、2021年2月5日",
                "\(option): '\(text)' is not a date; accepted forms: 2021-02-05, 2021-2-5, 2021/2/5, 2021年2月5日")
        }
        return d
    }

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
