import Foundation

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
                    let name = "task-\(t.task.no)/\(r.check.id)"
                    var body = ""
                    let detail = ([r.outcome.message(lang)] + e.findingLines(r, lang)).joined(separator: "\n")
                    switch r.status {
                    case .fail:
                        c.failures += 1
                        body = "<failure message=\"\(xml(r.outcome.message(lang)))\" type=\"\(r.check.kind)\">\(xml(detail))</failure>"
                    case .error:
                        c.errors += 1
                        body = "<error message=\"\(xml(r.outcome.message(lang)))\" type=\"\(r.check.kind)\">\(xml(detail))</error>"
                    case .pending, .waived, .notApplicable:
                        c.skipped += 1
                        body = "<skipped message=\"\(xml(r.status.text(lang) + "：" + r.outcome.message(lang)))\"/>"
                    case .pass:
                        break
                    }
                    if r.waiverExpired {
                        body += "<system-out>\(xml(lang == .zh ? "豁免已于 \(r.waiver!.expires) 到期" : "waiver expired \(r.waiver!.expires)"))</system-out>"
                    }
                    cases.append(
                        "    <testcase classname=\"\(xml(e.plan.id)).task-\(t.task.no)\" name=\"\(xml(name))\" file=\"\(xml(r.check.location.file))\" line=\"\(r.check.location.line ?? 0)\">\(body)</testcase>"
                    )
                }
            }
            total.tests += c.tests
            total.failures += c.failures
            total.errors += c.errors
            total.skipped += c.skipped
            suites.append(
                "  <testsuite name=\"\(xml(section.label))\" tests=\"\(c.tests)\" failures=\"\(c.failures)\" errors=\"\(c.errors)\" skipped=\"\(c.skipped)\" timestamp=\"\(e.provenance.generatedAt)\">\n"
                    + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        // Input errors are failures of their own: nothing is skipped silently.
        var inputCases: [String] = []
        for (i, issue) in e.errors.enumerated() {
            inputCases.append(
                "    <testcase classname=\"\(xml(e.plan.id)).input\" name=\"input/\(xml(issue.location.description))#\(i + 1)\" file=\"\(xml(issue.location.file))\" line=\"\(issue.location.line ?? 0)\"><error message=\"\(xml(issue.message(lang)))\" type=\"input\"/></testcase>"
            )
        }
        if e.evidence.records.isEmpty {
            inputCases.append(
                "    <testcase classname=\"\(xml(e.plan.id)).input\" name=\"input/no-records\"><error message=\"\(xml(lang == .zh ? "证据目录中没有任何有效记录" : "the evidence folder holds no valid record"))\" type=\"input\"/></testcase>"
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
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gongkai \(xml(e.plan.id))\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"\(total.errors)\" skipped=\"\(total.skipped)\">\n"
        return Data((head + suites.joined(separator: "\n") + "\n</testsuites>\n").utf8)
    }
}

/// XML text and attribute escaping; drops characters XML 1.0 forbids.
func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
