import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRubric

/// A rubric as published → its items and rules (`rubric import`). Reads the layouts the fixtures show: a table
/// flattened one cell per line (blank lines or `|` lines between cells; a spanned 一级指标 row such as
/// `一、机制建设(20分)` before its rows), rows with `|` or tab between cells (a web page's or Word table's text), and
/// numbered clauses ①②③ in one cell. Deduction phrases become rules; a check is guessed from keywords only, and
/// every guess is marked `suggested: true` for a person to confirm. A row the source cuts short (its criterion
/// does not end a sentence) is left out with a warning, never guessed.
public struct RubricImporter: Sendable {
    public struct Item: Sendable {
        public var no: String
        public var category: String
        public var name: String?
        public var points: Double
        public var criterion: String
        public var rules: [Rule]
        /// The source cells, for `--review`.
        public var source: [String]
        public var line: Int
    }

    public struct Rule: Sendable {
        public var phrase: String
        public var kind: RubricRule.Kind
        public var check: String?
    }

    public struct Result: Sendable {
        public var id: String
        public var title: String
        public var year: Int?
        public var statedTotal: Double?
        public var items: [Item]
        public var warnings: [LoadIssue]
        public var file: String
        public var points: Double { items.reduce(0) { $0 + $1.points } }
    }

    public init() {}

    public func importFile(_ url: URL, name: String) throws(GongkaiError) -> Result {
        parse(try DocumentText.read(url, name: name, run: InflationBudget()), file: name)
    }

    // MARK: cells

    enum Unit {
        case cell(String, Int)
        case row([String], Int)
    }

    /// Blank lines and lines holding only `|` end a cell; a cell's lines are joined (a name wrapped in its cell);
    /// a line with `|` or tabs between cells is a row of its own.
    static func units(_ text: String) -> [Unit] {
        var out: [Unit] = []
        var pending: [String] = []
        var pendingLine = 0
        func flush() {
            if !pending.isEmpty { out.append(.cell(pending.joined(), pendingLine)) }
            pending = []
        }
        for (i, raw) in text.components(separatedBy: .newlines).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "|" || line == "｜" {
                flush()
                continue
            }
            if line.contains("|") || line.contains("\t") {
                flush()
                let cells = line.split(whereSeparator: { $0 == "|" || $0 == "\t" || $0 == "｜" }).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if cells.count > 1 { out.append(.row(cells, i + 1)) } else if let c = cells.first { out.append(.cell(c, i + 1)) }
                continue
            }
            // A heading with its points (`一、组织保障（10分）`) is a cell of its own, also when its text follows without a
            // blank line (a rubric written as prose).
            if section(line) != nil {
                flush()
                out.append(.cell(line, i + 1))
                continue
            }
            if pending.isEmpty { pendingLine = i + 1 }
            pending.append(line)
        }
        flush()
        return out
    }

    static let headerWords: Set<String> = [
        "序号", "类别", "分值", "分数", "考核标准", "评分标准", "评分细则", "扣分细则", "考核内容", "考核项目", "一级指标", "二级指标", "三级指标", "指标", "检查对象", "检查情况", "备注",
    ]
    static func isHeader(_ s: String) -> Bool { headerWords.contains(s.filter { !$0.isWhitespace }) }

    static func points(_ s: String) -> Double? {
        guard let m = s.firstMatch(of: /^(\d+(?:\.\d+)?)\s*分?$/) else { return nil }
        return Double(m.1)
    }

    /// `一、机制建设(20分)`: a first-level heading with its own total.
    static func section(_ s: String) -> (String, Double)? {
        guard let m = s.firstMatch(of: /^([一二三四五六七八九十]+[、.．]\s*.+?)\s*[（(](\d+(?:\.\d+)?)分[)）]$/), let p = Double(m.2) else { return nil }
        return (String(m.1), p)
    }

    static func complete(_ criterion: String) -> Bool {
        guard let last = criterion.trimmingCharacters(in: .whitespaces).last else { return false }
        return "。．.;；)）!！".contains(last)
    }

    // MARK: parse

    public func parse(_ text: String, file: String) -> Result {
        let units = Self.units(text)
        var warnings: [LoadIssue] = []
        // The heading cells; everything before them is the title and the preamble.
        let headerAt = units.firstIndex { u in
            switch u {
            case .cell(let c, _): Self.isHeader(c)
            case .row(let cells, _): cells.filter(Self.isHeader).count >= 2
            }
        }
        let preamble = units[..<(headerAt ?? 0)].map { u -> String in
            switch u {
            case .cell(let c, _): c
            case .row(let cells, _): cells.joined(separator: " ")
            }
        }
        if headerAt == nil, case .cell(let first, _)? = units.first, Self.section(first) == nil {
            warnings.append(
                LoadIssue(
                    SourceLocation(file: file, line: 1),
                    Message("没有找到表头（类别、分值、考核标准…），从第一行读起", "no heading row (类别, 分值, 考核标准…) was found; reading from the first line")))
        }
        let title =
            preamble.first { !$0.isEmpty && $0.count < 80 }.map { $0.replacingOccurrences(of: #"\s*时间[:：].*$"#, with: "", options: .regularExpression) }
            ?? (file as NSString).deletingPathExtension
        let statedTotal = preamble.lazy.compactMap { p in
            p.firstMatch(of: /(?:总分|满分|总计|合计|分值为)\s*(\d+(?:\.\d+)?)\s*分/).flatMap { Double($0.1) }
        }.first

        var items: [Item] = []
        var category = ""
        var sections: [(String, Double, Int)] = []
        var sectionItems: [String: Double] = [:]
        var pending: [(String, Int)] = []
        var itemsAtSection = 0
        var i = (headerAt ?? -1) + 1
        func add(category: String, name: String?, points: Double, criterion: String, source: [String], line: Int) {
            let label = name ?? category
            guard Self.complete(criterion) else {
                warnings.append(
                    LoadIssue(
                        SourceLocation(file: file, line: line),
                        Message(
                            "「\(label)」（\(Points.text(points))分）的考核标准没有写完（原文在此截断？），未导入",
                            "the criterion of '\(label)' (\(Points.text(points)) points) is cut short in the source; not imported")))
                return
            }
            var rules = RubricPhrases.rules(in: criterion, context: [category, name ?? "", criterion].joined(separator: " "))
            if rules.isEmpty { rules = [Rule(phrase: criterion, kind: .manual(nil, evidence: []), check: nil)] }
            items.append(
                Item(
                    no: String(items.count + 1), category: category, name: name, points: points, criterion: criterion, rules: rules, source: source, line: line)
            )
            sectionItems[category, default: 0] += points
        }
        /// A rubric written as prose: `一、组织保障（10分）` and then its criterion in running text, no cells of points —
        /// the section is the item, its points the heading's.
        func proseItem() {
            guard let (name, total, _) = sections.last, items.count == itemsAtSection, !pending.isEmpty else { return }
            add(category: name, name: nil, points: total, criterion: pending.map(\.0).joined(), source: [name] + pending.map(\.0), line: pending[0].1)
            pending = []
        }
        while i < units.count {
            switch units[i] {
            case .cell(let c, let line):
                if Self.isHeader(c) {
                    i += 1
                    continue
                }
                if let (name, total) = Self.section(c) {
                    proseItem()
                    category = name
                    sections.append((name, total, line))
                    itemsAtSection = items.count
                    pending = []
                } else if let p = Self.points(c) {
                    var criterion = ""
                    if i + 1 < units.count, case .cell(let next, _) = units[i + 1] {
                        criterion = next
                        i += 1
                    }
                    let texts = pending.map(\.0)
                    let line = pending.first?.1 ?? line
                    if texts.count >= 2 {
                        add(category: texts[0], name: texts[1...].joined(), points: p, criterion: criterion, source: texts + [c, criterion], line: line)
                    } else if let only = texts.first {
                        if category.isEmpty || sections.isEmpty {
                            add(category: only, name: nil, points: p, criterion: criterion, source: [only, c, criterion], line: line)
                        } else {
                            add(category: category, name: only, points: p, criterion: criterion, source: [only, c, criterion], line: line)
                        }
                    }
                    pending = []
                } else {
                    pending.append((c, line))
                }
            case .row(let cells, let line):
                if cells.filter(Self.isHeader).count >= 2 { break }
                let pointsAt = cells.firstIndex { Self.points($0) != nil }
                let criterionAt =
                    pointsAt.map { $0 + 1 < cells.count ? $0 + 1 : $0 }
                    ?? cells.indices.max { cells[$0].count < cells[$1].count } ?? 0
                guard criterionAt < cells.count, criterionAt > 0 else { break }
                let labels = Array(cells[..<(pointsAt ?? criterionAt)])
                if labels.count >= 2 { category = labels[labels.count - 2] }
                let name = labels.last
                if category.isEmpty, let name { category = name }
                let p = pointsAt.flatMap { Self.points(cells[$0]) } ?? 0
                add(
                    category: category, name: labels.count >= 1 && name != category ? name : nil, points: p, criterion: cells[criterionAt], source: cells,
                    line: line)
            }
            i += 1
        }
        proseItem()
        for (name, total, line) in sections where sectionItems[name, default: 0] != total {
            warnings.append(
                LoadIssue(
                    SourceLocation(file: file, line: line),
                    Message(
                        "「\(name)」标明 \(Points.text(total)) 分，导入的条目合计 \(Points.text(sectionItems[name, default: 0])) 分",
                        "'\(name)' states \(Points.text(total)) points; the items imported add up to \(Points.text(sectionItems[name, default: 0]))")))
        }
        let sum = items.reduce(0) { $0 + $1.points }
        if let statedTotal, statedTotal != sum {
            warnings.append(
                LoadIssue(
                    SourceLocation(file: file),
                    Message(
                        "原文总分 \(Points.text(statedTotal)) 分，导入的条目合计 \(Points.text(sum)) 分：未写入 total",
                        "the source states a total of \(Points.text(statedTotal)); the items imported add up to \(Points.text(sum)): total not written")))
        }
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let year = title.firstMatch(of: /((?:19|20)\d\d)年/).flatMap { Int($0.1) } ?? base.firstMatch(of: /((?:19|20)\d\d)/).flatMap { Int($0.1) }
        return Result(id: base, title: title, year: year, statedTotal: statedTotal, items: items, warnings: warnings, file: file)
    }
}

/// Deduction phrases → rules, and the keywords that suggest a check.
public enum RubricPhrases {
    /// Splits a criterion at clause marks (①②③, ；, 。) and keeps each clause that carries a deduction,
    /// a veto or a discretionary award; commas join the parts of one clause (…的，每件扣3分) but end a clause that
    /// already carried its deduction (…每次扣6分，未及时…每次扣3分).
    public static func rules(in criterion: String, context: String) -> [RubricImporter.Rule] {
        var out: [RubricImporter.Rule] = []
        var clause = ""
        func end() {
            let c = unbracketed(clause.trimmingCharacters(in: .whitespaces))
            clause = ""
            guard !c.isEmpty else { return }
            // 最高扣N分 after 每件扣M分 (…每件扣4分，最高扣20分) is that rule's cap, not a rule of its own.
            if let cap = c.wholeMatch(of: /(?:最高|最多)(?:不超过|扣)?\s*(\d+(?:\.\d+)?)\s*分(?:为止)?/).flatMap({ Double($0.1) }),
                let last = out.last, case .perCase(let n, _) = last.kind
            {
                out[out.count - 1].kind = .perCase(n, max: cap)
                out[out.count - 1].phrase += "，" + c
                return
            }
            guard let kind = kind(of: c) else { return }
            // 年度报告…雷同扣N分 is measured from the report files (`report_similarity`), suggested like a check.
            if case .onFailure(let n) = kind, c.contains("雷同"), (c + context).contains("年度报告") || (c + context).contains("年报") {
                out.append(RubricImporter.Rule(phrase: c, kind: .similarity(n, maxShared: RubricLoader.defaultMaxShared), check: nil))
                return
            }
            out.append(RubricImporter.Rule(phrase: c, kind: kind, check: check(for: c, kind: kind, context: context)))
        }
        for ch in criterion {
            if "①②③④⑤⑥⑦⑧⑨⑩；;。".contains(ch) {
                end()
            } else if ",，".contains(ch) {
                if kind(of: clause) != nil { end() } else { clause.append(ch) }
            } else {
                clause.append(ch)
            }
        }
        end()
        return out
    }

    /// A clause list in brackets, （未明确的扣4分；…）, leaves a bracket at either end of its first and last clause.
    static func unbracketed(_ s: String) -> String {
        var s = Substring(s)
        let opens = s.filter { "(（".contains($0) }.count
        let closes = s.filter { ")）".contains($0) }.count
        if opens > closes, let f = s.first, "(（".contains(f) { s = s.dropFirst() }
        if closes > opens, let l = s.last, ")）".contains(l) { s = s.dropLast() }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// The rule a phrase states, nil when it states none.
    public static func kind(of p: String) -> RubricRule.Kind? {
        func n(_ m: Substring) -> Double? { Double(m) }
        if p.contains("一票否决") || p.contains("单项否决") { return .veto }
        if p.contains("酌情") || p.contains("视情况") {
            return .manual(p.firstMatch(of: /(\d+(?:\.\d+)?)分/).flatMap { n($0.1) }, evidence: [])
        }
        if p.contains("不得分") { return .noPoints }
        let cap = p.firstMatch(of: /最高(?:不超过|扣)?\s*(\d+(?:\.\d+)?)\s*分/).flatMap { n($0.1) }
        if let m = p.firstMatch(of: /[每一](?:条|件|次|例|项|个|篇|处)[^扣，,]{0,6}扣\s*(\d+(?:\.\d+)?)\s*分/), let v = n(m.1) { return .perCase(v, max: cap) }
        if let m = p.firstMatch(of: /加\s*(\d+(?:\.\d+)?)\s*分/), let v = n(m.1) { return .bonus(v, cap: cap ?? v) }
        if let m = p.firstMatch(of: /扣\s*(\d+(?:\.\d+)?)\s*分/), let v = n(m.1) { return .onFailure(v) }
        return nil
    }

    /// A check guessed from keywords: late answers to requests, the annual report not (timely) published, the
    /// disclosure office not designated. Filing with a supervisor, returns and the like stay with a person (雷同 is
    /// `report_similarity`, in `rules(in:context:)`).
    public static func check(for phrase: String, kind: RubricRule.Kind, context: String) -> String? {
        if case .manual = kind { return nil }
        let text = phrase + " " + context
        if ["超期", "逾期", "未按时答复", "未及时答复", "超过法定期限"].contains(where: phrase.contains), text.contains("依申请") || text.contains("申请") {
            return "statutory-requests"
        }
        if text.contains("年度报告") || text.contains("年报"),
            ["公开", "上网", "发布"].contains(where: phrase.contains),
            !["备案", "雷同", "退回", "要素"].contains(where: phrase.contains)
        {
            return "statutory-annual-report"
        }
        if phrase.contains("机构") || (context.contains("工作机构") && ["未明确", "未指定", "未设立", "未建立"].contains(where: phrase.contains)),
            !phrase.contains("变动")
        {
            return "statutory-office"
        }
        return nil
    }
}
