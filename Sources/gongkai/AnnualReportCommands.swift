import ArgumentParser
import Foundation
import GongkaiKit

/// Options shared by the annual report's commands.
struct AnnualOptions: ParsableArguments {
    @Argument(help: "The evidence folder.") var folder: String = "."
    @Option(help: "The report year; must be the plan's year (default).") var year: Int?
    @Option(name: .customLong("as-of"), help: "The day the figures are taken (default: today in Asia/Shanghai).") var asOf: Day?
    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?
    @Option(help: "Fixed creation day for reproducible files.") var created: Day?

    func evaluate(_ common: CommonOptions) throws -> (Rules, Evaluation) {
        let rules = try common.loadRules()
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf))
        }
        Console.keepUntilExit(evaluation)
        if let year, year != evaluation.plan.year {
            Console.error(common.lang == .zh ? "证据目录的计划是 \(evaluation.plan.year) 年的（\(evaluation.plan.id)），不是 \(year) 年" : "the folder's plan is for \(evaluation.plan.year) (\(evaluation.plan.id)), not \(year)")
            throw ExitCode(2)
        }
        return (rules, evaluation)
    }
}

struct AppendixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "appendix", abstract: "The annual report's appendix: 贯彻落实年度政务公开工作要点情况 (md, txt or docx).")
    @OptionGroup var annual: AnnualOptions
    @Option(help: "md, txt or docx (docx needs --output).") var format: AppendixFormat = .md
    @OptionGroup var common: CommonOptions
    enum AppendixFormat: String, ExpressibleByArgument { case md, txt, docx }

    func run() throws {
        let (rules, evaluation) = try annual.evaluate(common)
        let template = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules) }
        let markdown = try common.run { () throws(GongkaiError) in try Appendix(evaluation: evaluation, template: template).markdown() }
        switch format {
        case .md: try emit(Data(markdown.utf8), to: annual.output, options: common)
        case .txt: try emit(Data(Appendix.plainText(markdown).utf8), to: annual.output, options: common)
        case .docx:
            guard let output = annual.output else { throw ValidationError("--format docx needs --output FILE") }
            let data = try DocxWriter.document(fromMarkdown: markdown, title: "贯彻落实\(evaluation.plan.year)年政务公开工作要点情况",
                                               author: evaluation.agency, created: annual.created)
            try emit(data, to: output, options: common)
        }
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "The annual report's statistics tables (active disclosure, requests, reconsideration and litigation).")
    @OptionGroup var annual: AnnualOptions
    @Option(help: "md, csv, json or xlsx (xlsx needs --output).") var format: StatsFormat = .md
    @OptionGroup var common: CommonOptions
    enum StatsFormat: String, ExpressibleByArgument { case md, csv, json, xlsx }

    func run() throws {
        let (_, evaluation) = try annual.evaluate(common)
        let stats = AnnualStatistics.compute(evaluation, year: evaluation.plan.year)
        switch format {
        case .md: try emit(Data(stats.markdown().utf8), to: annual.output, options: common)
        case .csv: try emit(Data(stats.csv().utf8), to: annual.output, options: common)
        case .json: try emit(try stats.json(), to: annual.output, options: common)
        case .xlsx:
            guard let output = annual.output else { throw ValidationError("--format xlsx needs --output FILE") }
            try common.run { () throws(GongkaiError) in try stats.writeWorkbook(to: URL(fileURLWithPath: output), lang: common.lang, created: annual.created) }
        }
        // A table that misses rows is written (with the rows listed under it) but is not a clean result.
        for p in stats.problems { Console.error(p) }
        if !stats.problems.isEmpty { throw ExitCode(1) }
    }
}
