import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiImport
import GongkaiReports
import GongkaiRubric

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: localized(
            "按考核评分细则自评：每项的分值、自评分、扣分原因和佐证，写出自评表", "Score the folder on an assessment rubric: each item's points, self-score, deductions and evidence."),
        discussion: localized(
            "退出码：0 已评分；1 触发一票否决或有待核实的项目；2 输入有误。例：gongkai score 证据 --rubric licheng-2020 --xlsx 自评表.xlsx",
            "Exit codes: 0 scored; 1 a veto is hit or items are to verify; 2 bad input."))

    @Argument(help: bilingual("证据目录（含 gongkai.yaml），默认：当前目录", "The evidence folder (with gongkai.yaml).")) var folder: String = "."

    @Option(help: bilingual("评分细则：内置编号或文件，例：--rubric licheng-2020 或 --rubric 细则.yaml", "The rubric: a built-in id or a file."))
    var rubric: String

    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }

    @Option(help: bilingual("输出格式：text、json、markdown、html", "Output format: text, json, markdown, html.")) var format: ScorecardReport.Format = .text

    @Option(name: .shortAndLong, help: bilingual("把自评结果写到文件，例：-o 自评.txt", "Write the result to FILE instead of standard output.")) var output: String?

    @Option(help: bilingual("同时写出 Excel 自评表，例：--xlsx 自评表.xlsx", "Also write the Excel self-assessment sheet to FILE.")) var xlsx: String?

    @Option(
        help: bilingual(
            "上一年的年度报告（docx、pdf、md 或 txt），供评分细则的雷同比对；不给时用证据中上一年的年度报告记录，例：--previous 2020年报.docx",
            "Last year's annual report (docx, pdf, md or txt) for the rubric's similarity rule; without it, last year's annual-report record in the evidence."
        ))
    var previous: String?

    @OptionGroup var created: CreatedOption
    @OptionGroup var planFile: PlanFileOption
    @OptionGroup var common: CommonOptions

    func run() throws {
        let outputs = common.outputs(folders: [folder])
        let target = try common.add(outputs, output, option: "-o")
        let workbookTarget = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        let rules = try common.loadRules()
        let loaded = try common.loadRubric(rubric, rules: rules)
        let options = Pipeline.Options(asOf: asOf, planFile: planFile.planFile.map { URL(fileURLWithPath: $0) }, created: created.created, lang: common.lang)
        let evaluation = try common.run { () throws(GongkaiError) in
            try Pipeline(rules: rules).run(folder: URL(fileURLWithPath: folder), options: options)
        }
        let inputs = try common.similarityInputs(rules: rules, rubric: loaded, previous: previous)
        let card = try common.run { () throws(GongkaiError) in try RubricScorer.score(loaded, evaluation, similarity: inputs) }
        try common.run { () throws(GongkaiError) in
            try outputs.stage(target, try ScorecardReport.render(card, format: format, lang: common.lang))
            if let workbookTarget {
                try outputs.stage(workbookTarget) { url throws(GongkaiError) in
                    try ScorecardWorkbook(created: created.created).write(card, lang: common.lang, to: url)
                }
            }
        }
        try common.commit(outputs)
        Console.exit(card.isSettled ? 0 : 1, keeping: evaluation)
    }
}

extension CommonOptions {
    /// What a rubric's `report_similarity` rule compares with: the template every report shares (read only for a rubric
    /// that compares reports), and last year's report when given (missing, or not a regular file — a FIFO would block
    /// the run — is an error before anything is scored).
    func similarityInputs(rules: Rules, rubric: Rubric, previous: String?) throws -> SimilarityInputs {
        if let previous {
            try run { () throws(GongkaiError) in try PreviousReport.requireRegularFile(URL(fileURLWithPath: previous)) }
        }
        guard rubric.comparesReports else { return SimilarityInputs(previous: previous.map { URL(fileURLWithPath: $0) }) }
        let template = try run { () throws(GongkaiError) in try ReportTemplate.annualReport(rules: rules) }
        return SimilarityInputs(template: template, previous: previous.map { URL(fileURLWithPath: $0) })
    }

    /// A rubric by built-in id or file (`score`, `rollup --rubric`), loaded whole before any folder is read: an unknown
    /// one is a usage error naming the built-in ids, an invalid one exits 2 with file and line.
    func loadRubric(_ reference: String, rules: Rules) throws -> Rubric {
        guard let url = rules.rubricURL(reference) else {
            throw usage(
                "评分细则 '\(reference)' 不存在（内置：\(rules.rubricIDs.joined(separator: "、"))）",
                "unknown rubric '\(reference)' (built-in: \(rules.rubricIDs.joined(separator: ", ")))")
        }
        let display = url.path.hasPrefix(rules.root.path + "/") ? "Rules/" + url.path.dropFirst(rules.root.path.count + 1) : reference
        return try run { () throws(GongkaiError) in try RubricLoader.load(url: url, displayName: display) }
    }
}

struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric", abstract: localized("导入考核评分细则", "Import assessment rubrics."), subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized(
                "把公布的考核评分细则（文本、网页或 Word）导入为评分细则文件；对应的检查为建议，须人工确认",
                "Import a published rubric (text, web page or Word) as a rubric file; the checks are suggested for a person to confirm."))
        @Argument(help: bilingual("评分细则原文：文本、.html 或 .docx，例：细则.txt", "The rubric as published: text, .html or .docx.")) var file: String
        @Option(
            name: .shortAndLong,
            help: bilingual("写到文件（默认：标准输出；使用 --review 时不写），例：-o 细则.yaml", "Write the rubric to FILE (default: standard output, unless --review)."))
        var output: String?
        @Flag(help: bilingual("打印核对表：每项的原文与解析结果并排", "Print the review: each item's source text beside what was parsed.")) var review = false
        @OptionGroup var common: CommonOptions

        func run() throws {
            let outputs = common.outputs(folders: [])
            let target = try common.add(outputs, output, option: "-o")
            let name = file
            let result = try common.run { () throws(GongkaiError) in try RubricImporter().importFile(URL(fileURLWithPath: file), name: name) }
            for w in result.warnings { Console.error("\(w.location): \(w.message(common.lang))") }
            // Nothing found is said, never written as an empty rubric that `score` would then refuse.
            guard !result.items.isEmpty || review else {
                throw common.usage(
                    "\(file) 中没有找到考核项目：需要带分值的表格（类别 | 分值 | 考核标准…），或“一、组织保障（10分）”这样带分值的标题和其后的考核标准；未写出评分细则",
                    "no rubric item found in \(file): expected a table with points (类别 | 分值 | 考核标准…) or headings with points "
                        + "(一、组织保障（10分）) followed by their criteria; no rubric written")
            }
            if review { Console.out(Data(RubricYAMLWriter.review(result, lang: common.lang).utf8)) }
            if output != nil || !review {
                try common.run { () throws(GongkaiError) in
                    try outputs.stage(target, Data(RubricYAMLWriter.yaml(result, source: (file as NSString).lastPathComponent).utf8))
                }
                try common.commit(outputs)
            }
            Console.error(
                common.lang == .zh
                    ? "导入 \(result.items.count) 项，合计 \(Points.text(result.points)) 分，\(result.warnings.count) 条提示；请逐条确认 suggested: true 的对应检查"
                    : "imported \(result.items.count) items, \(Points.text(result.points)) points, \(result.warnings.count) warnings; confirm every "
                        + "check marked suggested: true"
            )
        }
    }
}

extension ScorecardReport.Format: ExpressibleByArgument {}
