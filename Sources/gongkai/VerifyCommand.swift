import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiReports

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: localized("按 JSON 报告中的清单（路径、大小、SHA-256）复核证据目录", "Re-check a JSON report's manifest (path, size, SHA-256) against the evidence folder."))

    @Argument(help: bilingual("由 check --format json 写出的报告，例：报告.json", "A report written by check --format json.")) var report: String
    @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder.")) var folder: String = "."
    @OptionGroup var common: CommonOptions

    func run() throws {
        let rules = try? common.loadRules()
        let (checked, mismatches) = try common.run { () throws(GongkaiError) in
            try ReportVerifier.verify(report: URL(fileURLWithPath: report), folder: URL(fileURLWithPath: folder), rules: rules)
        }
        for m in mismatches { Console.line("\(Redaction.escapingControls(m.path)): \(m.problem(common.lang))") }
        Console.line(common.lang == .zh ? "核对 \(checked) 个文件，\(mismatches.count) 处不符" : "\(checked) files checked, \(mismatches.count) mismatches")
        if !mismatches.isEmpty { throw ExitCode(1) }
    }
}
