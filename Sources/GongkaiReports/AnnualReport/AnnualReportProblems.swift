import Foundation
import GongkaiCore
import GongkaiEvaluation

/// What keeps a drafted annual report from being published as it is: evidence rows that are invalid, ledger rows the
/// tables could not count, tables with no data, checks that could not decide. Each is one line naming where to look
/// (file and line, or sheet and cell), never what a cell holds: the draft prints them on its first page and the
/// command exits 1 while any is left.
extension AnnualReportDraft {
    public var openProblems: [String] {
        let e = evaluation
        var lines: [String] = []
        var placed = Set<String>()
        for issue in e.errors {
            placed.insert(issue.location.description)
            let what = issue.recordType.map { "\(e.types[$0]?.title.zh ?? $0)记录有误，未采用" } ?? "无法读取或格式有误"
            lines.append("\(ReportProse.place(issue.location))：\(what)")
        }
        for t in statistics.tables {
            // Rows an invalid record left out are listed above already, by the same location.
            for x in t.excluded where !placed.contains(x.location) {
                lines.append("\(t.title.zh)：\(x.location)：\(x.reason.zh)")
            }
            lines += t.identityViolations().map { "\(t.title.zh)：统计恒等式不成立：\($0.zh)" }
        }
        for id in missingTables { lines.append("统计数据中没有\(Self.tableNames[id] ?? id)，表格待填写") }
        for t in e.tasks {
            for c in t.checks where c.status == .error {
                let places = c.placesToFix
                let why = places.isEmpty ? ReportProse.clean(c.outcome.message.zh, titles: e.fieldTitles) : "证据有误，需核对 " + places.joined(separator: "、")
                lines.append("第\(t.task.no)项任务无法判定是否完成：\(why)")
            }
        }
        return lines
    }

    static let tableNames = ["active": "主动公开情况表", "requests": "政府信息公开申请情况表", "review": "行政复议、行政诉讼情况表"]

    /// The tables the report places that the statistics did not make.
    var missingTables: [String] { ["active", "requests", "review"].filter { id in !statistics.tables.contains { $0.id == id } } }

    /// The first page's paragraph: nil for a clean draft.
    func problemNotice() -> ReportBlock? {
        let lines = openProblems
        guard !lines.isEmpty else { return nil }
        return .draftNotice(summary: "本稿存在\(lines.count)处待核实的问题，发布前请逐项核对：", items: lines)
    }
}

extension CheckResult {
    /// Where the evidence a check in error could not use lies, each place once: file and line, or sheet and cell.
    var placesToFix: [String] {
        var out: [String] = []
        for f in outcome.findings {
            guard let at = f.location.map(ReportProse.place), !out.contains(at) else { continue }
            out.append(at)
        }
        return out
    }
}

extension ReportProse {
    /// A place in the evidence as a document names it: `公开/publications.yaml 第12行`, `证据台账.xlsx › 主动公开信息 › C12`.
    static func place(_ location: SourceLocation) -> String {
        if location.sheet != nil { return location.description }
        return location.file + (location.line.map { " 第\($0)行" } ?? "")
    }

    /// A title in 《》 once: a title that already has its marks (《关于…的通知》政策解读) is not marked again.
    static func quoted(_ title: String) -> String { title.contains("《") ? title : "《\(title)》" }
}
