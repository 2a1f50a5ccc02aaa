import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiReports
import GongkaiRubric

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: localized("对照证据目录逐项检查计划的每项任务", "Evaluate every task of the plan against the evidence folder."))

    @Argument(help: bilingual("证据目录（含 gongkai.yaml），默认：当前目录", "The evidence folder (with gongkai.yaml)."))
    var folder: String = "."

    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }

    @Option(
        name: .customLong("plan-file"),
        help: bilingual(
            "使用此计划文件，而不是 gongkai.yaml 指定的计划（计划在证据目录之外时），例：--plan-file ../计划.yaml",
            "A plan file to use instead of the one gongkai.yaml names (a plan outside the folder)."))
    var planFile: String?

    @Option(
        help: bilingual(
            "报告格式：text、json、junit、sarif、github、markdown、html；配合 --output-dir 可重复给出多个，例：--format html",
            "Report format: text, json, junit, sarif, github, markdown, html; repeat with --output-dir for several."))
    var format: [ReportFormat] = []

    @Option(name: .shortAndLong, help: bilingual("把报告写到文件，而不是标准输出，例：-o 自查.txt", "Write the report to FILE instead of standard output."))
    var output: String?

    @Option(
        name: .customLong("output-dir"),
        help: bilingual("把每种 --format 写到目录 DIR 下的 gongkai.扩展名，例：--output-dir out", "Write every --format into DIR as gongkai.EXT."))
    var outputDir: String?

    @Option(help: bilingual("同时写出 Excel 工作簿，例：--xlsx 自查.xlsx", "Also write the Excel workbook to FILE."))
    var xlsx: String?

    @Option(help: bilingual("固定的生成日期，使输出可重复，例：--created 2021-02-06", "Fixed creation time for reproducible outputs (YYYY-MM-DD)."))
    var created: Day?

    @Option(
        name: .customLong("fail-on"),
        help: bilingual(
            "pending：待办事项也算不通过；new：配合 --baseline，只有新问题才算不通过；provisional：依据暂定工作日历（次年节假日通知未发布）的超期也算不通过",
            "pending: pending obligations fail too; new: with --baseline, only new problems fail; provisional: failures on a provisional calendar "
                + "(next year's notice not out yet) fail too."
        ))
    var failOn: [FailOn] = []

    @Option(
        name: .customLong("cache-dir"),
        help: bilingual("把附件摘要缓存在此目录（须在证据目录之外），例：--cache-dir ~/.cache/gongkai", "Cache attachment digests here (outside the evidence folder)."))
    var cacheDir: String?

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("xlsx-cell-dump"), help: .hidden)
    var xlsxCellDump: String?

    @Option(
        help: bilingual(
            "上次的 JSON 报告：标出每个问题是新出现还是原有的，并列出已解决的，例：--baseline 基线.json",
            "A previous JSON report: mark each problem new or unchanged, and list what was resolved."))
    var baseline: String?

    @Option(
        help: bilingual(
            "同时按考核评分细则自评：文本报告末尾写出自评得分，--xlsx 工作簿中加一张自评表，例：--rubric licheng-2020",
            "Also score the folder on a rubric: the self-score at the end of the text report, and a self-assessment sheet in --xlsx."))
    var rubric: String?

    typealias FailOn = Gate.FailOn

    func run() throws {
        let formats = format.isEmpty ? [ReportFormat.text] : format
        // Combinations that cannot work are refused before anything is read.
        if failOn.contains(.new) && baseline == nil {
            throw common.usage("--fail-on new 需要 --baseline 上次的 JSON 报告", "--fail-on new needs --baseline PREVIOUS.json")
        }
        if outputDir == nil && formats.count > 1 {
            throw common.usage("多个 --format 需要 --output-dir 目录", "several --format values need --output-dir DIR")
        }
        if outputDir != nil && output != nil {
            throw common.usage("-o 与 --output-dir 不能同时使用", "-o and --output-dir cannot be used together")
        }
        let outputs = common.outputs(folders: [folder])
        var reports: [(ReportFormat, OutputTarget)] = []
        if let outputDir {
            try common.run { () throws(GongkaiError) in try outputs.checkDirectory(outputDir, option: "--output-dir") }
            for f in formats {
                let path = URL(fileURLWithPath: outputDir).appendingPathComponent("gongkai.\(f.fileExtension)").path
                reports.append((f, try common.add(outputs, path, option: "--output-dir")))
            }
        } else {
            reports.append((formats[0], try common.add(outputs, output, option: "-o")))
        }
        let workbookTarget = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        if let cacheDir { try common.run { () throws(GongkaiError) in try outputs.checkDirectory(cacheDir, option: "--cache-dir", mustExist: false) } }

        let rules = try common.loadRules()
        // A rubric that cannot be loaded is refused before the folder is read.
        let loadedRubric = try rubric.map { try common.loadRubric($0, rules: rules) }
        let pipeline = Pipeline(rules: rules)
        let folderURL = URL(fileURLWithPath: folder)
        // Benchmark hooks: phase times on standard error, every workbook cell listed in a file.
        let timing = ProcessInfo.processInfo.environment["GONGKAI_TIMING"] != nil
        let diagnostics = timing || xlsxCellDump != nil ? Diagnostics(cellDump: xlsxCellDump.map { URL(fileURLWithPath: $0) }) : nil
        let previous = try baseline.map { path in try common.run { () throws(GongkaiError) in try Baseline.load(URL(fileURLWithPath: path)) } }
        let options = Pipeline.Options(
            asOf: asOf, cacheDirectory: cacheDir.map { URL(fileURLWithPath: $0) }, planFile: planFile.map { URL(fileURLWithPath: $0) },
            created: created, baseline: previous, lang: common.lang, diagnostics: diagnostics)
        let evaluation = try common.run { () throws(GongkaiError) in try pipeline.run(folder: folderURL, options: options) }
        var clock = PhaseClock()
        let gate = Gate(evaluation: evaluation, failOn: Set(failOn))
        let inputs = try loadedRubric.map { r in try common.similarityInputs(rules: rules, rubric: r, previous: nil) }
        let card = try loadedRubric.map { r in
            try common.run { () throws(GongkaiError) in try RubricScorer.score(r, evaluation, similarity: inputs ?? SimilarityInputs()) }
        }
        for (f, target) in reports {
            let colour = target.kind == .standardOutput && Console.isTerminal
            // The HTML report links the evidence files relative to where it is saved.
            let directory = outputDir.map { URL(fileURLWithPath: $0) } ?? output.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            let writer = f == .json && card != nil ? JSONReport(scorecard: card) : f.writer(colour: colour, outputDirectory: directory)
            var data = try writer.render(evaluation, lang: common.lang)
            if f == .text, let line = gate.line(common.lang) { data += Data((line + "\n").utf8) }
            if f == .text, let card { data += Data((ScorecardReport.summaryLine(card, common.lang) + "\n").utf8) }
            try common.run { () throws(GongkaiError) in try outputs.stage(target, data) }
        }
        clock.lap("report")
        if let workbookTarget {
            try common.run { () throws(GongkaiError) in
                var workbook = WorkbookReport.standard(for: evaluation, created: created)
                workbook.diagnostics = diagnostics
                if let card { workbook.extraSheets.append(ScorecardSheet(card: card)) }
                try outputs.stage(workbookTarget) { url throws(GongkaiError) in try workbook.write(evaluation, lang: common.lang, to: url) }
            }
            clock.lap("workbook")
        }
        try common.commit(outputs)
        if let line = evaluation.provisionalLine(common.lang) { Console.error(line) }
        if let diagnostics, timing {
            diagnostics.record(clock.phases)
            Console.error(diagnostics.timings.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: "\n"))
        }
        Console.exit(gate.passes ? 0 : 1, keeping: evaluation)
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension Gate.FailOn: ExpressibleByArgument {}
