import Foundation
import GongkaiCore
import GongkaiEvaluation

/// JUnit XML: one test case per check, named `task-N/ID`; fail → failure, error → error,
/// pending, waived and not-applicable → skipped with the reason.
public struct JUnitReport: ReportWriter {
    public init() {}

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var suites: [String] = []
        var total = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for section in e.plan.sections {
            let results = e.tasks.filter { $0.task.sectionNo == section.no }
            var cases: [String] = []
            var c = (tests: 0, failures: 0, errors: 0, skipped: 0)
            for t in results {
                for r in t.checks {
                    c.tests += 1
                    let name = r.check.stableName(task: t.task.no)
                    var body = ""
                    let detail = ([r.outcome.message(lang)] + e.findingLines(r, lang)).joined(separator: "\n")
                    switch r.status {
                    case .fail:
                        c.failures += 1
                        body = "<failure message=\"\(Markup.escaped(r.outcome.message(lang)))\" type=\"\(r.check.kind)\">\(Markup.escaped(detail))</failure>"
                    case .error:
                        c.errors += 1
                        body = "<error message=\"\(Markup.escaped(r.outcome.message(lang)))\" type=\"\(r.check.kind)\">\(Markup.escaped(detail))</error>"
                    case .pending, .waived, .notApplicable:
                        c.skipped += 1
                        body = "<skipped message=\"\(Markup.escaped(r.status.text(lang) + "：" + r.outcome.message(lang)))\"/>"
                    case .pass:
                        break
                    }
                    if r.waiverExpired {
                        body +=
                            "<system-out>\(Markup.escaped(lang == .zh ? "豁免已于 \(r.waiver!.expires) 到期" : "waiver expired \(r.waiver!.expires)"))</system-out>"
                    }
                    cases.append(
                        "    <testcase classname=\"\(Markup.escaped(e.plan.id)).task-\(t.task.no)\" name=\"\(Markup.escaped(name))\" file=\"\(Markup.escaped(r.check.location.file))\" line=\"\(r.check.location.line ?? 0)\">\(body)</testcase>"
                    )
                }
            }
            total.tests += c.tests
            total.failures += c.failures
            total.errors += c.errors
            total.skipped += c.skipped
            suites.append(
                "  <testsuite name=\"\(Markup.escaped(section.label))\" tests=\"\(c.tests)\" failures=\"\(c.failures)\" errors=\"\(c.errors)\" skipped=\"\(c.skipped)\" timestamp=\"\(e.provenance.generatedAt)\">\n"
                    + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        // Input errors are failures of their own: nothing is skipped silently.
        var inputCases: [String] = []
        for (i, issue) in e.errors.enumerated() {
            inputCases.append(
                "    <testcase classname=\"\(Markup.escaped(e.plan.id)).input\" name=\"input/\(Markup.escaped(issue.location.description))#\(i + 1)\" file=\"\(Markup.escaped(issue.location.file))\" line=\"\(issue.location.line ?? 0)\"><error message=\"\(Markup.escaped(issue.message(lang)))\" type=\"input\"/></testcase>"
            )
        }
        if e.evidence.records.isEmpty {
            inputCases.append(
                "    <testcase classname=\"\(Markup.escaped(e.plan.id)).input\" name=\"input/no-records\"><error message=\"\(Markup.escaped(lang == .zh ? "证据目录中没有任何有效记录" : "the evidence folder holds no valid record"))\" type=\"input\"/></testcase>"
            )
        }
        if !inputCases.isEmpty {
            total.tests += inputCases.count
            total.errors += inputCases.count
            suites.append(
                "  <testsuite name=\"input\" tests=\"\(inputCases.count)\" failures=\"0\" errors=\"\(inputCases.count)\" skipped=\"0\" timestamp=\"\(e.provenance.generatedAt)\">\n"
                    + inputCases.joined(separator: "\n") + "\n  </testsuite>")
        }
        let head =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gongkai \(Markup.escaped(e.plan.id))\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"\(total.errors)\" skipped=\"\(total.skipped)\">\n"
        return Data((head + suites.joined(separator: "\n") + "\n</testsuites>\n").utf8)
    }
}
