import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// `gongkai init`: an evidence folder ready to fill: gongkai.yaml, a README in Chinese, one folder per
/// department or per task, a commented template record for each check, and header-only ledgers.
public enum FolderScaffold {
    public enum Layout: String, Sendable, CaseIterable { case department, task }

    /// With `workbook`, also 证据台账.xlsx (see `EvidenceWorkbook`), a sheet per evidence type to fill in instead of YAML.
    public static func create(
        at root: URL, plan: Plan, planReference: String, types: TypeRegistry, layout: Layout,
        workbook: Bool = false, planCopy: (name: String, text: String)? = nil
    ) throws(GongkaiError) -> [String] {
        // A plan of the office's own (not built in) is copied into the folder: gongkai.yaml may only name a plan inside it.
        let planReference = planCopy?.name ?? planReference
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
            throw GongkaiError(Message("\(root.path) 已存在且不为空：init 只在新目录或空目录中创建", "\(root.path) exists and is not empty: init only fills a new or empty folder"))
        }
        var files: [(String, String)] = []
        files.append(
            (
                FolderConfig.fileName,
                """
                # 证据目录配置（gongkai）
                plan: \(planReference)      # 计划编号或计划文件路径
                agency: \(plan.agency)
                year: \(plan.year)
                # calendar: weekends-only   # 仅在明确不使用国务院节假日安排时设置
                # encodings:                 # Excel 另存的 GB18030 台账可在此声明编码
                #   台账/disclosure-request.csv: gb18030

                """
            ))
        if let planCopy { files.append((planCopy.name, planCopy.text)) }
        let ledgerTypes: Set<String> = ["website-check", "disclosure-request", "normative-document"]
        for type in ledgerTypes.sorted() {
            guard let spec = types[type] else { continue }
            let header = (["id", "date", "department"] + spec.fields.map(\.name)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            files.append(("台账/\(type).csv", header.joined(separator: ",") + "\n"))
        }
        for task in plan.tasks {
            let folder: String
            switch layout {
            case .department: folder = task.owners.first ?? "其他"
            case .task: folder = String(format: "任务%02d", task.no)
            }
            var text = ["# 任务\(task.no)：\(task.shortRequirement(60))", "# 责任：\(task.responsibility)", "#"]
            for check in task.checks {
                let (checkTypes, linked) = check.evidenceTypes
                let parameters = CheckLabels.parameters(check, types: types, lang: .zh)
                text.append("# 检查：\(CheckLabels.displayName(check, .zh))\(parameters.isEmpty ? "" : "（\(parameters)）")")
                for type in checkTypes {
                    guard let spec = types[type] else { continue }
                    if ledgerTypes.contains(type) {
                        text.append("#   记在台账/\(type).csv（\(spec.title.zh)），每行一条；无需填写 tasks。")
                        continue
                    }
                    text.append("#   复制下面的示例，去掉行首的 #，逐项填写（\(spec.title.zh)）：")
                    text.append("# - id: \(type)-\(task.no)-1")
                    text.append("#   type: \(type)")
                    text.append("#   department: \(task.owners.first ?? "")")
                    if linked { text.append("#   tasks: [\(task.no)]") }
                    if spec.dateField == nil { text.append("#   date:          # 日期 YYYY-MM-DD（必填）") }
                    for f in spec.fields where !f.personal {
                        let kind = FillInHint.text(for: f.kind, in: .yamlComment)
                        text.append("#   \(f.name):   # \(f.title ?? f.name)：\(kind)\(f.required ? "（必填）" : "")")
                    }
                    text.append("#   attachments: [] # 附件路径（相对证据目录）")
                }
            }
            files.append(("\(folder)/任务\(String(format: "%02d", task.no))-模板.yaml", text.joined(separator: "\n") + "\n"))
        }
        files.append(("README.md", readme(plan, layout: layout, workbook: workbook)))
        do {
            for (path, text) in files {
                let url = root.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            throw GongkaiError(Message("无法创建证据目录：\(error.localizedDescription)", "cannot create the evidence folder: \(error.localizedDescription)"))
        }
        if workbook {
            try EvidenceWorkbook.write(to: root.appendingPathComponent(EvidenceWorkbook.fileName), plan: plan, types: types)
            return files.map(\.0) + [EvidenceWorkbook.fileName]
        }
        return files.map(\.0)
    }

    static func readme(_ plan: Plan, layout: Layout, workbook: Bool = false) -> String {
        """
        # \(plan.agency) \(plan.year) 年政务公开证据目录

        本目录按《\(plan.title)》收集各项工作任务的证据，由 gongkai 自查：

            gongkai check .                    # 逐项检查，列出缺什么、谁负责、何时到期
            gongkai due . --ics ../待办.ics     # 待办事项，可导入日历（写在证据目录之外）
            gongkai check . --xlsx ../自查.xlsx # 生成 Excel 工作簿（写在证据目录之外）

        gongkai 从不写入证据目录：报告、工作簿和日历文件都写到目录之外（如上一级目录）。

        ## 目录结构
        - `gongkai.yaml`：指定计划、单位和年度。
        - `台账/`：CSV 台账（网站检查、规范性文件、依申请公开），第一行为表头，每行一条记录。
        - \(layout == .department ? "每个责任科室一个文件夹" : "每项任务一个文件夹")，其中的 `任务NN-模板.yaml` 写明该任务需要的证据和字段；复制示例、去掉行首 `#` 后填写即可。
        - 附件（通知、报告、截图等）放在任意子目录，在记录的 `attachments` 中写相对路径。
        \(workbook ? "- `\(EvidenceWorkbook.fileName)`：证据台账工作簿，每类证据一个工作表，可代替 YAML 填写；先读其中的“填写说明”，第一列写“示例”的行是示例，读取时跳过。\n" : "")

        ## 填写要求
        - 日期写作 2020-01-06、2020/1/6 或 2020年1月6日。
        - 每条记录的 `id` 在本目录内唯一；`department` 须为计划中的科室；`tasks` 写关联的任务编号。
        - 申请人姓名、电话、身份证号等个人信息只在台账中保存，gongkai 不会把它们写入任何报告。

        """
    }
}

extension PlanCheck {
    /// The evidence types a check reads, and whether records must be linked to the task.
    var evidenceTypes: (types: [String], linked: Bool) {
        guard case .object(let pairs) = parameters else { return ([], false) }
        var types: [String] = []
        for (k, v) in pairs where k == "type" || k == "types" {
            switch v {
            case .string(let s): types.append(s)
            case .array(let a): types += a.compactMap { if case .string(let s) = $0 { s } else { nil } }
            default: break
            }
        }
        if types.isEmpty && kind == ReportCheck.id { types = ["annual-report"] }
        if types.isEmpty && kind == RequestDeadlineCheck.id { types = ["disclosure-request"] }
        let linked = kind == EvidenceCheck.id || (kind == DeadlineCheck.id && pairs.contains { $0.0 == "due" })
        return (types, linked)
    }
}
