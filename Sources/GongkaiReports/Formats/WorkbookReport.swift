import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import XlsxWriter

/// The compliance workbook: overview, tasks, checks, evidence, departments × tasks. Written to a temporary
/// name and renamed; with a fixed creation day the same input gives the same bytes.
public struct WorkbookReport: Sendable {
    public var created: Day?
    /// Extra sheets (the annual report's statistics…) appended after the standard five.
    public var extraSheets: [any WorkbookSheet] = []
    /// With a cell dump, every cell written is also listed there (the benchmark's C floor writes the same cells).
    public var diagnostics: Diagnostics?

    public init(created: Day? = nil) { self.created = created }

    /// The compliance workbook for an evaluation: with the annual statistics when the evidence has a request ledger.
    public static func standard(for e: Evaluation, created: Day?) -> WorkbookReport {
        var report = WorkbookReport(created: created)
        if !e.evidence.records(ofType: "disclosure-request").isEmpty {
            report.extraSheets.append(AnnualStatistics.compute(e, year: e.plan.year))
        }
        return report
    }

    // The shared formats (WorkbookStyle), under the short names the sheets below use.
    static let fills = WorkbookStyle.fills
    static func statusFormat(_ s: Status) -> CellFormat { WorkbookStyle.status(s) }
    static let header = WorkbookStyle.header
    static let cell = WorkbookStyle.cell
    static let plainCell = WorkbookStyle.plainCell
    static let link = WorkbookStyle.link

    public struct SheetNames: Sendable {
        public var overview, tasks, checks, evidence, matrix: String
        static func `for`(_ lang: Lang) -> SheetNames {
            lang == .zh
                ? SheetNames(overview: "概览", tasks: "任务", checks: "检查", evidence: "证据", matrix: "部门矩阵")
                : SheetNames(overview: "Overview", tasks: "Tasks", checks: "Checks", evidence: "Evidence", matrix: "Departments")
        }
    }

    public func write(_ e: Evaluation, lang: Lang, to target: URL) throws(GongkaiError) {
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                try build(e, lang: lang, path: tmp.path, workbookDirectory: target.deletingLastPathComponent())
            } catch {
                let message = (error as? XlsxError)?.message ?? "\(error)"
                throw GongkaiError(Message("无法写入工作簿 \(target.path)：\(message)", "cannot write workbook \(target.path): \(message)"))
            }
        }
    }

    func build(_ e: Evaluation, lang: Lang, path: String, workbookDirectory: URL) throws(XlsxError) {
        let wb = try Workbook(path: path, constantMemory: e.evidence.records.count > 5000)
        wb.textFilter = Redaction.mask
        let zh = lang == .zh
        let createdDate = created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }
        try wb.setProperties(
            DocumentProperties(
                title: zh ? "\(e.plan.title)落实情况自查" : "\(e.plan.title): self-check",
                subject: zh ? "政务公开工作要点落实情况（截至 \(e.asOf)）" : "Disclosure work plan compliance as of \(e.asOf)",
                author: e.agency, company: e.agency, created: createdDate))
        if diagnostics?.cellDump != nil { wb.recorder = CellRecorder() }
        let names = SheetNames.for(lang)
        try overview(wb, e, lang, names)
        try tasks(wb, e, lang, names)
        try checks(wb, e, lang, names)
        try evidence(wb, e, lang, names, workbookDirectory: workbookDirectory)
        try matrix(wb, e, lang, names)
        for extra in extraSheets { try extra.addSheet(to: wb, lang: lang) }
        if let dump = diagnostics?.cellDump, let lines = wb.recorder?.lines {
            try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dump)
        }
        try wb.close()
    }

    /// The generation time in the folder's zone, the Chinese way (2021年2月5日 10:00); a fixed `created` day shows the day only.
    func generatedText(_ e: Evaluation, _ lang: Lang) -> String {
        if let created { return lang == .zh ? "\(created.year)年\(created.month)月\(created.day)日" : created.description }
        let zone = (try? FolderConfig.load(root: e.evidence.root))?.timeZone ?? TimeZone(identifier: "Asia/Shanghai") ?? .current
        guard let date = ISO8601DateFormatter().date(from: e.provenance.generatedAt) else { return e.provenance.generatedAt }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        return lang == .zh
            ? "\(c.year ?? 0)年\(c.month ?? 0)月\(c.day ?? 0)日 \(time)"
            : String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + time + " (\(zone.identifier))"
    }

    /// Every sheet's page: A4, the agency, plan and as-of day at the top, the sheet and "第 N 页 共 M 页" at the bottom.
    static func page(_ e: Evaluation, _ lang: Lang, landscape: Bool, fitTall: Int = 0, repeatRows: ClosedRange<Int>? = 0...0, scale: Int? = nil) -> PageSetup {
        let asOf = lang == .zh ? "截至 \(e.asOf.year)年\(e.asOf.month)月\(e.asOf.day)日" : "as of \(e.asOf)"
        let header = "&L\(PageSetup.escaped(e.agency))&C\(PageSetup.escaped(e.plan.title))&R\(asOf)"
        let footer = lang == .zh ? "&L&A&C第 &P 页 共 &N 页" : "&L&A&CPage &P of &N"
        var p = PageSetup(landscape: landscape, fitWide: 1, fitTall: fitTall, repeatRows: repeatRows, header: header, footer: footer)
        p.scale = scale
        return p
    }

    func overview(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let ws = try wb.addWorksheet(names.overview)
        ws.setDefaultRowHeight()
        let zh = lang == .zh
        let widths: [Double] = [16, 14, 14, 12, 14]
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        let valueWidth = widths[1...].reduce(0, +)
        let title = zh ? "\(e.plan.title)落实情况自查" : "\(e.plan.title): self-check"
        try ws.setRow(0, height: TextMetrics.rowHeight(lines: TextMetrics.lines(title, columnWidth: valueWidth + widths[0]), lineHeight: 20))
        try ws.mergeRange(0, 0, 0, 4, title, CellFormat(bold: true, wrap: true, fontSize: 14, alignTop: true))
        let facts: [(String, String?, Int?)] = [
            (zh ? "单位" : "Agency", e.agency, nil),
            (zh ? "计划" : "Plan", "\(e.plan.title)（\(e.plan.id)，\(e.plan.file)）", nil),
            (zh ? "截至日期" : "As of", zh ? "\(e.asOf.year)年\(e.asOf.month)月\(e.asOf.day)日" : e.asOf.description, nil),
            (zh ? "生成时间" : "Generated", generatedText(e, lang), nil),
            (zh ? "结论" : "Result", e.verdict(lang), nil),
            (zh ? "证据记录" : "Evidence records", nil, e.evidence.records.count),
            (zh ? "输入错误" : "Input errors", nil, e.errors.count),
        ]
        var row = 2
        let label = CellFormat(bold: true, border: true, alignTop: true)
        for (k, text, number) in facts {
            try ws.write(row, 0, k, label)
            if let number {
                try ws.write(row, 1, number, CellFormat(border: true, alignTop: true, numberFormat: "0"))
            } else if let text {
                let lines = TextMetrics.lines(text, columnWidth: valueWidth)
                if lines > 1 { try ws.setRow(row, height: TextMetrics.rowHeight(lines: lines)) }
                try ws.mergeRange(row, 1, row, 4, text, Self.cell)
            }
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
        try ws.writeRow(row, deptHeader.map { XlsxCell($0, Self.header) }, columnWidths: widths)
        for d in e.departmentSummary() {
            row += 1
            try ws.writeRow(
                row,
                [
                    XlsxCell(d.department, Self.cell), XlsxCell(d.owned, Self.plainCell),
                    XlsxCell(d.failing, d.failing > 0 ? Self.statusFormat(.fail) : Self.plainCell),
                    XlsxCell(d.pending, d.pending > 0 ? Self.statusFormat(.pending) : Self.plainCell), XlsxCell(d.cooperating, Self.plainCell),
                ],
                columnWidths: widths)
        }
        // The chart sits under the tables, inside the printed columns, so the sheet prints on one page.
        let chart = try wb.addChart(.pie)
        chart.setTitle(zh ? "任务状态" : "Task status")
        let sheet = "'\(names.overview)'"
        try chart.addSeries(
            categories: "=\(sheet)!$A$\(countsStart + 1):$A$\(countsEnd + 1)", values: "=\(sheet)!$B$\(countsStart + 1):$B$\(countsEnd + 1)",
            pointColors: Status.allCases.map { Self.fills[$0] ?? 0xFFFFFF })
        row += 2
        try ws.insertChart(row, 0, chart, width: 480, height: 260)
        let chartRows = 14
        try ws.setPrintArea(0, 0, row + chartRows, 4)
        try ws.setPageSetup(Self.page(e, lang, landscape: false, fitTall: 1, repeatRows: nil))
        ws.activate()
    }

    func tasks(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let zh = lang == .zh
        let headers =
            zh
            ? ["部分", "项目", "序号", "具体要求", "牵头", "负责", "配合", "状态", "原因", "证据"]
            : ["Section", "Item", "No.", "Requirement", "Lead", "Responsible", "Cooperating", "Status", "Reasons", "Evidence"]
        let widths: [Double] = [16, 18, 6, 46, 10, 12, 14, 9, 46, 22]
        let ws = try startTable(wb, names.tasks, headers: headers, widths: widths)
        let wrapTop = CellFormat(wrap: true, border: true, alignTop: true)
        var row = 0
        for t in e.tasks {
            row += 1
            let reasons = t.checks.filter { $0.status != .pass && $0.status != .notApplicable }
                .map { "［\(CheckLabels.kindName($0.check.kind, lang))］\($0.outcome.message(lang))" }
            let evidence = Self.fitting(t.evidence, width: widths[9], lang)
            var status = Self.statusFormat(t.status)
            status.wrap = true
            try ws.writeRow(
                row,
                [
                    XlsxCell(t.task.sectionNo == StatutoryBaseline.sectionNo ? t.task.sectionTitle : t.task.sectionNo + "、" + t.task.sectionTitle, wrapTop),
                    XlsxCell((t.task.itemNo.isEmpty ? "" : "（\(t.task.itemNo)）") + t.task.itemTitle, wrapTop),
                    XlsxCell(t.task.no, Self.plainCell), XlsxCell(t.task.requirement, wrapTop), XlsxCell(t.task.lead.joined(separator: "、"), wrapTop),
                    XlsxCell(t.task.responsible.joined(separator: "、"), wrapTop), XlsxCell(t.task.cooperating.joined(separator: "、"), wrapTop),
                    XlsxCell(t.status.text(lang), status),
                    XlsxCell(reasons.isEmpty ? (t.checks.first?.outcome.message(lang) ?? "") : Self.fitting(reasons, width: widths[8], lang), wrapTop),
                    XlsxCell(evidence, wrapTop),
                ], columnWidths: widths)
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    /// A list, one item a line, cut to what the highest row shows; the rest are counted (and listed on their own sheets).
    static func fitting(_ items: [String], width: Double, _ lang: Lang) -> String {
        TextMetrics.fitting(items, columnWidth: width) { lang == .zh ? "……另有 \($0) 项" : "… \($0) more" }
    }

    /// A table sheet: column widths and a header row as high as its wrapped headings need.
    func startTable(_ wb: Workbook, _ name: String, headers: [String], widths: [Double]) throws(XlsxError) -> Worksheet {
        let ws = try wb.addWorksheet(name)
        ws.setDefaultRowHeight()
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        try ws.writeRow(0, headers.map { XlsxCell($0, Self.header) }, columnWidths: widths)
        return ws
    }

    /// Frozen header, autofilter over the table, and print set-up with the agency and page numbers.
    func finishTable(_ ws: Worksheet, _ e: Evaluation, _ lang: Lang, lastRow: Int, lastCol: Int, frozenCols: Int = 0) throws(XlsxError) {
        ws.freezePanes(row: 1, col: frozenCols)
        try ws.autofilter(firstRow: 0, firstCol: 0, lastRow: max(lastRow, 1), lastCol: lastCol)
        try ws.setPageSetup(Self.page(e, lang, landscape: true))
    }

    func checks(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let zh = lang == .zh
        let headers =
            zh
            ? ["任务", "检查", "要求", "状态", "期限", "说明", "发现", "证据", "检查编号"]
            : ["Task", "Check", "Requirement", "Status", "Due", "Message", "Findings", "Evidence", "Check id"]
        let widths: [Double] = [6, 12, 28, 9, 11, 34, 46, 20, 14]
        let ws = try startTable(wb, names.checks, headers: headers, widths: widths)
        let wrapTop = CellFormat(wrap: true, border: true, alignTop: true)
        var row = 0
        for t in e.tasks {
            for c in t.checks {
                row += 1
                let findings = e.findingLines(c, lang)
                var kind = CheckLabels.kindName(c.check.kind, lang)
                if let title = c.check.title { kind += zh ? "：\(title)" : ": \(title)" }
                var status = Self.statusFormat(c.status)
                status.wrap = true
                try ws.writeRow(
                    row,
                    [
                        XlsxCell(t.task.no, Self.plainCell), XlsxCell(kind, wrapTop),
                        XlsxCell(CheckLabels.parameters(c.check, types: e.types, lang: lang), wrapTop),
                        XlsxCell(c.status.text(lang), status), XlsxCell(c.outcome.due?.description ?? "", Self.plainCell),
                        XlsxCell(c.outcome.message(lang), wrapTop),
                        XlsxCell(Self.fitting(findings, width: widths[6], lang), wrapTop),
                        XlsxCell(Self.fitting(c.outcome.evidence, width: widths[7], lang), wrapTop),
                        XlsxCell(c.check.stableName(task: t.task.no), wrapTop),
                    ], columnWidths: widths)
            }
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    func evidence(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames, workbookDirectory: URL) throws(XlsxError) {
        let zh = lang == .zh
        let headers =
            zh
            ? ["编号", "类型", "日期", "部门", "任务", "位置", "标题", "附件", "SHA-256"]
            : ["Id", "Type", "Date", "Department", "Tasks", "File:line", "Title", "Attachment", "SHA-256"]
        // Widths from the content (one pass; capped, so long titles wrap), and links wide enough for their text:
        // LibreOffice does not wrap a hyperlink's text.
        var widest = [Int](repeating: 0, count: 9)
        for r in e.evidence.records {
            widest[0] = max(widest[0], TextMetrics.displayWidth(r.id))
            widest[3] = max(widest[3], TextMetrics.displayWidth(r.department ?? ""))
            widest[5] = max(widest[5], TextMetrics.displayWidth(r.location.file) + 6)
            widest[6] = max(widest[6], TextMetrics.displayWidth(r.title ?? r.label))
            for a in r.attachments { widest[7] = max(widest[7], TextMetrics.displayWidth(a.path)) }
        }
        func fit(_ i: Int, _ lower: Double, _ upper: Double) -> Double { min(upper, max(lower, Double(widest[i]) + 2)) }
        let widths: [Double] = [fit(0, 10, 24), 14, 11, fit(3, 8, 12), 8, fit(5, 14, 36), fit(6, 20, 40), fit(7, 10, 60), 24]
        let ws = try startTable(wb, names.evidence, headers: headers, widths: widths)
        let base = Self.relativePath(from: workbookDirectory, to: e.evidence.root)
        let wrap = CellFormat(wrap: true, border: true, alignTop: true)
        var typeTitles: [String: String] = [:]
        var row = 0
        var links = 0
        for r in e.evidence.records {
            row += 1
            let type =
                typeTitles[r.type]
                ?? {
                    let t = e.types[r.type]?.title(lang) ?? r.type
                    typeTitles[r.type] = t
                    return t
                }()
            var cells = [
                XlsxCell(r.id, wrap), XlsxCell(type, wrap), XlsxCell(r.date?.description ?? "", Self.plainCell), XlsxCell(r.department ?? "", wrap),
                XlsxCell(r.tasks.map(String.init).joined(separator: ","), wrap),
                XlsxCell(r.location.line.map { "\(r.location.file):\($0)" } ?? r.location.file, wrap), XlsxCell(Redaction.publicTitle(r, types: e.types), wrap),
            ]
            if let a = r.attachments.first {
                let paths = r.attachments.map(\.path).joined(separator: "\n")
                // Excel allows 65,530 links a sheet; past that the path is plain text.
                if links < 65000, let target = base.map({ $0.isEmpty ? a.path : "\($0)/\(a.path)" }) {
                    links += 1
                    var link = Self.link
                    link.wrap = true
                    cells.append(XlsxCell(link: "external:" + target, text: paths, link))
                } else {
                    cells.append(XlsxCell(paths, wrap))
                }
                cells.append(XlsxCell(r.attachments.compactMap(\.sha256).joined(separator: "\n"), wrap))
            } else {
                cells += [.blank(Self.plainCell), .blank(Self.plainCell)]
            }
            try ws.writeRow(row, cells, columnWidths: widths)
        }
        try finishTable(ws, e, lang, lastRow: row, lastCol: headers.count - 1)
    }

    func matrix(_ wb: Workbook, _ e: Evaluation, _ lang: Lang, _ names: SheetNames) throws(XlsxError) {
        let ws = try wb.addWorksheet(names.matrix)
        ws.setDefaultRowHeight()
        let zh = lang == .zh
        let widths = [6.0, 9] + e.plan.departments.map { TextMetrics.columnWidth([$0], min: 8, max: 12) }
        for (i, w) in widths.enumerated() { try ws.setColumn(i, i, width: w) }
        try ws.writeRow(0, ([zh ? "任务" : "Task", zh ? "状态" : "Status"] + e.plan.departments).map { XlsxCell($0, Self.header) }, columnWidths: widths)
        var row = 0
        for t in e.tasks {
            row += 1
            try ws.write(row, 0, t.task.no, Self.plainCell)
            try ws.write(row, 1, t.status.text(lang), Self.statusFormat(t.status))
            for (i, d) in e.plan.departments.enumerated() {
                if let role = t.task.role(of: d) {
                    try ws.write(
                        row, 2 + i, role.text(lang),
                        CellFormat(fill: Self.fills[t.status], fontColor: t.status == .error ? 0xFFFFFF : nil, border: true, center: true))
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
