import Foundation
import GongkaiCore
import GongkaiRubric

/// An imported rubric as `Rules/rubrics/ID.yaml`, and its review (each item's source text beside the parse).
/// A rule without a check is written `manual` with the points it could take, its published kind kept in `note`.
public enum RubricYAMLWriter {
    static func quoted(_ s: String) -> String { YAMLText.quoted(s) }

    static func ruleLines(_ r: RubricImporter.Rule, item: RubricImporter.Item) -> [String] {
        var lines = ["      - phrase: \(quoted(r.phrase))"]
        if case .similarity(let n, let max) = r.kind {
            // It reads the annual report files itself: no check, suggested for a person to confirm.
            return lines + ["        report_similarity: \(Points.text(n))", "        max_shared: \(max)", "        suggested: true"]
        }
        guard let check = r.check else {
            let potential = RubricRule(kind: r.kind, target: nil, phrase: nil, suggested: true, note: nil, location: SourceLocation(file: ""))
                .potential(itemPoints: item.points)
            lines.append("        manual: \(Points.text(potential))")
            if case .manual = r.kind {
            } else {
                lines.append("        note: \(quoted("原文规则：\(r.kind == .veto ? "一票否决" : RubricRule.kindLabel(r.kind))；证据无法判定"))")
            }
            return lines
        }
        switch r.kind {
        case .perCase(let n, let max):
            lines.append("        per_case: \(Points.text(n))")
            if let max { lines.append("        max: \(Points.text(max))") }
        case .onFailure(let n): lines.append("        on_failure: \(Points.text(n))")
        case .noPoints: lines.append("        no_points: true")
        case .veto: lines.append("        veto: true")
        case .bonus(let n, let cap): lines += ["        bonus: \(Points.text(n))", "        cap: \(Points.text(cap))"]
        case .manual(let n, _): lines.append("        manual: \(n.map(Points.text) ?? "true")")
        case .similarity: break  // written above
        }
        lines += ["        check: \(check)", "        suggested: true"]
        return lines
    }

    public static func yaml(_ r: RubricImporter.Result, source: String) -> String {
        var lines = [
            "# 由 gongkai rubric import 从 \(source) 导入。check 为建议（suggested: true），须逐条人工确认；",
            "# 证据无法判定的扣分写作 manual（待人工评定）。",
        ]
        for w in r.warnings { lines.append("# 提示：\(w.location.line.map { "第\($0)行：" } ?? "")\(w.message.zh)") }
        lines += ["id: \(quoted(r.id))", "title: \(quoted(r.title))", "source: \(quoted(source))", "year: \(r.year ?? 0)"]
        if let total = r.statedTotal, total == r.points { lines.append("total: \(Points.text(total))") }
        lines.append("items:")
        for item in r.items {
            lines += [
                "  - no: \(quoted(item.no))", "    category: \(quoted(item.category))",
            ]
            if let name = item.name { lines.append("    name: \(quoted(name))") }
            lines += ["    points: \(Points.text(item.points))", "    criterion: \(quoted(item.criterion))", "    rules:"]
            for rule in item.rules { lines += ruleLines(rule, item: item) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func review(_ r: RubricImporter.Result, lang: Lang) -> String {
        let zh = lang == .zh
        var lines: [String] = []
        for item in r.items {
            lines.append((zh ? "── 第\(item.no)项（原文第\(item.line)行）" : "── item \(item.no) (source line \(item.line))"))
            lines.append((zh ? "原文：" : "source: ") + item.source.joined(separator: " | "))
            lines.append(
                (zh ? "解析：" : "parsed: ") + item.category + (item.name.map { " › \($0)" } ?? "")
                    + (zh ? "，\(Points.text(item.points))分" : ", \(Points.text(item.points)) points"))
            for rule in item.rules {
                let check = rule.check.map { zh ? " → \($0)（建议）" : " → \($0) (suggested)" } ?? (zh ? " → 待人工评定" : " → manual")
                lines.append("  · \(rule.phrase)\(zh ? "：" : ": ")\(RubricRule.kindLabel(rule.kind, lang))\(check)")
            }
        }
        let sum = zh ? "共 \(r.items.count) 项，合计 \(Points.text(r.points)) 分" : "\(r.items.count) items, \(Points.text(r.points)) points"
        return (lines + [sum]).joined(separator: "\n") + "\n"
    }
}

extension RubricRule {
    /// A kind in the rubric's own Chinese words (the YAML's notes and the review are written for the office).
    static func kindLabel(_ kind: Kind, _ lang: Lang = .zh) -> String {
        RubricRule(kind: kind, target: nil, phrase: nil, suggested: false, note: nil, location: SourceLocation(file: "")).kindText(lang)
    }
}
