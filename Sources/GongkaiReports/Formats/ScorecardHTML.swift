import Foundation
import GongkaiCore
import GongkaiRubric

/// The 自评表 as one self-contained, print-ready HTML page, laid out as the Excel 自评表 (序号 | 考核项目 | 分值 |
/// 考核标准 | 自评分 | 扣分原因 | 佐证材料): the totals first, then the items a person must look at (a veto hit, 待核实,
/// 待人工评定), then the table with those items marked. Every text is escaped; cases are record ids or file:line.
extension ScorecardReport {
    /// How an item stands, for its mark and its place in the list of items to look at (most urgent first).
    enum ItemState: String, CaseIterable {
        case veto, unverified, manual, deducted, bonus, full

        init(_ item: ItemScore) {
            let effects = item.rules.map(\.effect)
            if effects.contains(.veto) {
                self = .veto
            } else if effects.contains(where: { if case .unverified = $0 { true } else { false } }) {
                self = .unverified
            } else if effects.contains(where: { if case .manual = $0 { true } else { false } }) {
                self = .manual
            } else if item.deducted > 0 {
                self = .deducted
            } else {
                self = item.bonus > 0 ? .bonus : .full
            }
        }

        /// The badge of a state a person must act on, with its colour class (nil for the others).
        func badge(_ lang: Lang) -> (text: String, style: String)? {
            let zh = lang == .zh
            return switch self {
            case .veto: (zh ? "一票否决" : "veto", "s-fail")
            case .unverified: (zh ? "待核实" : "to verify", "s-error")
            case .manual: (zh ? "待人工评定" : "to be assessed", "s-pending")
            case .deducted, .bonus, .full: nil
            }
        }

        /// Every mark of an item, the most urgent first: its veto, 待核实, 待人工评定, then the points it lost.
        static func marks(_ item: ItemScore, _ lang: Lang) -> [(text: String, style: String)] {
            let effects = item.rules.map(\.effect)
            var out: [(text: String, style: String)] = []
            if effects.contains(.veto), let b = ItemState.veto.badge(lang) { out.append(b) }
            if effects.contains(where: { if case .unverified = $0 { true } else { false } }), let b = ItemState.unverified.badge(lang) { out.append(b) }
            if effects.contains(where: { if case .manual = $0 { true } else { false } }), let b = ItemState.manual.badge(lang) { out.append(b) }
            if item.deducted > 0 { out.append((lang == .zh ? "扣\(Points.text(item.deducted))分" : "−\(Points.text(item.deducted))", "s-fail")) }
            return out
        }
    }

    static let scorecardCSS = """
        #totals { width: auto; min-width: 22rem; } #totals th { width: 9rem; }
        #attention li { margin: .15rem 0; } #scorecard td.reasons ul { margin: 0; padding-left: 1.1rem; }
        #scorecard tr[data-state="veto"] td:first-child { border-left: 6px solid #c62828; }
        #scorecard tr[data-state="unverified"] td:first-child { border-left: 6px solid #6a1b9a; }
        #scorecard tr[data-state="manual"] td:first-child { border-left: 6px solid #f9a825; }
        #scorecard tfoot th, #scorecard tfoot td { font-weight: bold; background: #e4ecf5; color: var(--fg); }
        #scorecard td.evidence { word-break: break-all; }
        @media print {
          @page { size: A4 landscape; margin: 12mm 10mm; }
          #scorecard thead { display: table-header-group; } #scorecard tr { break-inside: avoid; page-break-inside: avoid; }
          #scorecard tfoot { display: table-row-group; }
          #scorecard tfoot th, #scorecard tfoot td { background: none !important; }
        }
        """

    static func html(_ s: Scorecard, _ lang: Lang) -> String {
        let zh = lang == .zh
        let esc = Markup.escaped
        let title = header(s, lang)[0]
        var h = HTMLBuilder()
        h.raw("<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>\(esc(title))</title>\n")
        h.raw("<style>\n\(HTMLReport.css)\n\(scorecardCSS)\n</style>\n</head>\n<body>\n<header>\n<h1>\(esc(title))</h1>\n<p class=\"meta\">")
        let asOf = zh ? "\(s.asOf.year)年\(s.asOf.month)月\(s.asOf.day)日" : s.asOf.description
        let meta = [(zh ? "单位" : "Agency", s.agency), (zh ? "计划" : "Plan", s.planTitle), (zh ? "截至" : "As of", asOf), (zh ? "评分细则" : "Rubric", s.rubric.file)]
        h.raw(meta.map { "<span><b>\(esc($0.0))</b>\(zh ? "：" : ": ")\(esc($0.1))</span>" }.joined(separator: " ") + "</p>\n")
        let settled = s.isSettled
        h.raw("<p id=\"verdict\" class=\"verdict \(settled ? "ok" : "bad")\">\(esc(totals(s, lang)[0].0 + (zh ? "：" : ": ") + totals(s, lang)[0].1))</p>\n")
        h.raw("</header>\n<section id=\"summary\">\n<h2>\(esc(zh ? "合计" : "Totals"))</h2>\n<table id=\"totals\">\n<tbody>\n")
        let keys = ["selfScore", "deducted", "atStake"] + (s.bonus > 0 ? ["bonus"] : []) + ["veto"]
        for ((label, value), key) in zip(totals(s, lang), keys) {
            h.raw("<tr data-total=\"\(key)\"><th>\(esc(label))</th><td>\(esc(value))</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n</section>\n")
        attention(&h, s, lang)
        items(&h, s, lang)
        let footer = zh ? "由 gongkai \(s.version) 按评分细则和证据自评生成" : "Scored by gongkai \(s.version) from the rubric and the evidence"
        h.raw("<footer>\(esc(footer))</footer>\n</body>\n</html>\n")
        return h.text
    }

    /// The items a person must look at before handing the table in: vetoes, then 待核实, then 待人工评定.
    private static func attention(_ h: inout HTMLBuilder, _ s: Scorecard, _ lang: Lang) {
        let zh = lang == .zh
        let marked = s.items.map { ($0, ItemState($0)) }.filter { [.veto, .unverified, .manual].contains($0.1) }
        guard !marked.isEmpty else { return }
        h.raw("<section id=\"attention\">\n<h2>\(Markup.escaped(zh ? "须先处理的项目" : "Items to look at first"))</h2>\n<ul>\n")
        for state in [ItemState.veto, .unverified, .manual] {
            for (item, _) in marked where ItemState(item) == state {
                let stake = item.atStake > 0 ? (zh ? "，涉及 \(Points.text(item.atStake)) 分" : ", \(Points.text(item.atStake)) at stake") : ""
                let label = state.badge(lang)?.text ?? ""
                h.raw("<li class=\"\(state.rawValue)\" data-item=\"\(Markup.escaped(item.item.no))\"><span class=\"badge \(state.badge(lang)?.style ?? "")\">")
                h.raw(Markup.escaped(label) + "</span> ")
                h.raw(Markup.escaped((zh ? "第\(item.item.no)项 " : "item \(item.item.no): ") + item.item.title + stake) + "</li>\n")
            }
        }
        h.raw("</ul>\n</section>\n")
    }

    private static func items(_ h: inout HTMLBuilder, _ s: Scorecard, _ lang: Lang) {
        let zh = lang == .zh
        let esc = Markup.escaped
        h.raw("<section id=\"items\">\n<h2>\(esc(zh ? "自评表" : "Self-assessment"))</h2>\n<table id=\"scorecard\">\n<colgroup>")
        for w in [5, 14, 5, 26, 6, 30, 14] { h.raw("<col style=\"width: \(w)%\">") }
        h.raw("</colgroup>\n<thead><tr>")
        let headers = zh ? ["序号", "考核项目", "分值", "考核标准", "自评分", "扣分原因", "佐证材料"] : ["No.", "Item", "Points", "Criterion", "Self-score", "Reasons", "Evidence"]
        for c in headers { h.raw("<th>\(esc(c))</th>") }
        h.raw("</tr></thead>\n<tbody>\n")
        for item in s.items {
            let state = ItemState(item)
            h.raw("<tr class=\"item\" data-item=\"\(esc(item.item.no))\" data-state=\"\(state.rawValue)\"><td>\(esc(item.item.no))</td><td>")
            let marks = ItemState.marks(item, lang)
            if !marks.isEmpty { h.raw(marks.map { "<span class=\"badge \($0.style)\">\(esc($0.text))</span>" }.joined(separator: " ") + "<br>") }
            let points =
                item.item.isBonus
                ? (zh ? "加分项，最高\(Points.text(item.item.points))" : "bonus, at most \(Points.text(item.item.points))") : Points.text(item.item.points)
            h.raw("\(esc(item.item.title))</td><td class=\"num\">\(esc(points))</td><td>\(esc(item.item.criterion))</td>")
            h.raw("<td class=\"num score\">\(Points.text(item.score))</td><td class=\"reasons\">")
            let lines = reasons(item, lang)
            h.raw(lines.isEmpty ? esc(zh ? "无" : "none") : "<ul>" + lines.map { "<li>\(esc($0))</li>" }.joined() + "</ul>")
            h.raw("</td><td class=\"evidence\">\(evidence(item, lang).map(esc).joined(separator: "<br>"))</td></tr>\n")
        }
        h.raw("</tbody>\n<tfoot><tr><th></th><th>\(esc(zh ? "合计" : "Total"))</th><td class=\"num\">\(Points.text(s.fullPoints))</td><td></td>")
        let stake = zh ? "待评定 \(Points.text(s.atStake)) 分" : "\(Points.text(s.atStake)) to be decided"
        h.raw("<td class=\"num\" id=\"total-score\">\(Points.text(s.selfScore))</td><td>\(esc(stake))</td><td></td></tr></tfoot>\n</table>\n</section>\n")
    }
}
