import ArgumentParser
import Foundation
import GongkaiKit

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Every obligation not yet met, by due date; overdue ones first.")

    @Argument(help: "The evidence folder.")
    var folder: String = "."

    @Option(name: .customLong("as-of"), help: "The day to count from; default: today in Asia/Shanghai.")
    var asOf: Day?

    @Option(help: "Only what falls due within DAYS (overdue items always show).")
    var within: Int?

    @Option(help: "text or json.")
    var format: DueFormat = .text

    @Option(help: "Also write the obligations as an iCalendar file.")
    var ics: String?

    @OptionGroup var common: CommonOptions

    enum DueFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let rules = try common.loadRules()
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf))
        }
        let items = evaluation.dueItems(within: within)
        let report = DueReport(items: items, evaluation: evaluation)
        switch format {
        case .text: Console.out(report.text(common.lang))
        case .json: Console.out(try report.json(common.lang))
        }
        if let ics {
            try emit(report.ics(common.lang), to: ics, options: common)
        }
    }
}
