import Foundation
import Testing

@testable import GongkaiEvaluation
@testable import GongkaiReports

/// The annual report's tables: every outcome of both formats, cell by cell; the identities on random ledgers.
@Suite struct StatisticsTests {
    static let notDisclosed = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
    static let cannot = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
    static let refused = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"]
    static let other2021 = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]

    static func leaves(_ year: Int) -> [String] {
        ["予以公开", "部分公开"] + notDisclosed.map { "不予公开-\($0)" } + cannot.map { "无法提供-\($0)" } + refused.map { "不予处理-\($0)" }
            + (year >= 2021 ? other2021.map { "其他处理-\($0)" } : ["其他处理"])
    }

    static let header =
        "request_no,received_on,applicant_type,answered_on,outcome,correction_requested_on,correction_deadline,fee_notice_on,fee_paid_on,fee_amount"

    /// Leaf i answered for applicant column i % 6; two carried in, one carried out, one withdrawn for want of completion
    /// (column 2), one for an unpaid fee (column 3), one done the year before and one received the year after.
    static func everyOutcome(_ y: Int) -> [String] {
        let columns = AnnualStatistics.applicantColumns
        var rows = [header]
        for (i, leaf) in leaves(y).enumerated() {
            let received = day("\(y)-03-02").adding(days: i * 3)
            let fee = i == 0 ? "\(received.adding(days: 1)),\(received.adding(days: 2)),300" : ",,"
            rows.append("L\(i),\(received),\(columns[i % 6]),\(received.adding(days: 5)),\(leaf),,,\(fee)")
        }
        rows += [
            "C1,\(y - 1)-12-21,自然人,\(y)-01-11,予以公开,,,,,", "C2,\(y - 1)-12-22,自然人,\(y)-01-12,予以公开,,,,,",
            "O1,\(y)-12-21,商业企业,,,,,,,",
            "X1,\(y)-06-01,科研机构,,,\(y)-06-02,\(y)-06-20,,,",
            "F1,\(y)-07-01,社会公益组织,,,,,\(y)-07-03,,500",
            "P1,\(y - 1)-03-02,自然人,\(y - 1)-03-10,予以公开,,,,,", "N1,\(y + 1)-01-05,自然人,,,,,,,",
        ]
        return rows
    }

    static func statistics(_ files: [String: String], year: Int) throws -> AnnualStatistics {
        let folder = try makeFolder(files)
        let evaluation = try Pipeline(rules: rules).run(folder: folder, options: .init(asOf: day("\(year + 1)-03-01")))
        return AnnualStatistics.compute(evaluation, year: year)
    }

    static func values(_ t: StatTable) -> [[Int]] { t.rows.filter { !$0.values.isEmpty }.map { $0.values.map { $0 ?? -1 } } }

    @Test func everyOutcomeOfThe2021Format() throws {
        let stats = try Self.statistics(["依申请公开/disclosure-request.csv": Self.everyOutcome(2021).joined(separator: "\n") + "\n"], year: 2021)
        let table = try #require(stats.tables.first { $0.id == "requests" })
        #expect(
            Self.values(table) == [
                [4, 5, 5, 4, 3, 3, 24], [2, 0, 0, 0, 0, 0, 2],
                [3, 0, 0, 0, 0, 0, 3], [0, 1, 0, 0, 0, 0, 1],
                [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1],
                [1, 0, 0, 0, 0, 0, 1], [0, 1, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1],
                [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1], [1, 0, 0, 0, 0, 0, 1],
                [0, 1, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1],
                [1, 0, 1, 0, 0, 0, 2], [0, 1, 0, 1, 0, 0, 2], [0, 0, 1, 0, 0, 0, 1],
                [6, 4, 5, 4, 3, 3, 25], [0, 1, 0, 0, 0, 0, 1],
            ])
        #expect(table.identityViolations().isEmpty)
        #expect(stats.problems.isEmpty, "\(stats.problems)")
        #expect(stats.fees == FeeStatement(notices: 2, amountNoticed: 800, paid: 1, amountCollected: 300, closedUnpaid: 1))
    }

    @Test func everyOutcomeOfThe2019Format() throws {
        let stats = try Self.statistics(["依申请公开/disclosure-request.csv": Self.everyOutcome(2020).joined(separator: "\n") + "\n"], year: 2020)
        let table = try #require(stats.tables.first { $0.id == "requests" })
        #expect(
            Self.values(table) == [
                [4, 4, 4, 4, 3, 3, 22], [2, 0, 0, 0, 0, 0, 2],
                [3, 0, 0, 0, 0, 0, 3], [0, 1, 0, 0, 0, 0, 1],
                [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1],
                [1, 0, 0, 0, 0, 0, 1], [0, 1, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1],
                [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1], [1, 0, 0, 0, 0, 0, 1],
                [0, 1, 0, 0, 0, 0, 1], [0, 0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 1, 1],
                [1, 0, 1, 1, 0, 0, 3],
                [6, 3, 4, 4, 3, 3, 23], [0, 1, 0, 0, 0, 0, 1],
            ])
        #expect(stats.problems.isEmpty, "\(stats.problems)")
    }

    /// A bare 其他处理 in a 2021 ledger, 答复完毕, and an invalid row: each named with its location; the two received
    /// requests counted in 一 (received is a fact whatever the outcome), not in the results, whose （七） is marked *.
    @Test func unclassifiableAndInvalidRowsAreListedNotCounted() throws {
        let rows = [
            Self.header, "A1,2021-03-01,自然人,2021-03-10,予以公开,,,,,", "A2,2021-03-02,商业企业,2021-03-10,其他处理,,,,,",
            "A3,2021-03-03,自然人,2021-03-10,答复完毕,,,,,", "A4,2021-13-45,自然人,2021-03-10,予以公开,,,,,",
        ]
        let stats = try Self.statistics(["依申请公开/disclosure-request.csv": rows.joined(separator: "\n") + "\n"], year: 2021)
        let table = try #require(stats.tables.first { $0.id == "requests" })
        #expect(Self.values(table)[0] == [2, 1, 0, 0, 0, 0, 3])
        let total = try #require(table.rows.first { $0.label.zh == "（七）总计" })
        #expect(total.values == [1, 0, 0, 0, 0, 0, 1])
        #expect(table.identityViolations().isEmpty)
        #expect(table.excluded.count == 3)
        #expect(table.excluded.contains { $0.location.hasSuffix("disclosure-request.csv:3") && $0.reason.zh.contains("“其他处理”") })
        // An outcome that is no label of either format is named by its row and field, never quoted (issue 26).
        #expect(
            table.excluded.contains {
                $0.location.hasSuffix("disclosure-request.csv:4") && $0.reason.zh.contains("“办理结果”（outcome）不属于") && !$0.reason.zh.contains("答复完毕")
            })
        #expect(!stats.problems.contains { $0.zh.contains("答复完毕") || $0.en.contains("答复完毕") })
        #expect(table.excluded.contains { $0.location.contains("disclosure-request.csv:5") })
        #expect(stats.problems.count == 3)
        #expect(table.rows[0].marked.isEmpty && total.marked == [true, true, false, false, false, false, true])
        #expect(stats.markdown().contains("| 一、本年新收政府信息公开申请数量 |  |  | 2 | 1 | 0 |"))
        #expect(stats.markdown().contains("|  | （七）总计 |  | 1* | 0* | 0 | 0 | 0 | 0 | 1* |"))
        #expect(stats.markdown().contains("未计入本表的台账行"))
    }

    @Test func documentsInForceOn31December() throws {
        let docs = [
            "doc_no,title,issued_on,abolished_on", "A,甲,2021-03-01,", "B,乙,2020-05-01,2021-06-01", "C,丙,2019-01-01,2022-02-01",
            "D,丁,2022-01-05,", "E,戊,2021-08-01,2021-11-01",
        ]
        let stats = try Self.statistics(["规范性文件/normative-document.csv": docs.joined(separator: "\n") + "\n"], year: 2021)
        let active = try #require(stats.tables.first { $0.id == "active" })
        #expect(active.rows[1].values == [2, 2, 2])
    }

    @Test func reviewCasesByFilingAndDecision() throws {
        let cases = [
            "case_no,kind,filed_on,decided_on,result", "R1,行政复议,2021-02-01,2021-05-01,结果维持", "R2,行政复议,2021-11-01,2022-01-10,结果纠正",
            "R3,行政诉讼-未经复议,2020-06-01,2021-03-01,其他结果", "R4,行政诉讼-复议后,2022-01-02,,尚未审结",
            "R5,行政复议,2020-01-01,2020-05-01,结果维持", "R6,行政诉讼-复议后,2021-04-01,,尚未审结",
        ]
        let stats = try Self.statistics(["复议诉讼/review-case.csv": cases.joined(separator: "\n") + "\n"], year: 2021)
        let review = try #require(stats.tables.first { $0.id == "review" })
        // One row of 15, as the format prints it: 行政复议, then 行政诉讼 未经复议直接起诉 and 复议后起诉.
        #expect(Self.values(review) == [[1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]])
    }

    @Test func decisionsAndFeeIncome() throws {
        let decisions = ["kind,decided_on,count", "行政许可,2021-03-01,5", "行政处罚,2021-04-01,", "行政处罚,2022-01-01,"]
        let income = ["item,collected_on,amount", "证照工本费,2021-05-01,1.25", "证照工本费,2021-06-01,2.5", "证照工本费,2020-12-01,3"]
        let stats = try Self.statistics(
            [
                "处理决定/administrative-decision.csv": decisions.joined(separator: "\n") + "\n",
                "收费/fee-income.csv": income.joined(separator: "\n") + "\n",
            ], year: 2021)
        // 行政许可 under 第二十条第（五）项, 行政处罚 and 行政强制 under 第二十条第（六）项: two blocks, as the format prints them.
        let licensing = try #require(stats.tables.first { $0.id == "active-licensing" })
        let enforcement = try #require(stats.tables.first { $0.id == "active-enforcement" })
        #expect(Self.values(licensing) == [[5]] && Self.values(enforcement) == [[1], [0]])
        #expect(licensing.heading?.zh == "第二十条第（五）项" && enforcement.heading?.zh == "第二十条第（六）项")
        let f = try #require(stats.tables.first { $0.id == "active-fees" })
        #expect(f.rows[0].amounts == [3.75])
        #expect(f.rows[0].cell(0) == "3.75")
        // Without a ledger a cell stays "—" with its note.
        let none = try Self.statistics([:], year: 2021)
        let empty = try #require(none.tables.first { $0.id == "active-fees" })
        #expect(empty.rows[0].cell(0) == "—")
        #expect(empty.notes.contains { $0.zh.contains("行政事业性收费台账") })
        // The 2019 format has 其他对外管理服务事项 and 政府集中采购.
        let old = try Self.statistics([:], year: 2020)
        #expect(old.tables.first { $0.id == "active-licensing" }?.rows.map(\.label.zh) == ["行政许可", "其他对外管理服务事项"])
        #expect(old.tables.contains { $0.id == "active-procurement" })
    }

    /// Random ledgers of random outcomes (valid, bare, unknown), dates and fee/correction histories: the identities hold.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func identitiesHoldOnRandomLedgers(_ seed: UInt64) throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let year = 2020 + Int(seed % 2)
        let outcomes = Self.leaves(2021) + Self.leaves(2020) + ["答复完毕", "", "不予公开"]
        var rows = [Self.header]
        var inYear = Set<String>()
        for i in 0..<300 {
            let received = day("\(year - 1)-06-01").adding(days: next(800))
            if received.year == year { inYear.insert("R\(i)") }
            let answered = next(5) == 0 ? "" : received.adding(days: next(60)).description
            let correction = next(10) == 0 ? "\(received.adding(days: 2)),\(received.adding(days: 10 + next(30)))" : ","
            let fee = next(10) == 0 ? "\(received.adding(days: 3)),\(next(2) == 0 ? received.adding(days: 8).description : ""),\(next(900))" : ",,"
            rows.append("R\(i),\(received),\(AnnualStatistics.applicantColumns[next(6)]),\(answered),\(outcomes[next(outcomes.count)]),\(correction),\(fee)")
        }
        let stats = try Self.statistics(["依申请公开/disclosure-request.csv": rows.joined(separator: "\n") + "\n"], year: year)
        let table = try #require(stats.tables.first { $0.id == "requests" })
        #expect(table.identityViolations().isEmpty, "\(table.identityViolations())")
        #expect(!stats.problems.contains { $0.zh.contains("恒等式") })
        // Every request received in the year is counted in 一 or listed under the table as not counted in it, never dropped.
        let listed = table.excluded.filter { x in !x.reason.zh.contains("已计入“一/二”") && inYear.contains { x.reason.zh.hasPrefix("申请 \($0) ") } }.count
        #expect(Self.values(table)[0][6] + listed == inYear.count)
    }

    /// The identity check itself fails on a broken table (so the run-time assertion can fire).
    @Test func identityCheckCatchesABrokenTable() throws {
        let stats = try Self.statistics(["依申请公开/disclosure-request.csv": Self.everyOutcome(2021).joined(separator: "\n") + "\n"], year: 2021)
        var table = try #require(stats.tables.first { $0.id == "requests" })
        table.rows[0].values[0] = 5
        #expect(!table.identityViolations().isEmpty)
    }
}

/// The national format's own words are outcomes as offices write them (issue 25): the leaf alone, with its parent and
/// number, and a short form that names one leaf only.
@Suite struct OutcomeWordingTests {
    let leaves2021 = Set(StatisticsTests.leaves(2021))

    @Test(arguments: [
        ("本机关不掌握相关政府信息", "无法提供-本机关不掌握相关政府信息"),
        ("（四）无法提供 1.本机关不掌握相关政府信息", "无法提供-本机关不掌握相关政府信息"),
        ("无法提供本机关不掌握相关政府信息", "无法提供-本机关不掌握相关政府信息"),
        ("无法提供-本机关不掌握相关政府信息", "无法提供-本机关不掌握相关政府信息"),
        ("不掌握", "无法提供-本机关不掌握相关政府信息"),
        ("不予公开-国家秘密", "不予公开-属于国家秘密"),
        ("国家秘密", "不予公开-属于国家秘密"),
        ("重复申请", "不予处理-重复申请"),
        ("（三）不予公开 4.保护第三方合法权益", "不予公开-保护第三方合法权益"),
        ("予以公开", "予以公开"),
    ])
    func formatWords(raw: String, key: String) {
        #expect(AnnualStatistics.outcomeKey(raw, leaves: leaves2021) == key)
    }

    /// Words that name no single leaf stay unclassified: they are listed for the clerk, never guessed.
    @Test(arguments: ["已电话告知申请人", "公开", "信息"])
    func notGuessed(raw: String) {
        #expect(AnnualStatistics.outcomeKey(raw, leaves: leaves2021) == nil)
    }
}
