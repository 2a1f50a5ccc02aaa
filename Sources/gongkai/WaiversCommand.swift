import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation

struct WaiversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waivers", abstract: localized("经批准的豁免（waivers.yaml）", "Accountable waivers (waivers.yaml)."), subcommands: [Lint.self])

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized(
                "检查 waivers.yaml：理由、批准人、日期、任务和检查是否存在；标出已到期的", "Check waivers.yaml: reason, approver, dates, known tasks and checks; flag expired ones.")
        )
        @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder.")) var folder: String = "."
        @OptionGroup var asOfOption: AsOfOption
        var asOf: Day? { asOfOption.day }
        @OptionGroup var planFileOption: PlanFileOption
        var planFile: String? { planFileOption.planFile }
        @OptionGroup var common: CommonOptions

        func run() throws {
            let rules = try common.loadRules()
            let url = URL(fileURLWithPath: folder)
            let (config, plan, _) = try common.run { () throws(GongkaiError) in
                try Pipeline(rules: rules).loadPlan(folder: url, planFile: planFile.map { URL(fileURLWithPath: $0) })
            }
            let today = asOf ?? Day.today(timeZone: config.timeZone)
            let (waivers, issues) = Waiver.load(root: url, plan: plan, asOf: today)
            for issue in issues { Console.line("\(issue.location): \(issue.message(common.lang))") }
            if !issues.isEmpty { throw ExitCode(2) }
            let expired = waivers.filter { $0.expires < today }
            for w in waivers {
                let state = w.expires < today ? (common.lang == .zh ? "已到期" : "EXPIRED") : (common.lang == .zh ? "有效" : "in force")
                Console.line(
                    "\(w.location): task \(w.task)\(w.check.map { "/\($0)" } ?? "") \(state) \(w.expires) — \(w.reason) (\(w.approvedBy), \(w.approvedOn))")
            }
            Console.line(common.lang == .zh ? "\(waivers.count) 条豁免，\(expired.count) 条已到期" : "\(waivers.count) waivers, \(expired.count) expired")
            if !expired.isEmpty { throw ExitCode(1) }
        }
    }
}
