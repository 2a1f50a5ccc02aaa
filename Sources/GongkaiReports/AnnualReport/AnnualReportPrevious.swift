import Foundation
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence
import GongkaiOffice

/// Last year's annual report (`--previous`): the problems its part 五 listed, to say whether each was fixed.
public struct PreviousReport: Sendable {
    public var file: String
    /// The problem paragraphs of 五、存在的主要问题及改进情况, before its improvements.
    public var problems: [String]

    public init(file: String, problems: [String]) {
        self.file = file
        self.problems = problems
    }

    /// Last year's report (`--previous`) must exist and be a regular file: a FIFO or a device is never opened (reading
    /// one blocks, or never ends).
    public static func requireRegularFile(_ url: URL) throws(GongkaiError) {
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            throw GongkaiError(Message("上年度报告 \(url.path) 不存在", "last year's report \(url.path) does not exist"))
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            let kind = FolderListing.kindName(st.st_mode & S_IFMT)
            throw GongkaiError(Message("上年度报告 \(url.path) 不是普通文件（\(kind)），未读取", "last year's report \(url.path) is not a regular file (\(kind)): not read"))
        }
    }

    /// Reads a .docx (its paragraphs), or a .md/.txt file, and keeps part 五's problems.
    public static func load(_ url: URL) throws(GongkaiError) -> PreviousReport {
        try requireRegularFile(url)
        let lines: [String]
        if url.pathExtension.lowercased() == "docx" {
            lines = try docxParagraphs(url)
        } else {
            guard let data = try? Data(contentsOf: url), case let text = TextDecoding.decode(data, declared: nil).text, !text.isEmpty else {
                throw GongkaiError(Message("无法读取上年度报告 \(url.path)", "cannot read last year's report \(url.path)"))
            }
            lines = text.components(separatedBy: .newlines)
        }
        let paragraphs = lines.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "") }
            .map { $0.drop { "#> ".contains($0) } }.map(String.init).filter { !$0.isEmpty }
        guard let start = paragraphs.firstIndex(where: { $0.hasPrefix("五、") }) else {
            throw GongkaiError(Message("上年度报告 \(url.path) 中没有“五、存在的主要问题及改进情况”部分", "last year's report \(url.path) has no part 五 (problems and improvements)"))
        }
        let rest = paragraphs[(start + 1)...]
        let end = rest.firstIndex { $0.hasPrefix("六、") } ?? rest.endIndex
        var problems: [String] = []
        for p in rest[..<end] {
            // Improvements start at （二）; headings and department lines are not problems.
            if p.hasPrefix("（二）") || p.hasPrefix("(二)") { break }
            if p.hasPrefix("（一）") || p.hasPrefix("(一)") || p.count < 12 { continue }
            // An introduction to the list ("…列示如下。", "…：") is not a problem of its own.
            if p.hasSuffix("如下。") || p.hasSuffix("如下：") || p.hasSuffix("：") { continue }
            if p.range(of: "^\\d+[.．、] ?\\S{1,12}$", options: .regularExpression) != nil { continue }
            problems.append(p)
        }
        return PreviousReport(file: url.lastPathComponent, problems: problems)
    }

    /// Each problem with a verdict: fixed when the task it names (by its requirement's words) passes this year.
    func verdicts(against e: Evaluation) -> [(problem: String, verdict: String)] {
        problems.map { p in
            let task = e.tasks.first { t in
                let key = String(t.task.firstSentence.prefix(10))
                return key.count >= 6 && p.contains(key)
            }
            let problem = ReportProse.clean(p).trimmingCharacters(in: CharacterSet(charactersIn: "。"))
            guard let task else { return (problem, "本年度工作要点中没有对应任务，请核实整改情况") }
            switch task.status {
            case .pass, .notApplicable: return (problem, "已整改，本年度第\(task.task.no)项任务已完成")
            case .waived: return (problem, "尚未整改，本年度第\(task.task.no)项任务经批准暂缓")
            case .pending: return (problem, "正在整改，本年度第\(task.task.no)项任务正在推进")
            case .fail, .error: return (problem, "尚未整改，本年度第\(task.task.no)项任务仍未完成")
            }
        }
    }

    /// The paragraphs of a Word file's body, read by the one `DocxReader` (through the zip guard, with XML's entities
    /// as the XML parser decodes them); a table's cells are read row by row, each a paragraph.
    static func docxParagraphs(_ url: URL) throws(GongkaiError) -> [String] {
        let blocks: [DocumentBlock]
        do { blocks = try DocxReader.read(url, name: url.path, run: InflationBudget()) } catch {
            throw GongkaiError(Message("无法读取上年度报告 \(url.path)：", "cannot read last year's report \(url.path): ") + error.message, issues: error.issues)
        }
        return blocks.flatMap { block -> [String] in
            switch block {
            case .paragraph(let text): return [text]
            case .table(let grid): return grid.rows.flatMap { $0 }
            }
        }
    }
}
