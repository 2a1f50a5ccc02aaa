import Foundation
import GongkaiCore
import GongkaiPlan
import Yams

/// An accountable exception: a task (or one of its checks) waived for a reason, by someone, until a day.
public struct Waiver: Sendable, Hashable {
    public var task: Int
    public var check: String?
    public var reason: String
    public var approvedBy: String
    public var approvedOn: Day
    public var expires: Day
    public var location: SourceLocation

    public static let fileName = "waivers.yaml"

    static let keys: Set<String> = ["task", "check", "reason", "approved_by", "approved_on", "expires"]

    /// Loads `waivers.yaml`; any problem is fatal for the run (exit 2), before anything is evaluated. A waiver approved
    /// after `asOf` (the day of the check) is an error: nobody can have approved it yet. This is the one place that
    /// rule lives: the evaluator applies the waivers it is given.
    public static func load(root: URL, plan: Plan, asOf: Day) -> (waivers: [Waiver], issues: [LoadIssue]) {
        let url = root.appendingPathComponent(fileName)
        // lstat, never open: opening a FIFO would wait for a writer forever.
        var st = stat()
        guard lstat(url.path, &st) == 0 else { return ([], []) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            return (
                [],
                [
                    LoadIssue(
                        SourceLocation(file: fileName),
                        Message(
                            "waivers.yaml 不是普通文件（是目录、管道、设备或符号链接），未读取",
                            "waivers.yaml is not a regular file (a folder, FIFO, device or symlink); not read"))
                ]
            )
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return ([], [LoadIssue(SourceLocation(file: fileName), Message("无法读取 waivers.yaml", "cannot read waivers.yaml"))])
        }
        let text = TextDecoding.decode(data, declared: nil).text
        let node: Yams.Node?
        do { node = try YAMLSource.compose(text, file: fileName) } catch { return ([], [error]) }
        guard let node else { return ([], []) }
        guard let items = node.items ?? node[key: "waivers"]?.items else {
            return ([], [LoadIssue(node.location(in: fileName), Message("waivers.yaml 应为豁免列表", "waivers.yaml should be a list of waivers"))])
        }
        var out: [Waiver] = []
        var issues: [LoadIssue] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            let loc = item.location(in: fileName)
            var problems: [Message] = []
            guard let pairs = item.pairs else {
                issues.append(
                    LoadIssue(
                        loc,
                        Message(
                            "豁免应为映射（task、reason、approved_by、approved_on、expires）",
                            "a waiver should be a mapping (task, reason, approved_by, approved_on, expires)")))
                continue
            }
            for (key, keyNode, _) in pairs where !keys.contains(key) {
                issues.append(
                    LoadIssue(
                        keyNode.location(in: fileName),
                        Message(
                            "未知的键 '\(key)'（可用：\(keys.sorted().joined(separator: ", "))）",
                            "unknown key '\(key)' (expected \(keys.sorted().joined(separator: ", ")))")))
            }
            let taskNo = item[key: "task"]?.text.flatMap(Int.init)
            let task = taskNo.flatMap(plan.task)
            if taskNo == nil {
                problems.append(Message("缺少 task（任务编号）", "missing task (a task number)"))
            } else if task == nil {
                problems.append(Message("计划 \(plan.id) 中没有任务 \(taskNo!)", "plan \(plan.id) has no task \(taskNo!)"))
            }
            let check = item[key: "check"]?.text
            if let check, let task, !task.checks.contains(where: { $0.id == check }) {
                problems.append(
                    Message(
                        "任务 \(task.no) 没有检查 '\(check)'（有：\(task.checks.map(\.id).joined(separator: ", "))）",
                        "task \(task.no) has no check '\(check)' (it has \(task.checks.map(\.id).joined(separator: ", ")))"))
            }
            let reason = item[key: "reason"]?.text ?? ""
            if reason.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(Message("缺少 reason（豁免理由）", "missing reason")) }
            let approvedBy = item[key: "approved_by"]?.text ?? ""
            if approvedBy.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(Message("缺少 approved_by（批准人）", "missing approved_by")) }
            let approvedOn = item[key: "approved_on"]?.text.flatMap(Day.parse)
            if approvedOn == nil {
                problems.append(Message("approved_on 缺失或不是日期（\(Day.acceptedForms)）", "approved_on is missing or not a date (\(Day.acceptedForms))"))
            }
            let expires = item[key: "expires"]?.text.flatMap(Day.parse)
            if expires == nil { problems.append(Message("expires 缺失或不是日期（\(Day.acceptedForms)）", "expires is missing or not a date (\(Day.acceptedForms))")) }
            if let a = approvedOn, let e = expires, a > e { problems.append(Message("批准日期 \(a) 晚于到期日 \(e)", "approved on \(a), after it expires on \(e)")) }
            if let a = approvedOn, a > asOf {
                problems.append(Message("批准日期 \(a) 晚于检查日 \(asOf)：尚未批准的豁免不生效", "approved on \(a), after the day of the check \(asOf): not yet approved"))
            }
            if let taskNo {
                let key = "\(taskNo)/\(check ?? "*")"
                if let first = seen[key] {
                    problems.append(
                        Message(
                            "与 \(first) 的豁免重复（同一任务\(check.map { "、同一检查 \($0)" } ?? "")）",
                            "duplicates the waiver at \(first) (same task\(check.map { " and check \($0)" } ?? ""))"))
                } else {
                    seen[key] = loc
                }
            }
            if problems.isEmpty {
                out.append(
                    Waiver(task: taskNo!, check: check, reason: reason, approvedBy: approvedBy, approvedOn: approvedOn!, expires: expires!, location: loc))
            } else {
                issues += problems.map { LoadIssue(loc, $0) }
            }
        }
        return (out, issues)
    }
}
