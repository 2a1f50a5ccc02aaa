import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// load → evaluate: the one place that runs a self-check top to bottom.
public struct Pipeline: Sendable {
    public var rules: Rules
    public var version: String

    public init(rules: Rules, version: String = Gongkai.version) {
        self.rules = rules
        self.version = version
    }

    public struct Options: Sendable {
        public var asOf: Day?
        public var cacheDirectory: URL?
        /// A plan named on the command line (`--plan-file`), instead of the one gongkai.yaml names.
        public var planFile: URL?
        /// A fixed creation day (`--created`) for reproducible outputs, instead of now.
        public var created: Day?
        /// A previous JSON report (`--baseline`) to compare against; its finding messages are matched in `lang`.
        public var baseline: Baseline?
        public var lang: Lang
        /// Timings and the cell dump, when a benchmark asks for them.
        public var diagnostics: Diagnostics?
        public init(
            asOf: Day? = nil, cacheDirectory: URL? = nil, planFile: URL? = nil, created: Day? = nil, baseline: Baseline? = nil, lang: Lang = .zh,
            diagnostics: Diagnostics? = nil
        ) {
            self.diagnostics = diagnostics
            self.asOf = asOf
            self.cacheDirectory = cacheDirectory
            self.planFile = planFile
            self.created = created
            self.baseline = baseline
            self.lang = lang
        }
    }

    /// The plan an evidence folder names, with its config.
    public func loadPlan(folder: URL, planFile: URL? = nil) throws(GongkaiError) -> (FolderConfig, Plan, [LoadIssue]) {
        let config = try FolderConfig.load(root: folder)
        var url: URL
        if let planFile { url = planFile } else { url = try config.planURL(root: folder, rules: rules) }
        let display = url.path.hasPrefix(rules.root.path + "/") ? "Rules/" + url.path.dropFirst(rules.root.path.count + 1) : url.path
        let (plan, issues) = try PlanLoader.load(url: url, displayName: display)
        if let office = config.disclosureOffice, !plan.departments.contains(office.name) {
            throw GongkaiError(
                Message("gongkai.yaml 中 disclosure_office 不是计划中的单位", "gongkai.yaml: disclosure_office is not one of the plan's units"),
                issues: [
                    LoadIssue(
                        office.location,
                        Message(
                            "“\(office.name)”不在计划的单位中（\(plan.departments.joined(separator: "、"))）",
                            "'\(office.name)' is not one of the plan's units (\(plan.departments.joined(separator: ", ")))"))
                ])
        }
        // The 条例's duties hold whatever the plan says.
        return (config, StatutoryBaseline.apply(to: plan, office: config.disclosureOffice?.name), issues)
    }

    public func run(folder: URL, options: Options = Options()) throws(GongkaiError) -> Evaluation {
        let (config, plan, planIssues) = try loadPlan(folder: folder, planFile: options.planFile)
        let asOf = options.asOf ?? Day.today(timeZone: config.timeZone)
        let (waivers, waiverIssues) = Waiver.load(root: folder, plan: plan, asOf: asOf)
        if !waiverIssues.isEmpty {
            throw GongkaiError(Message("waivers.yaml 无效，未进行评估", "waivers.yaml is invalid; nothing was evaluated"), issues: waiverIssues)
        }
        let calendar = try config.calendar(over: rules.calendar, root: folder)
        let cache = try options.cacheDirectory.map { (url) throws(GongkaiError) in try HashCache(directory: url) }
        var clock = PhaseClock()
        // git runs beside the load: it waits on its own process, not on a core.
        let git = GitInfo.Pending(folder)
        let loaded = EvidenceLoader(root: folder, config: config, types: rules.types, plan: plan, hashCache: cache, diagnostics: options.diagnostics).load()
        cache?.save()
        clock.lap("load")
        // Every report reads the evaluation's evidence: cut once here, they all see the as-of day's facts only.
        var evidence = loaded.asOf(asOf)
        clock.lap("as-of")
        if config.disclosureOffice == nil, case (let office?, true) = StatutoryBaseline.office(of: plan),
            plan.tasks.contains(where: { $0.statutory != nil && $0.responsible == [office] })
        {
            // The owner of the 条例's duties found by a unit's name: said, with how to name the office instead.
            evidence.notes.append(
                LoadIssue(
                    SourceLocation(file: FolderConfig.fileName),
                    Message(
                        "条例规定的职责（任务 901–903）暂由“\(office)”负责：计划中没有名称含“办公”的单位；如政府信息公开工作机构是别的单位，在 gongkai.yaml 中写 disclosure_office: 单位名",
                        "the 条例's duties (tasks 901–903) are given to '\(office)': no unit of the plan is named as an office (办公); "
                            + "if the disclosure office is another unit, write disclosure_office: UNIT in gongkai.yaml")))
        }
        let tasks = Evaluator.evaluate(plan: plan, cut: evidence, calendar: calendar, asOf: asOf, waivers: waivers, types: rules.types)
        clock.lap("evaluate")
        let gitInfo = git.result()
        clock.lap("git")
        options.diagnostics?.record(clock.phases)
        let provenance = Provenance(
            tool: "gongkai", version: version, planFile: plan.file, planSHA256: plan.sha256,
            gitCommit: gitInfo?.commit, gitDirty: gitInfo?.dirty,
            generatedAt: options.created.map { "\($0)T00:00:00Z" } ?? ISO8601DateFormatter().string(from: Date()))
        let comparison = options.baseline.map {
            BaselineComparison.compare(tasks: tasks, errors: evidence.issues + planIssues, with: $0, lang: options.lang)
        }
        return Evaluation(
            plan: plan, agency: config.agency ?? plan.agency, asOf: asOf, tasks: tasks, evidence: evidence,
            planIssues: planIssues, waiverIssues: waiverIssues, provenance: provenance, types: rules.types, calendar: calendar,
            baseline: comparison, contact: config.contact)
    }
}

public enum Gongkai {
    public static let version = "0.1.0"
}

/// The evidence folder's git commit and whether its tree has uncommitted changes.
enum GitInfo {
    static func describe(_ folder: URL) -> (commit: String, dirty: Bool)? {
        guard let commit = run(["-C", folder.path, "rev-parse", "HEAD"], in: folder)?.trimmingCharacters(in: .whitespacesAndNewlines),
            commit.count == 40
        else { return nil }
        let status = run(["-C", folder.path, "status", "--porcelain", "--", "."], in: folder) ?? ""
        return (commit, !status.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// `describe` started now on another thread, its result waited for later.
    final class Pending: @unchecked Sendable {
        private var value: (commit: String, dirty: Bool)?
        private let done = DispatchSemaphore(value: 0)
        init(_ folder: URL) {
            // A thread of its own: one of dispatch's workers blocked on git would leave the load a core short.
            let thread = Thread {
                self.value = GitInfo.describe(folder)
                self.done.signal()
            }
            thread.start()
        }
        func result() -> (commit: String, dirty: Bool)? {
            done.wait()
            done.signal()
            return value
        }
    }

    static func run(_ args: [String], in folder: URL) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        // waitUntilExit polls the run loop every 50 ms on Linux; the termination handler fires as soon as the child exits.
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        exited.wait()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
