import Foundation
import GongkaiCore
import GongkaiPlan
import GongkaiReports

/// What changed between two years' plans: tasks added, dropped, reworded, reassigned. Tasks are matched by
/// their requirement text (exactly, then by similarity), not by number, since numbering shifts every year.
public enum PlanDiff {
    public enum Change: Sendable {
        case added(PlanTask)
        case dropped(PlanTask)
        case reworded(old: PlanTask, new: PlanTask, similarity: Double)
        case reassigned(old: PlanTask, new: PlanTask)
        case renumbered(old: PlanTask, new: PlanTask)

        public var kind: String {
            switch self {
            case .added: "added"
            case .dropped: "dropped"
            case .reworded: "reworded"
            case .reassigned: "reassigned"
            case .renumbered: "renumbered"
            }
        }
    }

    public static func compare(_ a: Plan, _ b: Plan, threshold: Double = 0.4) -> [Change] {
        var unmatchedA = a.tasks
        var unmatchedB = b.tasks
        var pairs: [(PlanTask, PlanTask, Double)] = []
        for t in a.tasks {
            if let j = unmatchedB.firstIndex(where: { $0.requirement == t.requirement }) {
                pairs.append((t, unmatchedB.remove(at: j), 1))
                unmatchedA.removeAll { $0.no == t.no }
            }
        }
        // Greedy best-first matching of the rest by character-bigram similarity.
        var candidates: [(Int, Int, Double)] = []
        for (i, t) in unmatchedA.enumerated() {
            for (j, u) in unmatchedB.enumerated() {
                let s = similarity(t.requirement, u.requirement)
                if s >= threshold { candidates.append((i, j, s)) }
            }
        }
        var usedA = Set<Int>()
        var usedB = Set<Int>()
        for (i, j, s) in candidates.sorted(by: { $0.2 > $1.2 }) where !usedA.contains(i) && !usedB.contains(j) {
            usedA.insert(i)
            usedB.insert(j)
            pairs.append((unmatchedA[i], unmatchedB[j], s))
        }
        var changes: [Change] = []
        for (old, new, s) in pairs.sorted(by: { $0.1.no < $1.1.no }) {
            if s < 1 { changes.append(.reworded(old: old, new: new, similarity: s)) }
            if Set(old.lead) != Set(new.lead) || Set(old.responsible) != Set(new.responsible) || Set(old.cooperating) != Set(new.cooperating) {
                changes.append(.reassigned(old: old, new: new))
            }
            if s == 1 && old.no != new.no { changes.append(.renumbered(old: old, new: new)) }
        }
        changes += unmatchedB.enumerated().filter { !usedB.contains($0.offset) }.map { .added($0.element) }
        changes += unmatchedA.enumerated().filter { !usedA.contains($0.offset) }.map { .dropped($0.element) }
        return changes
    }

    static func similarity(_ a: String, _ b: String) -> Double {
        func bigrams(_ s: String) -> Set<String> {
            let chars = Array(s.filter { !$0.isPunctuation && !$0.isWhitespace })
            guard chars.count > 1 else { return Set(chars.map(String.init)) }
            return Set((0..<chars.count - 1).map { String(chars[$0...$0 + 1]) })
        }
        let x = bigrams(a)
        let y = bigrams(b)
        guard !x.isEmpty || !y.isEmpty else { return 1 }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    public static func text(_ changes: [Change], a: Plan, b: Plan, lang: Lang) -> String {
        let zh = lang == .zh
        var out = [zh ? "\(a.title)（\(a.file)）→ \(b.title)（\(b.file)）" : "\(a.title) (\(a.file)) → \(b.title) (\(b.file))"]
        func roles(_ t: PlanTask) -> String { t.responsibility }
        // The plan's own facts first: a new year's plan of the same text is still a new year's.
        if a.year != b.year { out.append(zh ? "年度：\(a.year) → \(b.year)" : "year: \(a.year) → \(b.year)") }
        if a.agency != b.agency { out.append(zh ? "单位：\(a.agency) → \(b.agency)" : "agency: \(a.agency) → \(b.agency)") }
        let added = b.departments.filter { !a.departments.contains($0) }
        let dropped = a.departments.filter { !b.departments.contains($0) }
        if !added.isEmpty { out.append((zh ? "新增单位：" : "units added: ") + added.joined(separator: zh ? "、" : ", ")) }
        if !dropped.isEmpty { out.append((zh ? "删除单位：" : "units dropped: ") + dropped.joined(separator: zh ? "、" : ", ")) }
        for c in changes {
            switch c {
            case .added(let t): out.append((zh ? "新增 任务\(t.no)：" : "added task \(t.no): ") + "\(t.shortRequirement(50))（\(roles(t))）")
            case .dropped(let t): out.append((zh ? "删除 原任务\(t.no)：" : "dropped task \(t.no): ") + t.shortRequirement(50))
            case .reworded(let o, let n, let s):
                out.append(
                    (zh ? "改写 任务\(o.no)→\(n.no)（相似度 \(Int(s * 100))%）：" : "reworded task \(o.no)→\(n.no) (\(Int(s * 100))% alike): ") + n.shortRequirement(50))
            case .reassigned(let o, let n): out.append((zh ? "调整分工 任务\(o.no)→\(n.no)：" : "reassigned task \(o.no)→\(n.no): ") + "\(roles(o)) → \(roles(n))")
            case .renumbered(let o, let n): out.append((zh ? "编号变化 任务\(o.no)→\(n.no)" : "renumbered task \(o.no)→\(n.no)"))
            }
        }
        if changes.isEmpty { out.append(zh ? "两份计划的任务、文字和分工相同。" : "The two plans have the same tasks, texts and roles.") }
        return out.joined(separator: "\n") + "\n"
    }

    struct ChangeJSON: Encodable {
        var change: String
        var old: Int?
        var new: Int?
        var requirement: String
        var before: String?
        var after: String?
        var similarity: Double?
        enum CodingKeys: String, CodingKey { case change, old, new, requirement, before, after, similarity }
        /// Every key is written, null when absent.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(change, forKey: .change)
            try c.encode(old, forKey: .old)
            try c.encode(new, forKey: .new)
            try c.encode(requirement, forKey: .requirement)
            try c.encode(before, forKey: .before)
            try c.encode(after, forKey: .after)
            try c.encode(similarity, forKey: .similarity)
        }
    }

    public static func json(_ changes: [Change]) throws -> Data {
        let items = changes.map { c -> ChangeJSON in
            switch c {
            case .added(let t):
                ChangeJSON(change: c.kind, old: nil, new: t.no, requirement: t.requirement, before: nil, after: t.responsibility, similarity: nil)
            case .dropped(let t):
                ChangeJSON(change: c.kind, old: t.no, new: nil, requirement: t.requirement, before: t.responsibility, after: nil, similarity: nil)
            case .reworded(let o, let n, let s):
                ChangeJSON(change: c.kind, old: o.no, new: n.no, requirement: n.requirement, before: o.requirement, after: n.requirement, similarity: s)
            case .reassigned(let o, let n):
                ChangeJSON(change: c.kind, old: o.no, new: n.no, requirement: n.requirement, before: o.responsibility, after: n.responsibility, similarity: nil)
            case .renumbered(let o, let n):
                ChangeJSON(change: c.kind, old: o.no, new: n.no, requirement: n.requirement, before: nil, after: nil, similarity: nil)
            }
        }
        return try JSONReport.encoder.encode(items) + Data("\n".utf8)
    }
}
