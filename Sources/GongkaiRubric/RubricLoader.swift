import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiPlan
import Yams

/// Reads `Rules/rubrics/ID.yaml`. Every problem — an unknown key, a rule without a kind, a bad number, a check that
/// cannot be bound, points that do not add up to `total` — is collected with its file and line, as a plan's are;
/// a rubric with any problem is refused whole, since a score from half a rubric would mislead.
public enum RubricLoader {
    static let rootKeys: Set<String> = ["id", "title", "source", "year", "total", "note", "items"]
    static let itemKeys: Set<String> = ["no", "category", "name", "points", "criterion", "rules", "note"]
    static let kindKeys = ["per_case", "on_failure", "no_points", "bonus", "veto", "manual", "report_similarity"]
    static let ruleKeys: Set<String> = Set(kindKeys).union(["check", "phrase", "max", "cap", "max_shared", "evidence", "suggested", "note"])
    /// `report_similarity`'s threshold when the rule gives none: 雷同 from half of the report's prose (README, "雷同").
    public static let defaultMaxShared = 0.5

    public static func load(url: URL, displayName: String? = nil) throws(GongkaiError) -> Rubric {
        let name = displayName ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw GongkaiError(Message("无法读取评分细则文件 \(name)", "cannot read rubric file \(name)"))
        }
        let (rubric, issues) = parse(text, file: name)
        guard let rubric, issues.isEmpty else { throw GongkaiError(Message("评分细则文件 \(name) 无效", "invalid rubric file \(name)"), issues: issues) }
        return rubric
    }

    public static func parse(_ text: String, file: String) -> (Rubric?, [LoadIssue]) {
        var issues: [LoadIssue] = []
        let root: Node
        do {
            guard let node = try YAMLSource.compose(text, file: file), node.pairs != nil else {
                return (
                    nil,
                    [LoadIssue(SourceLocation(file: file, line: 1), Message("评分细则应为映射（id, title, items…）", "a rubric should be a mapping (id, title, items…)"))]
                )
            }
            root = node
        } catch {
            return (nil, [error])
        }
        unknownKeys(root, allowed: rootKeys, what: Message("评分细则", "a rubric"), file: file, issues: &issues)
        func required(_ key: String) -> String {
            guard let v = root[key: key]?.text, !v.isEmpty else {
                issues.append(LoadIssue(SourceLocation(file: file, line: 1), Message("评分细则缺少 \(key)", "the rubric has no \(key)")))
                return ""
            }
            return v
        }
        let id = required("id")
        let title = required("title")
        let yearText = required("year")
        let year = Int(yearText) ?? 0
        if !yearText.isEmpty && year == 0 {
            issues.append(LoadIssue(root[key: "year"]?.location(in: file) ?? SourceLocation(file: file), Message("year 应为年份", "year should be a year")))
        }
        let total = root[key: "total"].flatMap { number($0, key: "total", file: file, issues: &issues) }
        var items: [RubricItem] = []
        if let nodes = root[key: "items"]?.items {
            for node in nodes { if let item = item(node, file: file, issues: &issues) { items.append(item) } }
        } else {
            issues.append(LoadIssue(SourceLocation(file: file, line: 1), Message("评分细则缺少 items", "the rubric has no items")))
        }
        let rubric = Rubric(id: id, title: title, source: root[key: "source"]?.text, year: year, total: total, items: items, file: file)
        if let total, rubric.scoredPoints != total {
            issues.append(
                LoadIssue(
                    root[key: "total"]?.location(in: file) ?? SourceLocation(file: file),
                    Message(
                        "各项分值合计 \(Points.text(rubric.scoredPoints)) 分，与 total \(Points.text(total)) 分不符",
                        "the items' points add up to \(Points.text(rubric.scoredPoints)), not the total \(Points.text(total))")))
        }
        return (rubric, issues)
    }

    static func item(_ node: Node, file: String, issues: inout [LoadIssue]) -> RubricItem? {
        let loc = node.location(in: file)
        guard node.pairs != nil else {
            issues.append(
                LoadIssue(
                    loc,
                    Message("items 的每一项应为映射（no, category, points, criterion, rules）", "each item should be a mapping (no, category, points, criterion, rules)"))
            )
            return nil
        }
        unknownKeys(node, allowed: itemKeys, what: Message("评分项", "an item"), file: file, issues: &issues)
        var missing: [String] = []
        for key in ["no", "category", "points", "criterion"] where node[key: key]?.text == nil { missing.append(key) }
        if !missing.isEmpty {
            issues.append(LoadIssue(loc, Message("评分项缺少 \(missing.joined(separator: "、"))", "the item has no \(missing.joined(separator: ", "))")))
            return nil
        }
        guard let points = node[key: "points"].flatMap({ number($0, key: "points", file: file, issues: &issues) }) else { return nil }
        var rules: [RubricRule] = []
        for ruleNode in node[key: "rules"]?.items ?? [] {
            if let rule = rule(ruleNode, file: file, issues: &issues) { rules.append(rule) }
        }
        if rules.isEmpty {
            issues.append(
                LoadIssue(loc, Message("评分项没有 rules：无法判定的写 manual: true", "the item has no rules: write manual: true where a person decides")))
        }
        return RubricItem(
            no: node[key: "no"]?.text ?? "", category: node[key: "category"]?.text ?? "", name: node[key: "name"]?.text, points: points,
            criterion: node[key: "criterion"]?.text ?? "", rules: rules, location: loc)
    }

    static func rule(_ node: Node, file: String, issues: inout [LoadIssue]) -> RubricRule? {
        let loc = node.location(in: file)
        guard let pairs = node.pairs else {
            issues.append(
                LoadIssue(
                    loc,
                    Message(
                        "rules 的每一项应为映射，例：{per_case: 6, check: statutory-requests}",
                        "each rule should be a mapping, e.g. {per_case: 6, check: statutory-requests}")))
            return nil
        }
        unknownKeys(node, allowed: ruleKeys, what: Message("评分规则", "a rule"), file: file, issues: &issues)
        let kinds = pairs.filter { kindKeys.contains($0.key) }
        guard kinds.count == 1, let (key, _, value) = kinds.first else {
            issues.append(
                LoadIssue(
                    loc,
                    Message(
                        "评分规则应有且只有一种：\(kindKeys.joined(separator: "、"))", "a rule should have exactly one of \(kindKeys.joined(separator: ", "))")))
            return nil
        }
        func num(_ key: String) -> Double? { node[key: key].flatMap { number($0, key: key, file: file, issues: &issues) } }
        let kind: RubricRule.Kind
        switch key {
        case "per_case":
            guard let n = number(value, key: key, file: file, issues: &issues) else { return nil }
            kind = .perCase(n, max: num("max"))
        case "on_failure":
            guard let n = number(value, key: key, file: file, issues: &issues) else { return nil }
            kind = .onFailure(n)
        case "bonus":
            guard let n = number(value, key: key, file: file, issues: &issues) else { return nil }
            guard let cap = num("cap") else {
                issues.append(LoadIssue(loc, Message("bonus 需要 cap（最高加分）", "bonus needs cap (the most it adds)")))
                return nil
            }
            kind = .bonus(n, cap: cap)
        case "manual":
            let n = value.text == "true" ? nil : number(value, key: key, file: file, issues: &issues)
            kind = .manual(n, evidence: node[key: "evidence"]?.strings ?? [])
        case "report_similarity":
            guard let n = number(value, key: key, file: file, issues: &issues) else { return nil }
            var maxShared = defaultMaxShared
            if let shareNode = node[key: "max_shared"] {
                guard let text = shareNode.text, let share = Double(text), share > 0, share <= 1 else {
                    issues.append(
                        LoadIssue(
                            shareNode.location(in: file),
                            Message("max_shared 应为 0 到 1 之间的比例，例：0.5（相同正文达一半）", "max_shared should be a share above 0 and at most 1, e.g. 0.5 (half the prose)")
                        ))
                    return nil
                }
                maxShared = share
            }
            kind = .similarity(n, maxShared: maxShared)
        case "veto", "no_points":
            guard value.text == "true" else {
                issues.append(LoadIssue(value.location(in: file), Message("\(key) 的值应为 true", "\(key) should be true")))
                return nil
            }
            kind = key == "veto" ? .veto : .noPoints
        default: return nil
        }
        for extra in ["max", "cap"] where node[key: extra] != nil && !(extra == "max" && key == "per_case") && !(extra == "cap" && key == "bonus") {
            issues.append(
                LoadIssue(
                    node[key: extra]?.location(in: file) ?? loc,
                    Message("\(extra) 只用于 \(extra == "max" ? "per_case" : "bonus")", "\(extra) belongs to \(extra == "max" ? "per_case" : "bonus") only")))
        }
        if node[key: "max_shared"] != nil && key != "report_similarity" {
            issues.append(
                LoadIssue(
                    node[key: "max_shared"]?.location(in: file) ?? loc,
                    Message("max_shared 只用于 report_similarity", "max_shared belongs to report_similarity only")))
        }
        var target: RubricRule.Target?
        if case .similarity = kind {
            // It reads the annual report files itself; a check would be ignored, so it is refused.
            if let checkNode = node[key: "check"] {
                issues.append(
                    LoadIssue(
                        checkNode.location(in: file),
                        Message(
                            "report_similarity 直接比对年度报告文件，不用 check", "report_similarity compares the annual report files itself: it takes no check")))
                return nil
            }
        } else if let checkNode = node[key: "check"] {
            if let ref = checkNode.text {
                target = .reference(ref)
            } else if checkNode.pairs != nil {
                var used: [String: Int] = [:]
                let check = PlanLoader.check(checkNode, file: file, usedIDs: &used)
                issues += CheckRegistry.vocabulary.problems(check)
                target = .own(check)
            } else {
                issues.append(LoadIssue(checkNode.location(in: file), Message("check 应为检查编号或检查声明", "check should be a check id or a check declaration")))
            }
        } else if case .manual = kind {
        } else {
            issues.append(
                LoadIssue(
                    loc,
                    Message(
                        "\(key) 需要 check（计划或法定检查的编号，或 {kind: …}）；证据不能判定的写 manual",
                        "\(key) needs a check (a plan or statutory check id, or {kind: …}); write manual where evidence cannot decide")))
            return nil
        }
        return RubricRule(
            kind: kind, target: target, phrase: node[key: "phrase"]?.text, suggested: node[key: "suggested"]?.text == "true", note: node[key: "note"]?.text,
            location: loc)
    }

    static func number(_ node: Node, key: String, file: String, issues: inout [LoadIssue]) -> Double? {
        guard let text = node.text, let n = Double(text), n >= 0 else {
            issues.append(LoadIssue(node.location(in: file), Message("\(key) 应为不小于 0 的分值", "\(key) should be a number of points, 0 or more")))
            return nil
        }
        return n
    }

    static func unknownKeys(_ node: Node, allowed: Set<String>, what: Message, file: String, issues: inout [LoadIssue]) {
        for (key, keyNode, _) in node.pairs ?? [] where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            issues.append(
                LoadIssue(keyNode.location(in: file), Message("\(what.zh)没有 '\(key)'（可用：\(known)）", "\(what.en) has no '\(key)' (expected \(known))")))
        }
    }
}
