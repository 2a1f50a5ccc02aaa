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
                      WaiversCommand.self, VerifyCommand.self, AppendixCommand.self, StatsCommand.self, InitCommand.self])
}
