import ArgumentParser
import Foundation
import GongkaiKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show and lint plans.",
                                                    subcommands: [Show.self, Lint.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a plan's tasks, roles and checks.")
        @Argument(help: "A built-in plan id or a plan file.") var plan: String = "zhaoqing-commerce-2020"
        @Option(help: "text or json.") var format: ShowFormat = .text
        @OptionGroup var common: CommonOptions
        enum ShowFormat: String, ExpressibleByArgument { case text, json }

        func run() throws {
            let rules = try common.loadRules()
            let (plan, _) = try loadPlan(self.plan, rules: rules, common: common)
            switch format {
            case .json: Console.out(try PlanReport.json(plan))
            case .text: Console.out(PlanReport.text(plan, common.lang))
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unknown departments, duplicate tasks, tasks with no check, bad parameters: each with file and line.")
        @Argument(help: "A built-in plan id or a plan file.") var plan: String = "zhaoqing-commerce-2020"
        @OptionGroup var common: CommonOptions

        func run() throws {
            let rules = try common.loadRules()
            let (plan, issues) = try loadPlan(self.plan, rules: rules, common: common)
            let all = issues + PlanLinter.lint(plan, types: rules.types)
            for issue in all { print("\(issue.location): \(issue.message(common.lang))") }
            print(common.lang == .zh ? "\(plan.file)：\(plan.tasks.count) 项任务，\(all.count) 个问题" : "\(plan.file): \(plan.tasks.count) tasks, \(all.count) problems")
            if !all.isEmpty { throw ExitCode(1) }
        }
    }

    static func loadPlan(_ reference: String, rules: Rules, common: CommonOptions) throws -> (Plan, [LoadIssue]) {
        guard let url = rules.planURL(reference) else {
            Console.error(common.lang == .zh ? "计划 '\(reference)' 不存在（内置：\(rules.planIDs.joined(separator: ", "))）" : "unknown plan '\(reference)' (built-in: \(rules.planIDs.joined(separator: ", ")))")
            throw ExitCode(2)
        }
        return try common.run { () throws(GongkaiError) in try PlanLoader.load(url: url, displayName: reference.hasSuffix(".yaml") ? reference : "Rules/plans/\(reference).yaml") }
    }
}

func loadPlan(_ reference: String, rules: Rules, common: CommonOptions) throws -> (Plan, [LoadIssue]) {
    try PlanCommand.loadPlan(reference, rules: rules, common: common)
}
