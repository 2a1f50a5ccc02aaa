import Foundation
import GongkaiCore
import GongkaiEvaluation

/// The report formats `check` writes; each has one writer type.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, junit, sarif, github, markdown, html

    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .junit: "junit.xml"
        case .sarif: "sarif"
        case .github: "github.txt"
        case .markdown: "md"
        case .html: "html"
        }
    }

    /// `outputDirectory`: where the report is saved, for the HTML page's relative links to evidence files.
    public func writer(colour: Bool = false, outputDirectory: URL? = nil) -> any ReportWriter {
        switch self {
        case .text: TextReport(colour: colour)
        case .json: JSONReport()
        case .junit: JUnitReport()
        case .sarif: SARIFReport()
        case .github: GitHubReport()
        case .markdown: MarkdownReport()
        case .html: HTMLReport(outputDirectory: outputDirectory)
        }
    }
}

/// Turns an evaluation into bytes.
public protocol ReportWriter: Sendable {
    func render(_ evaluation: Evaluation, lang: Lang) throws -> Data
}

extension Evaluation {
    /// Text of a check result's findings, each with its place.
    func findingLines(_ c: CheckResult, _ lang: Lang) -> [String] {
        c.outcome.findings.map { f in
            var s = f.text(lang)
            if let d = f.department { s += lang == .zh ? "［\(d)］" : " [\(d)]" }
            if let loc = f.location { s += " (\(loc))" }
            if let p = f.provisional { s += lang == .zh ? "［\(p.zh)］" : " [\(p.en)]" }
            return s
        }
    }
}
