import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiReports

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: localized("尚未完成的事项，按到期日排列；已逾期的在前", "Every obligation not yet met, by due date; overdue ones first."))

    @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder."))
    var folder: String = "."

    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }

    // Unconditional, so `--within -5` reaches the check below instead of reading as a missing value.
    @Option(
        parsing: .unconditional,
        help: bilingual("只列出 DAYS 天内到期的事项（0 或以上；已逾期的总会列出），例：--within 30", "Only what falls due within DAYS (0 or more; overdue items always show)."))
    var within: Int?

    @OptionGroup var planFileOption: PlanFileOption
    var planFile: String? { planFileOption.planFile }

    @Option(help: bilingual("text 或 json", "text or json."))
    var format: DueFormat = .text

    @Option(help: bilingual("同时把待办事项写成日历文件（iCalendar），例：--ics 待办.ics", "Also write the obligations as an iCalendar file."))
    var ics: String?

    @OptionGroup var common: CommonOptions

    enum DueFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        if let within, within < 0 {
            throw common.usage("--within 应为 0 或正整数（天数），而不是 \(within)", "--within must be 0 or more days, not \(within)")
        }
        let outputs = common.outputs(folders: [folder])
        let report = try common.add(outputs, nil, option: "--format")
        let icsTarget = try ics.map { try common.add(outputs, $0, option: "--ics") }
        let rules = try common.loadRules()
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(
                folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf, planFile: planFile.map { URL(fileURLWithPath: $0) }))
        }
        let items = evaluation.dueItems(within: within)
        let due = DueReport(items: items, evaluation: evaluation)
        let data = format == .json ? try due.json(common.lang) : due.text(common.lang)
        try common.run { () throws(GongkaiError) in
            try outputs.stage(report, data)
            if let icsTarget { try outputs.stage(icsTarget, due.ics(common.lang)) }
        }
        try common.commit(outputs)
        if let line = evaluation.provisionalLine(common.lang) { Console.error(line) }
    }
}
