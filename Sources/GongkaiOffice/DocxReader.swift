import Foundation
import GongkaiCore

/// Reads a Word (.docx) document's body as paragraphs and tables: word/document.xml streamed from the zip guard
/// into libxml2's push parser as it is inflated, so a large body is never held whole (handed over whole, a body
/// over 10 MB was refused by the parser). Horizontal merges (`w:gridSpan`) and vertical merges (`w:vMerge`) are
/// resolved into the grid; a table nested in a cell becomes text of that cell. A table's grid is bounded by its
/// cells, as a web page's is. Entities a document type declares are never expanded.
public enum DocxReader {
    public static func read(_ url: URL, name: String, run: InflationBudget) throws(GongkaiError) -> [DocumentBlock] {
        try read(try open(url, name: name, run: run), name: name)
    }

    /// The zip of a Word file at `url`, through the zip guard, its parts counted against `run`.
    package static func open(_ url: URL, name: String, run: InflationBudget) throws(GongkaiError) -> ZipFile {
        let broken = GongkaiError(Message("\(name) 不是有效的 Word 文档（zip 结构损坏）", "\(name) is not a valid Word document (broken zip)"))
        guard let data = try? Data(contentsOf: url) else { throw broken }
        do { return try ZipBounds.open(data, run: run).get() } catch { throw broken }
    }

    /// The body, word/document.xml, inflated through the zip guard (no more than `OfficeLimits.maxPartBytes`,
    /// whatever the zip's headers say) chunk by chunk into the parser.
    package static func read(_ archive: ZipFile, name: String) throws(GongkaiError) -> [DocumentBlock] {
        guard let entry = archive["word/document.xml"] else {
            throw GongkaiError(Message("\(name) 不是 Word 文档（缺少 word/document.xml）", "\(name) is not a Word document (no word/document.xml)"))
        }
        // Inflated once only to be counted (and its checksum compared), then again as it is parsed: a body that
        // inflates past its limit, whatever its header says, is refused before any of it is parsed.
        let collector = BodyCollector()
        var failure: (line: Int, message: String)?
        do throws(ZipFile.Failure) {
            try archive.extract(entry, part: "word/document.xml", limit: OfficeLimits.maxPartBytes) { _ in }
            var inflating: ZipFile.Failure?
            failure = SAX.libxml2(into: collector) { push in
                do throws(ZipFile.Failure) {
                    try archive.extract(entry, part: "word/document.xml", limit: OfficeLimits.maxPartBytes, verify: false, push)
                } catch { inflating = error }
            }
            if let inflating { throw inflating }
        } catch {
            switch error {
            case .exceeded(let exceeded): throw GongkaiError(Message("\(name)：", "\(name): ") + exceeded.message)
            case .damaged:
                throw GongkaiError(Message("\(name) 的 word/document.xml 无法解压（文件损坏）", "\(name): word/document.xml cannot be extracted (corrupt file)"))
            }
        }
        return try collector.blocks(failure, name: name)
    }

    /// A body's XML already in memory.
    static func parse(_ xml: Data, name: String) throws(GongkaiError) -> [DocumentBlock] {
        let collector = BodyCollector()
        return try collector.blocks(SAX.libxml2(xml, into: collector), name: name)
    }
}

/// The state of one table being read: raw rows of cells with their spans.
private struct RawCell {
    var text = ""
    var span = 1
    var merge: Merge = .none
}
private enum Merge { case none, restart, proceed }

/// The body's events gathered into blocks (one per document, on one thread).
private final class BodyCollector: SAXDelegate {
    private var blocks: [DocumentBlock] = []
    /// The paragraph's text as bytes: a character's bytes may come in two calls.
    private var paragraph: [UInt8] = []
    private var inText = false
    private var inRun = false
    private var tableDepth = 0
    private var rows: [[RawCell]] = []
    private var row: [RawCell] = []
    private var cell = RawCell()
    private var cellParagraphs: [String] = []
    private var gridBefore = 0
    /// Tables read so far, and the cells of the one being read (not counting those of a table nested in it).
    private var tables = 0
    private var cells = 0
    /// The first table whose merges claim more grid than its cells allow; the rest of the body is passed over.
    private var tooLarge: (index: Int, cells: Int)?

    /// What was read, or why not: a table too large, or the parser's error (`failure`).
    func blocks(_ failure: (line: Int, message: String)?, name: String) throws(GongkaiError) -> [DocumentBlock] {
        if let table = tooLarge { throw TableGrid.tooLarge(name, table: table.index, cells: table.cells, merges: "gridSpan") }
        if let line = failure?.line {
            throw GongkaiError(Message("\(name) 的 word/document.xml 第 \(line) 行不是有效的 XML", "\(name): word/document.xml is not valid XML at line \(line)"))
        }
        return blocks
    }

    func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: SAXAttributes) {
        guard tooLarge == nil else { return }
        switch String(decoding: name, as: UTF8.self) {
        case "t": inText = inRun
        case "r": inRun = true
        // Tabs and breaks count inside a run only (a paragraph's tab stops are also called w:tab).
        case "tab" where inRun: paragraph.append(0x09)
        case "br" where inRun, "cr" where inRun: paragraph.append(0x0A)
        case "p": paragraph.removeAll(keepingCapacity: true)
        case "tbl":
            tableDepth += 1
            if tableDepth == 1 {
                rows = []
                tables += 1
                cells = 0
            }
        case "tr" where tableDepth == 1:
            row = []
            gridBefore = 0
        case "gridBefore" where tableDepth == 1: gridBefore = attributes["val"].flatMap { Int($0) }.map { min(max($0, 0), 64) } ?? 0
        case "tc" where tableDepth == 1:
            cell = RawCell()
            cellParagraphs = []
        case "gridSpan" where tableDepth == 1: cell.span = attributes["val"].flatMap { Int($0) }.map { min(max($0, 1), 64) } ?? 1
        case "vMerge" where tableDepth == 1: cell.merge = attributes["val"] == "restart" ? .restart : .proceed
        default: break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inText && tooLarge == nil { paragraph.append(contentsOf: text) }
    }

    func end(_ name: UnsafeBufferPointer<UInt8>) {
        guard tooLarge == nil else { return }
        switch String(decoding: name, as: UTF8.self) {
        case "t": inText = false
        case "r": inRun = false
        case "p":
            let text = String(decoding: paragraph, as: UTF8.self)
            if tableDepth == 0 {
                blocks.append(.paragraph(text))
            } else {
                // Paragraphs of a nested table's cells are text of the outer cell.
                cellParagraphs.append(text)
            }
            paragraph.removeAll(keepingCapacity: true)
        case "tc" where tableDepth == 1:
            cell.text = cellParagraphs.filter { !$0.isEmpty }.joined(separator: "\n")
            row.append(cell)
            cells += 1
        case "tr" where tableDepth == 1:
            rows.append(Array(repeating: RawCell(), count: gridBefore) + row)
        case "tbl":
            if tableDepth == 1 {
                guard let grid = resolve(rows) else {
                    tooLarge = (tables, cells)
                    return
                }
                blocks.append(.table(grid))
            }
            tableDepth -= 1
        default: break
        }
    }

    /// Spreads every cell over the grid columns it spans and copies a vertically merged cell's text down; nil when
    /// the grid, every row padded to the widest, would pass what the table's cells allow (a row of 100 cells each
    /// spanning 64 columns over 2,000 one-cell rows claimed 12.8 million).
    private func resolve(_ raw: [[RawCell]]) -> TableGrid? {
        let widest = raw.map { $0.reduce(0) { $0 + $1.span } }.max() ?? 0
        guard widest * raw.count <= TableGrid.maxCells(spreading: cells) else { return nil }
        var grid: [[String]] = []
        var merges: [[Merge]] = []
        for r in raw {
            var texts: [String] = []
            var kinds: [Merge] = []
            for c in r {
                for _ in 0..<c.span {
                    texts.append(c.text)
                    kinds.append(c.merge)
                }
            }
            grid.append(texts)
            merges.append(kinds)
        }
        let width = grid.map(\.count).max() ?? 0
        for i in grid.indices {
            grid[i] += Array(repeating: "", count: width - grid[i].count)
            merges[i] += Array(repeating: .none, count: width - merges[i].count)
            guard i > 0 else { continue }
            for j in 0..<width where merges[i][j] == .proceed { grid[i][j] = grid[i - 1][j] }
        }
        return TableGrid(rows: grid)
    }
}
