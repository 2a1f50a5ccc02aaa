import ArgumentParser
import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiImport
import GongkaiPlan
import GongkaiReports

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: localized("查看、检查、导入和比较计划", "Show and lint plans."),
        subcommands: [Show.self, Lint.self, Import.self, Diff.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: localized("列出计划的任务、分工和检查项", "Print a plan's tasks, roles and checks."))
        @Argument(help: bilingual("内置计划编号或计划文件，例：zhaoqing-commerce-2020 或 计划.yaml", "A built-in plan id or a plan file.")) var plan: String =
            "zhaoqing-commerce-2020"
        @Option(help: bilingual("text 或 json", "text or json.")) var format: ShowFormat = .text
        @OptionGroup var common: CommonOptions
        enum ShowFormat: String, ExpressibleByArgument { case text, json }

        func run() throws {
            let rules = try common.loadRules()
            let (plan, _) = try loadPlan(self.plan, rules: rules, common: common)
            switch format {
            case .json: Console.out(try PlanReport.json(plan))
            case .text: Console.out(PlanReport.text(plan, common.lang, types: rules.types))
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized(
                "检查计划：未知科室、重复任务、没有检查项的任务、错误参数，每条写明文件和行号", "Unknown departments, duplicate tasks, tasks with no check, bad parameters: each with file and line.")
        )
        @Argument(help: bilingual("内置计划编号或计划文件，例：zhaoqing-commerce-2020 或 计划.yaml", "A built-in plan id or a plan file.")) var plan: String =
            "zhaoqing-commerce-2020"
        @OptionGroup var common: CommonOptions

        func run() throws {
            let rules = try common.loadRules()
            let (plan, issues) = try loadPlan(self.plan, rules: rules, common: common)
            let all = issues + PlanLinter.lint(plan, types: rules.types)
            for issue in all { Console.line("\(issue.location): \(issue.message(common.lang))") }
            let hints = PlanLinter.hints(plan)
            for hint in hints { Console.line("\(hint.location): \(common.lang == .zh ? "提示：" : "hint: ")\(hint.message(common.lang))") }
            Console.line(
                common.lang == .zh
                    ? "\(plan.file)：\(plan.tasks.count) 项任务，\(all.count) 个问题\(hints.isEmpty ? "" : "，\(hints.count) 条提示")"
                    : "\(plan.file): \(plan.tasks.count) tasks, \(all.count) problems\(hints.isEmpty ? "" : ", \(hints.count) hints")")
            if !all.isEmpty { throw ExitCode(1) }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized(
                "把分工方案（Word、网页、Excel 或文本）导入为计划文件；建议的检查项须人工确认",
                "Import a 分工方案 (Word .docx, a saved web page, or text) as a plan file; checks are suggested for a person to confirm."))
        @Argument(
            help: bilingual(
                "分工方案文件：.docx、.html、.xlsx 或文本（制表符、竖线表格或条目式）；按内容识别格式，例：分工方案.docx",
                "The plan document: .docx, .html, or text (tab, pipe or list layout); the kind is told from the content.")) var file: String
        @Option(help: bilingual("计划编号（默认：plan-年度），例：--id 本局-2021", "The plan id (default: plan-YEAR).")) var id: String?
        @Option(help: bilingual("计划年度（默认：取自文件标题），例：--year 2021", "The plan year (default: from the document's title).")) var year: Int?
        @Option(help: bilingual("单位名称（默认：取自文件标题），例：--agency 肇庆市商务局", "The agency (default: from the document's title).")) var agency: String?
        @Option(help: bilingual("计划标题（默认：取自文件）", "The plan's title (default: from the document).")) var title: String?
        @Option(
            help: bilingual(
                "科室名单，用顿号或逗号分隔（默认：取自责任科室表述），例：--departments 办公室、法规科", "The department list, separated by 、 or commas (default: the names in the phrases)."))
        var departments: String?
        @Option(
            name: .customLong("non-business"),
            help: bilingual(
                "不属于业务科室的单位（默认：办公室、党务和办公类单位），例：--non-business 办公室、机关党委", "Departments that are not business departments (default: 办公室, party and office units)."
            ))
        var nonBusiness: String?
        @Option(
            name: .shortAndLong,
            help: bilingual("把计划写到文件（默认：标准输出；使用 --review 时不写），例：-o 计划.yaml", "Write the plan to FILE (default: standard output, unless --review).")
        ) var output: String?
        @Flag(help: bilingual("打印核对表：每项任务的原文与解析结果并排", "Print the review: each task's source text beside what was parsed.")) var review = false
        @OptionGroup var common: CommonOptions

        func run() throws {
            let outputs = common.outputs(folders: [])
            let target = try common.add(outputs, output, option: "-o")
            func split(_ s: String?) -> [String]? { s.map { $0.split(whereSeparator: { "、,，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) } } }
            let importer = PlanImporter(
                options: .init(id: id, year: year, agency: agency, title: title, departments: split(departments), nonBusiness: split(nonBusiness)))
            let name = file
            let result = try common.run { () throws(GongkaiError) in try importer.importFile(URL(fileURLWithPath: file), name: name) }
            for w in result.warnings { Console.error("\(w.location): \(w.message(common.lang))") }
            if review { Console.out(Data(PlanReview.text(result, lang: common.lang).utf8)) }
            if output != nil || !review {
                try common.run { () throws(GongkaiError) in
                    try outputs.stage(target, Data(PlanYAMLWriter.yaml(result, source: (file as NSString).lastPathComponent).utf8))
                }
                try common.commit(outputs)
            }
            Console.error(
                common.lang == .zh
                    ? "导入 \(result.tasks.count) 项任务，\(result.warnings.count) 条提示；请逐项确认 suggested: true 的检查"
                    : "imported \(result.tasks.count) tasks, \(result.warnings.count) warnings; confirm every check marked suggested: true")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: localized("比较两年的计划：新增、删除、改写、调整分工的任务", "What changed between two plans: tasks added, dropped, reworded, reassigned."))
        @Argument(help: bilingual("较早的计划（编号或文件）", "The earlier plan (id or file).")) var old: String
        @Argument(help: bilingual("较新的计划（编号或文件）", "The later plan (id or file).")) var new: String
        @Option(help: bilingual("text 或 json", "text or json.")) var format: Show.ShowFormat = .text
        @OptionGroup var common: CommonOptions

        func run() throws {
            let rules = try common.loadRules()
            let (a, _) = try loadPlan(old, rules: rules, common: common)
            let (b, _) = try loadPlan(new, rules: rules, common: common)
            let changes = PlanDiff.compare(a, b)
            switch format {
            case .text: Console.out(Data(PlanDiff.text(changes, a: a, b: b, lang: common.lang).utf8))
            case .json: Console.out(try PlanDiff.json(changes))
            }
        }
    }

    static func loadPlan(_ reference: String, rules: Rules, common: CommonOptions) throws -> (Plan, [LoadIssue]) {
        guard let url = rules.planURL(reference) else {
            Console.error(
                common.lang == .zh
                    ? "计划 '\(reference)' 不存在（内置：\(rules.planIDs.joined(separator: ", "))）"
                    : "unknown plan '\(reference)' (built-in: \(rules.planIDs.joined(separator: ", ")))")
            throw ExitCode(2)
        }
        return try common.run { () throws(GongkaiError) in
            try PlanLoader.load(url: url, displayName: reference.hasSuffix(".yaml") ? reference : "Rules/plans/\(reference).yaml")
        }
    }
}

func loadPlan(_ reference: String, rules: Rules, common: CommonOptions) throws -> (Plan, [LoadIssue]) {
    try PlanCommand.loadPlan(reference, rules: rules, common: common)
}
