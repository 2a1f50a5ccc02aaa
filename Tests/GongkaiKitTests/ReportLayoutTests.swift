import Foundation
import Testing
import XlsxWriter

@testable import GongkaiChecks

/// Widths and heights the workbooks compute (libxlsxwriter cannot autofit), and the words the 检查 sheet shows.
@Suite struct ReportLayoutTests {
    @Test(arguments: [("abc", 3), ("政务公开", 8), ("第 1 页", 7), ("（一）", 6), ("", 0), ("“六稳”", 8)])
    func displayWidth(_ text: String, _ expected: Int) {
        #expect(TextMetrics.displayWidth(text) == expected)
    }

    @Test func wrappedLines() {
        // 40 CJK characters are 80 columns: about three lines in a 36-wide column, one in a 100-wide one.
        let text = String(repeating: "公开", count: 20)
        #expect(TextMetrics.lines(text, columnWidth: 100) == 1)
        #expect(TextMetrics.lines(text, columnWidth: 36) == 3)
        #expect(TextMetrics.lines("一\n二\n三", columnWidth: 50) == 3, "each paragraph starts a line")
        #expect(TextMetrics.lines("", columnWidth: 10) == 1)
        // A Latin word is not broken unless longer than a line.
        #expect(TextMetrics.lines("aaaa bbbb", columnWidth: 7) == 2)
        #expect(TextMetrics.rowHeight(lines: 3) > 3 * 15)
        #expect(TextMetrics.rowHeight(lines: 1000) == 409, "Excel's highest row")
    }

    @Test func columnWidth() {
        #expect(TextMetrics.columnWidth(["政务公开工作"]) == 14)
        #expect(TextMetrics.columnWidth(["a"], min: 8) == 8)
        #expect(TextMetrics.columnWidth([String(repeating: "长", count: 100)], max: 40) == 40)
        #expect(TextMetrics.columnWidth(["短\n很长很长很长"]) == 14, "the widest line counts")
    }

    @Test func headerText() {
        #expect(PageSetup.escaped("A&B") == "A&&B", "an ampersand is not read as a header code")
        #expect(PageSetup.escaped(String(repeating: "局", count: 100)).utf8.count <= 80)
    }

    @Test func checkParametersInChinese() throws {
        let task10 = try #require(plan2020.tasks.first { $0.no == 10 })
        let text = CheckLabels.parameters(try #require(task10.checks.first), types: rules.types, lang: .zh)
        #expect(text == "证据类型：培训学习、政策解读；每个负责科室：是")
        let en = CheckLabels.parameters(try #require(task10.checks.first), types: rules.types, lang: .en)
        #expect(en == "evidence types: training, policy interpretation; each responsible department: yes")
        #expect(CheckLabels.kindName("evidence", .zh) == "工作证据")
    }
}
