import Foundation
import GongkaiCore

/// The statistics tables as text: Markdown (the `stats` default), CSV for a spreadsheet, and JSON. The tables are
/// computed once (`AnnualStatistics.compute`); these writers, like the workbook's (`StatisticsSheet.swift`), only lay
/// them out.
extension AnnualStatistics {
    public func markdown(lang: Lang = .zh) -> String {
        let zh = lang == .zh
        var out = [
            "# " + (zh ? "\(agency)\(year)年政府信息公开工作年度报告：统计表" : StatLabel.documentTitle(agency: agency, year: year).en), "",
            (zh ? "格式：" : "Format: ") + format(lang),
        ]
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        for (n, t) in tables.enumerated() {
            // Table 二's blocks share their title, as they share the part of the report.
            if n == 0 || tables[n - 1].title != t.title { out += ["", "## \(t.title(lang))"] }
            let grid = StatGrid(t)
            let rows = grid.textRows(lang)
            guard let first = rows.first else { continue }
            // Markdown has no merged cells: a merged label is written where it starts, its other positions left empty.
            out += ["", line(first), "|" + first.indices.map { $0 < grid.labelColumns ? "---" : "---:" }.joined(separator: "|") + "|"]
            out += rows.dropFirst().map(line)
            for note in t.notes { out += ["", StatLabel.note(lang) + note(lang)] }
            if !t.excluded.isEmpty {
                out +=
                    ["", zh ? "未计入本表的台账行：" : "Ledger rows not counted in this table:"]
                    + t.excluded.map { "- \($0.location)\(zh ? "：" : ": ")\($0.reason(lang))" }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// CSV with a UTF-8 byte-order mark: Excel on Chinese Windows reads a CSV without one as GBK and garbles it.
    public func csv(lang: Lang = .zh) -> String {
        "\u{FEFF}" + csvBody(lang: lang)
    }

    func csvBody(lang: Lang) -> String {
        func field(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var out: [String] = []
        for (n, t) in tables.enumerated() {
            if n == 0 || tables[n - 1].title != t.title { out.append(field(t.title(lang))) }
            // The format's layout, a merged cell written where it starts; "—" (no evidence) left empty for a spreadsheet.
            for cells in StatGrid(t).textRows(lang) { out.append(cells.map { field($0 == "—" ? "" : $0) }.joined(separator: ",")) }
            for note in t.notes { out.append(field(StatLabel.note(lang) + note(lang))) }
            for x in t.excluded { out.append(field(Self.excludedLine(x, lang))) }
            if n + 1 == tables.count || tables[n + 1].title != t.title { out.append("") }
        }
        return out.joined(separator: "\r\n")
    }

    /// "未计入：location：reason", as the CSV and the sheet list a row left out.
    static func excludedLine(_ x: StatTable.Excluded, _ lang: Lang) -> String {
        StatLabel.notCounted(lang) + x.location + (lang == .zh ? "：" : ": ") + x.reason(lang)
    }

    public func json() throws -> Data { try JSONReport.encoder.encode(self) + Data("\n".utf8) }
}
