import Foundation
import GongkaiCore

/// A department's part in a task: 牵头 (lead), 负责 (responsible), 配合 (cooperating).
public enum Role: String, Sendable, CaseIterable, Codable {
    case lead, responsible, cooperating

    public var text: Message {
        switch self {
        case .lead: Message("牵头", "lead")
        case .responsible: Message("负责", "responsible")
        case .cooperating: Message("配合", "cooperating")
        }
    }
}

/// One numbered task of a 分工方案: requirement, departments by role, and the checks that test it.
public struct PlanTask: Sendable {
    public var no: Int
    public var sectionNo: String
    public var sectionTitle: String
    public var itemNo: String
    public var itemTitle: String
    public var requirement: String
    /// The 责任科室 phrase as written in the plan.
    public var responsibility: String
    public var lead: [String]
    public var responsible: [String]
    public var cooperating: [String]
    public var checks: [PlanCheck]
    public var location: SourceLocation
    /// When the task is to be done, as the plan says it (时限 column or the requirement's words).
    public var deadline: TaskDeadline? = nil
    /// Collectives in the phrase (各科室, 相关科室…); relevant-unit ones are still to be named by a person.
    public var collectives: [ResponsibilityParser.Collective] = []
    /// Where an imported task came from in the source document (file and line, or table, row and column).
    public var origin: String? = nil
    /// For a duty of the statutory baseline (`StatutoryBaseline`), the articles that impose it: 条例第四条.
    public var statutory: String? = nil
    package init(
        no: Int, sectionNo: String, sectionTitle: String, itemNo: String, itemTitle: String, requirement: String, responsibility: String, lead: [String],
        responsible: [String], cooperating: [String], checks: [PlanCheck], location: SourceLocation, deadline: TaskDeadline? = nil,
        collectives: [ResponsibilityParser.Collective] = [], origin: String? = nil, statutory: String? = nil
    ) {
        self.no = no
        self.sectionNo = sectionNo
        self.sectionTitle = sectionTitle
        self.itemNo = itemNo
        self.itemTitle = itemTitle
        self.requirement = requirement
        self.responsibility = responsibility
        self.lead = lead
        self.responsible = responsible
        self.cooperating = cooperating
        self.checks = checks
        self.location = location
        self.deadline = deadline
        self.collectives = collectives
        self.origin = origin
        self.statutory = statutory
    }

    /// How reports name the task: 任务12, or the articles of a statutory duty.
    public var label: Message { statutory.map { Message($0, $0) } ?? Message("任务\(no)", "task \(no)") }

    /// The departments that own a fix: the lead, or the responsible ones when there is no lead.
    public var owners: [String] { lead.isEmpty ? responsible : lead }

    public func role(of department: String) -> Role? {
        if lead.contains(department) { return .lead }
        if responsible.contains(department) { return .responsible }
        if cooperating.contains(department) { return .cooperating }
        return nil
    }

    /// The requirement cut short for tables and the appendix.
    public func shortRequirement(_ limit: Int = 40) -> String {
        let firstSentence = requirement.split(whereSeparator: { "。；".contains($0) }).first.map(String.init) ?? requirement
        return firstSentence.count <= limit ? firstSentence : String(firstSentence.prefix(limit)) + "…"
    }
}

/// A task's deadline: a day (年底前, 6月底前, 3月15日前), a cadence (每季度, 每月), or none (长期坚持, 持续推进).
public struct TaskDeadline: Sendable, Equatable {
    public enum Cadence: String, Sendable, Equatable {
        case month, quarter
        case halfYear = "half-year"
        case year
    }
    public var text: String
    public var due: Day?
    public var cadence: Cadence?
    public var ongoing: Bool
    public init(text: String, due: Day? = nil, cadence: Cadence? = nil, ongoing: Bool = false) {
        self.text = text
        self.due = due
        self.cadence = cadence
        self.ongoing = ongoing
    }
}

public struct PlanItem: Sendable {
    public var no: String
    public var title: String
    public var taskNumbers: [Int]
    package init(no: String, title: String, taskNumbers: [Int]) {
        self.no = no
        self.title = title
        self.taskNumbers = taskNumbers
    }
    /// （一） form; nothing for an item the plan gives no number (never an empty （）).
    public var label: String { no.isEmpty ? "" : "（\(no)）" }
}

public struct PlanSection: Sendable {
    public var no: String
    public var title: String
    public var items: [PlanItem]
    package init(no: String, title: String, items: [PlanItem]) {
        self.no = no
        self.title = title
        self.items = items
    }
    /// The number of the section the statutory baseline (`GongkaiChecks`) adds for the 条例's duties.
    public static let statutoryNo = "条例"
    /// 一、title; the statutory baseline's section by its title alone.
    public var label: String { no == Self.statutoryNo || no.isEmpty ? title : "\(no)、\(title)" }
}

/// A yearly work plan (分工方案) as rules.
public struct Plan: Sendable {
    public var id: String
    public var title: String
    public var agency: String
    public var year: Int
    public var source: String?
    /// The unit word of the responsibility column: 科室, 股室, 处室, 单位.
    public var unitWord: String
    public var departments: [String]
    public var businessDepartments: [String]
    public var sections: [PlanSection]
    public var tasks: [PlanTask]
    /// As shown in reports (`Rules/plans/…` or the path given).
    public var file: String
    public var sha256: String
    /// Other names of the plan's units, as ledgers write them (`aliases: {办公室: [局办公室, 综合办公室]}`): alias → unit.
    public var aliases: [String: String] = [:]

    /// The plan's unit a ledger's department names, and whether it had to be matched: exactly; by a declared alias;
    /// or, when only one unit fits, by the agency's or a short owner's name in front (局办公室, 怀远县医疗保障局办公室)
    /// or a longer name ending in it. nil when no unit fits, or several do.
    public func unit(named name: String) -> (unit: String, matched: Bool)? {
        if departments.contains(name) { return (name, false) }
        if let unit = aliases[name] { return (unit, true) }
        let owners = ["局", "本局", "局机关", "委", "厅", "院", "机关", agency]
        let fitting = departments.filter { unit in
            guard name.count > unit.count, name.hasSuffix(unit) else { return false }
            let front = String(name.dropLast(unit.count))
            return owners.contains(front) || (!agency.isEmpty && agency.hasSuffix(front)) || front.hasSuffix("局") || front.hasSuffix("委")
        }
        return fitting.count == 1 ? (fitting[0], true) : nil
    }

    public var period: DayRange { DayRange(Day.firstOf(year: year), Day.lastOf(year: year)) }

    public func task(_ no: Int) -> PlanTask? { tasks.first { $0.no == no } }
}
