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

struct AnnualReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annual-report",
        abstract: "The whole 政府信息公开工作年度报告, drafted from the evidence in the national format (docx, md or html).",
        discussion: "With --rollup FOLDER... the departments' tables are summed into the government's consolidated report; a department that does not balance is named and left out.")
    @Argument(help: "The evidence folder.") var folder: String = "."
    @Option(help: "The report year (default: the plan's year; required with --rollup).") var year: Int?
    @Option(help: "docx, md or html (docx needs --output).") var format: ReportFormatOption = .docx
    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?
    @Option(help: "Last year's report (docx, md or txt): its problems are listed with whether they were fixed.") var previous: String?
    @Option(name: .customLong("as-of"), help: "The day the figures are taken (default: today in Asia/Shanghai).") var asOf: Day?
    @Option(help: "Fixed creation day for reproducible files.") var created: Day?
    @Option(parsing: .upToNextOption, help: "Departments' evidence folders to consolidate.") var rollup: [String] = []
    @Option(help: "The consolidating government's name (with --rollup).") var government: String = "本级人民政府"
    @Option(help: "With --rollup: also write each department's figures to this workbook.") var xlsx: String?
    @OptionGroup var common: CommonOptions
    enum ReportFormatOption: String, ExpressibleByArgument { case docx, md, html }

    func run() throws {
        if format == .docx && output == nil { throw ValidationError("--format docx needs --output FILE") }
        let rules = try common.loadRules()
        let document: ReportDocument
        if !rollup.isEmpty {
            guard let year else { throw ValidationError("--rollup needs --year") }
            let result = AnnualReportRollup.run(folders: rollup.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf), year: year)
            for d in result.departments where !d.included {
                Console.error(common.lang == .zh ? "未汇总 \(d.agency)（\(d.folder)）：\(d.problem ?? "")" : "left out \(d.agency) (\(d.folder)): \(d.problem ?? "")")
            }
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules, rollup: true) }
            document = try common.run { () throws(GongkaiError) in try result.document(template: template, government: government, asOf: asOf ?? Day.today()) }
            if let xlsx { try common.run { () throws(GongkaiError) in try result.writeAnnex(to: URL(fileURLWithPath: xlsx), created: created) } }
        } else {
            let annual = try AnnualOptions.parse([folder] + (year.map { ["--year", String($0)] } ?? []) + (asOf.map { ["--as-of", $0.description] } ?? []))
            let (_, evaluation) = try annual.evaluate(common)
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules) }
            let appendix = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules) }
            let last = try previous.map { path in try common.run { () throws(GongkaiError) in try PreviousReport.load(URL(fileURLWithPath: path)) } }
            let draft = AnnualReportDraft(evaluation: evaluation, statistics: AnnualStatistics.compute(evaluation, year: evaluation.plan.year),
                                          template: template, appendixTemplate: appendix, previous: last)
            document = try common.run { () throws(GongkaiError) in try draft.document() }
        }
        switch format {
        case .md: try emit(Data(document.markdown().utf8), to: output, options: common)
        case .html: try emit(Data(document.html().utf8), to: output, options: common)
        case .docx: try emit(try DocxWriter.document(document, created: created), to: output, options: common)
        }
    }
}
