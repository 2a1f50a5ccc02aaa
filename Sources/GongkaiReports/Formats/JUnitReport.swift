import Foundation
import GongkaiCore
import GongkaiEvaluation

/// JUnit XML: one test case per check, named `task-N/ID`; fail → failure, error → error,
/// pending, waived and not-applicable → skipped with the reason.
public struct JUnitReport: ReportWriter {
    public init() {}

    private struct Counts {
        var tests = 0
        var failures = 0
        var errors = 0
        var skipped = 0

        mutating func add(_ other: Counts) {
            tests += other.tests
            failures += other.failures
            errors += other.errors
            skipped += other.skipped
        }

        var attributes: [(String, String)] {
            [("tests", "\(tests)"), ("failures", "\(failures)"), ("errors", "\(errors)"), ("skipped", "\(skipped)")]
        }
    }

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var suites: [String] = []
        var total = Counts()
        for section in e.plan.sections {
            var cases: [String] = []
            var c = Counts()
            for t in e.tasks where t.task.sectionNo == section.no {
                for r in t.checks {
                    c.tests += 1
                    let detail = ([r.outcome.message(lang)] + e.findingLines(r, lang)).joined(separator: "\n")
                    let message = r.outcome.message(lang)
                    var body = ""
                    switch r.status {
                    case .fail:
                        c.failures += 1
                        body = Self.element("failure", [("message", message), ("type", r.check.kind)], body: Markup.escaped(detail))
                    case .error:
                        c.errors += 1
                        body = Self.element("error", [("message", message), ("type", r.check.kind)], body: Markup.escaped(detail))
                    case .pending, .waived, .notApplicable:
                        c.skipped += 1
                        body = Self.element("skipped", [("message", r.status.text(lang) + "：" + message)])
                    case .pass:
                        break
                    }
                    if r.waiverExpired, let waiver = r.waiver {
                        let expired = lang == .zh ? "豁免已于 \(waiver.expires) 到期" : "waiver expired \(waiver.expires)"
                        body += "<system-out>\(Markup.escaped(expired))</system-out>"
                    }
                    let attributes = [
                        ("classname", "\(e.plan.id).task-\(t.task.no)"), ("name", r.check.stableName(task: t.task.no)),
                        ("file", r.check.location.file), ("line", "\(r.check.location.line ?? 0)"),
                    ]
                    cases.append("    " + Self.element("testcase", attributes, body: body))
                }
            }
            total.add(c)
            suites.append(Self.suite(section.label, c, generatedAt: e.provenance.generatedAt, cases: cases))
        }
        // Input errors are failures of their own: nothing is skipped silently.
        var inputCases: [String] = []
        for (i, issue) in e.errors.enumerated() {
            let attributes = [
                ("classname", "\(e.plan.id).input"), ("name", "input/\(issue.location.description)#\(i + 1)"), ("file", issue.location.file),
                ("line", "\(issue.location.line ?? 0)"),
            ]
            let error = Self.element("error", [("message", issue.message(lang)), ("type", "input")])
            inputCases.append("    " + Self.element("testcase", attributes, body: error))
        }
        if e.evidence.records.isEmpty {
            let none = lang == .zh ? "证据目录中没有任何有效记录" : "the evidence folder holds no valid record"
            let error = Self.element("error", [("message", none), ("type", "input")])
            inputCases.append("    " + Self.element("testcase", [("classname", "\(e.plan.id).input"), ("name", "input/no-records")], body: error))
        }
        if !inputCases.isEmpty {
            let c = Counts(tests: inputCases.count, errors: inputCases.count)
            total.add(c)
            suites.append(Self.suite("input", c, generatedAt: e.provenance.generatedAt, cases: inputCases))
        }
        let root = "<testsuites" + Self.attributes([("name", "gongkai \(e.plan.id)")] + total.attributes) + ">"
        return Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root + "\n" + suites.joined(separator: "\n") + "\n</testsuites>\n").utf8)
    }

    private static func suite(_ name: String, _ c: Counts, generatedAt: String, cases: [String]) -> String {
        "  <testsuite" + attributes([("name", name)] + c.attributes + [("timestamp", generatedAt)]) + ">\n" + cases.joined(separator: "\n")
            + "\n  </testsuite>"
    }

    /// ` a="v" b="w"`, every value escaped.
    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(Markup.escaped($0.1))\"" }.joined()
    }

    /// `<name a="v">body</name>`, or `<name a="v"/>` without a body; `body` is markup already.
    private static func element(_ name: String, _ pairs: [(String, String)], body: String? = nil) -> String {
        guard let body else { return "<\(name)\(attributes(pairs))/>" }
        return "<\(name)\(attributes(pairs))>\(body)</\(name)>"
    }
}
