import Testing

@testable import GongkaiCore
@testable import GongkaiReports

/// The annual report's pieces that the end-to-end tests cannot reach with real evidence: an unbalanced table, grids.
@Suite struct AnnualReportTests {
    /// Table 三 for one applicant column and 总计, the 2019 format's rows.
    static func requests(new: Int, carried: Int, open: Int, refused: Int, out: Int, total: Int? = nil) -> AnnualStatistics {
        func row(_ label: String, _ parents: [Message], _ v: Int, _ isTotal: Bool = false) -> StatTable.Row {
            .init(label: Message(label, label), level: parents.count, values: [v, total ?? v], isTotal: isTotal, parents: parents)
        }
        let results = [StatLabel.results]
        let rows: [StatTable.Row] = [
            row("一、本年新收政府信息公开申请数量", [], new), row("二、上年结转政府信息公开申请数量", [], carried),
            row("（一）予以公开", results, open), row("1.属于国家秘密", results + [StatLabel.refused], refused),
            row("（七）总计", results, open + refused, true), row("四、结转下年度继续办理", [], out),
        ]
        return AnnualStatistics(
            year: 2020, format: StatLabel.format(year: 2020), agency: "测试局",
            tables: [
                StatTable(
                    id: "requests", title: StatLabel.requests, corner: StatLabel.requestsCorner, columns: [StatLabel.applicantColumns[0], StatLabel.total],
                    columnParents: [[StatLabel.applicants], [StatLabel.applicants]], rows: rows, notes: [])
            ],
            unclassified: [], problems: [], fees: .none)
    }

    @Test func balancedTablesHaveNoViolations() {
        #expect(Self.requests(new: 5, carried: 1, open: 3, refused: 2, out: 1).identityViolations.isEmpty)
    }

    @Test func eachBrokenIdentityIsNamed() {
        // 5 + 1 ≠ 3 + 2 + 0: the carry-over identity fails in both columns.
        let carry = Self.requests(new: 5, carried: 1, open: 3, refused: 2, out: 0).identityViolations
        #expect(carry.count == 2 && carry.allSatisfy { $0.zh.contains("新收5加结转1不等于办结5加结转下年0") })
        // A 总计 that is not the sum of the applicant columns.
        let total = Self.requests(new: 5, carried: 1, open: 3, refused: 2, out: 1, total: 9).identityViolations
        #expect(total.contains { $0.zh.contains("“一、本年新收政府信息公开申请数量”行的总计9") })
    }

    @Test func rollupSumsCellByCellAndRefusesOtherLayouts() throws {
        let a = Self.requests(new: 5, carried: 1, open: 3, refused: 2, out: 1)
        let b = Self.requests(new: 2, carried: 0, open: 2, refused: 0, out: 0)
        let sum = try #require(a.adding(b))
        #expect(sum.tables[0].rows[0].values == [7, 7] && sum.identityViolations.isEmpty)
        var other = b
        other.tables[0].rows.removeLast()
        #expect(a.adding(other) == nil)
    }

    @Test func requestTableFitsItsGridWithMergedHeaders() {
        let t = AnnualReportTables.table(Self.requests(new: 5, carried: 1, open: 3, refused: 2, out: 1).tables[0])
        #expect(t.malformedRows.isEmpty && t.columnWidths.count == 5 && t.headerRows == 2)
        // 三、本年度办理结果 merges down （一）, 1.属于国家秘密 and （七）; （三）'s subtotal is a merged label, not a row.
        #expect(t.rows.count == 2 + 6)
        #expect(t.rowSpan(row: 4, gridColumn: 0) == 3 && t.cell(row: 4, gridColumn: 0)?.text == "三、本年度办理结果")
        #expect(t.cell(row: 5, gridColumn: 1)?.text == "（三）不予公开" && t.cell(row: 5, gridColumn: 2)?.text == "1.属于国家秘密")
    }

    @Test func proseHasChineseDatesAndNoLedgerNames() {
        #expect(ReportProse.clean("证据中没有台账（disclosure-request），已于 2021-03-05 补报") == "证据中没有台账，已于 2021年3月5日 补报")
        #expect(ReportProse.clean("肇商务〔2019〕12号未报主管部门备案（缺 filed_on）", titles: ["filed_on": "备案日期"]) == "肇商务〔2019〕12号未报主管部门备案（缺 备案日期）")
        #expect(ReportProse.clean("无网站日常巡查记录 (网站/website-check-2020.csv:12)") == "无网站日常巡查记录")
    }
}
