import ArgumentParser
import Foundation
import GongkaiKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Evaluate every task of the plan against the evidence folder.")

    @Argument(help: "The evidence folder (with gongkai.yaml).")
    var folder: String = "."

    @Option(name: .customLong("as-of"), help: "The day of the self-check (YYYY-MM-DD); default: today in Asia/Shanghai.")
    var asOf: Day?

    @Option(help: "Report format: text, json, junit, sarif, github, markdown; repeat with --output-dir for several.")
    var format: [ReportFormat] = []

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(name: .customLong("output-dir"), help: "Write every --format into DIR as gongkai.EXT.")
    var outputDir: String?

    @Option(help: "Also write the Excel workbook to FILE.")
    var xlsx: String?

    @Option(help: "Fixed creation time for reproducible outputs (YYYY-MM-DD).")
    var created: Day?

    @Option(name: .customLong("fail-on"), help: "Also fail the gate on: pending.")
    var failOn: [FailOn] = []

    @Option(name: .customLong("cache-dir"), help: "Cache attachment digests here (outside the evidence folder).")
    var cacheDir: String?

    @OptionGroup var common: CommonOptions

    enum FailOn: String, ExpressibleByArgument { case pending }

    func run() throws {
        let rules = try common.loadRules()
        let pipeline = Pipeline(rules: rules)
        let folderURL = URL(fileURLWithPath: folder)
        var evaluation = try common.run { () throws(GongkaiError) in
            try pipeline.run(folder: folderURL, options: .init(asOf: asOf, cacheDirectory: cacheDir.map { URL(fileURLWithPath: $0) }))
        }
        if let created { evaluation.provenance.generatedAt = "\(created)T00:00:00Z" }
        let formats = format.isEmpty ? [ReportFormat.text] : format
        if let outputDir {
            for f in formats {
                let data = try f.writer().render(evaluation, lang: common.lang)
                try emit(data, to: URL(fileURLWithPath: outputDir).appendingPathComponent("gongkai.\(f.fileExtension)").path, options: common)
            }
        } else {
            guard formats.count == 1 else {
                throw ValidationError("several --format values need --output-dir")
            }
            let colour = output == nil && Console.isTerminal
            try emit(try formats[0].writer(colour: colour).render(evaluation, lang: common.lang), to: output, options: common)
        }
        if let xlsx {
            try common.run { () throws(GongkaiError) in
                try WorkbookReport.standard(for: evaluation, created: created).write(evaluation, lang: common.lang, to: URL(fileURLWithPath: xlsx))
            }
        }
        if !evaluation.isCompliant(failOnPending: failOn.contains(.pending)) { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
