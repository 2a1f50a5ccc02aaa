import Foundation
import Testing

@testable import GongkaiChecks
@testable import GongkaiCore
@testable import GongkaiEvaluation

/// A bad record makes `error` only the checks that could have selected it.
@Suite struct ErrorScopeTests {
    func errorTasks(_ bad: String) throws -> (Set<Int>, Int) {
        let folder = try makeFolder([
            "公开/publications.yaml": """
            - {id: P1, type: publication, department: 办公室, tasks: [2], title: 机构职能目录, published_on: 2020-05-01, channel: 局网站}
            \(bad)

            """
        ])
        let evaluation = try Pipeline(rules: rules).run(folder: folder, options: .init(asOf: day("2021-03-01")))
        return (Set(evaluation.tasks.filter { $0.status == .error }.map(\.task.no)), evaluation.errors.count)
    }

    /// issue 14: a mistyped department on a record linked only to task 3 made ten tasks `error`.
    @Test func aBadRecordLinkedToOneTaskTouchesOnlyChecksThatCouldSelectIt() throws {
        let (tasks, errors) = try errorTasks("- {id: P9, type: publication, department: 审批课, tasks: [3], title: 某公示, published_on: 2020-05-01, channel: 局网站}")
        #expect(errors >= 1)
        // Task 18's 20-working-day deadline reads every publication; task 3 has no publication check, the other
        // publication checks (tasks 1, 2, …) read only records linked to them.
        #expect(tasks == [18])
    }

    @Test func unreadableTasksReachEveryLinkedCheckOfTheType() throws {
        let (tasks, _) = try errorTasks("- {id: P9, type: publication, department: 办公室, tasks: [3, x], title: 某公示, published_on: 2020-05-01, channel: 局网站}")
        #expect(tasks.isSuperset(of: [1, 2, 18]))
    }

    @Test func scopeByTypeAndTask() {
        let at = SourceLocation(file: "x.yaml", line: 1)
        let linked3 = LoadIssue(at, Message("", ""), recordType: "publication", tasks: [3])
        let unreadable = LoadIssue(at, Message("", ""), recordType: "publication", tasks: [], tasksUnreadable: true)
        let untyped = LoadIssue(at, Message("", ""), recordType: nil, tasks: [5])
        let all = [linked3, unreadable, untyped]
        #expect(CheckContext.affecting(all, types: ["publication"], task: 3) == [linked3, unreadable])
        #expect(CheckContext.affecting(all, types: ["publication"], task: 5) == [unreadable])
        #expect(CheckContext.affecting(all, types: ["publication"], task: nil) == [linked3, unreadable])
        #expect(CheckContext.affecting(all, types: ["training"], task: 5).isEmpty)
    }
}
