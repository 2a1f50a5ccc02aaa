import Foundation

/// One table of the annual report's statistics: cells are counts, or nil where the evidence cannot give them.
public struct StatTable: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var label: String
        /// 0 for 一、…, 1 for （一）…, 2 for 1. … sub-reasons.
        public var level: Int
        public var values: [Int?]
        /// Rows whose values are the sum of others (not leaves).
        public var isTotal: Bool
    }
    public var id: String
    public var title: String
    public var columns: [String]
    /// A row with no values is a heading (三、本年度办理结果).
    public var rows: [Row]
    public var notes: [String]
}

/// The statistics tables of the national annual report format, from the evidence ledgers.
/// Reports on 2019 and 2020 use the trial format (国办公开办函〔2019〕60号), later ones 国办公开办函〔2021〕30号.
public struct AnnualStatistics: Sendable, Encodable {
    public var year: Int
    public var format: String
    public var agency: String
    public var tables: [StatTable]
    /// Ledger rows that could not be classified (unknown outcome or applicant type), by request number.
    public var unclassified: [String]

    public static let applicantColumns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

    /// (label, outcome key) of the leaf rows under each （n） of 三、本年度办理结果.
    static func outcomeTree(year: Int) -> [(String, [(String, String)])] {
        var tree: [(String, [(String, String)])] = [
            ("（一）予以公开", [("", "予以公开")]),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("", "部分公开")]),
            ("（三）不予公开", ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
                .enumerated().map { ("\($0.offset + 1).\($0.element)", "不予公开-\($0.element)") }),
            ("（四）无法提供", ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
                .enumerated().map { ("\($0.offset + 1).\($0.element)", "无法提供-\($0.element)") }),
            ("（五）不予处理", ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"]
                .enumerated().map { ("\($0.offset + 1).\($0.element)", "不予处理-\($0.element)") }),
        ]
        if year >= 2021 {
            tree.append(("（六）其他处理", ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]
                .enumerated().map { ("\($0.offset + 1).\($0.element)", "其他处理-\($0.element)") }))
        } else {
            tree.append(("（六）其他处理", [("", "其他处理")]))
        }
        return tree
    }

    /// Maps a ledger's `outcome` text to a leaf key: `不予公开-保护第三方合法权益`, or just `予以公开`.
    static func outcomeKey(_ raw: String, leaves: Set<String>) -> String? {
        let text = raw.replacingOccurrences(of: "－", with: "-").replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "/", with: "-")
            .replacingOccurrences(of: "：", with: "-").replacingOccurrences(of: ":", with: "-").filter { !$0.isWhitespace }
        if leaves.contains(text) { return text }
        // A sub-reason written with its number or without quotes: match by containment.
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let candidates = leaves.filter { $0.hasPrefix(parts[0] + "-") }
        let wanted = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "0123456789.．、")).replacingOccurrences(of: "\"", with: "")
        return candidates.first { $0.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "").contains(wanted.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")) }
    }

    public static func compute(_ e: Evaluation, year: Int) -> AnnualStatistics {
        let start = Day.firstOf(year: year), end = Day.lastOf(year: year)
        var tables: [StatTable] = []
        var unclassified: [String] = []

        // 二、主动公开政府信息情况
        let docs = e.evidence.records(ofType: "normative-document")
        let issued = docs.filter { $0.day("issued_on").map { $0 >= start && $0 <= end } ?? false && $0.string("status") != "废止" }.count
        let abolished = docs.filter { $0.string("status") == "废止" && ($0.date.map { $0 >= start && $0 <= end } ?? false) }.count
        let inForce: Int? = docs.contains { $0.string("status") == "现行有效" } ? docs.filter { $0.string("status") == "现行有效" }.count + issued : nil
        var activeNotes = ["规章、行政许可、行政处罚、行政强制、行政事业性收费：证据中没有相应台账，无法统计（以“—”表示），请据实填写。"]
        if inForce == nil { activeNotes.append("现行有效件数：证据中没有标注“现行有效”的规范性文件，无法统计。") }
        if docs.isEmpty { activeNotes.append("证据中没有规范性文件台账（normative-document），规范性文件各栏无法统计。") }
        let hasDocs = !docs.isEmpty
        if year >= 2021 {
            tables.append(StatTable(id: "active", title: "二、主动公开政府信息情况", columns: ["本年制发件数", "本年废止件数", "现行有效件数"], rows: [
                .init(label: "规章", level: 0, values: [nil, nil, nil], isTotal: false),
                .init(label: "行政规范性文件", level: 0, values: hasDocs ? [issued, abolished, inForce] : [nil, nil, nil], isTotal: false),
            ], notes: activeNotes))
        } else {
            tables.append(StatTable(id: "active", title: "二、主动公开政府信息情况", columns: ["本年新制作数量", "本年新公开数量", "对外公开总数量"], rows: [
                .init(label: "规章", level: 0, values: [nil, nil, nil], isTotal: false),
                .init(label: "规范性文件", level: 0, values: hasDocs ? [issued, issued, inForce] : [nil, nil, nil], isTotal: false),
            ], notes: activeNotes))
        }

        // 三、收到和处理政府信息公开申请情况
        let requests = e.evidence.records(ofType: "disclosure-request")
        let columns = applicantColumns + ["总计"]
        func column(_ r: EvidenceRecord) -> Int? { r.string("applicant_type").flatMap { applicantColumns.firstIndex(of: $0) } }
        var newThisYear = Array(repeating: 0, count: 6), carriedIn = Array(repeating: 0, count: 6), carriedOut = Array(repeating: 0, count: 6)
        let tree = outcomeTree(year: year)
        let leaves = Set(tree.flatMap { $0.1.map(\.1) })
        var outcomes: [String: [Int]] = [:]
        // Outcome texts repeat across a ledger: normalise each distinct one once.
        var outcomeKeys: [String: String?] = [:]
        func key(_ raw: String) -> String? {
            if let known = outcomeKeys[raw] { return known }
            let k = outcomeKey(raw, leaves: leaves)
            outcomeKeys[raw] = .some(k)
            return k
        }
        for r in requests {
            guard let received = r.day("received_on"), received <= end else { continue }
            let answered = r.day("answered_on")
            let number = r.string("request_no") ?? r.id
            guard let col = column(r) else { unclassified.append(number); continue }
            if received >= start { newThisYear[col] += 1 }
            else if answered.map({ $0 >= start }) ?? true { carriedIn[col] += 1 }
            else { continue }
            if let answered, answered <= end {
                guard let k = r.string("outcome").flatMap(key) else { unclassified.append(number); continue }
                outcomes[k, default: Array(repeating: 0, count: 6)][col] += 1
            } else {
                carriedOut[col] += 1
            }
        }
        func row(_ label: String, _ level: Int, _ v: [Int], total: Bool = false) -> StatTable.Row {
            .init(label: label, level: level, values: v.map { $0 } + [v.reduce(0, +)], isTotal: total)
        }
        func add(_ a: [Int], _ b: [Int]) -> [Int] { zip(a, b).map { $0 + $1 } }
        var rows: [StatTable.Row] = [row("一、本年新收政府信息公开申请数量", 0, newThisYear), row("二、上年结转政府信息公开申请数量", 0, carriedIn),
                                     .init(label: "三、本年度办理结果", level: 0, values: [], isTotal: false)]
        var grand = Array(repeating: 0, count: 6)
        for (label, subs) in tree {
            let sum = subs.reduce(Array(repeating: 0, count: 6)) { add($0, outcomes[$1.1] ?? Array(repeating: 0, count: 6)) }
            grand = add(grand, sum)
            if subs.count == 1 && subs[0].0.isEmpty {
                rows.append(row(label, 1, sum))
            } else {
                rows.append(row(label, 1, sum, total: true))
                for (subLabel, key) in subs { rows.append(row(subLabel, 2, outcomes[key] ?? Array(repeating: 0, count: 6))) }
            }
        }
        rows.append(row("（七）总计", 1, grand, total: true))
        rows.append(row("四、结转下年度继续办理", 0, carriedOut))
        var requestNotes: [String] = []
        if requests.isEmpty { requestNotes.append("证据中没有政府信息公开申请台账（disclosure-request），本表各栏按“未收到申请”计为 0。") }
        if !unclassified.isEmpty { requestNotes.append("以下申请的申请人类型或办理结果无法归类，未计入本表：\(unclassified.joined(separator: "、"))") }
        tables.append(StatTable(id: "requests", title: "三、收到和处理政府信息公开申请情况", columns: columns, rows: rows, notes: requestNotes))

        // 四、政府信息公开行政复议、行政诉讼情况
        let cases = e.evidence.records(ofType: "review-case").filter { $0.date.map { $0 >= start && $0 <= end } ?? false || $0.string("result") == "尚未审结" }
        let results = ["结果维持", "结果纠正", "其他结果", "尚未审结"]
        var reviewRows: [StatTable.Row] = []
        let anyCases = !e.evidence.records(ofType: "review-case").isEmpty
        for kind in ["行政复议", "行政诉讼-未经复议", "行政诉讼-复议后"] {
            let own = cases.filter { $0.string("kind") == kind }
            let counts = results.map { r in own.filter { $0.string("result") == r }.count }
            let label = ["行政复议": "行政复议", "行政诉讼-未经复议": "行政诉讼（未经复议直接起诉）", "行政诉讼-复议后": "行政诉讼（复议后起诉）"][kind]!
            reviewRows.append(.init(label: label, level: 0, values: anyCases ? counts + [counts.reduce(0, +)] : Array(repeating: nil, count: 5), isTotal: false))
        }
        tables.append(StatTable(id: "review", title: "四、政府信息公开行政复议、行政诉讼情况", columns: results + ["总计"], rows: reviewRows,
                                notes: anyCases ? [] : ["证据中没有行政复议、行政诉讼台账（review-case），无法统计；如确无案件，请填 0。"]))
        return AnnualStatistics(year: year, format: year >= 2021 ? "国办公开办函〔2021〕30号" : "国办公开办函〔2019〕60号（试行）",
                                agency: e.agency, tables: tables, unclassified: unclassified)
    }

    // MARK: Output

    public func markdown() -> String {
        var out = ["# \(agency)\(year)年政府信息公开工作年度报告：统计表", "", "格式：\(format)"]
        for t in tables {
            out += ["", "## \(t.title)", "", "| 项目 | " + t.columns.joined(separator: " | ") + " |", "|---|" + t.columns.map { _ in "---:" }.joined(separator: "|") + "|"]
            for r in t.rows {
                let label = String(repeating: "　", count: r.level) + r.label
                let cells = r.values.isEmpty ? t.columns.map { _ in "" } : r.values.map { $0.map(String.init) ?? "—" }
                out.append("| \(label) | " + cells.joined(separator: " | ") + " |")
            }
            for n in t.notes { out += ["", "注：\(n)"] }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func csv() -> String {
        func field(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var out: [String] = []
        for t in tables {
            out.append(([t.title] + t.columns).map(field).joined(separator: ","))
            for r in t.rows { out.append(([r.label] + r.values.map { $0.map(String.init) ?? "" }).map(field).joined(separator: ",")) }
            for n in t.notes { out.append(field("注：" + n)) }
            out.append("")
        }
        return out.joined(separator: "\r\n")
    }

    public func json() throws -> Data { try JSONReport.encoder.encode(self) + Data("\n".utf8) }
}
