import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiReports

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: localized("并行检查多个单位的证据目录：每个单位一行、一张工作表", "Evaluate many agencies' evidence folders in parallel: one row per agency, one sheet per agency."))
    @Argument(help: bilingual("证据目录，每个都有自己的 gongkai.yaml 和计划，例：局甲 局乙", "Evidence folders, each with its gongkai.yaml and plan.")) var folders: [String]
    @Option(
        name: .customLong("as-of"),
        help: bilingual(
            "检查日：2021-02-05、2021/2/5 或 2021年2月5日（默认：北京时间今天）", "The day of the check: 2021-02-05, 2021/2/5 or 2021年2月5日 (default: today in Asia/Shanghai)."))
    var asOf: String?
    @Option(
        name: .customLong("time-limit"),
        help: bilingual(
            "每个单位最多用时（秒）；超时的单位单列一行（默认 300），例：--time-limit 120", "Seconds each agency may take; past it the agency is a row of its own (default 300)."))
    var timeLimit: Double = Rollup.defaultTimeLimit
    @Option(help: bilingual("text、json 或 html（html 需要 -o 文件，每个单位一页放在旁边）", "text, json or html (html: -o FILE, with one linked page per agency beside it)."))
    var format: RollupFormat = .text
    @Option(name: .shortAndLong, help: bilingual("把文本、JSON 或 HTML 首页写到文件，例：-o 汇总.html", "Write the text, JSON or HTML index to FILE.")) var output: String?
    @Option(help: bilingual("同时写出汇总工作簿，例：--xlsx 汇总.xlsx", "Also write the roll-up workbook to FILE.")) var xlsx: String?
    @OptionGroup var createdOption: CreatedOption
    var created: Day? { createdOption.created }
    @OptionGroup var common: CommonOptions
    enum RollupFormat: String, ExpressibleByArgument { case text, json, html }

    func run() throws {
        guard !folders.isEmpty else { throw common.usage("至少给出一个证据目录", "give at least one evidence folder") }
        let asOf = try common.day(self.asOf, option: "--as-of")
        guard timeLimit > 0 else { throw common.usage("--time-limit 应为正数（秒）", "--time-limit must be a positive number of seconds") }
        if format == .html && output == nil {
            throw common.usage("--format html 会写出多个网页：请用 -o FILE.html 指定首页", "--format html writes several pages: give -o FILE.html")
        }
        let outputs = common.outputs(folders: folders)
        let report = try common.add(outputs, output, option: "-o")
        let workbook = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        let rules = try common.loadRules()
        let rollup = Rollup.run(
            folders: folders.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf),
            lang: common.lang, timeLimit: timeLimit)
        // What each target gets; for html the index and one page per agency beside it, staged together.
        var files: [(OutputTarget, Data)] = []
        switch format {
        case .text: files = [(report, Data(rollup.text(common.lang).utf8))]
        case .json: files = [(report, try rollup.json())]
        case .html:
            let index = URL(fileURLWithPath: output ?? "rollup.html")
            for page in try rollup.htmlPages(lang: common.lang, indexName: index.lastPathComponent, outputDirectory: index.deletingLastPathComponent()) {
                let path = index.deletingLastPathComponent().appendingPathComponent(page.name).path
                files.append((page.name == index.lastPathComponent ? report : try common.add(outputs, path, option: "-o"), page.data))
            }
        }
        try common.run { () throws(GongkaiError) in
            for (target, data) in files { try outputs.stage(target, data) }
            if let workbook {
                try outputs.stage(workbook) { url throws(GongkaiError) in try rollup.writeWorkbook(to: url, lang: common.lang, created: created) }
            }
        }
        try common.commit(outputs)
        if !rollup.isCompliant { throw ExitCode(1) }
    }
}
