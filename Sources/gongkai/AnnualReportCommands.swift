import ArgumentParser
import Foundation
import GongkaiKit

/// Options shared by the annual report's commands.
struct AnnualOptions: ParsableArguments {
    @Argument(help: "The evidence folder.") var folder: String = "."
    @Option(help: "The report year; must be the plan's year (default).") var year: Int?
    @Option(name: .customLong("as-of"), help: "The day the figures are taken: 2021-02-05, 2021/2/5 or 2021年2月5日 (default: today in Asia/Shanghai).")
    var asOf: String?
    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?
    @Option(help: "Fixed creation day for reproducible files.") var created: Day?
    @Option(name: .customLong("plan-file"), help: "A plan file to use instead of the one gongkai.yaml names.") var planFile: String?

    /// The output, checked before anything is evaluated.
    func target(_ common: CommonOptions, needsFile: String?) throws -> (OutputSet, OutputTarget) {
        if let needsFile, output == nil || output == "-" {
            throw common.usage("--format \(needsFile) 需要 -o 文件", "--format \(needsFile) needs -o FILE")
        }
        let outputs = common.outputs(folders: [folder])
        return (outputs, try common.add(outputs, output, option: "-o"))
    }

    func evaluate(_ common: CommonOptions) throws -> (Rules, Evaluation) {
        let asOf = try common.day(self.asOf, option: "--as-of")
        let rules = try common.loadRules()
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf, planFile: planFile.map { URL(fileURLWithPath: $0) }))
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
        let (outputs, target) = try annual.target(common, needsFile: format == .docx ? "docx" : nil)
        let (rules, evaluation) = try annual.evaluate(common)
        let template = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules) }
        // Masked here, where its text is made: the docx is compressed, so the output boundary cannot see into it.
        let markdown = Redaction.mask(try common.run { () throws(GongkaiError) in try Appendix(evaluation: evaluation, template: template).markdown() })
        switch format {
        case .md: try common.run { () throws(GongkaiError) in try outputs.stage(target, Data(markdown.utf8)) }
        case .txt: try common.run { () throws(GongkaiError) in try outputs.stage(target, Data(Appendix.plainText(markdown).utf8)) }
        case .docx:
            let data = try DocxWriter.document(fromMarkdown: markdown, title: "贯彻落实\(evaluation.plan.year)年政务公开工作要点情况",
                                               author: Redaction.mask(evaluation.agency), created: annual.created)
            try common.run { () throws(GongkaiError) in try outputs.stage(target, data, binary: true) }
        }
        try common.commit(outputs)
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "The annual report's statistics tables (active disclosure, requests, reconsideration and litigation).")
    @OptionGroup var annual: AnnualOptions
    @Option(help: "md, csv, json or xlsx (xlsx needs --output).") var format: StatsFormat = .md
    @OptionGroup var common: CommonOptions
    enum StatsFormat: String, ExpressibleByArgument { case md, csv, json, xlsx }

    func run() throws {
        let (outputs, target) = try annual.target(common, needsFile: format == .xlsx ? "xlsx" : nil)
        let (_, evaluation) = try annual.evaluate(common)
        let stats = AnnualStatistics.compute(evaluation, year: evaluation.plan.year)
        let data: Data? = switch format {
        case .md: Data(stats.markdown().utf8)
        case .csv: Data(stats.csv().utf8)
        case .json: try stats.json()
        case .xlsx: nil
        }
        try common.run { () throws(GongkaiError) in
            if let data {
                try outputs.stage(target, data)
            } else {
                try outputs.stage(target) { url throws(GongkaiError) in try stats.writeWorkbook(to: url, lang: common.lang, created: annual.created) }
            }
        }
        try common.commit(outputs)
    }
}
