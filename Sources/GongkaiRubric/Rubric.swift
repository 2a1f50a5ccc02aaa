import Foundation
import GongkaiCore
import GongkaiPlan

/// An assessment rubric (考核评分细则, 绩效考评标准表) as a supervising office publishes it: items with their points and
/// the published criterion, each deduction clause written as a rule that names the check deciding it, or `manual`
/// where only a person can judge (`Rules/rubrics/ID.yaml`).
public struct Rubric: Sendable {
    public var id: String
    public var title: String
    public var source: String?
    public var year: Int
    /// The stated total (100分), when the rubric states one; the items' points must add up to it.
    public var total: Double?
    public var items: [RubricItem]
    public var file: String

    /// The points the items share out (bonus items apart).
    public var scoredPoints: Double { items.filter { !$0.isBonus }.reduce(0) { $0 + $1.points } }

    /// A rule compares annual reports (`report_similarity`): a roll-up compares its departments' reports too.
    public var comparesReports: Bool { items.contains { $0.rules.contains { if case .similarity = $0.kind { true } else { false } } } }
}

public struct RubricItem: Sendable {
    public var no: String
    /// 一级指标.
    public var category: String
    /// 二级指标, when the rubric has a second level.
    public var name: String?
    public var points: Double
    /// The 考核标准 as published.
    public var criterion: String
    public var rules: [RubricRule]
    public var location: SourceLocation

    /// An item made only of bonus rules (加分项): its points are a cap on what it adds, not part of the total.
    public var isBonus: Bool { !rules.isEmpty && rules.allSatisfy { if case .bonus = $0.kind { true } else { false } } }

    /// 一级指标 › 二级指标, as the 自评表's 考核项目 column shows it.
    public var title: String { name.map { "\(category) › \($0)" } ?? category }
}

/// One deduction clause of an item.
public struct RubricRule: Sendable {
    public enum Kind: Sendable, Equatable {
        /// N points per finding of the check, up to `max` (default: the item's points).
        case perCase(Double, max: Double?)
        /// The check fails → N points.
        case onFailure(Double)
        /// The check fails → all the item's points.
        case noPoints
        /// N points per record the passing check used, up to `cap`.
        case bonus(Double, cap: Double)
        /// The check fails → the whole assessment is vetoed (一票否决).
        case veto
        /// A person decides (待人工评定): the points at stake (default: the item's), the evidence types to look at.
        case manual(Double?, evidence: [String])
        /// The year's annual report shares `maxShared` or more of its prose with last year's (or, in a roll-up, with
        /// another department's) → N points (雷同). Reads the report files, not a check.
        case similarity(Double, maxShared: Double)
    }

    /// What a rule reads.
    public enum Target: Sendable {
        /// A stable check id of the folder's plan (`task-20/request-deadline`) or of the statutory baseline (`statutory-requests`).
        case reference(String)
        /// A check of the rubric's own, declared like a plan's and evaluated on a task of its own.
        case own(PlanCheck)
    }

    public var kind: Kind
    /// Nil only for `manual`.
    public var target: Target?
    /// The deduction phrase as published (超期办理每条扣6分).
    public var phrase: String?
    /// Proposed by `rubric import`, not yet confirmed by a person.
    public var suggested: Bool
    public var note: String?
    public var location: SourceLocation
    package init(kind: Kind, target: Target? = nil, phrase: String? = nil, suggested: Bool, note: String? = nil, location: SourceLocation) {
        self.kind = kind
        self.target = target
        self.phrase = phrase
        self.suggested = suggested
        self.note = note
        self.location = location
    }

    /// The most this rule can take from an item of `points` (a veto takes the assessment, not points).
    package func potential(itemPoints points: Double) -> Double {
        switch kind {
        case .perCase(_, let max): Swift.min(max ?? points, points)
        case .onFailure(let n): Swift.min(n, points)
        case .noPoints: points
        case .manual(let n, _): Swift.min(n ?? points, points)
        case .similarity(let n, _): Swift.min(n, points)
        case .bonus, .veto: 0
        }
    }

    /// The rule's kind in words, for the review and the 自评表.
    public var kindText: Message {
        switch kind {
        case .perCase(let n, let max):
            Message(
                "每项扣\(Points.text(n))分" + (max.map { "，最高\(Points.text($0))分" } ?? ""),
                "\(Points.text(n)) per case" + (max.map { ", at most \(Points.text($0))" } ?? ""))
        case .onFailure(let n): Message("不符合扣\(Points.text(n))分", "\(Points.text(n)) if it fails")
        case .noPoints: Message("不符合不得分", "no points if it fails")
        case .bonus(let n, let cap): Message("每项加\(Points.text(n))分，最高\(Points.text(cap))分", "+\(Points.text(n)) per record, at most \(Points.text(cap))")
        case .veto: Message("一票否决", "veto")
        case .manual(let n, _): Message("人工评定" + (n.map { "（\(Points.text($0))分）" } ?? ""), "manual" + (n.map { " (\(Points.text($0)))" } ?? ""))
        case .similarity(let n, let max):
            Message(
                "年度报告雷同（相同正文达\(Percent.text(max))）扣\(Points.text(n))分",
                "\(Points.text(n)) if the annual report shares \(Percent.text(max)) or more of its prose")
        }
    }
}

/// A share as a percentage: 50%, 62.5%.
public enum Percent {
    public static func text(_ share: Double) -> String {
        let p = (share * 1000).rounded() / 10
        return (p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)) + "%"
    }
}

/// Points as the rubrics write them: 6, 0.5.
public enum Points {
    public static func text(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(format: "%g", p)
    }
}
