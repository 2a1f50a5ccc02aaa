import Foundation
import GongkaiCore
import GongkaiPlan
import Synchronization

/// Binding a plan's checks to their kinds. The plan holds each check as written (kind and parameters); here the
/// registry decides what runs. A check that cannot bind is kept and evaluates to `error` with the reason, so every
/// other task is still evaluated and `plan lint` lists it.
extension CheckRegistry: CheckVocabulary {
    /// The registry as the plan loader asks it about each check.
    public static let vocabulary = CheckRegistry()

    public func problems(_ check: PlanCheck) -> [LoadIssue] {
        if case .failure(let issue) = Self.bind(check) { return [issue] }
        return []
    }

    /// The check's parameters decoded for its kind, or what is wrong with them, where the plan wrote it. A binding that
    /// succeeds is kept for the run by kind and parameters: the plan loader's question and the evaluation's, and every
    /// agency of a roll-up sharing a plan, decode each check once.
    public static func bind(_ check: PlanCheck) -> Result<BoundCheck, LoadIssue> {
        let key = BindingKey(kind: check.kind, parameters: Self.exactText(check.parameters))
        if let bound = bindings.withLock({ $0[key] }) { return .success(bound) }
        let result = decode(check)
        if case .success(let bound) = result { bindings.withLock { if $0.count < maxKept { $0[key] = bound } } }
        return result
    }

    private struct BindingKey: Hashable, Sendable {
        var kind: String
        var parameters: String
    }

    /// The parameters as text that tells every two values apart (a string from a number, a key from a value): each
    /// part tagged with its kind and a string with its length.
    static func exactText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "n"
        case .bool(let b): return b ? "t" : "f"
        case .int(let i): return "i\(i);"
        case .double(let d): return "d\(d.bitPattern);"
        case .string(let s): return "s\(s.utf8.count):" + s
        case .array(let items): return "a\(items.count)[" + items.map(exactText).joined() + "]"
        case .object(let pairs): return "o\(pairs.count){" + pairs.map { "s\($0.0.utf8.count):" + $0.0 + exactText($0.1) }.joined() + "}"
        }
    }

    private static let bindings = Mutex<[BindingKey: BoundCheck]>([:])
    /// Distinct checks kept at most: plans have dozens; a hostile one with more is bound again each time, not kept.
    private static let maxKept = 4096

    private static func decode(_ check: PlanCheck) -> Result<BoundCheck, LoadIssue> {
        guard let kind = kind(check.kind) else {
            let known = kinds.map(\.id).joined(separator: ", ")
            return .failure(
                LoadIssue(check.location, Message("未知的检查类型 '\(check.kind)'（可用：\(known)）", "unknown check kind '\(check.kind)' (expected one of \(known))")))
        }
        let parameters: [(String, JSONValue)]
        if case .object(let pairs) = check.parameters { parameters = pairs } else { parameters = [] }
        for (key, _) in parameters where !kind.parameterNames.contains(key) {
            let expected = kind.parameterNames.joined(separator: ", ")
            return .failure(
                LoadIssue(
                    check.parameterLocations[key] ?? check.location,
                    Message("检查 \(check.kind) 没有参数 '\(key)'（可用：\(expected)）", "check \(check.kind) has no parameter '\(key)' (expected \(expected))")))
        }
        do throws(LoadIssue) {
            return .success(try kind.bind(JSONValue.object(parameters).yamlNode, check.location, check.parameterLocations))
        } catch {
            return .failure(error)
        }
    }
}

extension PlanCheck {
    /// The check bound to its kind; one that cannot bind evaluates to `error` with the reason, never skipped.
    public var bound: BoundCheck {
        switch CheckRegistry.bind(self) {
        case .success(let bound): return bound
        case .failure(let issue): return .failing(issue.message)
        }
    }
}

extension BoundCheck {
    /// A check that cannot run is an `error`, never skipped.
    public static func failing(_ message: Message) -> BoundCheck {
        BoundCheck(
            evaluate: { _ in CheckOutcome(.error, Message("计划中的检查无法执行：", "the plan's check cannot run: ") + message) },
            lint: { _, _, _ in [message] })
    }
}

extension PlanLoader {
    /// Loads a plan with its checks bound to the registry's kinds.
    public static func load(url: URL, displayName: String? = nil) throws(GongkaiError) -> (Plan, [LoadIssue]) {
        try load(url: url, displayName: displayName, checks: CheckRegistry.vocabulary)
    }

    /// Parses a plan's text with its checks bound to the registry's kinds.
    public static func parse(_ text: String, file: String, sha256: String = "") throws(LoadIssue) -> (Plan, [LoadIssue]) {
        try parse(text, file: file, sha256: sha256, checks: CheckRegistry.vocabulary)
    }
}
