import ArgumentParser
import Foundation
import GongkaiKit

@main
struct GongkaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "政务公开工作要点落实情况自查 — checks government disclosure work against its yearly plan.",
        discussion: """
        Exit codes: 0 compliant; 1 not compliant (a fail or error, or an expired waiver); 2 the tool could not do its job \
        (bad usage, missing or malformed gongkai.yaml, unknown plan, malformed waivers.yaml).
        """,
        version: GongkaiKit.Gongkai.version,
        subcommands: [CheckCommand.self, ValidateCommand.self, DueCommand.self, PlanCommand.self, CalendarCommand.self,
                      WaiversCommand.self, VerifyCommand.self, AppendixCommand.self, StatsCommand.self, AnnualReportCommand.self, InitCommand.self, RollupCommand.self])

    /// Bad usage exits 2, as the README's contract says (the parser's default would be 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
