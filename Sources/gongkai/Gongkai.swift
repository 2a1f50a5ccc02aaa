import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation

@main
struct GongkaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: localized("政务公开工作要点落实情况自查：对照年度分工方案检查证据，写出报告", "政务公开工作要点落实情况自查 — checks government disclosure work against its yearly plan."),
        discussion: localized(
            "退出码：0 符合；1 不符合（有未通过或错误的检查，或豁免已到期）；2 无法完成检查（用法错误、gongkai.yaml 缺失或有误、未知计划、waivers.yaml 有误）。"
                + "例：gongkai check 证据 --as-of 2021-02-05",
            """
            Exit codes: 0 compliant; 1 not compliant (a fail or error, or an expired waiver); 2 the tool could not do its job \
            (bad usage, missing or malformed gongkai.yaml, unknown plan, malformed waivers.yaml).
            """),
        version: GongkaiEvaluation.Gongkai.version,
        subcommands: [
            CheckCommand.self, ValidateCommand.self, DueCommand.self, PlanCommand.self, CalendarCommand.self,
            WaiversCommand.self, VerifyCommand.self, AppendixCommand.self, StatsCommand.self, AnnualReportCommand.self, InitCommand.self, RollupCommand.self,
            ScoreCommand.self, RubricCommand.self,
        ])

    /// Bad usage exits 2, as the README's contract says (the parser's default would be 64).
    static func main() {
        Interrupts.removeStagedFilesOnSignal()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as UsageError {
            Console.error(error.message)
            Foundation.exit(2)
        } catch {
            // Help and usage errors in the command line's language; help goes to stdout with exit 0.
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            let message = CLIMessages.localize(fullMessage(for: error), lang: CLILanguage.current, arguments: CommandLine.arguments, subcommands: names)
            if exitCode(for: error) == .success {
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
                Foundation.exit(0)
            }
            Console.error(message)
            Foundation.exit(2)
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP remove the outputs staged so far, then end the process as the signal would have.
/// The work happens on a dispatch source's queue, not inside a signal handler, so it may take locks and unlink.
/// On Linux the source reads a signalfd, which sees a signal only while every thread blocks it: the mask is set here,
/// first thing in main, so every thread started later inherits it.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func removeStagedFilesOnSignal() {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        for sig in signals {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                StagedFiles.removeAll()
                signal(sig, SIG_DFL)
                var one = sigset_t()
                sigemptyset(&one)
                sigaddset(&one, sig)
                pthread_sigmask(SIG_UNBLOCK, &one, nil)
                raise(sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
