import Foundation
import GongkaiCore
import GongkaiEvaluation
import XlsxWriter

/// The government's consolidated report (条例 art. 49): its departments' tables summed, each department's identities
/// checked first; a department that does not balance or cannot be read is named and left out, never silently.
public struct AnnualReportRollup: Sendable {
    public struct Department: Sendable {
        public var folder: String
        public var agency: String
        /// The department's figures in the annex's columns (`AnnualReportRollup.figures`), nil when it has none.
        public var figures: [Int?]?
        /// Why the department is left out of the sums.
        public var problem: Message?
        public var included: Bool { problem == nil }
    }

    public var year: Int
    public var departments: [Department]
    public var consolidated: AnnualStatistics
    /// The tables' layout the annex's columns follow: the first department's with statistics.
    var layout: AnnualStatistics?
    /// The latest as-of day of the departments, each taken in its folder's time zone.
    public var asOf: Day?

    /// A department's statistics as its worker computes them, checked; its evaluation is let go then.
    private struct Finished: Sendable {
        var agency: String
        var asOf: Day
        var statistics: AnnualStatistics?
        var problem: Message?
    }

    /// Runs every department's folder through the one `FolderRunner` (the same time limit and wording as `rollup`) and
    /// sums the tables as departments finish, in the folders' order; each department keeps its annex row only.
    public static func run(
        folders: [URL], pipeline: Pipeline, options: Pipeline.Options, year: Int, timeLimit: Double = FolderRunner.defaultTimeLimit
    ) -> AnnualReportRollup {
        var result = AnnualReportRollup(
            year: year, departments: [],
            consolidated: AnnualStatistics(
                year: year, format: StatLabel.format(year: year), agency: "", tables: [], unclassified: [], problems: [], fees: .none))
        var sum: AnnualStatistics?
        FolderRunner.run(
            folders: folders, pipeline: pipeline, options: options, timeLimit: timeLimit,
            summarize: { evaluation -> Finished in
                guard evaluation.plan.year == year else {
                    return Finished(
                        agency: evaluation.agency, asOf: evaluation.asOf, statistics: nil,
                        problem: Message("计划年度是\(evaluation.plan.year)年，不是\(year)年", "the plan is for \(evaluation.plan.year), not \(year)"))
                }
                let stats = AnnualStatistics.compute(evaluation, year: year)
                // A department's tables are summed only when `stats` would call them complete: balanced, and nothing
                // (an unreadable ledger, rows not counted) keeps a table from being whole.
                func listed(_ head: Message, _ items: [Message]) -> Message {
                    head + Message.joined(Array(items.prefix(3)))
                        + (items.count > 3 ? Message("等\(items.count)处", " (\(items.count) in all)") : Message("", ""))
                }
                let broken = stats.identityViolations
                let problem =
                    !broken.isEmpty
                    ? listed(Message("统计表不平衡：", "the tables do not balance: "), broken)
                    : stats.problems.isEmpty ? nil : listed(Message("统计表不完整：", "the tables are incomplete: "), stats.problems)
                return Finished(agency: evaluation.agency, asOf: evaluation.asOf, statistics: stats, problem: problem)
            },
            deliver: { folder, outcome in
                switch outcome {
                case .failure(let failure):
                    result.departments.append(Department(folder: folder.path, agency: folder.lastPathComponent, figures: nil, problem: failure.message))
                case .success(let finished):
                    var d = Department(folder: folder.path, agency: finished.agency, figures: nil, problem: finished.problem)
                    result.asOf = max(result.asOf ?? finished.asOf, finished.asOf)
                    if let s = finished.statistics {
                        result.layout = result.layout ?? s
                        d.figures = figures(s)
                        if d.included {
                            if let total = sum {
                                if let merged = total.adding(s) {
                                    sum = merged
                                } else {
                                    d.problem = Message("统计表的行列与其他部门不同，无法汇总", "its tables' rows and columns differ from the other departments': not summed")
                                }
                            } else {
                                sum = s
                            }
                        }
                    }
                    result.departments.append(d)
                }
            })
        if let sum { result.consolidated = sum }
        result.consolidated.agency = "汇总"
        return result
    }

    /// A department's figures of tables 二–四 in the annex's columns: each row's figures, table 三 by its total only.
    static func figures(_ s: AnnualStatistics) -> [Int?] {
        s.tables.flatMap { t in
            t.rows.filter { !$0.values.isEmpty }.flatMap { r in t.id == "requests" ? [r.values.last ?? nil] : Array(r.values.prefix(t.columns.count)) }
        }
    }

    public func context(government: String, asOf: Day) -> [String: Any] {
        let included = departments.filter(\.included)
        let excluded = departments.filter { !$0.included }
        return [
            "government": government, "year": year, "formatDoc": AnnualReportDraft.formatDocument(year: year), "asOf": asOf.chinese,
            "periodStart": Day.firstOf(year: year).chinese, "periodEnd": Day.lastOf(year: year).chinese,
            "departmentCount": departments.count, "includedCount": included.count, "included": included.map(\.agency).joined(separator: "、"),
            "excludedAny": !excluded.isEmpty, "excludedCount": excluded.count,
            "excluded": excluded.enumerated().map {
                ["n": $0.offset + 1, "agency": $0.element.agency, "reason": ReportProse.clean($0.element.problem?.zh ?? "")] as [String: Any]
            },
        ]
    }

    public func document(template: String, government: String, asOf: Day) throws(GongkaiError) -> ReportDocument {
        let text = try AnnualReportDraft.render(
            template, context: context(government: government, asOf: asOf), templatePath: AnnualReportDraft.rollupTemplatePath)
        var draft: [String: [ReportBlock]] = [:]
        draft["[表二]"] = AnnualReportTables.activeTables(consolidated).map { .table(AnnualReportTables.table($0)) }
        if draft["[表二]"]?.isEmpty ?? true { draft["[表二]"] = [.paragraph("没有可汇总的部门数据。")] }
        for (marker, id) in [("[表三]", "requests"), ("[表四]", "review")] {
            if let t = consolidated.tables.first(where: { $0.id == id }) {
                draft[marker] = [.table(AnnualReportTables.table(t))]
            } else {
                draft[marker] = [.paragraph("没有可汇总的部门数据。")]
            }
        }
        let rows =
            [[ReportTable.Cell("序号", bold: true), ReportTable.Cell("部门", bold: true), ReportTable.Cell("是否汇总", bold: true)]]
            + departments.enumerated().map { i, d in
                [ReportTable.Cell("\(i + 1)"), .label(d.agency), .label(d.included ? "已汇总" : "未汇总：" + ReportProse.clean(d.problem?.zh ?? ""))]
            }
        draft["[附件]"] = [.table(ReportTable(columnWidths: [800, 3044, 5000], headerRows: 1, rows: rows, fontSize: 21))]
        return try AnnualReportDraft.parse(text, tables: draft, author: government, templatePath: AnnualReportDraft.rollupTemplatePath)
    }

    /// The annex workbook: one sheet 各部门数据, a row per department and a column per figure of tables 二–四.
    public func writeAnnex(to target: URL, created: Day?) throws(GongkaiError) {
        var headers: [String] = []
        for t in layout?.tables ?? [] {
            for r in t.rows where !r.values.isEmpty {
                if t.id == "requests" {
                    headers.append("\(t.title.zh.prefix(2))\((r.parents.dropFirst() + [r.label]).map(\.zh).joined())（总计）")
                    continue
                }
                for (i, c) in t.columns.prefix(r.values.count).enumerated() {
                    // Table 四's one row: each figure named by its kind of case (行政诉讼·复议后起诉) and result.
                    let name = t.corner == nil ? t.columnPath(i).map(\.zh).joined(separator: "·") : "\(r.label.zh)·\(c.zh)"
                    headers.append("\(t.title.zh.prefix(2))\(name)")
                }
            }
        }
        try AtomicFile.produce(target) { tmp throws(GongkaiError) in
            do {
                let wb = try Workbook(path: tmp.path)
                try wb.setProperties(
                    DocumentProperties(
                        title: "\(year)年政府信息公开工作年度报告各部门数据", subject: AnnualReportDraft.formatDocument(year: year), author: "", company: "",
                        created: created.map { Date(timeIntervalSince1970: TimeInterval($0.ordinal) * 86400) }))
                let ws = try wb.addWorksheet("各部门数据")
                try ws.setColumn(0, 0, width: 24)
                try ws.setColumn(1, 1, width: 40)
                try ws.setColumn(2, headers.count + 1, width: 14)
                let header = CellFormat(bold: true, wrap: true, border: true)
                try ws.write(0, 0, "部门", header)
                try ws.write(0, 1, "汇总情况", header)
                for (i, h) in headers.enumerated() { try ws.write(0, i + 2, h, header) }
                var row = 1
                for d in departments {
                    try ws.write(row, 0, d.agency, CellFormat(border: true))
                    try ws.write(row, 1, d.included ? "已汇总" : "未汇总：" + (d.problem?.zh ?? ""), CellFormat(wrap: true, border: true))
                    if let figures = d.figures {
                        for (i, v) in figures.prefix(headers.count).enumerated() {
                            if let v {
                                try ws.write(row, i + 2, v, CellFormat(border: true))
                            } else {
                                try ws.write(row, i + 2, "—", CellFormat(border: true, center: true))
                            }
                        }
                    }
                    row += 1
                }
                try ws.write(row, 0, "合计（已汇总部门）", CellFormat(bold: true, border: true))
                for (i, v) in Self.figures(consolidated).prefix(headers.count).enumerated() {
                    if let v {
                        try ws.write(row, i + 2, v, CellFormat(bold: true, border: true))
                    } else {
                        try ws.write(row, i + 2, "—", CellFormat(border: true, center: true))
                    }
                }
                try wb.close()
            } catch {
                throw GongkaiError(Message("无法写入 \(target.path)：\(error)", "cannot write \(target.path): \(error)"))
            }
        }
    }
}

extension AnnualStatistics {
    /// Cell by cell sums of two agencies' tables; nil when their tables are not laid out alike. A cell neither can give stays unknown.
    func adding(_ other: AnnualStatistics) -> AnnualStatistics? {
        guard year == other.year, tables.map(\.id) == other.tables.map(\.id) else { return nil }
        var out = self
        for (ti, t) in tables.enumerated() {
            let o = other.tables[ti]
            guard t.rows.map(\.label) == o.rows.map(\.label), t.columns == o.columns else { return nil }
            for (ri, r) in t.rows.enumerated() {
                guard r.values.count == o.rows[ri].values.count else { return nil }
                out.tables[ti].rows[ri].values = zip(r.values, o.rows[ri].values).map { a, b in
                    switch (a, b) {
                    case (nil, nil): nil
                    default: (a ?? 0) + (b ?? 0)
                    }
                }
            }
            out.tables[ti].notes = Array(Set(t.notes + o.notes)).sorted { $0.zh < $1.zh }
        }
        out.unclassified += other.unclassified
        out.problems += other.problems
        out.fees = fees.adding(other.fees)
        return out
    }
}

extension AnnualStatistics {
    /// Every table's identity violations (today only table 三 has identities), as `StatTable.identityViolations` words them.
    public var identityViolations: [Message] { tables.flatMap { $0.identityViolations() } }
}

extension Array {
    fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
