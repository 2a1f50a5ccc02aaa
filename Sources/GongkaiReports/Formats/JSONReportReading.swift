import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiEvidence

extension Baseline {
    /// A previous JSON report, read through the types that wrote it.
    public static func load(_ url: URL) throws(GongkaiError) -> Baseline {
        guard let report = JSONReport.read(url) else {
            throw GongkaiError(Message("基线 \(url.path) 不是 gongkai 的 JSON 报告", "baseline \(url.path) is not a gongkai JSON report"))
        }
        var problems: [String: Set<String>] = [:]
        var messages: [String: String] = [:]
        for t in report.tasks {
            for c in t.checks where c.status == Status.fail.rawValue || c.status == Status.error.rawValue {
                problems[c.name] = Set(c.findings.map { $0.record ?? $0.message })
                messages[c.name] = c.message
            }
        }
        let errors = Set(report.errors.map { "\($0.file):\($0.message)" })
        return Baseline(problems: problems, errors: errors, messages: messages)
    }
}

/// Re-checks a JSON report's manifest against an evidence folder: every file present with the same size
/// and SHA-256, and the plan file's digest, so an auditor can trust a report later.
public enum ReportVerifier {
    public struct Mismatch: Sendable, Hashable {
        public var path: String
        public var problem: Message
    }

    public static func verify(report: URL, folder: URL, rules: Rules?) throws(GongkaiError) -> (checked: Int, mismatches: [Mismatch]) {
        guard let json = JSONReport.read(report) else {
            throw GongkaiError(
                Message("\(report.path) 不是 gongkai 的 JSON 报告（缺少 evidence.manifest）", "\(report.path) is not a gongkai JSON report (no evidence.manifest)"))
        }
        var mismatches: [Mismatch] = []
        let manifest = json.evidence.manifest
        for entry in manifest {
            let (path, sha) = (entry.path, entry.sha256)
            // As `check` reads them: only regular files inside the folder, never one that could make the run wait.
            let digest = FolderListing.regularFile(path, in: folder).flatMap(HashCache.sha256(ofRegularFile:))
            switch digest {
            case .failure(.missing):
                mismatches.append(Mismatch(path: path, problem: Message("文件已不存在", "the file no longer exists")))
            case .failure(let p):
                mismatches.append(Mismatch(path: path, problem: Message("未核对：", "not verified: ") + p.text))
            case .success(let actual) where actual != sha:
                mismatches.append(Mismatch(path: path, problem: Message("SHA-256 不符：报告为 \(sha)，现为 \(actual)", "SHA-256 differs: report \(sha), now \(actual)")))
            case .success: break
            }
        }
        if let rules {
            let (planFile, planSHA) = (json.planFile, json.planSha256)
            let digest =
                planFile.hasPrefix("Rules/")
                ? FolderListing.regularFile(String(planFile.dropFirst(6)), in: rules.root).flatMap(HashCache.sha256(ofRegularFile:))
                : HashCache.sha256(ofRegularFile: planFile)
            switch digest {
            case .success(let actual) where actual != planSHA:
                mismatches.append(
                    Mismatch(path: planFile, problem: Message("计划文件已改变：报告为 \(planSHA)，现为 \(actual)", "the plan file changed: report \(planSHA), now \(actual)"))
                )
            case .failure(let p) where p.isNotRegular:
                mismatches.append(Mismatch(path: planFile, problem: Message("计划文件未核对：", "the plan file was not verified: ") + p.text))
            default: break
            }
        }
        return (manifest.count, mismatches)
    }
}
