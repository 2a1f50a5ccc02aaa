import Foundation
import GongkaiChecks
import GongkaiCore
import GongkaiEvaluation
import GongkaiRubric

extension Rollup {
    /// The index page: a row per agency, linked to the agency's page written as it finished (`Rollup.run`).
    public func htmlIndex(lang: Lang) -> Data {
        let zh = lang == .zh
        var h = HTMLBuilder()
        let title = zh ? "政务公开工作要点落实情况汇总" : "Disclosure work plan roll-up"
        h.raw("<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(Markup.escaped(title))</title>\n")
        h.raw("<style>\n\(HTMLReport.css)\n</style>\n</head>\n<body>\n<h1>\(Markup.escaped(title))</h1>\n")
        let ok = isCompliant
        let verdict = ok ? (zh ? "全部符合" : "all compliant") : (zh ? "有单位不符合" : "some agencies are not compliant")
        h.raw("<p id=\"verdict\" class=\"verdict \(ok ? "ok" : "bad")\">\(Markup.escaped(zh ? "结论：" : "Result: "))\(Markup.escaped(verdict))</p>\n")
        h.tableHead(
            id: "agencies",
            zh
                ? ["单位", "文件夹", "计划", "通过", "未通过", "待办", "错误", "未通过的任务", "年度报告", "结论"]
                : ["Agency", "Folder", "Plan", "Pass", "Fail", "Pending", "Error", "Failing tasks", "Annual report", "Result"])
        for (entry, name) in zip(entries, pageNames) {
            guard let name, entry.failure == nil, let plan = entry.plan else {
                h.raw(
                    "<tr class=\"agency\" data-status=\"error\"><td>\(Markup.escaped(entry.agency))</td><td><code>\(Markup.escaped(entry.folder))</code></td>")
                h.raw("<td colspan=\"7\">\(Markup.escaped(entry.failure?(lang) ?? ""))</td>")
                h.raw("<td><span class=\"badge s-error\">\(Markup.escaped(zh ? "无法读取" : "unreadable"))</span></td></tr>\n")
                continue
            }
            let s = entry.summary
            let good = entry.compliant
            h.raw(
                "<tr class=\"agency\" data-status=\"\(good ? "pass" : "fail")\"><td><a "
                    + "href=\"\(Markup.escaped(name))\">\(Markup.escaped(entry.agency))</a></td>"
            )
            h.raw("<td><code>\(Markup.escaped(entry.folder))</code></td><td>\(Markup.escaped(plan))</td>")
            for st in [Status.pass, .fail, .pending, .error] { h.raw("<td class=\"num\">\(s[st] ?? 0)</td>") }
            let failing = entry.failingTasks.map(String.init).joined(separator: ", ")
            h.raw("<td>\(Markup.escaped(failing))</td><td>\(Markup.escaped(entry.annualReport?.description ?? "—"))</td>")
            let result = good ? (zh ? "符合" : "compliant") : (zh ? "不符合" : "not compliant")
            h.raw("<td><span class=\"badge s-\(good ? "pass" : "fail")\">\(Markup.escaped(result))</span></td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n")
        if let scoring { scores(&h, scoring, lang) }
        h.raw("</body>\n</html>\n")
        return Data(h.text.utf8)
    }

    /// With a rubric: the departments in rank order, linked to their pages, and the items that cost most.
    private func scores(_ h: inout HTMLBuilder, _ scoring: ScoreRollup, _ lang: Lang) {
        let zh = lang == .zh
        h.raw("<section id=\"scores\">\n<h2>\(Markup.escaped(zh ? "自评得分排名" : "Self-scores, ranked"))</h2>\n")
        h.raw("<p class=\"meta\">\(Markup.escaped(Self.rubricLine(scoring.rubric, lang)))</p>\n")
        h.tableHead(id: "ranking", Self.rankingHeaders(lang))
        for (i, rank) in ranking {
            let e = entries[i]
            let agency = pageNames[i].map { "<a href=\"\(Markup.escaped($0))\">\(Markup.escaped(e.agency))</a>" } ?? Markup.escaped(e.agency)
            let note = Markup.escaped(Self.scoreNote(e.score, lang))
            h.raw("<tr class=\"score\" data-rank=\"\(rank.map(String.init) ?? "")\"")
            guard let s = e.score?.summary else {
                h.raw("><td>—</td><td>\(agency)</td><td><code>\(Markup.escaped(e.folder))</code></td><td colspan=\"4\"></td><td>\(note)</td></tr>\n")
                continue
            }
            h.raw(" data-vetoed=\"\(s.isVetoed)\"><td class=\"num\">\(rank.map(String.init) ?? "—")</td><td>\(agency)</td>")
            h.raw("<td><code>\(Markup.escaped(e.folder))</code></td>")
            for p in [s.selfScore, s.deducted, s.atStake] { h.raw("<td class=\"num\">\(Points.text(p))</td>") }
            let veto = Markup.escaped(Self.vetoText(s, scoring.rubric, lang))
            h.raw("<td>\(s.isVetoed ? "<span class=\"badge s-fail\">\(veto)</span>" : veto)</td><td>\(note)</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n</section>\n<section id=\"costliest\">\n<h2>\(Markup.escaped(zh ? "扣分最多的项目" : "Items that cost most"))</h2>\n")
        guard !scoring.costliest.isEmpty else {
            h.raw("<p>\(Markup.escaped(zh ? "无：各单位均无确定扣分或一票否决。" : "None: no department lost points or was vetoed."))</p>\n</section>\n")
            similar(&h, scoring, lang)  // a pair whose item had nothing left to lose is still shown
            return
        }
        h.tableHead(id: "costly", Self.costHeaders(lang))
        for c in scoring.costliest {
            h.raw("<tr class=\"item\" data-item=\"\(Markup.escaped(c.no))\"><td>\(Markup.escaped(c.no))</td><td>\(Markup.escaped(c.title))</td>")
            h.raw("<td class=\"num\">\(Points.text(c.points))</td><td class=\"num\">\(Points.text(c.deducted))</td>")
            h.raw("<td class=\"num\">\(c.departments)</td><td class=\"num\">\(c.vetoes)</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n</section>\n")
        similar(&h, scoring, lang)
    }

    /// The departments whose annual reports are too similar (`#similar`, table `#similar-reports`).
    private func similar(_ h: inout HTMLBuilder, _ scoring: ScoreRollup, _ lang: Lang) {
        guard !scoring.similar.isEmpty else { return }
        h.raw("<section id=\"similar\">\n<h2>\(Markup.escaped(lang == .zh ? "年度报告雷同" : "Annual reports too similar"))</h2>\n")
        h.raw("<p class=\"meta\">\(Markup.escaped(Self.similarLine(scoring, lang)))</p>\n")
        h.tableHead(id: "similar-reports", Self.similarHeaders(lang))
        for p in scoring.similar {
            h.raw("<tr class=\"pair\"><td>\(Markup.escaped(entries[p.a].agency))</td><td>\(Markup.escaped(entries[p.b].agency))</td>")
            h.raw("<td class=\"num\">\(Percent.text(p.shareAB))</td><td class=\"num\">\(Percent.text(p.shareBA))</td>")
            h.raw("<td>\(Markup.escaped(Self.passageText(p.passage, lang)))</td></tr>\n")
        }
        h.raw("</tbody>\n</table>\n</section>\n")
    }
}
