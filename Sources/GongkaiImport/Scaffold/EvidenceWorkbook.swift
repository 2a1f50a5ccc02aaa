import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan
import GongkaiReports
import XlsxWriter

/// `gongkai init --workbook`: 证据台账.xlsx, a workbook an office fills in instead of YAML. A 填写说明 sheet, then one
/// sheet per evidence type the plan's checks use (named by the type's Chinese title, headed by the fields' Chinese
/// labels), dropdowns fed from a hidden 列表 sheet, and example rows marked 示例 in the first column.
public enum EvidenceWorkbook {
    public static let fileName = "证据台账.xlsx"
    /// Heading of the first column; rows holding `exampleMarker` there are examples, and the loader skips them.
    public static let exampleColumn = "示例"
    public static let exampleMarker = "示例"
    static let listSheet = "列表"

    /// A column of a type's sheet.
    struct Column {
        var key: String
        var label: String
        var kind: FieldKind
        var required: Bool
        var note: String
        /// A dropdown's choices for a field that is not an enumeration (办理结果 in the format's words).
        var choices: [String] = []
    }

    /// A type's sheet: its columns, the tasks and checks it serves, and example rows (department, task).
    struct TypeSheet {
        var type: EvidenceType
        var columns: [Column]
        var serves: [(task: Int, check: String)]
        var examples: [(department: String, task: Int?)]
    }

    /// Labels for the common fields (every type's own fields take their `title` from Rules/types.yaml).
    static let fallbackLabels: [String: String] = [
        "id": "编号", "department": "部门", "tasks": "任务编号", "date": "日期", "title": "标题", "attachments": "附件", "note": "备注",
    ]

    public static func write(to url: URL, plan: Plan, types: TypeRegistry) throws(GongkaiError) {
        let sheets = typeSheets(plan: plan, types: types)
        do {
            try build(url.path, plan: plan, sheets: sheets, types: types)
        } catch {
            throw GongkaiError(Message("无法写入 \(url.path)：\(error.message)", "cannot write \(url.path): \(error.message)"))
        }
    }

    /// Fields each check needs beyond the type's own required ones (a filed designation needs its filing day…).
    static func requiredByChecks(_ check: PlanCheck) -> Set<String> {
        guard case .object(let pairs) = check.parameters else { return [] }
        var out = Set<String>()
        for (k, v) in pairs {
            switch (k, v) {
            case ("require_filed", .bool(true)): out.insert("filed_on")
            case ("min_staff", _): out.insert("staff")
            case ("from_field", .string(let f)), ("to_field", .string(let f)), ("file_field", .string(let f)): if k != "to_field" { out.insert(f) }
            case ("where", .object(let conditions)): for (field, _) in conditions { out.insert(field) }
            default: break
            }
        }
        return out
    }

    static func typeSheets(plan: Plan, types: TypeRegistry) -> [TypeSheet] {
        var order: [String] = []
        var serves: [String: [(Int, String)]] = [:]
        var examples: [String: [(String, Int?)]] = [:]
        var required: [String: Set<String>] = [:]
        var linked: [String: Bool] = [:]
        for task in plan.tasks {
            for check in task.checks {
                let (ids, isLinked) = check.evidenceTypes
                let perDepartment: Bool
                if case .object(let pairs) = check.parameters, pairs.contains(where: { $0.0 == "each_responsible" && $0.1 == .bool(true) }) {
                    perDepartment = true
                } else {
                    perDepartment = false
                }
                for id in ids where types[id] != nil {
                    if serves[id] == nil { order.append(id) }
                    serves[id, default: []].append((task.no, CheckLabels.kindName(check.kind, .zh) + (check.title.map { "：\($0)" } ?? "")))
                    required[id, default: []].formUnion(requiredByChecks(check))
                    linked[id] = (linked[id] ?? false) || isLinked
                    // each_responsible: one example per responsible department, so each sees its own row to copy.
                    let departments = perDepartment && !task.responsible.isEmpty ? task.responsible : [task.owners.first ?? plan.departments.first ?? ""]
                    for d in departments where !(examples[id] ?? []).contains(where: { $0.0 == d && $0.1 == (isLinked ? task.no : nil) }) {
                        if perDepartment || (examples[id] ?? []).isEmpty { examples[id, default: []].append((d, isLinked ? task.no : nil)) }
                    }
                }
            }
        }
        return order.compactMap { id in
            guard let type = types[id] else { return nil }
            return TypeSheet(
                type: type, columns: columns(type, types: types, linked: linked[id] ?? false, required: required[id] ?? [], year: plan.year),
                serves: (serves[id] ?? []).map { (task: $0.0, check: $0.1) },
                examples: (examples[id] ?? []).map { (department: $0.0, task: $0.1) })
        }
    }

    static func label(_ field: String, in type: EvidenceType, titles: [String: String]) -> String {
        type.field(field)?.title ?? fallbackLabels[field] ?? titles[field] ?? field
    }

    /// 办理结果 as the year's statistics format words its rows (国办公开办函〔2019〕60号 or 〔2021〕30号): 大项-子项.
    static func outcomeChoices(year: Int) -> [String] {
        AnnualStatistics.outcomeTree(year: year).flatMap { $0.1.map(\.1) }
    }

    static func columns(_ type: EvidenceType, types: TypeRegistry, linked: Bool, required: Set<String>, year: Int) -> [Column] {
        let titles = CheckLabels.fieldTitles(types)
        var out: [Column] = [Column(key: "id", label: "编号", kind: .string, required: true, note: "本证据目录内唯一的编号，如 \(type.id)-2020-001。")]
        out.append(Column(key: "department", label: "部门", kind: .string, required: true, note: "形成这条记录的部门，从下拉列表选择计划中的部门。"))
        if linked { out.append(Column(key: "tasks", label: "任务编号", kind: .integer, required: true, note: "这条记录证明的任务序号；多个用顿号或逗号分隔，如 3、5。")) }
        if type.dateField == nil { out.append(Column(key: "date", label: "日期", kind: .date, required: true, note: "工作开展或形成记录的日期。")) }
        if type.field("title") == nil { out.append(Column(key: "title", label: "标题", kind: .string, required: false, note: "文件、信息或活动的标题。")) }
        for f in type.fields {
            var note = FillInHint.text(for: f.kind, in: .workbookNote)
            if required.contains(f.name) && !f.required { note += "本计划的检查需要此项。" }
            // The register keeps who applied (the office's own ledger does); gongkai reads it and never writes it out.
            if f.personal { note += "个人信息：只保存在本台账中，gongkai 不会写入任何报告、提示或错误信息。" }
            var column = Column(
                key: f.name, label: label(f.name, in: type, titles: titles), kind: f.kind, required: f.required || required.contains(f.name), note: note)
            if type.id == "disclosure-request", f.name == "outcome" {
                column.choices = outcomeChoices(year: year)
                column.note += "从下拉列表选择\(year >= 2021 ? "2021年版" : "2019年试行版")年度报告统计表的办理结果（大项-子项）。"
            }
            out.append(column)
        }
        out.append(Column(key: "attachments", label: "附件", kind: .string, required: false, note: "附件路径（相对证据目录），多个用分号分隔，如 附件/通知.pdf；附件/照片.jpg。"))
        out.append(Column(key: "note", label: "备注", kind: .text, required: false, note: "其他说明。"))
        // Labels must be unique in a heading row: a repeated one takes its field name.
        var seen = Set<String>()
        for i in out.indices where !seen.insert(out[i].label).inserted { out[i].label += "（\(out[i].key)）" }
        return out
    }

    static func sheetName(_ type: EvidenceType, used: inout Set<String>) -> String {
        var name = String(type.title.zh.filter { !"[]:*?/\\'".contains($0) }.prefix(31))
        if name.isEmpty || used.contains(name) { name = String(type.id.prefix(31)) }
        used.insert(name)
        return name
    }

    static let heading = CellFormat(bold: true, wrap: true, fill: 0x1F4E78, fontColor: 0xFFFFFF, border: true, alignTop: true)
    static let requiredHeading = CellFormat(bold: true, wrap: true, fill: 0xC00000, fontColor: 0xFFFFFF, border: true, alignTop: true)
    static let example = CellFormat(wrap: true, fill: 0xF2F2F2, fontColor: 0x7F7F7F, border: true, alignTop: true)
    static let exampleDate = CellFormat(fill: 0xF2F2F2, fontColor: 0x7F7F7F, border: true, alignTop: true, numberFormat: "yyyy-mm-dd")
    static let dateColumn = CellFormat(numberFormat: "yyyy-mm-dd")

    static func build(_ path: String, plan: Plan, sheets: [TypeSheet], types: TypeRegistry) throws(XlsxError) {
        let wb = try Workbook(path: path)
        try wb.setProperties(
            DocumentProperties(
                title: "\(plan.agency)\(plan.year)年政务公开证据台账", subject: plan.title, author: plan.agency, company: plan.agency,
                created: Date(timeIntervalSince1970: TimeInterval(Day.firstOf(year: plan.year).ordinal) * 86400)))
        let guide = try wb.addWorksheet("填写说明")
        var used: Set<String> = ["填写说明", listSheet]
        let names = sheets.map { sheetName($0.type, used: &used) }
        // The list sheet is added last but its ranges are known now: one column per list.
        var lists: [[String]] = [plan.departments, ["是", "否"]]
        var listColumn: [String: Int] = [:]
        for s in sheets {
            for c in s.columns {
                var values = c.choices
                if case .enumeration(let v) = c.kind { values = v }
                if !values.isEmpty, listColumn[values.joined(separator: "\u{1}")] == nil {
                    listColumn[values.joined(separator: "\u{1}")] = lists.count
                    lists.append(values)
                }
            }
        }
        func range(_ column: Int) -> String {
            let letter = SourceLocation.columnName(column + 1)
            return "='\(Self.listSheet)'!$\(letter)$2:$\(letter)$\(max(2, lists[column].count + 1))"
        }
        try writeGuide(guide, plan: plan, sheets: sheets, names: names)
        for (s, name) in zip(sheets, names) {
            let ws = try wb.addWorksheet(name)
            let all =
                [
                    Column(
                        key: exampleColumn, label: exampleColumn, kind: .string, required: false,
                        note: "示例行在此列写“示例”，gongkai 读取时跳过；填写真实记录时此列留空（可删除示例行）。")
                ] + s.columns
            var widths: [Double] = []
            for (i, c) in all.enumerated() {
                let w = TextMetrics.columnWidth([c.label + (c.required ? "（必填）" : "")], min: c.kind == .date ? 12 : 10, max: 40)
                let width = c.kind == .text ? max(w, 30) : (c.key == "title" || c.key == "attachments" ? max(w, 24) : w)
                widths.append(width)
                try ws.setColumn(i, i, width: width, c.kind == .date ? dateColumn : nil)
            }
            let headings = all.map { XlsxCell($0.label + ($0.required ? "（必填）" : ""), $0.required ? requiredHeading : heading) }
            try ws.writeRow(0, headings, columnWidths: widths)
            for (i, c) in all.enumerated() {
                try ws.writeComment(0, i, "\(c.label)：\(c.note)\(c.required ? "必填。" : "选填。")", author: "gongkai")
            }
            for (n, ex) in s.examples.enumerated() {
                let cells = [XlsxCell(exampleMarker, example)] + s.columns.map { c in exampleCell(c, s.type, ex, plan: plan, n: n) }
                try ws.writeRow(1 + n, cells, columnWidths: widths)
            }
            let last = 1000
            for (i, c) in all.enumerated() {
                if c.key == "department" {
                    try ws.dropdown(1, i, last, source: range(0), title: "部门", message: "从计划的部门中选择")
                } else if case .enumeration(let values) = c.kind, let col = listColumn[values.joined(separator: "\u{1}")] {
                    try ws.dropdown(1, i, last, source: range(col), title: c.label, message: "从列表中选择")
                } else if !c.choices.isEmpty, let col = listColumn[c.choices.joined(separator: "\u{1}")] {
                    try ws.dropdown(1, i, last, source: range(col), title: c.label, message: "从列表中选择")
                } else if c.kind == .boolean {
                    try ws.dropdown(1, i, last, source: range(1), title: c.label, message: "是 或 否")
                }
            }
            ws.freezePanes(row: 1, col: 0)
            try ws.setPageSetup(
                PageSetup(
                    landscape: true, repeatRows: 0...0, header: "&L\(PageSetup.escaped(plan.agency))&C&A",
                    footer: "&C第 &P 页 共 &N 页"))
        }
        let listWs = try wb.addWorksheet(Self.listSheet)
        let listHeads = ["部门", "是否"] + lists.dropFirst(2).map { _ in "选项" }
        for (col, values) in lists.enumerated() {
            try listWs.write(0, col, listHeads[col], CellFormat(bold: true))
            for (r, v) in values.enumerated() { try listWs.write(r + 1, col, v) }
        }
        listWs.hide()
        guide.activate()
        try wb.close()
    }

    static func exampleCell(_ c: Column, _ type: EvidenceType, _ ex: (department: String, task: Int?), plan: Plan, n: Int) -> XlsxCell {
        if let first = c.choices.first { return XlsxCell(first, example) }
        switch c.key {
        case "id": return XlsxCell("\(type.id)-\(plan.year)-\(String(format: "%03d", n + 1))", example)
        case "department": return XlsxCell(ex.department, example)
        case "tasks": return ex.task.map { XlsxCell($0, example) } ?? XlsxCell("", example)
        case "attachments": return XlsxCell("附件/示例.pdf", example)
        case "note": return XlsxCell("示例行，请替换或删除", example)
        // A year is the plan's (an annual report's 报告年度), not the 1 of any other count.
        case "year": return XlsxCell(plan.year, example)
        default: break
        }
        switch c.kind {
        case .date:
            let day = Day.firstOf(year: plan.year, month: min(12, 3 + n))
            return XlsxCell(number: Double(day.ordinal + 25569), exampleDate)  // Excel's serial day (1900 system)
        case .integer, .number: return XlsxCell(1, example)
        case .boolean: return XlsxCell("否", example)
        case .enumeration(let values): return XlsxCell(values.first ?? "", example)
        case .path: return XlsxCell("附件/示例.pdf", example)
        default: return XlsxCell("（示例）\(c.label)", example)
        }
    }

    static func writeGuide(_ ws: Worksheet, plan: Plan, sheets: [TypeSheet], names: [String]) throws(XlsxError) {
        let widths: [Double] = [22, 34, 30, 44]
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        let title = "\(plan.agency)\(plan.year)年政务公开证据台账：填写说明"
        try ws.setRow(0, height: 24)
        try ws.mergeRange(0, 0, 0, 3, title, CellFormat(bold: true, fontSize: 14))
        let wrap = CellFormat(wrap: true, border: true, alignTop: true)
        var row = 2
        try ws.writeRow(row, ["工作表", "用途", "服务的任务", "必填列"].map { XlsxCell($0, heading) }, columnWidths: widths)
        for (s, name) in zip(sheets, names) {
            row += 1
            let tasks = s.serves.map { "任务\($0.task)（\($0.check)）" }
            var seen = Set<String>()
            let unique = tasks.filter { seen.insert($0).inserted }
            try ws.writeRow(
                row,
                [
                    XlsxCell(name, wrap), XlsxCell("记录\(s.type.title.zh)，每行一条。", wrap), XlsxCell(unique.joined(separator: "\n"), wrap),
                    XlsxCell(s.columns.filter(\.required).map(\.label).joined(separator: "、"), wrap),
                ], columnWidths: widths)
        }
        row += 2
        let conventions = [
            ("示例行", "第一列写“示例”的行是示例，gongkai 读取时跳过。填写真实记录时第一列留空，示例行可删除。"),
            ("日期", "日期列已设为日期格式，输入 2020-01-06、2020/1/6 或 2020年1月6日 均可。"),
            ("部门", "从下拉列表选择《\(plan.title)》中的部门：\(plan.departments.joined(separator: "、"))。"),
            ("编号", "每条记录的编号在整个证据目录内唯一，建议“类型-年度-序号”，如 publication-\(plan.year)-001。"),
            ("任务编号", "写记录证明的任务序号（计划中的序号），多个用顿号分隔。"),
            ("附件", "附件放在证据目录内，此处写相对路径，多个用分号分隔。"),
            ("必填", "红色表头为必填列；把鼠标停在表头上可看到每列的说明。"),
            ("个人信息", "申请人姓名、电话、身份证号等个人信息不必填写；gongkai 不会把它们写入任何报告。"),
        ]
        try ws.writeRow(row, ["约定", "说明"].map { XlsxCell($0, heading) }, columnWidths: widths)
        try ws.mergeRange(row, 1, row, 3, "说明", heading)
        for (k, v) in conventions {
            row += 1
            let lines = TextMetrics.lines(v, columnWidth: widths[1...].reduce(0, +))
            if lines > 1 { try ws.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
            try ws.write(row, 0, k, wrap)
            try ws.mergeRange(row, 1, row, 3, v, wrap)
        }
        ws.freezePanes(row: 3, col: 0)
        try ws.setPageSetup(PageSetup(landscape: false, repeatRows: 2...2, header: "&L\(PageSetup.escaped(plan.agency))&C填写说明", footer: "&C第 &P 页 共 &N 页"))
    }
}
