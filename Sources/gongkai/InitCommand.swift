import ArgumentParser
import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiImport

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: localized("为计划建立待填写的证据目录", "Create an evidence folder ready to fill for a plan."))
    @Argument(help: bilingual("新的（或空的）目录", "The new (or empty) folder.")) var folder: String
    @Option(help: bilingual("计划编号或计划文件，例：--plan 计划.yaml", "The plan id or file.")) var plan: String = "zhaoqing-commerce-2020"
    @Option(help: bilingual("按科室（默认）或按任务建子目录：department 或 task", "One folder per department (default) or per task.")) var layout: Layout = .department
    @Flag(help: bilingual("同时写出 证据台账.xlsx：每类证据一张工作表，带下拉选项和示例行", "Also write 证据台账.xlsx: a sheet per evidence type to fill in, with dropdowns and examples."))
    var workbook = false
    @Option(
        help: bilingual(
            "从上一年的证据目录开始：带入仍有效的指定和年底未办结的申请（上年结转），例：--from 2025证据",
            "Start from last year's evidence folder: carry the designations still standing and the requests still open at its year's end."))
    var from: String?
    @OptionGroup var common: CommonOptions
    enum Layout: String, ExpressibleByArgument { case department, task }

    func run() throws {
        let rules = try common.loadRules()
        let (written, _) = try PlanCommand.loadPlan(plan, rules: rules, common: common)
        // The folder is laid out for the 条例's duties too: the request register, the office's designation, the report.
        let p = StatutoryBaseline.apply(to: written)
        let reference = rules.planURL(plan).map { $0.path.hasPrefix(rules.root.path) ? p.id : $0.path } ?? plan
        // A plan file of the office's own goes into the new folder, named as it was: check reads plans only from inside.
        var copy: (name: String, text: String)?
        if reference != p.id, let data = FileManager.default.contents(atPath: reference) {
            copy = ((reference as NSString).lastPathComponent, String(decoding: data, as: UTF8.self))
        }
        let files = try common.run { () throws(GongkaiError) in
            try FolderScaffold.create(
                at: URL(fileURLWithPath: folder), plan: p, planReference: reference, types: rules.types,
                layout: layout == .task ? .task : .department, workbook: workbook, planCopy: copy)
        }
        if let from {
            let carried = try common.run { () throws(GongkaiError) in
                let old = URL(fileURLWithPath: from)
                let (config, oldPlan, _) = try Pipeline(rules: rules).loadPlan(folder: old)
                let evidence = EvidenceLoader(root: old, config: config, types: rules.types, plan: oldPlan).load()
                let records = CarryOver.records(from: evidence, types: rules.types, yearEnd: Day.lastOf(year: oldPlan.year))
                let text = CarryOver.yaml(records, types: rules.types, from: from, year: oldPlan.year)
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(CarryOver.fileName), options: .withoutOverwriting)
                } catch {
                    throw GongkaiError(
                        Message("无法写入 \(CarryOver.fileName)：\(error.localizedDescription)", "cannot write \(CarryOver.fileName): \(error.localizedDescription)")
                    )
                }
                return (records, oldPlan.year)
            }
            let requests = carried.0.filter { $0.type == "disclosure-request" }.count
            Console.line(
                common.lang == .zh
                    ? "从 \(from)（\(carried.1)年）带入 \(carried.0.count - requests) 条仍有效的指定、\(requests) 件未办结的申请，见 \(CarryOver.fileName)"
                    : "carried from \(from) (\(carried.1)): \(carried.0.count - requests) standing designations, \(requests) open requests, in "
                        + "\(CarryOver.fileName)"
            )
            if p.year != carried.1 + 1 {
                Console.error(
                    common.lang == .zh
                        ? "提示：新计划是\(p.year)年的，上一年的证据目录是\(carried.1)年的"
                        : "note: the new plan is for \(p.year), the folder carried from is for \(carried.1)")
            }
        }
        Console.line(
            common.lang == .zh
                ? "已创建 \(folder)：\(files.count) 个文件。下一步：按 README.md 填写证据，然后运行 gongkai check \(folder)"
                : "created \(folder): \(files.count) files. Next: fill in the evidence as README.md says, then run gongkai check \(folder)")
    }
}
