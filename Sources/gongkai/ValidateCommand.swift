import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: localized("读取并校验每条记录；每个问题都写明文件和行号", "Load and validate every record; list each problem with file:line."))

    @Argument(help: bilingual("证据目录，默认：当前目录", "The evidence folder."))
    var folder: String = "."

    @OptionGroup var planFileOption: PlanFileOption
    var planFile: String? { planFileOption.planFile }

    @OptionGroup var common: CommonOptions

    func run() throws {
        let rules = try common.loadRules()
        let pipeline = Pipeline(rules: rules)
        let url = URL(fileURLWithPath: folder)
        let (config, plan, planIssues) = try common.run { () throws(GongkaiError) in
            try pipeline.loadPlan(folder: url, planFile: planFile.map { URL(fileURLWithPath: $0) })
        }
        let evidence = EvidenceLoader(root: url, config: config, types: rules.types, plan: plan).load()
        let issues = planIssues + evidence.issues
        for issue in issues { Console.line("\(issue.location): \(issue.message(common.lang))") }
        for note in evidence.notes { Console.line("\(note.location): \(common.lang == .zh ? "提示" : "note"): \(note.message(common.lang))") }
        let zh = common.lang == .zh
        Console.line(
            zh
                ? "\(evidence.recordFileCount) 个文件，\(evidence.records.count) 条有效记录，\(issues.count) 个问题"
                : "\(evidence.recordFileCount) files, \(evidence.records.count) valid records, \(issues.count) problems")
        if !issues.isEmpty { throw ExitCode(1) }
    }
}
