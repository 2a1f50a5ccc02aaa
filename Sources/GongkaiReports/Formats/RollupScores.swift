import Foundation
import GongkaiCore
import GongkaiRubric

/// The roll-up on a rubric (`rollup --rubric`): each department's self-score in rank order, and the items that cost
/// most across departments. The ranks and the costs are computed once (`ScoreRollup`); the writers only show them.
extension Rollup {
    static func rankingHeaders(_ lang: Lang) -> [String] {
        lang == .zh
            ? ["名次", "单位", "目录", "自评得分", "确定扣分", "待评定分值", "一票否决", "说明"]
            : ["rank", "agency", "folder", "self-score", "decided deductions", "to be decided", "veto", "note"]
    }

    static func costHeaders(_ lang: Lang) -> [String] {
        lang == .zh
            ? ["序号", "考核项目", "分值", "扣分合计", "扣分单位数", "否决单位数"]
            : ["no.", "item", "points", "deducted in all", "departments losing points", "departments vetoed"]
    }

    static func similarHeaders(_ lang: Lang) -> [String] {
        lang == .zh
            ? ["单位甲", "单位乙", "甲的正文见于乙", "乙的正文见于甲", "相同段落"]
            : ["agency A", "agency B", "A's prose in B", "B's prose in A", "shared passage"]
    }

    /// A pair's shared passage, cut to 80 characters, with its length: “…”（42字）.
    static func passageText(_ p: ReportSimilarity.Passage?, _ lang: Lang) -> String {
        guard let p else { return "" }
        let text = p.text.count > 80 ? String(p.text.prefix(80)) + "…" : p.text
        return lang == .zh ? "“\(text)”（\(p.length)字）" : "\"\(text)\" (\(p.length) characters)"
    }

    /// The line above the pairs: the threshold and what the pair costs.
    static func similarLine(_ scoring: ScoreRollup, _ lang: Lang) -> String {
        let threshold =
            scoring.rubric.items.lazy.flatMap(\.rules).compactMap { r -> Double? in
                if case .similarity(_, let max) = r.kind { max } else { nil }
            }.first.map { Percent.text($0) } ?? ""
        let more = scoring.similarNotListed
        return lang == .zh
            ? "年度报告雷同（一方的正文有 \(threshold) 以上见于另一方；正文达到该比例的单位按评分细则扣分，已计入上表"
                + (more > 0 ? "；列出相同比例最高的 \(scoring.similar.count) 对，另有 \(more) 对未列出，同样已扣分" : "") + "）："
            : "Annual reports too similar (\(threshold) or more of one's prose in the other; a department whose own share reaches it loses the rubric's points, counted above"
                + (more > 0 ? "; the \(scoring.similar.count) highest shares listed, \(more) more pairs not listed, their points taken all the same" : "")
                + "):"
    }

    /// The rubric as the roll-up names it: its title, file and full points.
    static func rubricLine(_ rubric: Rubric, _ lang: Lang) -> String {
        lang == .zh
            ? "评分细则：\(rubric.title)（\(rubric.file)），满分 \(Points.text(rubric.scoredPoints)) 分"
            : "Rubric: \(rubric.title) (\(rubric.file)), \(Points.text(rubric.scoredPoints)) points"
    }

    /// The items whose veto a department hit: 第3项（政府网站 › 首页不更新）, or 无.
    static func vetoText(_ s: ScoreSummary, _ rubric: Rubric, _ lang: Lang) -> String {
        guard s.isVetoed else { return lang == .zh ? "无" : "none" }
        return s.vetoedItems.filter { $0 < rubric.items.count }.map { i in
            let item = rubric.items[i]
            return lang == .zh ? "第\(item.no)项（\(item.title)）" : "item \(item.no) (\(item.title))"
        }.joined(separator: lang == .zh ? "；" : "; ")
    }

    /// Why a department has no score, or what its score still waits for (rules 待核实).
    static func scoreNote(_ score: Score?, _ lang: Lang) -> String {
        switch score {
        case .unscored(let why): why(lang).replacingOccurrences(of: "\n", with: " ")
        case .scored(let s) where s.unverified > 0: lang == .zh ? "\(s.unverified) 条待核实（证据无效）" : "\(s.unverified) to verify (invalid evidence)"
        default: ""
        }
    }

    /// The departments in rank order, each with its rank (nil: no score), those without a score last.
    public var ranking: [(entry: Int, rank: Int?)] {
        guard let scoring else { return [] }
        return scoring.order.map { ($0, scoring.ranks[$0]) }
    }

    func scoreText(_ scoring: ScoreRollup, _ lang: Lang) -> String {
        let zh = lang == .zh
        var rows = [Self.rankingHeaders(lang)]
        for (i, rank) in ranking {
            let e = entries[i]
            guard let s = e.score?.summary else {
                rows.append(["—", e.agency, e.folder, "", "", "", "", Self.scoreNote(e.score, lang)])
                continue
            }
            rows.append([
                rank.map(String.init) ?? "—", e.agency, e.folder, Points.text(s.selfScore), Points.text(s.deducted), Points.text(s.atStake),
                Self.vetoText(s, scoring.rubric, lang), Self.scoreNote(e.score, lang),
            ])
        }
        var text = Self.rubricLine(scoring.rubric, lang) + (zh ? "；按自评得分排名（有一票否决的排在后面）：\n" : "; ranked by self-score (vetoed last):\n")
        text += Self.aligned(rows) + "\n"
        guard !scoring.costliest.isEmpty else {
            // A pair whose item had nothing left to lose is still shown.
            return text + (zh ? "扣分最多的项目：无（各单位均无确定扣分或一票否决）\n" : "Items that cost most: none (no department lost points or was vetoed)\n")
                + similarText(scoring, lang)
        }
        text += zh ? "扣分最多的项目：\n" : "Items that cost most:\n"
        var costs = [Self.costHeaders(lang)]
        for c in scoring.costliest {
            costs.append([c.no, c.title, Points.text(c.points), Points.text(c.deducted), "\(c.departments)", "\(c.vetoes)"])
        }
        return text + Self.aligned(costs) + similarText(scoring, lang)
    }

    /// The pairs of departments whose reports are too similar, when the rubric compares them.
    func similarText(_ scoring: ScoreRollup, _ lang: Lang) -> String {
        guard !scoring.similar.isEmpty else { return "" }
        var rows = [Self.similarHeaders(lang)]
        for p in scoring.similar {
            rows.append([entries[p.a].agency, entries[p.b].agency, Percent.text(p.shareAB), Percent.text(p.shareBA), Self.passageText(p.passage, lang)])
        }
        return "\n" + Self.similarLine(scoring, lang) + "\n" + Self.aligned(rows)
    }

    /// A department's score in the JSON roll-up; every key written, null when the department has no score.
    struct ScoreJSON: Encodable {
        var rank: Int?
        var summary: ScoreSummary?
        var vetoes: [String]
        var error: String?

        enum CodingKeys: String, CodingKey { case rank, selfScore, fullPoints, deducted, atStake, bonus, vetoed, vetoes, unverified, settled, error }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rank, forKey: .rank)
            try c.encode(summary?.selfScore, forKey: .selfScore)
            try c.encode(summary?.fullPoints, forKey: .fullPoints)
            try c.encode(summary?.deducted, forKey: .deducted)
            try c.encode(summary?.atStake, forKey: .atStake)
            try c.encode(summary?.bonus, forKey: .bonus)
            try c.encode(summary?.isVetoed, forKey: .vetoed)
            try c.encode(vetoes, forKey: .vetoes)
            try c.encode(summary?.unverified, forKey: .unverified)
            try c.encode(summary?.isSettled ?? false, forKey: .settled)
            try c.encode(error, forKey: .error)
        }
    }

    struct RubricJSON: Encodable {
        var id: String
        var title: String
        var file: String
        @WrittenAsNull var source: String?
        var fullPoints: Double
    }

    struct CostJSON: Encodable {
        var no: String
        var title: String
        var points: Double
        var deducted: Double
        var departments: Int
        var vetoes: Int
    }

    /// Two departments whose reports are too similar: their folders (in the folders' order), both shares and the
    /// longest shared passage when it was measured.
    struct SimilarJSON: Encodable {
        var agencies: [String]
        var folders: [String]
        var shares: [Double]
        @WrittenAsNull var passage: PassageJSON?
    }
    struct PassageJSON: Encodable {
        var text: String
        var length: Int
    }

    /// `rollup --rubric --format json`: the rubric, the agencies (in the folders' order, each with its score), the
    /// items that cost most and the departments whose annual reports are too similar.
    struct ScoredJSON: Encodable {
        var rubric: RubricJSON
        var agencies: [EntryJSON]
        var costliestItems: [CostJSON]
        var similarReports: [SimilarJSON]
        /// Pairs beyond those listed (0 when all are).
        var similarReportsNotListed: Int
    }

    func scoreJSON(_ i: Int, _ scoring: ScoreRollup, _ lang: Lang) -> ScoreJSON {
        let score = entries[i].score
        let vetoes = score?.summary?.vetoedItems.filter { $0 < scoring.rubric.items.count }.map { scoring.rubric.items[$0].no } ?? []
        let error: String? = if case .unscored(let why) = score { why(lang) } else { nil }
        return ScoreJSON(rank: scoring.ranks[i], summary: score?.summary, vetoes: vetoes, error: error)
    }

    func scoredJSON(_ agencies: [EntryJSON], _ scoring: ScoreRollup) -> ScoredJSON {
        let r = scoring.rubric
        return ScoredJSON(
            rubric: RubricJSON(id: r.id, title: r.title, file: r.file, source: r.source, fullPoints: r.scoredPoints), agencies: agencies,
            costliestItems: scoring.costliest.map {
                CostJSON(no: $0.no, title: $0.title, points: $0.points, deducted: $0.deducted, departments: $0.departments, vetoes: $0.vetoes)
            },
            similarReports: scoring.similar.map { p in
                SimilarJSON(
                    agencies: [entries[p.a].agency, entries[p.b].agency], folders: [entries[p.a].folder, entries[p.b].folder],
                    shares: [p.shareAB, p.shareBA].map { ($0 * 10000).rounded() / 10000 },
                    passage: p.passage.map { PassageJSON(text: $0.text, length: $0.length) })
            }, similarReportsNotListed: scoring.similarNotListed)
    }
}
