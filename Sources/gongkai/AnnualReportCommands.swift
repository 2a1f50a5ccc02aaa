import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiReports

/// Options shared by the annual report's commands.
struct AnnualOptions: ParsableArguments {
    @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder.")) var folder: String = "."
    @Option(help: bilingual("报告年度；须为计划年度（默认），例：--year 2020", "The report year; must be the plan's year (default).")) var year: Int?
    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }
    @Option(name: .shortAndLong, help: bilingual("写到文件，而不是标准输出，例：-o 年度报告.docx", "Write to FILE instead of standard output.")) var output: String?
    @OptionGroup var createdOption: CreatedOption
    var created: Day? { createdOption.created }
    @OptionGroup var planFileOption: PlanFileOption
    var planFile: String? { planFileOption.planFile }

    /// The output, checked before anything is evaluated.
    func target(_ common: CommonOptions, needsFile: String?) throws -> (OutputSet, OutputTarget) {
        if let needsFile, output == nil || output == "-" {
            throw common.usage("--format \(needsFile) 需要 -o 文件", "--format \(needsFile) needs -o FILE")
        }
        let outputs = common.outputs(folders: [folder])
        return (outputs, try common.add(outputs, output, option: "-o"))
    }

    func evaluate(_ common: CommonOptions) throws -> (Rules, Evaluation) {
        try Self.evaluate(folder: folder, year: year, asOf: asOf, planFile: planFile, common)
    }

    /// One folder evaluated for its annual report; a `--year` other than the plan's is refused (exit 2).
    static func evaluate(folder: String, year: Int?, asOf: Day?, planFile: String?, _ common: CommonOptions) throws -> (Rules, Evaluation) {
        let rules = try common.loadRules()
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(
                folder: URL(fileURLWithPath: folder), options: .init(asOf: asOf, planFile: planFile.map { URL(fileURLWithPath: $0) }))
        }
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
    static let configuration = CommandConfiguration(
        commandName: "appendix",
        abstract: localized("年度报告附件：贯彻落实年度政务公开工作要点情况（md、txt 或 docx）", "The annual report's appendix: 贯彻落实年度政务公开工作要点情况 (md, txt or docx)."))
    @OptionGroup var annual: AnnualOptions
    @Option(help: bilingual("md、txt 或 docx（docx 需要 -o 文件）", "md, txt or docx (docx needs --output).")) var format: AppendixFormat = .md
    @OptionGroup var common: CommonOptions
    enum AppendixFormat: String, ExpressibleByArgument { case md, txt, docx }

    func run() throws {
        let (outputs, target) = try annual.target(common, needsFile: format == .docx ? "docx" : nil)
        let (rules, evaluation) = try annual.evaluate(common)
        let template = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules, lang: common.lang) }
        // Masked here, where its text is made: the docx is compressed, so the output boundary cannot see into it.
        let statusDay = AnnualReportDraft.statusDay(asOf: evaluation.asOf, year: evaluation.plan.year, given: annual.asOf != nil)
        let markdown = Redaction.mask(
            try common.run { () throws(GongkaiError) in
                try Appendix(evaluation: evaluation, template: template, lang: common.lang, statusDay: statusDay).markdown()
            })
        switch format {
        case .md: try common.run { () throws(GongkaiError) in try outputs.stage(target, Data(markdown.utf8)) }
        case .txt: try common.run { () throws(GongkaiError) in try outputs.stage(target, Data(Appendix.plainText(markdown).utf8)) }
        case .docx:
            let data = try DocxWriter.document(
                fromMarkdown: markdown, title: Appendix.title(year: evaluation.plan.year, common.lang),
                author: Redaction.mask(evaluation.agency), created: annual.created)
            try common.run { () throws(GongkaiError) in try outputs.stage(target, data, binary: true) }
        }
        try common.commit(outputs)
        Console.exit(0, keeping: evaluation)
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: localized(
            "年度报告统计表（主动公开、依申请公开、行政复议和行政诉讼）", "The annual report's statistics tables (active disclosure, requests, reconsideration and litigation)."))
    @OptionGroup var annual: AnnualOptions
    @Option(help: bilingual("md、csv、json 或 xlsx（xlsx 需要 -o 文件）", "md, csv, json or xlsx (xlsx needs --output).")) var format: StatsFormat = .md
    @OptionGroup var common: CommonOptions
    enum StatsFormat: String, ExpressibleByArgument { case md, csv, json, xlsx }

    func run() throws {
        let (outputs, target) = try annual.target(common, needsFile: format == .xlsx ? "xlsx" : nil)
        let (_, evaluation) = try annual.evaluate(common)
        let stats = AnnualStatistics.compute(evaluation, year: evaluation.plan.year)
        let data: Data? =
            switch format {
            case .md: Data(stats.markdown(lang: common.lang).utf8)
            case .csv: Data(stats.csv(lang: common.lang).utf8)
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
        for p in stats.problems { Console.error(p(common.lang)) }
        Console.exit(stats.problems.isEmpty ? 0 : 1, keeping: evaluation)
    }
}

struct AnnualReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annual-report",
        abstract: localized(
            "按国家规定格式，从证据起草完整的政府信息公开工作年度报告（docx、md 或 html）", "The whole 政府信息公开工作年度报告, drafted from the evidence in the national format (docx, md or html)."),
        discussion: localized(
            "使用 --rollup 目录… 时，各部门的统计表相加成本级人民政府的汇总报告；统计表不平衡的部门会列出，不计入汇总。",
            "With --rollup FOLDER... the departments' tables are summed into the government's consolidated report; a department that does not balance "
                + "is named and left out."
        )
    )
    @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder.")) var folder: String = "."
    @Option(help: bilingual("报告年度（默认：计划年度；使用 --rollup 时必填），例：--year 2020", "The report year (default: the plan's year; required with --rollup).")) var year:
        Int?
    @Option(help: bilingual("docx、md 或 html（docx 需要 -o 文件）", "docx, md or html (docx needs --output).")) var format: ReportFormatOption = .docx
    @Option(name: .shortAndLong, help: bilingual("写到文件，而不是标准输出，例：-o 年度报告.docx", "Write to FILE instead of standard output.")) var output: String?
    @Option(
        help: bilingual(
            "上一年的年度报告（docx、md 或 txt）：列出其中的问题及是否已整改，例：--previous 2020年报.docx",
            "Last year's report (docx, md or txt): its problems are listed with whether they were fixed.")) var previous: String?
    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }
    @OptionGroup var createdOption: CreatedOption
    var created: Day? { createdOption.created }
    @OptionGroup var planFileOption: PlanFileOption
    var planFile: String? { planFileOption.planFile }
    @Option(parsing: .upToNextOption, help: bilingual("要汇总的各部门证据目录，例：--rollup 局甲 局乙", "Departments' evidence folders to consolidate.")) var rollup: [String] =
        []
    @Option(help: bilingual("汇总的人民政府名称（与 --rollup 一起用），例：--government 某某区人民政府", "The consolidating government's name (with --rollup).")) var government:
        String =
            "本级人民政府"
    @Option(help: bilingual("与 --rollup 一起用：把各部门数据写到此工作簿，例：--xlsx 各部门数据.xlsx", "With --rollup: also write each department's figures to this workbook."))
    var xlsx: String?
    @OptionGroup var timeLimit: TimeLimitOption
    @OptionGroup var common: CommonOptions
    enum ReportFormatOption: String, ExpressibleByArgument { case docx, md, html }

    func run() throws {
        if format == .docx && (output == nil || output == "-") { throw common.usage("--format docx 需要 -o 文件", "--format docx needs -o FILE") }
        if !rollup.isEmpty && year == nil { throw common.usage("--rollup 需要 --year", "--rollup needs --year") }
        // Outputs are checked before anything is read: none inside an evidence folder, none named twice.
        let outputs = common.outputs(folders: rollup.isEmpty ? [folder] : rollup)
        let target = try common.add(outputs, output, option: "-o")
        let annex = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        let rules = try common.loadRules()
        let document: ReportDocument
        // What the draft asks to verify before publishing (on its first page too): the command exits 1 while any is left.
        var problems: [String] = []
        if let year, !rollup.isEmpty {
            let result = AnnualReportRollup.run(
                folders: rollup.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf), year: year,
                timeLimit: timeLimit.seconds)
            for d in result.departments where !d.included {
                let why = d.problem?(common.lang) ?? ""
                Console.error(common.lang == .zh ? "未汇总 \(d.agency)（\(d.folder)）：\(why)" : "left out \(d.agency) (\(d.folder)): \(why)")
            }
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules, rollup: true) }
            document = try common.run { () throws(GongkaiError) in
                try result.document(template: template, government: government, asOf: asOf ?? result.asOf ?? Day.today())
            }
            if let annex {
                try common.run { () throws(GongkaiError) in
                    try outputs.stage(annex) { url throws(GongkaiError) in try result.writeAnnex(to: url, created: created) }
                }
            }
        } else {
            let (_, evaluation) = try AnnualOptions.evaluate(folder: folder, year: year, asOf: asOf, planFile: planFile, common)
            let template = try common.run { () throws(GongkaiError) in try AnnualReportDraft.loadTemplate(rules: rules) }
            let appendix = try common.run { () throws(GongkaiError) in try Appendix.loadTemplate(rules: rules) }
            let last = try previous.map { path in try common.run { () throws(GongkaiError) in try PreviousReport.load(URL(fileURLWithPath: path)) } }
            let draft = AnnualReportDraft(
                evaluation: evaluation, statistics: AnnualStatistics.compute(evaluation, year: evaluation.plan.year),
                template: template, appendixTemplate: appendix, previous: last, asOfGiven: asOf != nil)
            document = try common.run { () throws(GongkaiError) in try draft.document() }
            problems = draft.openProblems
        }
        let masked = document.masked()
        let data: Data =
            switch format {
            case .md: Data(masked.markdown().utf8)
            case .html: Data(masked.html().utf8)
            case .docx: try DocxWriter.document(masked, created: created)
            }
        try common.run { () throws(GongkaiError) in try outputs.stage(target, data, binary: format == .docx, keeping: document.published) }
        try common.commit(outputs)
        for p in problems { Console.error(common.lang == .zh ? "待核实：\(p)" : "to verify: \(p)") }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
