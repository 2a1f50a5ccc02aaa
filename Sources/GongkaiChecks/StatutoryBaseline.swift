import Foundation
import GongkaiCore
import GongkaiPlan

/// The 条例's duties that bind every agency whatever its plan says (issue 25): a designated disclosure office
/// (art. 4), requests answered in time (arts. 30–34), and last year's annual report published by 31 January with the
/// parts art. 50 lists (arts. 49–50). A plan that restates a duty with a check of its own keeps it; every duty it does
/// not restate is added as a task of its own section, 条例规定, with a stable check id (`statutory-requests`), so a
/// folder is never judged without them. Leaving one out takes a waiver with a reason, like any other check.
public enum StatutoryBaseline {
    public struct Duty: Sendable {
        /// The check's stable id: `statutory-office`, `statutory-requests`, `statutory-annual-report`.
        public var id: String
        public var number: Int
        public var article: String
        public var title: String
        public var requirement: String
        /// The check, as a plan writes it.
        public var check: String
        /// Whether a plan's check already tests the duty.
        package var restatedBy: @Sendable (PlanCheck) -> Bool
    }

    /// Task numbers of the duties: above any plan's own.
    public static let firstNumber = 901
    public static let sectionNo = PlanSection.statutoryNo
    public static let sectionTitle = "条例规定的职责（不论计划是否写明，依《政府信息公开条例》检查）"

    public static let duties: [Duty] = [
        Duty(
            id: "statutory-office", number: 901, article: "条例第四条", title: "指定政府信息公开工作机构",
            requirement: "指定政府信息公开工作机构，负责本行政机关政府信息公开的日常工作。", check: "kind: designation\ntype: office-designation",
            restatedBy: { $0.kind == DesignationCheck.id && $0.parameters.member("type") == .string("office-designation") }),
        Duty(
            id: "statutory-requests", number: 902, article: "条例第三十条至第三十四条", title: "依申请公开按时答复",
            requirement: "自收到政府信息公开申请之日起20个工作日内予以答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。",
            check: "kind: request-deadline",
            restatedBy: { $0.kind == RequestDeadlineCheck.id && $0.parameters.member("where") == nil }),
        Duty(
            id: "statutory-annual-report", number: 903, article: "条例第四十九条、第五十条", title: "公布政府信息公开工作年度报告",
            requirement: "每年1月31日前向本级政府信息公开工作主管部门提交并向社会公布本行政机关上一年度政府信息公开工作年度报告。",
            check: "kind: report\ntype: annual-report\ndue: 01-31",
            restatedBy: { $0.kind == ReportCheck.id && ($0.parameters.member("type") ?? .string("annual-report")) == .string("annual-report") }),
    ]

    /// Who owns the duties when the folder does not say: the unit whose name says office (办公室), else one named as
    /// an office is abbreviated (区府办, 局办, then any …办) or a general office (综合科, 综合股), else the plan's first unit. `guessed`
    /// unless the name says 办公: the reports then say whom they assumed and how to name the office instead.
    public static func office(of plan: Plan) -> (name: String?, guessed: Bool) {
        if let office = plan.departments.first(where: { $0.contains("办公") }) { return (office, false) }
        // 区府办 before 区投促办: the government's or the bureau's own office first, then any 办, then a general office.
        let named: [(String) -> Bool] = [{ $0.contains("府办") || $0.hasSuffix("局办") }, { $0.hasSuffix("办") }, { $0.contains("综合") }]
        let abbreviated = named.lazy.compactMap { test in plan.departments.first(where: test) }.first
        return (abbreviated ?? plan.departments.first, !plan.departments.isEmpty)
    }

    /// The plan with every duty it does not restate as a task of the 条例规定 section, owned by `office` (the folder's
    /// `disclosure_office`) or, when nil, by the unit `office(of:)` finds.
    public static func apply(to plan: Plan, office configured: String? = nil) -> Plan {
        let checks = plan.tasks.flatMap(\.checks)
        let missing = duties.filter { duty in !checks.contains(where: duty.restatedBy) }
        guard !missing.isEmpty else { return plan }
        var out = plan
        let owner = configured ?? office(of: plan).name
        var numbers: [Int] = []
        for duty in missing {
            var used: [String: Int] = [:]
            let text = "id: \(duty.id)\n" + duty.check + "\n"
            guard let node = try? YAMLSource.compose(text, file: duty.article) else { continue }
            let check = PlanLoader.check(node, file: duty.article, usedIDs: &used)
            var task = PlanTask(
                no: duty.number, sectionNo: sectionNo, sectionTitle: sectionTitle, itemNo: "一", itemTitle: duty.title,
                requirement: duty.requirement, responsibility: owner.map { "\($0)负责（政府信息公开工作机构）" } ?? "政府信息公开工作机构负责",
                lead: [], responsible: owner.map { [$0] } ?? [], cooperating: [], checks: [check], location: SourceLocation(file: duty.article))
            task.statutory = duty.article
            out.tasks.append(task)
            numbers.append(duty.number)
        }
        out.sections.append(
            PlanSection(
                no: sectionNo, title: sectionTitle,
                items: [PlanItem(no: "一", title: "计划未写明、依法必须履行的职责", taskNumbers: numbers)]))
        return out
    }
}

extension JSONValue {
    /// A member of an object, nil for anything else.
    func member(_ key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}
