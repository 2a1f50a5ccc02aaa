import Foundation
import GongkaiCore
import GongkaiRubric

/// The 自评表 as text, Markdown, JSON or HTML (`ScorecardHTML.swift`): totals first (自评得分, 确定扣分, 待评定分值, any veto), then every item.
/// Cases are record ids or file:line only: a cell's content (an applicant's name) never reaches a score.
public enum ScorecardReport {
    public enum Format: String, Sendable, CaseIterable { case text, json, markdown, html }

    public static func render(_ s: Scorecard, format: Format, lang: Lang) throws(GongkaiError) -> Data {
        switch format {
        case .text: Data(text(s, lang).utf8)
        case .markdown: Data(markdown(s, lang).utf8)
        case .json: try json(s)
        case .html: Data(html(s, lang).utf8)
        }
    }

    /// The self-assessment in one line, as `check --rubric` ends its text report: the rubric, then the totals.
    public static func summaryLine(_ s: Scorecard, _ lang: Lang) -> String {
        let zh = lang == .zh
        let totals = totals(s, lang).map { zh ? "\($0.0)：\($0.1)" : "\($0.0): \($0.1)" }.joined(separator: zh ? "；" : "; ")
        return (zh ? "自评（\(s.rubric.title)）：" : "Self-assessment (\(s.rubric.title)): ") + totals
    }

    static func totals(_ s: Scorecard, _ lang: Lang) -> [(String, String)] {
        let zh = lang == .zh
        var rows = [
            (zh ? "自评得分" : "Self-score", "\(Points.text(s.selfScore)) / \(Points.text(s.fullPoints))"),
            (zh ? "确定扣分" : "Decided deductions", Points.text(s.deducted)),
            (zh ? "待评定分值" : "Points to be decided", Points.text(s.atStake)),
        ]
        if s.bonus > 0 { rows.append((zh ? "加分" : "Bonus", Points.text(s.bonus))) }
        rows.append(
            (
                zh ? "一票否决" : "Veto",
                s.vetoes.isEmpty
                    ? (zh ? "无" : "none")
                    : s.vetoes.map { ($0.rule.phrase ?? "") + ($0.check.map { zh ? "［\($0)］" : " [\($0)]" } ?? "") }.joined(separator: zh ? "；" : "; ")
            ))
        return rows
    }

    /// One rule's result in a line: what it took and why, with its cases.
    public static func ruleLine(_ r: RuleScore, _ lang: Lang) -> String {
        let zh = lang == .zh
        let phrase = r.rule.phrase ?? r.rule.kindText(lang)
        let check = r.check.map { zh ? "［\($0)］" : " [\($0)]" } ?? ""
        let casesText =
            r.cases.isEmpty
            // A finding with no record (a gap between dates) is told by the check's own message.
            ? (zh ? "（\(r.reason.zh)）" : " (\(r.reason.en))")
            : (zh ? "（\(r.cases.count) 项：\(r.cases.joined(separator: "、"))）" : " (\(r.cases.count): \(r.cases.joined(separator: ", ")))")
        switch r.effect {
        case .none:
            // 雷同 compared and under the threshold: said with the share, so a reader sees the comparison was made.
            guard let f = r.similarity, let result = f.result, let against = f.against else { return "" }
            let share = Percent.text(result.share)
            let limit = Percent.text(f.threshold)
            return zh
                ? "未扣分：\(phrase)（与 \(against) 相同的正文占 \(share)，未达 \(limit)）"
                : "nothing taken: \(phrase) (\(share) of its prose found in \(against), under \(limit))"
        case .deduction(let p): return (zh ? "扣\(Points.text(p))分：" : "−\(Points.text(p)): ") + phrase + check + casesText
        case .bonus(let p): return (zh ? "加\(Points.text(p))分：" : "+\(Points.text(p)): ") + phrase + check + casesText
        case .manual(let p):
            let stake = p > 0 ? (zh ? "（\(Points.text(p))分）" : " (\(Points.text(p)))") : ""
            return (zh ? "待人工评定\(stake)：" : "to be assessed\(stake): ") + phrase + check + (zh ? "，" : ", ") + r.reason(lang)
        case .unverified(let p):
            return (zh ? "待核实（\(Points.text(p))分）：" : "to verify (\(Points.text(p))): ") + phrase + check + (zh ? "，" : ", ") + r.reason(lang)
        case .veto: return (zh ? "一票否决：" : "veto: ") + phrase + check + casesText
        }
    }

    /// An item's 扣分原因: every rule that took, or may take, something.
    public static func reasons(_ item: ItemScore, _ lang: Lang) -> [String] { item.rules.map { ruleLine($0, lang) }.filter { !$0.isEmpty } }

    /// The evidence a person looks at (佐证材料): the checks read, by their tasks, and the evidence types named, by
    /// their titles; the files a rule read itself.
    public static func evidence(_ item: ItemScore, _ lang: Lang) -> [String] {
        var out: [String] = []
        for r in item.rules {
            for label in r.evidenceLabels.map({ $0(lang) }) where !out.contains(label) { out.append(label) }
            for d in r.documents where !out.contains(d) { out.append(d) }
        }
        return out
    }

    static func header(_ s: Scorecard, _ lang: Lang) -> [String] {
        let zh = lang == .zh
        return [
            zh ? "\(s.rubric.title)　自评表" : "\(s.rubric.title): self-assessment",
            (zh ? "单位：" : "Agency: ") + s.agency + (zh ? "　计划：" : "  Plan: ") + s.planTitle,
            (zh ? "截至：" : "As of: ") + s.asOf.description + (zh ? "　评分细则：" : "  Rubric: ") + s.rubric.file,
        ]
    }

    static func text(_ s: Scorecard, _ lang: Lang) -> String {
        let zh = lang == .zh
        var lines = header(s, lang) + [""]
        for (k, v) in totals(s, lang) { lines.append("\(k)：\(v)".replacingOccurrences(of: "：", with: zh ? "：" : ": ")) }
        lines.append("")
        for item in s.items {
            let full =
                item.item.isBonus
                ? (zh ? "加分项，最高\(Points.text(item.item.points))分" : "bonus, at most \(Points.text(item.item.points))") : Points.text(item.item.points)
            lines.append("\(item.item.no). \(item.item.title)（\(full)）" + (zh ? "　自评 \(Points.text(item.score))" : "  self-score \(Points.text(item.score))"))
            for r in reasons(item, lang) { lines.append("   - " + r) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func markdown(_ s: Scorecard, _ lang: Lang) -> String {
        let zh = lang == .zh
        func cell(_ t: String) -> String { Markup.markdownText(t) }
        var lines = ["# " + header(s, lang)[0], ""] + header(s, lang).dropFirst().map { $0 + "  " } + [""]
        for (k, v) in totals(s, lang) { lines.append("- **\(k)**：\(cell(v))") }
        lines += ["", zh ? "| 序号 | 考核项目 | 分值 | 自评分 | 扣分原因 | 佐证材料 |" : "| No. | Item | Points | Self-score | Reasons | Evidence |", "|---|---|---|---|---|---|"]
        for item in s.items {
            lines.append(
                "| \(cell(item.item.no)) | \(cell(item.item.title)) | \(Points.text(item.item.points)) | \(Points.text(item.score)) | "
                    + "\(reasons(item, lang).map(cell).joined(separator: "<br>")) | \(evidence(item, lang).map(cell).joined(separator: "<br>")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct ScorecardJSON: Encodable {
        var rubric: String
        var rubricFile: String
        var title: String
        var agency: String
        var asOf: String
        var fullPoints: Double
        var selfScore: Double
        var deducted: Double
        var atStake: Double
        var bonus: Double
        var vetoed: Bool
        var settled: Bool
        var items: [ItemJSON]
    }
    struct ItemJSON: Encodable {
        var no: String
        var category: String
        var name: String?
        var points: Double
        var score: Double
        var deducted: Double
        var atStake: Double
        var rules: [RuleJSON]
    }
    struct RuleJSON: Encodable {
        var phrase: String?
        var kind: String
        var check: String?
        var status: String?
        var effect: String
        var points: Double
        var cases: [String]
        var line: Int?
        /// The files a `report_similarity` rule read; absent for the other rules.
        var documents: [String]?
        var similarity: SimilarityJSON?
    }
    /// A `report_similarity` rule's measurement: `share` null when nothing was compared.
    struct SimilarityJSON: Encodable {
        var threshold: Double
        @WrittenAsNull var current: String?
        @WrittenAsNull var against: String?
        @WrittenAsNull var share: Double?
        @WrittenAsNull var shingles: Int?
        @WrittenAsNull var sharedShingles: Int?
        var passages: [PassageJSON]
    }
    struct PassageJSON: Encodable {
        var text: String
        var length: Int
    }

    static func similarityJSON(_ f: SimilarityFinding?) -> SimilarityJSON? {
        guard let f else { return nil }
        return SimilarityJSON(
            threshold: f.threshold, current: f.current, against: f.against, share: f.result.map { ($0.share * 10000).rounded() / 10000 },
            shingles: f.result?.shingles, sharedShingles: f.result?.sharedShingles,
            passages: (f.result?.passages ?? []).map { PassageJSON(text: $0.text, length: $0.length) })
    }

    static func json(_ s: Scorecard) throws(GongkaiError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(document(s)) + Data("\n".utf8) } catch {
            throw GongkaiError(Message("无法写出 JSON：\(error)", "cannot write JSON: \(error)"))
        }
    }

    /// The 自评表 as `score --format json` writes it; also the `score` key of `check --rubric`'s JSON report.
    static func document(_ s: Scorecard) -> ScorecardJSON {
        ScorecardJSON(
            rubric: s.rubric.id, rubricFile: s.rubric.file, title: s.rubric.title, agency: s.agency, asOf: s.asOf.description, fullPoints: s.fullPoints,
            selfScore: s.selfScore, deducted: s.deducted, atStake: s.atStake, bonus: s.bonus, vetoed: !s.vetoes.isEmpty, settled: s.isSettled,
            items: s.items.map { i in
                ItemJSON(
                    no: i.item.no, category: i.item.category, name: i.item.name, points: i.item.points, score: i.score, deducted: i.deducted,
                    atStake: i.atStake,
                    rules: i.rules.map { r in
                        let (effect, points): (String, Double) =
                            switch r.effect {
                            case .none: ("none", 0)
                            case .deduction(let p): ("deduction", p)
                            case .bonus(let p): ("bonus", p)
                            case .manual(let p): ("manual", p)
                            case .unverified(let p): ("unverified", p)
                            case .veto: ("veto", 0)
                            }
                        return RuleJSON(
                            phrase: r.rule.phrase, kind: r.rule.kindText.en, check: r.check, status: r.status?.rawValue, effect: effect, points: points,
                            cases: r.cases, line: r.rule.location.line, documents: r.documents.isEmpty ? nil : r.documents,
                            similarity: similarityJSON(r.similarity))
                    })
            })
    }
}
