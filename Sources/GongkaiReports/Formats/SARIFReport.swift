import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation

/// SARIF 2.1.0: one result per failing or erroring check, at the evidence record when one is at fault,
/// otherwise at the plan file and the task's line; rule metadata from the check kinds.
public struct SARIFReport: ReportWriter {
    public init() {}

    public func render(_ e: Evaluation, lang: Lang) throws -> Data {
        var rules: [JSONValue] = CheckRegistry.kinds.map { k in
            .object([
                ("id", .string(k.id)), ("name", .string(k.id)),
                ("shortDescription", .object([("text", .string(k.name(lang)))])),
                ("fullDescription", .object([("text", .string(k.rationale(lang)))])),
                ("defaultConfiguration", .object([("level", .string("error"))])),
            ])
        }
        rules.append(
            .object([
                ("id", .string("input-error")), ("name", .string("input-error")),
                ("shortDescription", .object([("text", .string(lang == .zh ? "证据输入错误" : "invalid evidence input"))])),
                (
                    "fullDescription",
                    .object([
                        (
                            "text",
                            .string(
                                lang == .zh
                                    ? "证据文件无法读取或不符合类型定义；该文件以外的证据均已评估。"
                                    : "An evidence file could not be read or does not fit its type; everything else was evaluated.")
                        )
                    ])
                ),
                ("defaultConfiguration", .object([("level", .string("error"))])),
            ]))
        let ruleIndex = Dictionary(uniqueKeysWithValues: CheckRegistry.kinds.enumerated().map { ($1.id, $0) })
        var results: [JSONValue] = []
        for t in e.tasks {
            for c in t.checks where c.status == .fail || c.status == .error || c.waiverExpired {
                let located = c.outcome.findings.filter { $0.location != nil }
                let locations: [SourceLocation] =
                    located.isEmpty ? [SourceLocation(file: c.check.location.file, line: t.task.location.line)] : located.prefix(10).map { $0.location! }
                let name = c.check.stableName(task: t.task.no)
                var text = "\(name) [\(c.status.text(lang))] \(c.outcome.message(lang))"
                let owners = t.task.owners.joined(separator: "、")
                text += lang == .zh ? "（责任：\(owners)）" : " (owner: \(owners))"
                var result: [(String, JSONValue)] = [("ruleId", .string(c.check.kind))]
                if let i = ruleIndex[c.check.kind] { result.append(("ruleIndex", .int(i))) }
                result += [
                    ("level", .string("error")),
                    ("kind", .string("fail")),
                    ("message", .object([("text", .string(text))])),
                    ("locations", .array(locations.map(Self.location))),
                    ("partialFingerprints", .object([("gongkaiCheck/v1", .string(name))])),
                    (
                        "properties",
                        .object([
                            ("task", .int(t.task.no)), ("check", .string(c.check.id)), ("status", .string(c.status.rawValue)),
                            ("owners", .array(t.task.owners.map { .string($0) })),
                        ])
                    ),
                ]
                results.append(.object(result))
            }
        }
        for issue in e.errors {
            results.append(
                .object([
                    ("ruleId", .string("input-error")), ("ruleIndex", .int(CheckRegistry.kinds.count)), ("level", .string("error")), ("kind", .string("fail")),
                    ("message", .object([("text", .string(issue.message(lang)))])),
                    ("locations", .array([Self.location(issue.location)])),
                ]))
        }
        let run: JSONValue = .object([
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string("gongkai")), ("version", .string(e.provenance.version)),
                            ("informationUri", .string("https://example.invalid/gongkai")), ("rules", .array(rules)),
                        ])
                    )
                ])
            ),
            ("results", .array(results)),
            (
                "invocations",
                .array([
                    .object([
                        ("executionSuccessful", .bool(true)),
                        ("properties", .object([("asOf", .string(e.asOf.description)), ("plan", .string(e.plan.id)), ("planSha256", .string(e.plan.sha256))])),
                    ])
                ])
            ),
        ])
        let log: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")), ("version", .string("2.1.0")), ("runs", .array([run])),
        ])
        return try JSONReport.encoder.encode(log) + Data("\n".utf8)
    }

    static func location(_ l: SourceLocation) -> JSONValue {
        var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(l.file)))]))]
        if let line = l.line, line > 0 {
            var region: [(String, JSONValue)] = [("startLine", .int(line))]
            if let col = l.column, col > 0 { region.append(("startColumn", .int(col))) }
            physical.append(("region", .object(region)))
        }
        return .object([("physicalLocation", .object(physical))])
    }

    static func uri(_ path: String) -> String {
        let allowed = CharacterSet.urlPathAllowed
        // Masked before encoding: once encoded, a name's last byte (`%9C`) sits glued to the digits after it.
        let masked = Redaction.mask(path)
        let encoded = masked.addingPercentEncoding(withAllowedCharacters: allowed) ?? masked
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
