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
            // Help and usage errors in the command line's language; help goes to stdout with exit 0.
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            let message = CLIMessages.localize(fullMessage(for: error), lang: CLILanguage.current, arguments: CommandLine.arguments, subcommands: names)
            if exitCode(for: error) == .success {
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
