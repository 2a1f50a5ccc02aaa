import ArgumentParser
import Foundation
import GongkaiKit

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollup", abstract: "Evaluate many agencies' evidence folders in parallel: one row per agency, one sheet per agency.")
    @Argument(help: "Evidence folders, each with its gongkai.yaml and plan.") var folders: [String]
    @Option(name: .customLong("as-of"), help: "The day of the check (default: today in Asia/Shanghai).") var asOf: Day?
    @Option(help: "text, json or html (html: -o FILE, with one linked page per agency beside it).") var format: RollupFormat = .text
    @Option(name: .shortAndLong, help: "Write the text or JSON to FILE.") var output: String?
    @Option(help: "Also write the roll-up workbook to FILE.") var xlsx: String?
    @Option(help: "Fixed creation day for reproducible files.") var created: Day?
    @OptionGroup var common: CommonOptions
    enum RollupFormat: String, ExpressibleByArgument { case text, json, html }

    func run() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one evidence folder") }
        if format == .html && output == nil { throw ValidationError("--format html writes several pages: give -o FILE.html") }
        let rules = try common.loadRules()
        let rollup = Rollup.run(folders: folders.map { URL(fileURLWithPath: $0) }, pipeline: Pipeline(rules: rules), options: .init(asOf: asOf), lang: common.lang)
        switch format {
        case .text: try emit(Data(rollup.text(common.lang).utf8), to: output, options: common)
        case .json: try emit(try rollup.json(), to: output, options: common)
        case .html:
            let index = URL(fileURLWithPath: output ?? "rollup.html")
            for page in try rollup.htmlPages(lang: common.lang, indexName: index.lastPathComponent, outputDirectory: index.deletingLastPathComponent()) {
                try emit(page.data, to: index.deletingLastPathComponent().appendingPathComponent(page.name).path, options: common)
            }
        }
        if let xlsx {
            try common.run { () throws(GongkaiError) in try rollup.writeWorkbook(to: URL(fileURLWithPath: xlsx), lang: common.lang, created: created) }
        }
        if !rollup.isCompliant { throw ExitCode(1) }
    }
}
