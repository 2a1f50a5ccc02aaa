import ArgumentParser
import Foundation
import GongkaiKit

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Every obligation not yet met, by due date; overdue ones first.")

    @Argument(help: "The evidence folder.")
    var folder: String = "."

    @Option(name: .customLong("as-of"), help: "The day to count from (2021-02-05, 2021/2/5 or 2021年2月5日); default: today in Asia/Shanghai.")
    var asOf: String?

    // Unconditional, so `--within -5` reaches the check below instead of reading as a missing value.
    @Option(parsing: .unconditional, help: "Only what falls due within DAYS (0 or more; overdue items always show).")
    var within: Int?

    @Option(name: .customLong("plan-file"), help: "A plan file to use instead of the one gongkai.yaml names.")
    var planFile: String?

    @Option(help: "text or json.")
    var format: DueFormat = .text

    @Option(help: "Also write the obligations as an iCalendar file.")
    var ics: String?

    @OptionGroup var common: CommonOptions

    enum DueFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let asOf = try common.day(self.asOf, option: "--as-of")
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
    }
}
