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
            try Pipeline(rules: rules).run(
                folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf, planFile: planFile.map { URL(fileURLWithPath: $0) }))
        }
        Console.keepUntilExit(evaluation)
        if let year, year != evaluation.plan.year {
            Console.error(
                common.lang == .zh
                    ? "证据目录的计划是 \(evaluation.plan.year) 年的（\(evaluation.plan.id)），不是 \(year) 年"
                    : "the folder's plan is for \(evaluation.plan.year) (\(evaluation.plan.id)), not \(year)")
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
            let data = try DocxWriter.document(
                fromMarkdown: markdown, title: "贯彻落实\(evaluation.plan.year)年政务公开工作要点情况",
                author: Redaction.mask(evaluation.agency), created: annual.created)
            try common.run { () throws(GongkaiError) in try outputs.stage(target, data, binary: true) }
        }
        try common.commit(outputs)
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The annual report's statistics tables (active disclosure, requests, reconsideration and litigation).")
    @OptionGroup var annual: AnnualOptions
    @Option(help: "md, csv, json or xlsx (xlsx needs --output).") var format: StatsFormat = .md
    @OptionGroup var common: CommonOptions
    enum StatsFormat: String, ExpressibleByArgument { case md, csv, json, xlsx }

    func run() throws {
        let (outputs, target) = try annual.target(common, needsFile: format == .xlsx ? "xlsx" : nil)
        let (_, evaluation) = try annual.evaluate(common)
        let stats = AnnualStatistics.compute(evaluation, year: evaluation.plan.year)
        let data: Data? =
            switch format {
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
        // A table that misses rows is written (with the rows listed under it) but is not a clean result.
        for p in stats.problems { Console.error(p) }
        if !stats.problems.isEmpty { throw ExitCode(1) }
    }
}

struct AnnualReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annual-report",
        abstract: "The whole 政府信息公开工作年度报告, drafted from the evidence in the national format (docx, md or html).",
        discussion:
            "With --rollup FOLDER... the departments' tables are summed into the government's consolidated report; a department that does not balance is named and left out."
    )
    @Argument(help: "The evidence folder.") var folder: String = "."
    @Option(help: "The report year (default: the plan's year; required with --rollup).") var year: Int?
    @Option(help: "docx, md or html (docx needs --output).") var format: ReportFormatOption = .docx
    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?
    @Option(help: "Last year's report (docx, md or txt): its problems are listed with whether they were fixed.") var previous: String?
    @Option(name: .customLong("as-of"), help: "The day the figures are taken: 2021-02-05, 2021/2/5 or 2021年2月5日 (default: today in Asia/Shanghai).")
    var asOf: String?
    @Option(help: "Fixed creation day for reproducible files.") var created: Day?
    @Option(name: .customLong("plan-file"), help: "A plan file to use instead of the one gongkai.yaml names.") var planFile: String?
    @Option(parsing: .upToNextOption, help: "Departments' evidence folders to consolidate.") var rollup: [String] = []
    @Option(help: "The consolidating government's name (with --rollup).") var government: String = "本级人民政府"
    @Option(help: "With --rollup: also write each department's figures to this workbook.") var xlsx: String?
    @OptionGroup var common: CommonOptions
    enum ReportFormatOption: String, ExpressibleByArgument { case docx, md, html }

    func run() throws {
        if format == .docx && (output == nil || output == "-") { throw common.usage("--format docx 需要 -o 文件", "--format docx needs -o FILE") }
        if !rollup.isEmpty && year == nil { throw common.usage("--rollup 需要 --year", "--rollup needs --year") }
        let asOf = try common.day(self.asOf, option: "--as-of")
        // Outputs are checked before anything is read: none inside an evidence folder, none named twice.
        let outputs = common.outputs(folders: rollup.isEmpty ? [folder] : rollup)
        let target = try common.add(outputs, output, option: "-o")
        let annex = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        let rules = try common.loadRules()
        let document: ReportDocument
        if let year, !rollup.isEmpty {
            let result = AnnualReportRollup.run(
                folders: rollup.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf), year: year)
            for d in result.departments where !d.included {
                Console.error(common.lang == .zh ? "未汇总 \(d.agency)（\(d.folder)）：\(d.problem ?? "")" : "left out \(d.agency) (\(d.folder)): \(d.problem ?? "")")
            }
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules, rollup: true) }
            document = try common.run { () throws(GongkaiError) in try result.document(template: template, government: government, asOf: asOf ?? Day.today()) }
            if let annex {
                try common.run { () throws(GongkaiError) in
                    try outputs.stage(annex) { url throws(GongkaiError) in try result.writeAnnex(to: url, created: created) }
                }
            }
        } else {
            var arguments = [folder] + (year.map { ["--year", String($0)] } ?? []) + (asOf.map { ["--as-of", $0.description] } ?? [])
            if let planFile { arguments += ["--plan-file", planFile] }
            let (_, evaluation) = try AnnualOptions.parse(arguments).evaluate(common)
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules) }
            let appendix = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules) }
            let last = try previous.map { path in try common.run { () throws(GongkaiError) in try PreviousReport.load(URL(fileURLWithPath: path)) } }
            let draft = AnnualReportDraft(
                evaluation: evaluation, statistics: AnnualStatistics.compute(evaluation, year: evaluation.plan.year),
                template: template, appendixTemplate: appendix, previous: last)
            document = try common.run { () throws(GongkaiError) in try draft.document() }
        }
        let masked = document.masked()
        let data: Data =
            switch format {
            case .md: Data(masked.markdown().utf8)
            case .html: Data(masked.html().utf8)
            case .docx: try DocxWriter.document(masked, created: created)
            }
        try common.run { () throws(GongkaiError) in try outputs.stage(target, data, binary: format == .docx) }
        try common.commit(outputs)
    }
}
