import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiRubric

/// What every annual report shares, for measuring 雷同: the literal wording of our own annual-report template (the
/// national format's headings and fixed sentences, as `annual-report` drafts them) and every label of the statistics
/// tables, both formats. An office that rewords the template changes what counts as shared by all.
extension ReportTemplate {
    public static func annualReport(rules: Rules) throws(GongkaiError) -> ReportTemplate {
        let text = try AnnualReportDraft.loadTemplate(rules: rules)
        let articles = [("一", 1), ("五", 5), ("六", 6), ("八", 8), ("九", 9)].map { StatLabel.article20($0.0, $0.1).zh }
        let labels = StatLabel.fixedLabels.map(\.zh) + articles + ["中华人民共和国政府信息公开条例", "政府信息公开工作年度报告"]
        // The appendix's table of tasks (任务完成情况一览表), which the draft includes, is shared wording too.
        let appendix = try Appendix.loadTemplate(rules: rules)
        return ReportTemplate(phrases: ReportTemplate.literalText(ofMustache: text) + ReportTemplate.literalText(ofMustache: appendix) + labels)
    }
}

extension StatLabel {
    /// Every fixed label of the tables of 二、三、四 (both formats) and the formats' names: every literal of this type.
    static var fixedLabels: [Message] {
        [
            active, item, rules, normativeDocuments2021, normativeDocuments2019, licensing, otherServices, penalties, compulsory, decisionsThisYear,
            itemsLastYear, change, decisions, fees, feesCollected, procurement, procurementProjects, procurementAmount, requests, applicants,
            organisations, total, balanceNote, newRequests, carriedIn, results, disclosed, partly, refused, unavailable, notProcessed, otherHandling,
            grandTotal, carriedOut, review, reconsideration, litigation, direct, afterReconsideration, litigationDirect, litigationAfter, cases,
            note, notCounted, format(year: 2021), format(year: 2019),
        ] + documentColumns2021 + documentColumns2019 + applicantColumns + refusalReasons + unavailableReasons + notProcessedReasons
            + otherHandlingReasons2021 + reviewResults
    }
}
