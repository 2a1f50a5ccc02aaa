import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

/// One table of the annual report's statistics: cells are counts, or nil where the evidence cannot give them.
public struct StatTable: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        /// The format's label in both languages; JSON carries the Chinese, the format's own wording.
        public var label: Message
        /// 0 for 一、…, 1 for （一）…, 2 for 1. … sub-reasons.
        public var level: Int
        public var values: [Int?]
        /// Rows whose values are the sum of others (not leaves).
        public var isTotal: Bool
        /// Cells that are amounts in 万元 rather than counts (same positions as `values`, whose entry is then nil);
        /// empty for a row of counts.
        public var amounts: [Double?] = []
        /// Cells the evidence could not fill completely: rows were left out of them (listed in the table's `excluded`).
        public var marked: [Bool] = []
        /// The merged label cells the row sits under, outermost first (三、本年度办理结果, （三）不予公开): in the format they
        /// are labels without figures of their own, so they are not rows.
        public var parents: [Message] = []

        public init(
            label: Message, level: Int, values: [Int?], isTotal: Bool, amounts: [Double?] = [], marked: [Bool] = [], parents: [Message] = []
        ) {
            self.label = label
            self.level = level
            self.values = values
            self.isTotal = isTotal
            self.amounts = amounts
            self.marked = marked
            self.parents = parents
        }

        /// The cell as the report prints it: a count, an amount with two decimals, "—" without evidence; "*" marks a cell
        /// that misses rows.
        public func cell(_ i: Int) -> String {
            let base: String
            if i < amounts.count, let a = amounts[i] {
                base = String(format: "%.2f", a)
            } else if i < values.count, let v = values[i] {
                base = String(v)
            } else {
                base = "—"
            }
            return i < marked.count && marked[i] ? base + "*" : base
        }

        enum CodingKeys: String, CodingKey { case label, path, level, values, isTotal, amounts, marked }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(label.zh, forKey: .label)
            // The label under its merged parents, so a sub-row (3.其他) says which item it belongs to.
            try c.encode((parents + [label]).map(\.zh), forKey: .path)
            try c.encode(level, forKey: .level)
            try c.encode(values, forKey: .values)
            try c.encode(isTotal, forKey: .isTotal)
            try c.encode(amounts, forKey: .amounts)
            try c.encode(marked, forKey: .marked)
        }
    }
    /// A ledger row the table could not count, with where it is and why.
    public struct Excluded: Sendable, Encodable, Hashable {
        public var location: String
        public var reason: Message

        enum CodingKeys: String, CodingKey { case location, reason }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(location, forKey: .location)
            try c.encode(reason.zh, forKey: .reason)
        }
    }
    public var id: String
    /// The part of the report (二、主动公开政府信息情况); table 二's blocks share it.
    public var title: Message
    /// The block's heading row, the 条例's item (第二十条第（一）项), for table 二's blocks.
    public var heading: Message?
    /// The top-left cell over the row labels (信息内容, or table 三's 勾稽关系 note); nil for a table without row labels (四).
    public var corner: Message?
    public var columns: [Message]
    /// The merged headings above each column, outermost first (申请人情况, 法人或其他组织); empty, or one entry per column.
    public var columnParents: [[Message]] = []
    public var rows: [Row]
    public var notes: [Message]
    /// Rows left out of the table: invalid ledger rows and rows that cannot be classified. Never dropped silently.
    public var excluded: [Excluded] = []

    public init(
        id: String, title: Message, heading: Message? = nil, corner: Message? = Message("信息内容", "Item"), columns: [Message], columnParents: [[Message]] = [],
        rows: [Row], notes: [Message], excluded: [Excluded] = []
    ) {
        self.id = id
        self.title = title
        self.heading = heading
        self.corner = corner
        self.columns = columns
        self.columnParents = columnParents
        self.rows = rows
        self.notes = notes
        self.excluded = excluded
    }

    /// A column's heading under its merged parents, each once (a parent given twice spans two heading rows).
    public func columnPath(_ i: Int) -> [Message] {
        let stack = (i < columnParents.count ? columnParents[i] : []) + [columns[i]]
        return stack.enumerated().filter { $0.offset == 0 || stack[$0.offset - 1] != $0.element }.map(\.element)
    }

    /// JSON is language-neutral: the format's Chinese wording, as before English labels existed.
    enum CodingKeys: String, CodingKey { case id, title, heading, corner, columns, columnPaths, rows, notes, excluded }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title.zh, forKey: .title)
        try c.encodeIfPresent(heading?.zh, forKey: .heading)
        try c.encodeIfPresent(corner?.zh, forKey: .corner)
        try c.encode(columns.map(\.zh), forKey: .columns)
        // Each column heading under its merged parents (申请人情况 › 法人或其他组织 › 商业企业).
        try c.encode(columns.indices.map { columnPath($0).map(\.zh) }, forKey: .columnPaths)
        try c.encode(rows, forKey: .rows)
        try c.encode(notes.map(\.zh), forKey: .notes)
        try c.encode(excluded, forKey: .excluded)
    }
}

/// 信息处理费 (国办函〔2020〕109号) over the report year: notices sent, amounts noticed and collected, from the request ledger.
public struct FeeStatement: Sendable, Encodable, Hashable {
    /// Fee notices sent in the year.
    public var notices: Int
    /// Their amounts, in 元.
    public var amountNoticed: Double
    /// Notices paid (payment dated in the year).
    public var paid: Int
    /// The amounts paid, in 元.
    public var amountCollected: Double
    /// Requests closed in the year because the fee was not paid in the notice's period (其他处理 2).
    public var closedUnpaid: Int

    public static let none = FeeStatement(notices: 0, amountNoticed: 0, paid: 0, amountCollected: 0, closedUnpaid: 0)

    /// Two departments' statements as one (the government's consolidated report).
    public func adding(_ o: FeeStatement) -> FeeStatement {
        FeeStatement(
            notices: notices + o.notices, amountNoticed: amountNoticed + o.amountNoticed, paid: paid + o.paid,
            amountCollected: amountCollected + o.amountCollected, closedUnpaid: closedUnpaid + o.closedUnpaid)
    }
}

/// The statistics tables of the national annual report format, from the evidence ledgers.
/// Reports on 2019 and 2020 use the trial format (国办公开办函〔2019〕60号), later ones 国办公开办函〔2021〕30号.
///
/// Table 三 balances by construction: every request row that counts in 一 or 二 is either in one leaf of 三 or in 四,
/// so per column 一 + 二 = （七） + 四, 总计 = the six applicant columns and （七） = the sum of the leaves. A row that
/// cannot be placed (an outcome that fits no leaf of the year's format) is left out of every row of its column, the
/// column's cells of 一/二 are marked, and the row is listed with its location in `excluded` and `problems`.
public struct AnnualStatistics: Sendable, Encodable {
    public var year: Int
    public var format: Message
    public var agency: String
    public var tables: [StatTable]
    /// Ledger rows that could not be classified (unknown outcome or applicant type), by request number.
    public var unclassified: [String]
    /// Everything that keeps a table from being complete, with its location: the command exits 1 when it is not empty.
    public var problems: [Message]
    public var fees: FeeStatement

    enum CodingKeys: String, CodingKey { case year, format, agency, tables, unclassified, problems, fees }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(format.zh, forKey: .format)
        try c.encode(agency, forKey: .agency)
        try c.encode(tables, forKey: .tables)
        try c.encode(unclassified, forKey: .unclassified)
        try c.encode(problems.map(\.zh), forKey: .problems)
        try c.encode(fees, forKey: .fees)
    }

    /// The applicant types a ledger's 申请人类型 may hold, in the format's column order.
    public static let applicantColumns = StatLabel.applicantColumns.map(\.zh)

    /// (label, outcome key) of the leaf rows under each （n） of 三、本年度办理结果; the key is the Chinese leaf a ledger's
    /// `outcome` names (`不予公开-属于国家秘密`), an empty label a （n） without sub-items.
    package static func outcomeTree(year: Int) -> [(Message, [(Message, String)])] {
        func numbered(_ group: String, _ reasons: [Message]) -> [(Message, String)] {
            reasons.enumerated().map { i, r in (Message("\(i + 1).\(r.zh)", "\(i + 1). \(r.en)"), "\(group)-\(r.zh)") }
        }
        let single = Message("", "")
        return [
            (StatLabel.disclosed, [(single, "予以公开")]),
            (StatLabel.partly, [(single, "部分公开")]),
            (StatLabel.refused, numbered("不予公开", StatLabel.refusalReasons)),
            (StatLabel.unavailable, numbered("无法提供", StatLabel.unavailableReasons)),
            (StatLabel.notProcessed, numbered("不予处理", StatLabel.notProcessedReasons)),
            (StatLabel.otherHandling, year >= 2021 ? numbered("其他处理", StatLabel.otherHandlingReasons2021) : [(single, "其他处理")]),
        ]
    }

    static let otherLeaves2021 = StatLabel.otherHandlingReasons2021.map(\.zh)

    /// The outcomes either year's format names (its groups and leaves): the only outcome texts a message may quote.
    static let outcomeLabels: Set<String> = Set(
        [2020, 2021].flatMap { year in outcomeTree(year: year).flatMap { group in group.1.map(\.1) + [String(group.1[0].1.prefix { $0 != "-" })] } })

    /// The leaf a request closed by the applicant's silence counts under.
    static func closureKey(_ c: RequestDeadlineCheck.Closure, year: Int) -> String {
        guard year >= 2021 else { return "其他处理" }
        return "其他处理-" + otherLeaves2021[c == .notCorrected ? 0 : 1]
    }

    /// Maps a ledger's `outcome` text to a leaf key: `不予公开-保护第三方合法权益`, or just `予以公开`. The format's own
    /// words are read as offices write them: the leaf alone (本机关不掌握相关政府信息), with its parent and number
    /// (（四）无法提供 1.本机关不掌握相关政府信息), and a short form that names one leaf only (不掌握, 国家秘密).
    static func outcomeKey(_ raw: String, leaves: Set<String>) -> String? {
        var text = raw.replacingOccurrences(of: "－", with: "-").replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "/", with: "-")
            .replacingOccurrences(of: "：", with: "-").replacingOccurrences(of: ":", with: "-").filter { !$0.isWhitespace }
        if leaves.contains(text) { return text }
        // The format's numbering: （四）, 四、, 1. in front of a parent or a leaf.
        if let re = try? NSRegularExpression(pattern: "[（(][一二三四五六七][）)]|[一二三四五六七]、|(?<![0-9])[0-9][.．、]") {
            text = re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "-")
            text = text.split(separator: "-").joined(separator: "-")
        }
        if leaves.contains(text) { return text }
        let unquoted = { (s: String) in
            s.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "").replacingOccurrences(of: "\"", with: "")
        }
        let bare = unquoted(text)
        // The leaf alone, or the parent and leaf written without a separator.
        if let leaf = leaves.first(where: { key in
            let label = unquoted(String(key.split(separator: "-", maxSplits: 1).last ?? ""))
            return key.contains("-") && (bare == label || bare == unquoted(key).replacingOccurrences(of: "-", with: ""))
        }) {
            return leaf
        }
        // A short form that only one leaf contains.
        if bare.count >= 2, !bare.contains("-") {
            let matching = leaves.filter { $0.contains("-") && unquoted($0).contains(bare) }
            if matching.count == 1 { return matching.first }
        }
        text = bare
        // A sub-reason written with its number or without quotes: match by containment.
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let candidates = leaves.filter { $0.hasPrefix(parts[0] + "-") }
        let wanted = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "0123456789.．、")).replacingOccurrences(of: "\"", with: "")
        return candidates.first {
            $0.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "").contains(
                wanted.replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: ""))
        }
    }

    /// Load problems of a ledger type, as rows a table lists under it.
    static func invalidRows(_ e: Evaluation, type: String) -> [StatTable.Excluded] {
        e.evidence.issues.filter { $0.recordType == type }
            .map { StatTable.Excluded(location: $0.location.description, reason: Message("无效记录，未计入：", "an invalid record, not counted: ") + $0.message) }
    }

    public static func compute(_ e: Evaluation, year: Int) -> AnnualStatistics {
        var problems: [Message] = []
        var unclassified: [String] = []
        var tables = activeTables(e, year: year)
        let (requests, fees) = requestTable(e, year: year, unclassified: &unclassified)
        tables.append(requests)
        tables.append(reviewTable(e, year: year))
        for t in tables {
            problems += t.excluded.map { Message("\(t.title.zh)：\($0.location)：\($0.reason.zh)", "\(t.title.en): \($0.location): \($0.reason.en)") }
        }
        // The identities are checked on every table written, not only in tests: a violation is a defect, never printed as if fine.
        problems += requests.identityViolations().map {
            Message("\(requests.title.zh)：统计恒等式不成立：\($0.zh)", "\(requests.title.en): an identity of the format does not hold: \($0.en)")
        }
        return AnnualStatistics(
            year: year, format: StatLabel.format(year: year),
            agency: e.agency, tables: tables, unclassified: unclassified, problems: problems, fees: fees)
    }

    // MARK: 二、主动公开政府信息情况

    static func activeTables(_ e: Evaluation, year: Int) -> [StatTable] {
        let start = Day.firstOf(year: year)
        let end = Day.lastOf(year: year)
        let inYear = DayRange(start, end)
        let docs = e.evidence.records(ofType: "normative-document")
        let issued = docs.filter { $0.day("issued_on").map(inYear.contains) ?? false }.count
        let abolished = docs.filter { $0.day("abolished_on").map(inYear.contains) ?? false }.count
        // In force on 31 December: issued by then and not abolished by then.
        let inForce = docs.filter { d in
            guard let on = d.day("issued_on"), on <= end else { return false }
            if let gone = d.day("abolished_on") { return gone > end }
            return d.string("status") != "废止"
        }.count
        var activeNotes = [
            Message("规章：证据中没有相应台账，无法统计（以“—”表示），请据实填写。", "Rules: the evidence has no ledger of them, so they cannot be counted (shown as “—”); fill them in.")
        ]
        let undated = docs.filter { $0.string("status") == "废止" && $0.day("abolished_on") == nil }.map(\.label)
        if !undated.isEmpty {
            activeNotes.append(
                Message(
                    "以下文件标注“废止”但未填写废止日期（abolished_on），按已废止、不计入现行有效件数，也不计入本年废止件数：\(undated.joined(separator: "、"))",
                    "These documents are marked abolished without a day of abolition: counted as abolished, "
                        + "neither in force nor abolished this year: \(undated.joined(separator: ", "))"
                ))
        }
        if docs.isEmpty {
            activeNotes.append(Message("证据中没有规范性文件台账，规范性文件各栏无法统计。", "The evidence has no ledger of normative documents: their cells cannot be counted."))
        }
        let hasDocs = !docs.isEmpty
        let docRow: [Int?] = hasDocs ? (year >= 2021 ? [issued, abolished, inForce] : [issued, issued, inForce]) : [nil, nil, nil]
        var tables: [StatTable] = []
        tables.append(
            StatTable(
                id: "active", title: StatLabel.active, heading: StatLabel.article20("一", 1),
                columns: year >= 2021 ? StatLabel.documentColumns2021 : StatLabel.documentColumns2019,
                rows: [
                    .init(label: StatLabel.rules, level: 0, values: [nil, nil, nil], isTotal: false),
                    .init(label: year >= 2021 ? StatLabel.normativeDocuments2021 : StatLabel.normativeDocuments2019, level: 0, values: docRow, isTotal: false),
                ],
                notes: activeNotes, excluded: invalidRows(e, type: "normative-document")))

        // Decisions of the year, by kind: each record one decision unless it says how many (`count`).
        let decisions = e.evidence.records(ofType: "administrative-decision").filter { $0.day("decided_on").map(inYear.contains) ?? false }
        let hasDecisions = !e.evidence.records(ofType: "administrative-decision").isEmpty
        // A record's `kind` holds the format's Chinese label.
        func decided(_ kind: Message) -> Int? {
            hasDecisions ? decisions.filter { $0.string("kind") == kind.zh }.reduce(0) { $0 + ($1.integer("count") ?? 1) } : nil
        }
        let kinds =
            year >= 2021
            ? [StatLabel.licensing, StatLabel.penalties, StatLabel.compulsory]
            : [StatLabel.licensing, StatLabel.otherServices, StatLabel.penalties, StatLabel.compulsory]
        var decisionNotes: [Message] = []
        if !hasDecisions {
            decisionNotes.append(
                Message("证据中没有行政处理决定台账，处理决定数量无法统计（以“—”表示）。", "The evidence has no ledger of administrative decisions: they cannot be counted (shown as “—”)."))
        }
        if year < 2021 {
            decisionNotes.append(
                Message(
                    "上一年项目数量、本年增/减：证据中没有事项清单，无法统计（以“—”表示），请据实填写。",
                    "Items last year, increase/decrease: the evidence has no list of the items, so they cannot be counted (shown as “—”); fill them in."))
        }
        // 行政许可 (and in 2019 其他对外管理服务事项) under item (五); 行政处罚 and 行政强制 under item (六).
        let blocks: [(id: String, item: String, n: Int, kinds: [Message])] = [
            ("active-licensing", "五", 5, Array(kinds.prefix(kinds.count - 2))), ("active-enforcement", "六", 6, Array(kinds.suffix(2))),
        ]
        for (n, block) in blocks.enumerated() {
            tables.append(
                StatTable(
                    id: block.id, title: StatLabel.active, heading: StatLabel.article20(block.item, block.n),
                    columns: year >= 2021 ? [StatLabel.decisionsThisYear] : [StatLabel.itemsLastYear, StatLabel.change, StatLabel.decisions],
                    rows: block.kinds.map { k in .init(label: k, level: 0, values: year >= 2021 ? [decided(k)] : [nil, nil, decided(k)], isTotal: false) },
                    // The ledger's notes and invalid rows are said once, under the first block they concern.
                    notes: n == 0 ? decisionNotes : [], excluded: n == 0 ? invalidRows(e, type: "administrative-decision") : []))
        }

        let income = e.evidence.records(ofType: "fee-income")
        let incomeInYear = income.filter { $0.day("collected_on").map(inYear.contains) ?? false }
        let total: Double? = income.isEmpty ? nil : incomeInYear.reduce(0) { $0 + (amount($1.field("amount")) ?? 0) }
        if year >= 2021 {
            tables.append(
                StatTable(
                    id: "active-fees", title: StatLabel.active, heading: StatLabel.article20("八", 8), columns: [StatLabel.feesCollected],
                    rows: [.init(label: StatLabel.fees, level: 0, values: [nil], isTotal: false, amounts: [total])],
                    notes: income.isEmpty
                        ? [Message("证据中没有行政事业性收费台账，无法统计（以“—”表示）。", "The evidence has no ledger of administrative fees: they cannot be counted (shown as “—”).")]
                        : [],
                    excluded: invalidRows(e, type: "fee-income")))
        } else {
            tables.append(
                StatTable(
                    id: "active-fees", title: StatLabel.active, heading: StatLabel.article20("八", 8), columns: [StatLabel.itemsLastYear, StatLabel.change],
                    rows: [.init(label: StatLabel.fees, level: 0, values: [nil, nil], isTotal: false)],
                    notes: [
                        Message(
                            "上一年项目数量、本年增/减：证据中没有收费项目清单，无法统计（以“—”表示），请据实填写。",
                            "Items last year, increase/decrease: the evidence has no list of the fees, so they cannot be counted (shown as “—”); fill them in.")
                    ],
                    excluded: invalidRows(e, type: "fee-income")))
            let procurement = e.evidence.records(ofType: "government-procurement")
            let ofYear = procurement.filter { $0.day("contracted_on").map(inYear.contains) ?? false }
            let row: StatTable.Row =
                procurement.isEmpty
                ? .init(label: StatLabel.procurement, level: 0, values: [nil, nil], isTotal: false)
                : .init(
                    label: StatLabel.procurement, level: 0, values: [ofYear.count, nil], isTotal: false,
                    amounts: [nil, ofYear.reduce(0) { $0 + (amount($1.field("amount")) ?? 0) }])
            tables.append(
                StatTable(
                    id: "active-procurement", title: StatLabel.active, heading: StatLabel.article20("九", 9),
                    columns: [StatLabel.procurementProjects, StatLabel.procurementAmount],
                    rows: [row],
                    notes: procurement.isEmpty
                        ? [
                            Message(
                                "证据中没有政府集中采购台账，无法统计（以“—”表示）。",
                                "The evidence has no ledger of centralised government procurement: it cannot be counted (shown as “—”).")
                        ] : [],
                    excluded: invalidRows(e, type: "government-procurement")))
        }
        return tables
    }

    static func amount(_ value: FieldValue?) -> Double? {
        switch value {
        case .number(let n): n
        case .integer(let i): Double(i)
        default: nil
        }
    }

    // MARK: 三、收到和处理政府信息公开申请情况

    static func requestTable(_ e: Evaluation, year: Int, unclassified: inout [String]) -> (StatTable, FeeStatement) {
        let start = Day.firstOf(year: year)
        let end = Day.lastOf(year: year)
        let requests = e.evidence.records(ofType: "disclosure-request")
        let columns = StatLabel.applicantColumns + [StatLabel.total]
        let zero = Array(repeating: 0, count: 6)
        var newThisYear = zero
        var carriedIn = zero
        var carriedOut = zero
        var marked = Array(repeating: false, count: 7)
        var excluded = invalidRows(e, type: "disclosure-request")
        var fees = FeeStatement(notices: 0, amountNoticed: 0, paid: 0, amountCollected: 0, closedUnpaid: 0)
        let tree = outcomeTree(year: year)
        let leaves = Set(tree.flatMap { $0.1.map(\.1) })
        var outcomes: [String: [Int]] = [:]
        // Outcome texts repeat across a ledger: normalise each distinct one once.
        var commonOutcomes: [(raw: String, key: String?)] = []
        var outcomeKeys: [String: String?] = [:]
        func key(_ raw: String) -> String? {
            // A ledger mostly has a dozen distinct results: a byte comparison finds one without hashing Chinese text.
            if let known = commonOutcomes.first(where: { $0.raw.sameBytes(raw) }) { return known.key }
            if let known = outcomeKeys[raw] { return known }
            let k = outcomeKey(raw, leaves: leaves)
            if commonOutcomes.count < 32 { commonOutcomes.append((raw, k)) } else { outcomeKeys[raw] = .some(k) }
            return k
        }
        let asOf = min(e.asOf, end.adding(days: 1))
        // The outcome named by its title (“办理结果”（outcome）) in a problem, never by what a row holds.
        let outcomeField = e.types["disclosure-request"]?.fieldLabel("outcome") ?? Message("outcome", "outcome")
        // Each request's fields read once, by position (a 100,000-row ledger looked each up by name several times).
        var reader = RequestDeadlineCheck.requestReader()
        var others = FieldReader(["fee_amount", "applicant_type", "outcome"])
        // Applicant types repeat: compared as bytes first, which skips Unicode normalisation of the Chinese words.
        func column(_ type: String) -> Int? { applicantColumns.firstIndex { $0.sameBytes(type) } ?? applicantColumns.firstIndex(of: type) }
        for r in requests {
            let q = RequestDeadlineCheck.Request(r, &reader)
            let (fee, applicantType, outcome) = r.read(&others) { ($0(0), $0(1)?.display, $0(2)?.display) }
            if let notice = q.day(.feeNoticeOn), notice >= start, notice <= end {
                fees.notices += 1
                fees.amountNoticed += amount(fee) ?? 0
            }
            if let paid = q.day(.feePaidOn), paid >= start, paid <= end {
                fees.paid += 1
                fees.amountCollected += amount(fee) ?? 0
            }
            guard let received = q.day(.receivedOn), received <= end else { continue }
            let number = q.requestNo ?? r.id
            let answered = q.day(.answeredOn).flatMap { $0 <= end ? $0 : nil }
            // Closed by the applicant's silence (art. 30, the fee rules) on a day of the year: done, under （六）.
            var closure: (RequestDeadlineCheck.Closure, Day)?
            if let t = try? RequestDeadlineCheck.timing(of: q, .standard, calendar: e.calendar, asOf: asOf, explained: false),
                case .closed(let c, let on) = t.state, on <= end
            {
                closure = (c, on)
            }
            let doneOn = answered ?? closure?.1
            // Received before the year and done before it: neither carried in nor counted.
            if received < start, let doneOn, doneOn < start { continue }
            guard let col = applicantType.flatMap(column) else {
                unclassified.append(number)
                excluded.append(
                    .init(
                        location: r.location.description,
                        reason: Message("申请 \(number) 的申请人类型无法归类，未计入本表", "request \(number): the applicant type fits no column, not counted in this table")))
                continue
            }
            var leaf: String?
            if doneOn != nil {
                if answered != nil, let raw = outcome {
                    leaf = key(raw)
                } else if let closure {
                    leaf = closureKey(closure.0, year: year)
                }
                guard leaf != nil else {
                    unclassified.append(number)
                    // The request ledger's free text is never repeated (a name or a phone typed into the outcome would
                    // leave through the note): the row and the field are named, never what the cell holds.
                    let format = year >= 2021 ? Message("2021年版", "2021") : Message("2019年试行版", "2019 trial")
                    // Only a label of either year's format (a bare 其他处理 in 2021) is safe to quote.
                    let shown = outcome.flatMap { Self.outcomeLabels.contains($0) ? "“\($0)”" : nil } ?? ""
                    let what =
                        outcome == nil
                        ? Message("为空", "is empty")
                        : Message("\(shown)不属于\(format.zh)格式的任何一项", "\(shown.isEmpty ? "" : shown + " ")is no item of the \(format.en) format")
                    excluded.append(
                        .init(
                            location: r.location.description,
                            reason: Message(
                                "申请 \(number) 的\(outcomeField.zh)\(what.zh)，已计入“一/二”，未计入办理结果（该列“（七）总计”已标注*）",
                                "request \(number): its \(outcomeField.en) \(what.en); "
                                    + "counted in items I/II, not in the results (total (7) of its column is marked *)"
                            )))
                    marked[col] = true
                    marked[6] = true
                    // Received is a fact whatever the outcome: 一/二 count it; no result can.
                    if received >= start { newThisYear[col] += 1 } else { carriedIn[col] += 1 }
                    continue
                }
            }
            if received >= start { newThisYear[col] += 1 } else { carriedIn[col] += 1 }
            if let leaf { outcomes[leaf, default: zero][col] += 1 } else { carriedOut[col] += 1 }
            if closure?.0 == .feeUnpaid && answered == nil { fees.closedUnpaid += 1 }
        }
        func row(_ label: Message, _ parents: [Message], _ v: [Int], total: Bool = false, marks: [Bool] = []) -> StatTable.Row {
            .init(label: label, level: parents.count, values: v.map { $0 } + [v.reduce(0, +)], isTotal: total, marked: marks, parents: parents)
        }
        func add(_ a: [Int], _ b: [Int]) -> [Int] { zip(a, b).map { $0 + $1 } }
        // 一 and 二 count every request; the results miss those whose outcome fits no item: （七） is marked in their columns.
        let resultMarks = marked.contains(true) ? marked : []
        let results = [StatLabel.results]
        var rows: [StatTable.Row] = [row(StatLabel.newRequests, [], newThisYear), row(StatLabel.carriedIn, [], carriedIn)]
        var grand = zero
        // 三、本年度办理结果 and （三）–（六） are merged labels over their items: the format gives them no figures.
        for (label, subs) in tree {
            let sum = subs.reduce(zero) { add($0, outcomes[$1.1] ?? zero) }
            grand = add(grand, sum)
            if subs.count == 1 && subs[0].0.zh.isEmpty {
                rows.append(row(label, results, sum))
            } else {
                for (subLabel, key) in subs { rows.append(row(subLabel, results + [label], outcomes[key] ?? zero)) }
            }
        }
        rows.append(row(StatLabel.grandTotal, results, grand, total: true, marks: resultMarks))
        rows.append(row(StatLabel.carriedOut, [], carriedOut))
        var notes: [Message] = []
        if requests.isEmpty {
            notes.append(Message("证据中没有政府信息公开申请台账，本表各栏按“未收到申请”计为 0。", "The evidence has no ledger of requests: every cell counts as 0 (no request received)."))
        }
        if !unclassified.isEmpty {
            notes.append(
                Message(
                    "以下申请无法归类，未计入办理结果（标 * 的栏因此不完整）：\(unclassified.joined(separator: "、"))",
                    "These requests cannot be classified and are in no result of this table (the cells marked * are incomplete): "
                        + unclassified.joined(separator: ", ")
                ))
        }
        if !excluded.isEmpty {
            notes.append(
                Message(
                    "未计入本表的台账行共 \(excluded.count) 行，逐行列于表下。",
                    "\(excluded.count) ledger \(excluded.count == 1 ? "row is" : "rows are") not counted in this table; each is listed below it."))
        }
        if fees.notices > 0 || fees.paid > 0 {
            notes.append(
                Message(
                    String(
                        format: "信息处理费（国办函〔2020〕109号）：本年发出收费通知 %d 件，金额 %.2f 元；缴费 %d 件，实收 %.2f 元；逾期未缴费视为放弃申请 %d 件。",
                        fees.notices, fees.amountNoticed, fees.paid, fees.amountCollected, fees.closedUnpaid),
                    "Information processing fees (Guo Ban Han [2020] No. 109): \(fees.notices) fee \(fees.notices == 1 ? "notice" : "notices") sent this year, "
                        + String(format: "%.2f yuan; %d paid, %.2f yuan collected; ", fees.amountNoticed, fees.paid, fees.amountCollected)
                        + "\(fees.closedUnpaid) \(fees.closedUnpaid == 1 ? "request" : "requests") treated as withdrawn for want of payment."))
        }
        let organisations = [StatLabel.applicants, StatLabel.organisations]
        let columnParents = columns.indices.map { i in i == 0 || i == columns.count - 1 ? [StatLabel.applicants] : organisations }
        return (
            StatTable(
                id: "requests", title: StatLabel.requests, corner: StatLabel.requestsCorner, columns: columns, columnParents: columnParents, rows: rows,
                notes: notes, excluded: excluded), fees
        )
    }

    // MARK: 四、政府信息公开行政复议、行政诉讼情况

    static func reviewTable(_ e: Evaluation, year: Int) -> StatTable {
        let start = Day.firstOf(year: year)
        let end = Day.lastOf(year: year)
        let all = e.evidence.records(ofType: "review-case")
        let results = StatLabel.reviewResults.map(\.zh)
        var counts: [String: [Int]] = [:]
        var notes: [Message] = []
        var excluded = invalidRows(e, type: "review-case")
        var undated: [String] = []
        for c in all {
            // Filed after the year: not a case of this report at all.
            guard let filed = c.day("filed_on"), filed <= end, let kind = c.string("kind") else { continue }
            let number = c.string("case_no") ?? c.id
            var result = c.string("result") ?? "尚未审结"
            if let decided = c.day("decided_on") {
                if decided < start { continue }
                if decided > end {
                    result = "尚未审结"
                } else if result == "尚未审结" {
                    excluded.append(
                        .init(
                            location: c.location.description,
                            reason: Message(
                                "案件 \(number) 有审结日期 \(decided) 却标注“尚未审结”，未计入本表",
                                "case \(number) was concluded on \(decided) but is marked not yet concluded: not counted in this table")))
                    continue
                }
            } else if result != "尚未审结" {
                // A result without its day: counted in the year it was filed, as the ledger says no more.
                guard filed >= start else { continue }
                undated.append(number)
            }
            guard let i = results.firstIndex(of: result) else { continue }
            counts[kind, default: [0, 0, 0, 0]][i] += 1
        }
        if !undated.isEmpty {
            notes.append(
                Message(
                    "以下案件未填写审结日期（decided_on），按立案年度计入其结果：\(undated.joined(separator: "、"))",
                    "These cases have no day of conclusion and count with their result in the year they were filed: \(undated.joined(separator: ", "))"))
        }
        let anyCases = !all.isEmpty
        if !anyCases {
            notes.append(
                Message(
                    "证据中没有行政复议、行政诉讼台账，无法统计；如确无案件，请填 0。",
                    "The evidence has no ledger of reconsideration and litigation cases: they cannot be counted; if there were none, fill in 0."))
        }
        // One row of 15 figures, as the format prints it: 行政复议 | 行政诉讼 {未经复议直接起诉, 复议后起诉}, each over the results.
        let kinds: [(String, [Message])] = [
            ("行政复议", [StatLabel.reconsideration, StatLabel.reconsideration]), ("行政诉讼-未经复议", [StatLabel.litigation, StatLabel.direct]),
            ("行政诉讼-复议后", [StatLabel.litigation, StatLabel.afterReconsideration]),
        ]
        let results5 = StatLabel.reviewResults + [StatLabel.total]
        let values: [Int?] = kinds.flatMap { kind, _ -> [Int?] in
            let v = counts[kind] ?? [0, 0, 0, 0]
            return anyCases ? v + [v.reduce(0, +)] : Array(repeating: nil, count: 5)
        }
        return StatTable(
            id: "review", title: StatLabel.review, corner: nil, columns: kinds.flatMap { _ in results5 },
            columnParents: kinds.flatMap { _, parents in Array(repeating: parents, count: results5.count) },
            rows: [.init(label: StatLabel.cases, level: 0, values: values, isTotal: false)], notes: notes, excluded: excluded)
    }
}

extension StatTable {
    /// The national format's identities on table 三, as text for each that fails: per column 一 + 二 = （七） + 四,
    /// 总计 = the six applicant columns on every row, and （七） = the sum of the leaf rows. Empty for any other table.
    public func identityViolations() -> [Message] {
        guard id == "requests", let last = columns.indices.last else { return [] }
        var out: [Message] = []
        func cell(_ r: Row, _ c: Int) -> Int { c < r.values.count ? r.values[c] ?? 0 : 0 }
        for r in rows where !r.values.isEmpty {
            let parts = (0..<last).reduce(0) { $0 + cell(r, $1) }
            if cell(r, last) != parts {
                out.append(
                    Message(
                        "“\(r.label.zh)”行的总计\(cell(r, last))不等于各类申请人之和\(parts)",
                        "row “\(r.label.en)”: the total \(cell(r, last)) is not the sum of the applicant columns, \(parts)"))
            }
        }
        func row(_ prefix: String) -> Row? { rows.first { $0.label.zh.hasPrefix(prefix) } }
        guard let new = row("一、"), let carried = row("二、"), let total = row("（七）"), let out4 = row("四、") else {
            return [Message("缺少一、二、（七）或四行", "row I, II, (7) or IV is missing")]
        }
        // Leaves: every result row under 三、 but （七）, the total.
        let leaves = rows.filter { !$0.parents.isEmpty && !$0.isTotal }
        for c in columns.indices {
            // A column whose results miss a request (marked *) is named among the problems already.
            if c < total.marked.count, total.marked[c] { continue }
            let (a, b, x, y) = (cell(new, c), cell(carried, c), cell(total, c), cell(out4, c))
            if a + b != x + y {
                out.append(
                    Message(
                        "“\(columns[c].zh)”列：新收\(a)加结转\(b)不等于办结\(x)加结转下年\(y)",
                        "column “\(columns[c].en)”: \(a) new plus \(b) carried over is not \(x) handled plus \(y) carried to next year"))
            }
            let leafSum = leaves.reduce(0) { $0 + cell($1, c) }
            if leafSum != x {
                out.append(
                    Message(
                        "“\(columns[c].zh)”列：（七）总计\(x)不等于各项办理结果之和\(leafSum)",
                        "column “\(columns[c].en)”: total (7), \(x), is not the sum of the results, \(leafSum)"))
            }
        }
        return out
    }
}
