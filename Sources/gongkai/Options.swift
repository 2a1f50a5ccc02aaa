import ArgumentParser
import Foundation
import GongkaiKit

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Rules folder (plans, types, calendars); default: the built-in Rules/.")
    var rules: String?

    @Option(help: "Output language: zh (default) or en.")
    var lang: Lang = .zh

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

extension Lang: ExpressibleByArgument {}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(parse: argument) }
    init?(parse: String) {
        guard let d = Day.parse(parse) else { return nil }
        self = d
    }
}

enum Console {
    static func error(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    static func out(_ data: Data) { FileHandle.standardOutput.write(data) }
    static var isTerminal: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Keeps a value alive until the process exits, so it is never freed piece by piece: a city's evaluation is
    /// hundreds of thousands of records, and freeing them just before exit cost 40 ms (clang's -disable-free).
    static func keepUntilExit<T>(_ value: T) {
        _ = Unmanaged.passRetained(Box(value))
    }

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }
}

/// Writes report bytes to a file (atomically) or to standard output.
func emit(_ data: Data, to path: String?, options: CommonOptions) throws {
    if let path {
        try options.run { () throws(GongkaiError) in try AtomicFile.write(data, to: URL(fileURLWithPath: path)) }
    } else {
        Console.out(data)
    }
}
