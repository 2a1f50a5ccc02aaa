import Foundation
import XlsxWriter

/// The compliance workbook: overview, tasks, checks, evidence, departments × tasks. Written to a temporary
/// name and renamed; with a fixed creation day the same input gives the same bytes.
public struct WorkbookReport: Sendable {
    public var created: Day?
    /// Extra sheets (the annual report's statistics…) appended after the standard five.
    public var extraSheets: [any WorkbookSheet] = []
    /// When set, every cell written is also listed here (the benchmark's C floor writes the same cells).
    public var cellDump: URL?

    public init(created: Day? = nil) { self.created = created }

    /// The compliance workbook for an evaluation: with the annual statistics when the evidence has a request ledger.
    public static func standard(for e: Evaluation, created: Day?) -> WorkbookReport {
        var report = WorkbookReport(created: created)
        if !e.evidence.records(ofType: "disclosure-request").isEmpty {
            report.extraSheets.append(AnnualStatistics.compute(e, year: e.plan.year))
        }
        return report
    }

    static let fills: [Status: UInt32] = [.pass: 0xC6EFCE, .fail: 0xFFC7CE, .pending: 0xFFEB9C, .error: 0xC00000, .waived: 0xD9D9D9, .notApplicable: 0xF2F2F2]

    public static func statusFormat(_ s: Status) -> CellFormat {
        CellFormat(bold: true, fill: fills[s], fontColor: s == .error ? 0xFFFFFF : nil, border: true, alignTop: true, center: false)
    }
    public static let header = CellFormat(bold: true, wrap: true, fill: 0x1F4E78, fontColor: 0xFFFFFF, border: true, alignTop: true)
    public static let cell = CellFormat(wrap: true, border: true, alignTop: true)
    public static let plainCell = CellFormat(border: true, alignTop: true)
    public static let title = CellFormat(bold: true, fontSize: 14)
    static let link = CellFormat(fontColor: 0x0563C1, border: true, alignTop: true, underline: true)

    public struct SheetNames: Sendable {
        public var overview, tasks, checks, evidence, matrix: String
        static func `for`(_ lang: Lang) -> SheetNames {
            lang == .zh ? SheetNames(overview: "概览", tasks: "任务", checks: "检查", evidence: "证据", matrix: "部门矩阵")
                        : SheetNames(overview: "Overview", tasks: "Tasks", checks: "Checks", evidence: "Evidence", matrix: "Departments")
        }
    }

    public func write(_ e: Evaluation, lang: Lang, to target: URL) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                try build(e, lang: lang, path: tmp.path, workbookDirectory: target.deletingLastPathComponent())
            } catch {
                let message = (error as? XlsxError)?.message ?? "\(error)"
                throw GongkaiError(Text("无法写入工作簿 \(target.path)：\(message)", "cannot write workbook \(target.path): \(message)"))
            }
        }
    }

    func build(_ e: Evaluation, lang: Lang, path: String, workbookDirectory: URL) throws(XlsxError) {
        let wb = try Workbook(path: path, constantMemory: e.evidence.records.count > 5000)
        wb.textFilter = Redaction.mask
        let zh = lang == .zh
        let createdDate = created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }
        try wb.setProperties(DocumentProperties(
            title: zh ? "\(e.plan.title)落实情况自查" : "\(e.plan.title): self-check",
            subject: zh ? "政务公开工作要点落实情况（截至 \(e.asOf)）" : "Disclosure work plan compliance as of \(e.asOf)",
            author: e.agency, company: e.agency, created: createdDate))
        if cellDump != nil { wb.recorder = CellRecorder() }
        let names = SheetNames.for(lang)
        try overview(wb, e, lang, names)
        try tasks(wb, e, lang, names)
        try checks(wb, e, lang, names)
        try evidence(wb, e, lang, names, workbookDirectory: workbookDirectory)
        try matrix(wb, e, lang, names)
        for extra in extraSheets { try extra.addSheet(to: wb, lang: lang) }
        if let dump = cellDump, let lines = wb.recorder?.lines {
            try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dump)
        }
        try wb.close()
    }

    func overview(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let ws = try wb.addWorksheet(names.overview)
        let zh = lang == .zh
        try ws.setColumn(0, 0, width: 22)
        try ws.setColumn(1, 4, width: 16)
        try ws.write(0, 0, zh ? "\(e.plan.title)落实情况自查" : "\(e.plan.title): self-check", Self.title)
        let generated = created.map { "\($0)" } ?? e.provenance.generatedAt
        let facts: [(String, String)] = [
            (zh ? "单位" : "Agency", e.agency),
            (zh ? "计划" : "Plan", "\(e.plan.id)（\(e.plan.file)）"),
            (zh ? "截至日期" : "As of", e.asOf.description),
            (zh ? "生成时间" : "Generated", generated),
            (zh ? "结论" : "Result", e.isCompliant() ? (zh ? "符合" : "compliant") : (zh ? "不符合" : "not compliant")),
            (zh ? "证据记录" : "Evidence records", "\(e.evidence.records.count)"),
            (zh ? "输入错误" : "Input errors", "\(e.errors.count)"),
        ]
        var row = 2
        for (k, v) in facts {
            try ws.write(row, 0, k, CellFormat(bold: true))
            try ws.write(row, 1, v)
            row += 1
        }
        row += 1
        try ws.write(row, 0, zh ? "状态" : "Status", Self.header)
        try ws.write(row, 1, zh ? "任务数" : "Tasks", Self.header)
        let countsStart = row + 1
        for s in Status.allCases {
            row += 1
            try ws.write(row, 0, s.text(lang), Self.statusFormat(s))
            try ws.write(row, 1, e.summary[s] ?? 0, Self.plainCell)
        }
        let countsEnd = row
        row += 1
        try ws.write(row, 0, zh ? "合计" : "Total", CellFormat(bold: true, border: true))
        try ws.write(row, 1, e.tasks.count, CellFormat(bold: true, border: true))
        row += 2
        let deptHeader = zh ? ["部门", "牵头或负责的任务", "未通过或错误", "待办", "参与（配合）任务"] : ["Department", "Tasks owned", "Failing or error", "Pending", "Cooperating"]
        for (i, h) in deptHeader.enumerated() { try ws.write(row, i, h, Self.header) }
        for d in e.departmentSummary() {
            row += 1
            try ws.write(row, 0, d.department, Self.plainCell)
            try ws.write(row, 1, d.owned, Self.plainCell)
            try ws.write(row, 2, d.failing, d.failing > 0 ? Self.statusFormat(.fail) : Self.plainCell)
            try ws.write(row, 3, d.pending, d.pending > 0 ? Self.statusFormat(.pending) : Self.plainCell)
            try ws.write(row, 4, d.cooperating, Self.plainCell)
        }
        let chart = try wb.addChart(.pie)
        chart.setTitle(zh ? "任务状态" : "Task status")
        let sheet = "'\(names.overview)'"
        try chart.addSeries(categories: "=\(sheet)!$A$\(countsStart + 1):$A$\(countsEnd + 1)", values: "=\(sheet)!$B$\(countsStart + 1):$B$\(countsEnd + 1)",
                            pointColors: Status.allCases.map { Self.fills[$0]! })
        try ws.insertChart(2, 6, chart)
        ws.activate()
    }

    func tasks(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let zh = lang == .zh
        let headers = zh ? ["部分", "项目", "序号", "具体要求", "牵头", "负责", "配合", "状态", "原因", "证据"]
                         : ["Section", "Item", "No.", "Requirement", "Lead", "Responsible", "Cooperating", "Status", "Reasons", "Evidence"]
        let ws = try startTable(wb, names.tasks, headers: headers, widths: [24, 24, 6, 60, 12, 18, 24, 10, 60, 24])
        var row = 0
        for t in e.tasks {
            row += 1
            let reasons = t.checks.filter { $0.status != .pass && $0.status != .notApplicable }.map { "[\($0.check.id)] \($0.outcome.message(lang))" }
            let values = [t.task.sectionNo + "、" + t.task.sectionTitle, "（\(t.task.itemNo)）" + t.task.itemTitle]
            try ws.write(row, 0, values[0], Self.cell)
            try ws.write(row, 1, values[1], Self.cell)
            try ws.write(row, 2, t.task.no, Self.plainCell)
            try ws.write(row, 3, t.task.requirement, Self.cell)
            try ws.write(row, 4, t.task.lead.joined(separator: "、"), Self.cell)
            try ws.write(row, 5, t.task.responsible.joined(separator: "、"), Self.cell)
            try ws.write(row, 6, t.task.cooperating.joined(separator: "、"), Self.cell)
            try ws.write(row, 7, t.status.text(lang), Self.statusFormat(t.status))
            try ws.write(row, 8, reasons.isEmpty ? (t.checks.first?.outcome.message(lang) ?? "") : reasons.joined(separator: "\n"), Self.cell)
            try ws.write(row, 9, t.evidence.prefix(50).joined(separator: ", ") + (t.evidence.count > 50 ? " …" : ""), Self.cell)
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    /// A table sheet: column widths and a header row.
    func startTable(_ wb: Workbook, _ name: String, headers: [String], widths: [Double]) throws(XlsxError) -> Worksheet {
        let ws = try wb.addWorksheet(name)
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        for (i, h) in headers.enumerated() { try ws.write(0, i, h, Self.header) }
        return ws
    }

    /// Frozen header, autofilter over the table, and print set-up with the agency and page numbers.
    func finishTable(_ ws: Worksheet, _ e: Evaluation, _ lang: Lang, lastRow: Int, lastCol: Int, frozenCols: Int = 0) throws(XlsxError) {
        ws.freezePanes(row: 1, col: frozenCols)
        try ws.autofilter(firstRow: 0, firstCol: 0, lastRow: max(lastRow, 1), lastCol: lastCol)
        try ws.setUpPrinting(repeatRows: 0...0, header: headerText(e), footer: lang == .zh ? "&C第 &P 页，共 &N 页" : "&CPage &P of &N")
    }

    func headerText(_ e: Evaluation) -> String {
        var text = "&L\(e.agency)&R\(e.plan.title)"
        while text.utf8.count > 250 { text.removeLast() }
        return text.replacingOccurrences(of: "&&", with: "&")
    }

    func checks(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let zh = lang == .zh
        let headers = zh ? ["任务", "检查", "类型", "参数", "状态", "期限", "说明", "发现", "证据"]
                         : ["Task", "Check", "Kind", "Parameters", "Status", "Due", "Message", "Findings", "Evidence"]
        let ws = try startTable(wb, names.checks, headers: headers, widths: [6, 22, 14, 36, 10, 12, 50, 60, 24])
        var row = 0
        for t in e.tasks {
            for c in t.checks {
                row += 1
                try ws.write(row, 0, t.task.no, Self.plainCell)
                try ws.write(row, 1, "task-\(t.task.no)/\(c.check.id)", Self.plainCell)
                try ws.write(row, 2, c.check.kind, Self.plainCell)
                try ws.write(row, 3, c.check.parameters.compact, Self.cell)
                try ws.write(row, 4, c.status.text(lang), Self.statusFormat(c.status))
                try ws.write(row, 5, c.outcome.due?.description ?? "", Self.plainCell)
                try ws.write(row, 6, c.outcome.message(lang), Self.cell)
                let findings = e.findingLines(c, lang)
                try ws.write(row, 7, findings.prefix(100).joined(separator: "\n") + (findings.count > 100 ? "\n…" : ""), Self.cell)
                try ws.write(row, 8, c.outcome.evidence.prefix(50).joined(separator: ", ") + (c.outcome.evidence.count > 50 ? " …" : ""), Self.cell)
            }
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    func evidence(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames, workbookDirectory: URL) throws(XlsxError) {
        let zh = lang == .zh
        let headers = zh ? ["编号", "类型", "日期", "部门", "任务", "位置", "标题", "附件", "SHA-256"]
                         : ["Id", "Type", "Date", "Department", "Tasks", "File:line", "Title", "Attachment", "SHA-256"]
        let ws = try startTable(wb, names.evidence, headers: headers, widths: [24, 20, 12, 10, 10, 30, 40, 36, 66])
        let base = Self.relativePath(from: workbookDirectory, to: e.evidence.root)
        // The largest sheet: formats resolved once, not per cell.
        let plain = wb.resolve(Self.plainCell)
        var row = 0
        var links = 0
        for r in e.evidence.records {
            row += 1
            try ws.write(row, 0, r.id, plain)
            try ws.write(row, 1, r.type, plain)
            try ws.write(row, 2, r.date?.description ?? "", plain)
            try ws.write(row, 3, r.department ?? "", plain)
            try ws.write(row, 4, r.tasks.count == 1 ? String(r.tasks[0]) : r.tasks.map(String.init).joined(separator: ","), plain)
            try ws.write(row, 5, r.location.line.map { "\(r.location.file):\($0)" } ?? r.location.file, plain)
            try ws.write(row, 6, Redaction.publicTitle(r, types: e.types), plain)
            if let a = r.attachments.first {
                // Excel allows 65,530 links a sheet; past that the path is plain text.
                if links < 65000, let target = base.map({ $0.isEmpty ? a.path : "\($0)/\(a.path)" }) {
                    links += 1
                    try ws.writeLink(row, 7, url: "external:" + target, text: r.attachments.map(\.path).joined(separator: "; "), Self.link)
                } else {
                    try ws.write(row, 7, r.attachments.map(\.path).joined(separator: "; "), plain)
                }
                try ws.write(row, 8, r.attachments.compactMap(\.sha256).joined(separator: "; "), plain)
            } else {
                try ws.writeBlank(row, 7, plain)
                try ws.writeBlank(row, 8, plain)
            }
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    func matrix(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let ws = try wb.addWorksheet(names.matrix)
        let zh = lang == .zh
        try ws.setColumn(0, 0, width: 8)
        try ws.setColumn(1, 1, width: 10)
        try ws.setColumn(2, 2 + e.plan.departments.count, width: 9)
        try ws.write(0, 0, zh ? "任务" : "Task", Self.header)
        try ws.write(0, 1, zh ? "状态" : "Status", Self.header)
        for (i, d) in e.plan.departments.enumerated() { try ws.write(0, 2 + i, d, Self.header) }
        var row = 0
        for t in e.tasks {
            row += 1
            try ws.write(row, 0, t.task.no, Self.plainCell)
            try ws.write(row, 1, t.status.text(lang), Self.statusFormat(t.status))
            for (i, d) in e.plan.departments.enumerated() {
                if let role = t.task.role(of: d) {
                    try ws.write(row, 2 + i, role.text(lang), CellFormat(fill: Self.fills[t.status], fontColor: t.status == .error ? 0xFFFFFF : nil, border: true, center: true))
                } else {
                    try ws.writeBlank(row, 2 + i, Self.plainCell)
                }
            }
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: 1 + e.plan.departments.count, frozenCols: 2)
    }

    /// `to` relative to `from` (both folders), or nil when they share no root.
    static func relativePath(from: URL, to: URL) -> String? {
        let a = from.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let b = to.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        guard i > 0 else { return nil }
        return (Array(repeating: "..", count: a.count - i) + b[i...]).joined(separator: "/")
    }
}

/// A sheet another report adds to the compliance workbook.
public protocol WorkbookSheet: Sendable {
    func addSheet(to wb: Workbook, lang: Lang) throws(XlsxError)
}
