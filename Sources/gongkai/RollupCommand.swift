import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiReports
import GongkaiRubric

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: localized("并行检查多个单位的证据目录：每个单位一行、一张工作表", "Evaluate many agencies' evidence folders in parallel: one row per agency, one sheet per agency."))
    @Argument(help: bilingual("证据目录，每个都有自己的 gongkai.yaml 和计划，例：局甲 局乙", "Evidence folders, each with its gongkai.yaml and plan.")) var folders: [String]
    @OptionGroup var asOfOption: AsOfOption
    var asOf: Day? { asOfOption.day }
    @OptionGroup var timeLimit: TimeLimitOption
    @Option(help: bilingual("text、json 或 html（html 需要 -o 文件，每个单位一页放在旁边）", "text, json or html (html: -o FILE, with one linked page per agency beside it)."))
    var format: RollupFormat = .text
    @Option(name: .shortAndLong, help: bilingual("把文本、JSON 或 HTML 首页写到文件，例：-o 汇总.html", "Write the text, JSON or HTML index to FILE.")) var output: String?
    @Option(help: bilingual("同时写出汇总工作簿，例：--xlsx 汇总.xlsx", "Also write the roll-up workbook to FILE.")) var xlsx: String?
    @Option(
        help: bilingual(
            "同时按考核评分细则给各单位自评打分并排名：内置编号或文件，例：--rubric licheng-2020",
            "Also score each agency on a rubric (a built-in id or a file), ranked, with the items that cost most."))
    var rubric: String?
    @OptionGroup var createdOption: CreatedOption
    var created: Day? { createdOption.created }
    @OptionGroup var common: CommonOptions
    enum RollupFormat: String, ExpressibleByArgument { case text, json, html }

    func run() throws {
        guard !folders.isEmpty else { throw common.usage("至少给出一个证据目录", "give at least one evidence folder") }
        if format == .html && output == nil {
            throw common.usage("--format html 会写出多个网页：请用 -o FILE.html 指定首页", "--format html writes several pages: give -o FILE.html")
        }
        let outputs = common.outputs(folders: folders)
        let report = try common.add(outputs, output, option: "-o")
        let workbook = try xlsx.map { try common.add(outputs, $0, option: "--xlsx") }
        let rules = try common.loadRules()
        // A rubric that cannot be loaded is refused before any folder is read.
        let loadedRubric = try rubric.map { try common.loadRubric($0, rules: rules) }
        let template = try loadedRubric.map { r in try common.similarityInputs(rules: rules, rubric: r, previous: nil).template } ?? .empty
        let index = URL(fileURLWithPath: output ?? "rollup.html")
        let stem = index.lastPathComponent.hasSuffix(".html") ? String(index.lastPathComponent.dropLast(5)) : index.lastPathComponent
        // Each agency's page is staged as it finishes, beside the index; the workbook is written as they finish.
        let pages: (stem: String, directory: URL, write: (String, Data) throws(GongkaiError) -> Void)? =
            format == .html
            ? (
                stem, index.deletingLastPathComponent(),
                { (name: String, data: Data) throws(GongkaiError) in
                    let path = index.deletingLastPathComponent().appendingPathComponent(name).path
                    try outputs.stage(try outputs.add(path, option: "-o"), data)
                }
            ) : nil
        let rollup = try common.run { () throws(GongkaiError) in
            let run = { (url: URL?) throws(GongkaiError) -> Rollup in
                try Rollup.run(
                    folders: folders.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf),
                    lang: common.lang, timeLimit: timeLimit.seconds, rubric: loadedRubric, template: template, pages: pages, workbook: url.map { ($0, created) }
                )
            }
            guard let workbook else { return try run(nil) }
            var result: Rollup?
            try outputs.stage(workbook) { url throws(GongkaiError) in result = try run(url) }
            return result ?? Rollup(entries: [], pageNames: [])
        }
        let text: Data =
            switch format {
            case .text: Data(rollup.text(common.lang).utf8)
            case .json: try rollup.json(common.lang)
            case .html: rollup.htmlIndex(lang: common.lang)
            }
        try common.run { () throws(GongkaiError) in try outputs.stage(report, text) }
        try common.commit(outputs)
        if !rollup.isCompliant || !rollup.isSettled { throw ExitCode(1) }
    }
}
