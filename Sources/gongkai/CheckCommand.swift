import ArgumentParser
import Foundation
import GongkaiKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Evaluate every task of the plan against the evidence folder.")

    @Argument(help: "The evidence folder (with gongkai.yaml).")
    var folder: String = "."

    @Option(name: .customLong("as-of"), help: "The day of the self-check: 2020-01-06, 2020/1/6 or 2020年1月6日; default: today in Asia/Shanghai.")
    var asOf: Day?

    @Option(help: "Report format: text, json, junit, sarif, github, markdown, html; repeat with --output-dir for several.")
    var format: [ReportFormat] = []

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(name: .customLong("output-dir"), help: "Write every --format into DIR as gongkai.EXT.")
    var outputDir: String?

    @Option(help: "Also write the Excel workbook to FILE.")
    var xlsx: String?

    @Option(help: "Fixed creation time for reproducible outputs (YYYY-MM-DD).")
    var created: Day?

    @Option(name: .customLong("fail-on"), help: "pending: pending obligations fail too; new: with --baseline, only new problems fail.")
    var failOn: [FailOn] = []

    @Option(name: .customLong("cache-dir"), help: "Cache attachment digests here (outside the evidence folder).")
    var cacheDir: String?

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("xlsx-cell-dump"), help: .hidden)
    var xlsxCellDump: String?

    @Option(help: "A previous JSON report: mark each problem new or unchanged, and list what was resolved.")
    var baseline: String?

    enum FailOn: String, ExpressibleByArgument { case pending, new }

    func run() throws {
        let rules = try common.loadRules()
        let pipeline = Pipeline(rules: rules)
        let folderURL = URL(fileURLWithPath: folder)
        var evaluation = try common.run { () throws(GongkaiError) in
            try pipeline.run(folder: folderURL, options: .init(asOf: asOf, cacheDirectory: cacheDir.map { URL(fileURLWithPath: $0) }))
        }
        if let created { evaluation.provenance.generatedAt = "\(created)T00:00:00Z" }
        if let baseline {
            let previous = try common.run { () throws(GongkaiError) in try Baseline.load(URL(fileURLWithPath: baseline)) }
            evaluation.baseline = BaselineComparison.compare(evaluation, with: previous, lang: common.lang)
        } else if failOn.contains(.new) {
            throw ValidationError("--fail-on new needs --baseline PREVIOUS.json")
        }
        var clock = PhaseClock()
        defer {
            Console.keepUntilExit(evaluation)
            if ProcessInfo.processInfo.environment["GONGKAI_TIMING"] != nil {
                Console.error((evaluation.timings + clock.phases).map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: "\n"))
            }
        }
        let formats = format.isEmpty ? [ReportFormat.text] : format
        if let outputDir {
            for f in formats {
                let data = try f.writer(outputDirectory: URL(fileURLWithPath: outputDir)).render(evaluation, lang: common.lang)
                try emit(data, to: URL(fileURLWithPath: outputDir).appendingPathComponent("gongkai.\(f.fileExtension)").path, options: common)
            }
        } else {
            guard formats.count == 1 else {
                throw ValidationError("several --format values need --output-dir")
            }
            let colour = output == nil && Console.isTerminal
            let directory = output.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            try emit(try formats[0].writer(colour: colour, outputDirectory: directory).render(evaluation, lang: common.lang), to: output, options: common)
        }
        clock.lap("report")
        if let xlsx {
            try common.run { () throws(GongkaiError) in
                var workbook = WorkbookReport.standard(for: evaluation, created: created)
                workbook.cellDump = xlsxCellDump.map { URL(fileURLWithPath: $0) }
                try workbook.write(evaluation, lang: common.lang, to: URL(fileURLWithPath: xlsx))
            }
            clock.lap("workbook")
        }
        if failOn.contains(.new), let comparison = evaluation.baseline {
            // Adoption mode: only what is new since the baseline (and expired waivers) fails the gate.
            let pendingFails = failOn.contains(.pending) && evaluation.tasks.contains { $0.status == .pending }
            if comparison.hasNew || !evaluation.expiredWaivers.isEmpty || pendingFails { throw ExitCode(1) }
            return
        }
        if !evaluation.isCompliant(failOnPending: failOn.contains(.pending)) { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
