import Foundation
import Testing

@testable import GongkaiEvaluation
@testable import GongkaiReports

/// `rollup`'s annual-report column and the `report` check choose the year's report by one rule.
@Suite struct AnnualReportChoiceTests {
    /// Three reports: the previous year's, published first; the plan year's; a second one of the plan year, later.
    /// Both must pick the plan year's first, and agree on its date.
    @Test func rollupAndReportCheckChooseTheSameReport() throws {
        let folder = try makeFolder([
            "年度报告/report.txt": "2020年政府信息公开工作年度报告",
            "年度报告/annual-report.yaml": """
            - {id: R-2020-again, type: annual-report, department: 办公室, title: 年度报告, year: 2020, published_on: 2021-01-28, file: 年度报告/report.txt}
            - {id: R-2020, type: annual-report, department: 办公室, title: 年度报告, year: 2020, published_on: 2021-01-20, file: 年度报告/report.txt}
            - {id: R-2019, type: annual-report, department: 办公室, title: 年度报告, year: 2019, published_on: 2021-01-05, file: 年度报告/report.txt}
            """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let e = try Pipeline(rules: rules).run(folder: folder, options: .init(asOf: day("2021-02-01")))
        let check = try #require(e.tasks.first { $0.task.no == 32 }?.checks.first { $0.check.kind == "report" })
        #expect(check.outcome.evidence == ["R-2020"], "\(check.outcome.message.en)")
        let chosen = try #require(e.evidence.records.first { $0.id == check.outcome.evidence.first })
        #expect(Rollup.Entry(folder: folder.path, evaluation: e).annualReport == chosen.date)
        #expect(chosen.date == day("2021-01-20"))
    }
}
