import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation

/// SARIF 2.1.0: one result per failing or erroring check, at the evidence record when one is at fault,
/// otherwise at the plan file and the task's line; rule metadata from the check kinds. The log is built from the
/// `Encodable` shapes below, the subset of SARIF's schema gongkai writes.
public struct SARIFReport: ReportWriter {
    public init() {}

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var rules = CheckRegistry.kinds.map { k in Rule(id: k.id, short: k.name(lang), full: k.rationale(lang)) }
        rules.append(
            Rule(
                id: Self.inputError, short: lang == .zh ? "证据输入错误" : "invalid evidence input",
                full: lang == .zh
                    ? "证据文件无法读取或不符合类型定义；该文件以外的证据均已评估。"
                    : "An evidence file could not be read or does not fit its type; everything else was evaluated."))
        let ruleIndex = Dictionary(uniqueKeysWithValues: CheckRegistry.kinds.enumerated().map { ($1.id, $0) })
        var results: [Result] = []
        for t in e.tasks {
            for c in t.checks where c.status == .fail || c.status == .error || c.waiverExpired {
                let located = c.outcome.findings.compactMap(\.location)
                let locations = located.isEmpty ? [SourceLocation(file: c.check.location.file, line: t.task.location.line)] : Array(located.prefix(10))
                let name = c.check.stableName(task: t.task.no)
                let owners = t.task.owners.joined(separator: "、")
                let text = "\(name) [\(c.status.text(lang))] \(c.outcome.message(lang))" + (lang == .zh ? "（责任：\(owners)）" : " (owner: \(owners))")
                results.append(
                    Result(
                        ruleId: c.check.kind, ruleIndex: ruleIndex[c.check.kind], message: Text(text), locations: locations.map(Location.init),
                        partialFingerprints: ["gongkaiCheck/v1": name],
                        properties: ResultProperties(task: t.task.no, check: c.check.id, status: c.status.rawValue, owners: t.task.owners)))
            }
        }
        for issue in e.errors {
            results.append(
                Result(
                    ruleId: Self.inputError, ruleIndex: CheckRegistry.kinds.count, message: Text(issue.message(lang)),
                    locations: [Location(issue.location)]))
        }
        let run = Run(
            tool: Tool(driver: Driver(name: "gongkai", version: e.provenance.version, informationUri: "https://example.invalid/gongkai", rules: rules)),
            results: results,
            invocations: [
                Invocation(executionSuccessful: true, properties: ["asOf": e.asOf.description, "plan": e.plan.id, "planSha256": e.plan.sha256])
            ])
        return try JSONReport.encoder.encode(Log(runs: [run])) + Data("\n".utf8)
    }

    static let inputError = "input-error"

    static func uri(_ path: String) -> String {
        let allowed = CharacterSet.urlPathAllowed
        // Masked before encoding: once encoded, a name's last byte (`%9C`) sits glued to the digits after it.
        let masked = Redaction.mask(path)
        let encoded = masked.addingPercentEncoding(withAllowedCharacters: allowed) ?? masked
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    // MARK: SARIF's shapes

    private struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    private struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
    }

    private struct Tool: Encodable { var driver: Driver }

    private struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [Rule]
    }

    private struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var defaultConfiguration = Configuration(level: "error")
        init(id: String, short: String, full: String) {
            self.id = id
            name = id
            shortDescription = Text(short)
            fullDescription = Text(full)
        }
    }

    private struct Configuration: Encodable { var level: String }

    private struct Text: Encodable {
        var text: String
        init(_ text: String) { self.text = text }
    }

    private struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level = "error"
        var kind = "fail"
        var message: Text
        var locations: [Location]
        var partialFingerprints: [String: String]? = nil
        var properties: ResultProperties? = nil
    }

    private struct ResultProperties: Encodable {
        var task: Int
        var check: String
        var status: String
        var owners: [String]
    }

    private struct Invocation: Encodable {
        var executionSuccessful: Bool
        var properties: [String: String]
    }

    private struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        init(_ l: SourceLocation) {
            let line = l.line.flatMap { $0 > 0 ? $0 : nil }
            physicalLocation = PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: SARIFReport.uri(l.file)),
                region: line.map { Region(startLine: $0, startColumn: l.column.flatMap { $0 > 0 ? $0 : nil }) })
        }
    }

    private struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    private struct ArtifactLocation: Encodable { var uri: String }

    private struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
    }
}
