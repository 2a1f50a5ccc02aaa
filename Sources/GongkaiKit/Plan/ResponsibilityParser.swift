/// Parses a 责任科室 phrase ("审批科牵头，促进科、资管科配合。", "各业务科室负责", "机关党委、各科室配合")
/// into roles. Collective words follow the plan's unit word: 各科室 / 各股室 / 各处室 / 各单位 mean every
/// department, 各业务科室 (…股室, …处室) the business departments; no unit word is built in.
public struct ResponsibilityParser: Sendable {
    public struct Roles: Sendable, Equatable {
        public var lead: [String] = []
        public var responsible: [String] = []
        public var cooperating: [String] = []
        /// Names in the phrase, collectives expanded, in order of appearance.
        public var named: [String] = []
    }

    public var departments: [String]
    public var businessDepartments: [String]

    public init(departments: [String], businessDepartments: [String]) {
        self.departments = departments
        self.businessDepartments = businessDepartments
    }

    static let roleWords: [(String, Role)] = [("牵头", .lead), ("负责", .responsible), ("配合", .cooperating), ("参与", .cooperating)]

    /// Splits the phrase into (names, role) clauses; nil when a clause has no role word or no names.
    public static func clauses(_ phrase: String) -> [(names: [String], role: Role)]? {
        let cleaned = phrase.filter { !$0.isWhitespace }
            .trimmingCharacters(in: CharacterSet(charactersIn: "。．.；;"))
        guard !cleaned.isEmpty else { return nil }
        var result: [(names: [String], role: Role)] = []
        for clause in cleaned.split(whereSeparator: { "，,；;".contains($0) }) {
            var body = String(clause)
            var role: Role?
            for (word, r) in roleWords where body.hasSuffix(word) {
                role = r
                body.removeLast(word.count)
                break
            }
            if body.hasSuffix("共同") { body.removeLast(2) }
            guard let role, !body.isEmpty else { return nil }
            let names = body.split(whereSeparator: { "、/和及与".contains($0) }).map(String.init)
            guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { return nil }
            result.append((names, role))
        }
        return result.isEmpty ? nil : result
    }

    /// "各业务科室" → business, "各科室" → all; nil for an ordinary name.
    public static func collective(_ name: String) -> Bool? {
        guard name.hasPrefix("各"), name.count >= 2 else { return nil }
        return name.dropFirst().hasPrefix("业务")
    }

    public func parse(_ phrase: String) -> Roles? {
        guard let clauses = Self.clauses(phrase) else { return nil }
        var roles = Roles()
        var assigned = Set<String>()
        // Named departments take their role first; collectives fill in the rest ("机关党委、各科室配合").
        for pass in 0..<2 {
            for (names, role) in clauses {
                for name in names {
                    let isCollective = Self.collective(name)
                    if pass == 0, isCollective != nil { continue }
                    if pass == 1, isCollective == nil { continue }
                    let expanded = isCollective.map { $0 ? businessDepartments : departments } ?? [name]
                    for dept in expanded where !assigned.contains(dept) {
                        // A collective never re-adds a department that already has a role.
                        assigned.insert(dept)
                        switch role {
                        case .lead: roles.lead.append(dept)
                        case .responsible: roles.responsible.append(dept)
                        case .cooperating: roles.cooperating.append(dept)
                        }
                        roles.named.append(dept)
                    }
                }
            }
        }
        return roles
    }
}

import Foundation
