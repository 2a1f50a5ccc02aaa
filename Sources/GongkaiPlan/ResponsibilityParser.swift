import Foundation

/// Parses a 责任 phrase into roles, in the wordings plans use: a bare unit or list (`财务科`, `办公室、法规科`:
/// responsible); role words after the names (牵头/统筹/主办: lead; 负责/负责落实/落实/承办/具体负责/按职责分工负责:
/// responsible; 配合/协助/参与/协同/协办: cooperating; `A、B分别牵头`); labelled clauses (`牵头单位：A；责任单位：B；
/// 配合单位：C`); `X等`, `X等单位`, `X等相关部门` (X and the relevant units); a bare `按职责分工落实` (every unit).
/// Collectives stay collectives: all units (各科室, 各单位…) and the business units (各业务科室, 各职能科室…) are
/// expanded to the plan's lists, leaving out units the phrase names in another role; the relevant units (相关科室,
/// 有关单位, 市直相关部门, 局主办科室…) are kept for a person to name; outside bodies (各县市区人民政府,
/// 各乡镇（街道）…) are kept as named bodies. A phrase it cannot read gives nil: no guessed roles.
public struct ResponsibilityParser: Sendable {
    public enum CollectiveKind: String, Sendable, Codable, Equatable {
        /// 各科室, 各单位: every unit of the plan.
        case all
        /// 各业务科室, 各职能科室: the business units.
        case business
        /// 相关科室, 有关单位: to be named by a person (`plan lint` asks).
        case relevant
    }

    public struct Collective: Sendable, Equatable {
        public var phrase: String
        public var role: Role
        public var kind: CollectiveKind
        public init(phrase: String, role: Role, kind: CollectiveKind) {
            self.phrase = phrase
            self.role = role
            self.kind = kind
        }
    }

    public struct Roles: Sendable, Equatable {
        public var lead: [String] = []
        public var responsible: [String] = []
        public var cooperating: [String] = []
        /// Names in the phrase, collectives expanded, in order of appearance.
        public var named: [String] = []
        public var collectives: [Collective] = []
        /// Words after the roles that are not roles ("以下任务均需…落实"), kept for the reviewer.
        public var note: String?
    }

    /// What a name in a phrase stands for.
    public enum NameKind: Equatable, Sendable {
        case unit, outside
        case collective(CollectiveKind)
    }

    public var departments: [String]
    public var businessDepartments: [String]

    public init(departments: [String], businessDepartments: [String]) {
        self.departments = departments
        self.businessDepartments = businessDepartments
    }

    /// Role words at the end of a clause, longest first so 负责落实 wins over 落实.
    static let roleSuffixes: [(String, Role)] = roleWords.sorted { $0.0.count > $1.0.count }
    static let roleWords: [(String, Role)] = [
        ("分别牵头负责落实", .lead), ("分别牵头落实", .lead), ("分别牵头负责", .lead), ("牵头负责落实", .lead), ("分别牵头", .lead),
        ("牵头负责", .lead), ("牵头落实", .lead), ("牵头抓总", .lead), ("统筹推进", .lead), ("牵头", .lead), ("统筹", .lead),
        ("主办", .lead),
        ("按职责分工负责落实", .responsible), ("按职责分别负责落实", .responsible), ("按职责分工负责", .responsible),
        ("按职责分工落实", .responsible), ("按职责分别负责", .responsible), ("按职责负责落实", .responsible), ("按职责负责", .responsible),
        ("按职责落实", .responsible), ("分别负责落实", .responsible), ("具体负责落实", .responsible), ("负责具体落实", .responsible),
        ("分别负责", .responsible), ("负责落实", .responsible), ("具体负责", .responsible), ("具体落实", .responsible), ("共同负责", .responsible),
        ("负责", .responsible), ("落实", .responsible), ("承办", .responsible),
        ("配合落实", .cooperating), ("协助落实", .cooperating), ("参与落实", .cooperating),
        ("配合", .cooperating), ("协助", .cooperating), ("参与", .cooperating), ("协同", .cooperating), ("协办", .cooperating),
    ]

    /// The role a clause label gives (`牵头单位：`, `责任科室：`, `配合单位：`).
    static func labelRole(_ label: String) -> Role? {
        guard label.count <= 8, ["单位", "科室", "股室", "处室", "部门", "科", "处", "股", "室", "机构", "领导"].contains(where: { label.hasSuffix($0) }) else { return nil }
        if label.includes("牵头") || label.includes("主办") { return .lead }
        if ["配合", "协办", "协助", "参与", "协同"].contains(where: { label.includes($0) }) { return .cooperating }
        if ["责任", "负责", "承办", "落实"].contains(where: { label.includes($0) }) { return .responsible }
        return nil
    }

    /// Endings of unit names; a bare word without one ("视情况而定") is not taken for a unit.
    static let unitEndings = [
        "科", "室", "股", "处", "局", "委", "办", "中心", "站", "所", "队", "院", "馆", "会", "厅", "部", "部门", "单位", "政府",
        "街道", "乡镇", "镇", "乡", "组", "行", "司", "社", "团", "台", "党委", "党组", "支部", "机关", "管委", "分局", "公司",
        "集团", "署", "区", "县", "市", "省", "校", "园", "所属单位", "机构", "小组", "办公室", "）", ")", "〕",
    ]

    public static func plausibleName(_ name: String) -> Bool {
        guard name.count >= 2, name.count <= 30 else { return false }
        // "规划信息处(爱卫办)", "市府办〔市大数据局〕": the name before the bracket must be one; "重点领域信息(…)" is not.
        for (open, close) in [("(", ")"), ("（", "）"), ("〔", "〕")] where name.hasSuffix(close) {
            guard let start = name.range(of: open, options: .backwards)?.lowerBound, start > name.startIndex else { return false }
            let head = String(name[..<start])
            return plausibleName(head) || kind(of: head) != .unit
        }
        return unitEndings.contains { name.hasSuffix($0) }
    }

    public static func kind(of name: String) -> NameKind {
        if name.includes("相关") || name.includes("有关") { return .collective(.relevant) }
        // 局主办科室, 承办单位: whichever unit handles the matter, for a person to name.
        if handlingUnits.contains(where: { name.hasSuffix($0) }), name.count <= handlingPrefix + 4 { return .collective(.relevant) }
        if name == allByDuty { return .collective(.all) }
        // A government's own departments and its towns: in a government's plan (区政府各部门、各街镇) they are the units
        // that carry it out, a collective of the plan's units, not a body outside it.
        if governmentCollectives.contains(name) || townCollectives.contains(name) { return .collective(.all) }
        if let owner = collectiveOwner(name) {
            if name.includes("业务") || name.includes("职能") { return .collective(.business) }
            let rest = name[owner.endIndex...].dropFirst()
            let unitWords = ["科室", "股室", "处室", "单位", "部门", "科", "股", "处", "室", "内设机构", "责任科室", "责任股室", "责任处室", "科（室）", "科(室)", "中心"]
            if unitWords.contains(String(rest)) { return .collective(.all) }
            return .outside
        }
        for prefix in ["市直各", "县直各", "区直各", "省直各", "市政府各", "县政府各", "区政府各", "省政府各"] where name.hasPrefix(prefix) { return .outside }
        return .unit
    }

    /// The names of a unit that handles a matter, not one unit: 主办科室, 承办单位 (with a short owner: 局主办科室).
    static let handlingUnits = ["主办科室", "主办单位", "主办部门", "承办科室", "承办单位", "承办部门", "主责科室", "主管科室"]
    static let handlingPrefix = 4
    /// `按职责分工落实` with no names before it: every unit, each for its own part.
    static let allByDuty = "按职责分工"

    static let governmentCollectives: Set<String> = {
        var out = Set<String>()
        for level in ["市", "县", "区", "省", "旗"] {
            for body in ["政府各", "直各", "政府直属各", "级各"] {
                for what in ["部门", "单位", "部门（单位）", "部门(单位)", "委办局"] { out.insert(level + body + what) }
            }
            // 各区直部门: the same, the other way round.
            for what in ["部门", "单位", "部门（单位）", "部门(单位)", "各部门"] { out.insert("各" + level + "直" + what) }
        }
        return out
    }()
    static let townCollectives: Set<String> = [
        "各街镇", "各镇街", "各乡镇", "各镇", "各街道", "各乡镇（街道）", "各镇（街道）", "各镇(街道)", "各乡镇(街道)", "各乡（镇）", "各乡(镇)",
        "各乡镇街道", "各镇、街道", "各街道办事处", "各乡镇人民政府", "各镇（办）", "各镇(办)", "各乡镇（办）", "各乡镇(办)", "各镇办",
    ]

    /// What stands before 各 in a collective of the body's own units: nothing (各科室), 机关, 局机关, 局属, 局 (局各股室),
    /// 本局, 委, 厅…; nil for a name that is no such collective (市直各部门 is outside).
    static func collectiveOwner(_ name: String) -> Substring? {
        guard let i = name.firstIndex(of: "各") else { return nil }
        let owner = name[..<i]
        let owners: Set<Substring> = ["", "机关", "局机关", "局属", "局", "本局", "局内", "委", "委机关", "委属", "厅", "厅机关", "厅属", "办", "院", "院属", "中心"]
        return owners.contains(owner) ? owner : nil
    }

    /// The units a collective of all units reaches: 局属各中心 the plan's 中心 (its subordinate institutions), 局各股室 /
    /// 各科室 / 各处室 every internal unit but those centres; 各单位 and the like every unit. A word that matches none
    /// of the plan's units reaches them all.
    static func towns(in units: [String]) -> [String] {
        units.filter { u in ["镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府"].contains { u.hasSuffix($0) } }
    }

    public static func reach(of phrase: String, in units: [String]) -> [String] {
        let towns = towns(in: units)
        if townCollectives.contains(phrase) { return towns.isEmpty ? units : towns }
        if governmentCollectives.contains(phrase) {
            let departments = units.filter { !towns.contains($0) }
            return departments.isEmpty ? units : departments
        }
        guard let owner = collectiveOwner(phrase) else { return units }
        let rest = String(phrase[owner.endIndex...].dropFirst())
        let centres = units.filter { $0.hasSuffix("中心") }
        let matching: [String]
        switch rest {
        case "中心": matching = centres
        case "股室", "股", "责任股室", "处室", "处", "责任处室", "科室", "科", "责任科室", "科（室）", "科(室)", "内设机构": matching = units.filter { !centres.contains($0) }
        default: matching = units
        }
        return matching.isEmpty ? units : matching
    }

    /// "各业务科室" → business, "各科室" → all; nil for an ordinary name (kept for the loader's older callers).
    public static func collective(_ name: String) -> Bool? {
        switch kind(of: name) {
        case .collective(.business): true
        case .collective(.all): false
        default: nil
        }
    }

    /// Clause punctuation in one width, white space removed; brackets stay as written, being part of names (各乡镇（街道）).
    package static func normalize(_ phrase: String) -> String {
        var out = String.UnicodeScalarView()
        for s in phrase.unicodeScalars where !s.isSpaceLike {
            switch s {
            case "：": out.append(":")
            case "；": out.append(";")
            case "，": out.append(",")
            case "．": out.append(".")
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Splits the phrase into (names, role) clauses; nil when a clause has no role word and cannot be read as bare
    /// names, or names a thing that is not a unit.
    public static func clauses(_ phrase: String) -> (clauses: [(names: [String], role: Role)], note: String?)? {
        var s = normalize(phrase)
        while let last = s.last, "。.;,".contains(last) { s.removeLast() }
        if let first = s.first, let last = s.last, "(（".contains(first), ")）".contains(last) { s = String(s.dropFirst().dropLast()) }
        guard !s.isEmpty else { return nil }
        var note: String?
        if let stop = s.firstIndex(of: "。") {
            note = String(s[s.index(after: stop)...])
            s = String(s[..<stop])
        }
        var result: [(names: [String], role: Role)] = []
        // Labelled clauses: "牵头单位:A;责任单位:B,C;配合单位:D", or with commas between them ("牵头单位:A,责任单位:B").
        if s.includes(":") {
            for segment in labelledSegments(s) {
                let parts = segment.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let role = labelRole(parts[0]) else { return nil }
                guard let sub = clauses(parts[1]) else { return nil }
                // Inside a labelled clause a role word may still be said ("责任单位:X负责"); the label decides.
                let names = sub.clauses.flatMap(\.names)
                guard !names.isEmpty else { return nil }
                result.append((names, sub.clauses.count == 1 && sub.clauses[0].role != .responsible ? sub.clauses[0].role : role))
            }
            return result.isEmpty ? nil : (result, note)
        }
        var pending: [String] = []
        var sawRole = false
        for clause in s.split(whereSeparator: { ",;".contains($0) }).flatMap(roleRuns) {
            var body = String(clause)
            // "按职责分工落实" on its own: every unit, each for its part.
            if body.hasPrefix("按职责"), let r = roleWords.first(where: { $0.0 == body })?.1 {
                result.append((pending + [allByDuty], r))
                pending = []
                sawRole = true
                continue
            }
            var role: Role?
            for (word, r) in roleSuffixes where body.hasSuffix(word) && body.count > word.count {
                role = r
                body.removeLast(word.count)
                break
            }
            for filler in ["共同", "分别", "按职责"] where body.hasSuffix(filler) { body.removeLast(filler.count) }
            guard let found = Self.names(body) else { return nil }
            if let role {
                result.append((pending + found, role))
                pending = []
                sawRole = true
            } else {
                pending += found
            }
        }
        if !pending.isEmpty {
            // Names after the last role word are not guessed at ("A牵头,B"); with no role word at all they are responsible.
            guard !sawRole else { return nil }
            result.append((pending, .responsible))
        }
        return result.isEmpty ? nil : (result, note)
    }

    /// The labelled clauses of a phrase: cut at each ";", and at a "," that a label follows ("A,责任单位:B"); a ","
    /// between names ("责任单位:B,C") stays inside its clause.
    static func labelledSegments(_ s: String) -> [Substring] {
        var out: [Substring] = []
        for part in s.split(separator: ";") {
            var start = part.startIndex
            for i in part.indices where part[i] == "," {
                let rest = part[part.index(after: i)...]
                guard let colon = rest.firstIndex(of: ":"), labelRole(String(rest[..<colon])) != nil else { continue }
                out.append(part[start..<i])
                start = rest.startIndex
            }
            out.append(part[start...])
        }
        return out
    }

    /// A clause whose 、-list carries a role word inside it ("局防控办主办、各工作组协办") is as many clauses, each
    /// ending at its role word; any other clause is one.
    static func roleRuns(_ clause: Substring) -> [Substring] {
        let pieces = clause.split(separator: "、", omittingEmptySubsequences: false)
        guard pieces.count > 1 else { return [clause] }
        var out: [Substring] = []
        var start = clause.startIndex
        for piece in pieces.dropLast() where roleSuffixes.contains(where: { piece.hasSuffix($0.0) && piece.count > $0.0.count }) {
            out.append(clause[start..<piece.endIndex])
            start = clause.index(after: piece.endIndex)
        }
        out.append(clause[start...])
        return out
    }

    /// "办公室、法规科" → names; "X等单位" → X; a lone unit word after a collective ("市直有关部门、单位") joins it.
    static func names(_ body: String) -> [String]? {
        var out: [String] = []
        for piece in body.split(whereSeparator: { "、/".contains($0) }).map(String.init) {
            var name = piece
            // "区发改委等相关区直部门": the unit named, and the relevant ones for a person to name.
            if let r = relevantTail(name) {
                guard plausibleName(r.named) || kind(of: r.named) != .unit else { return nil }
                out += [r.named, r.relevant]
                continue
            }
            for suffix in ["等有关单位", "等相关单位", "等单位", "等部门", "等科室", "等"] where name.hasSuffix(suffix) && name.count > suffix.count {
                name.removeLast(suffix.count)
                break
            }
            if ["单位", "部门", "科室", "机构"].contains(name), let prev = out.last, kind(of: prev) != .unit {
                out[out.count - 1] = prev + "、" + name
                continue
            }
            // "办公室和法规科": split on 和/及/与 only when every part is a unit name ("区发展和改革局" stays whole).
            var split: [String]?
            for joiner in ["和", "及", "与"] where name.includes(joiner) {
                let parts = name.components(separatedBy: joiner)
                if parts.allSatisfy({ $0.count >= 2 && (plausibleName($0) || kind(of: $0) != .unit) }) { split = parts }
            }
            for n in split ?? [name] {
                guard plausibleName(n) || kind(of: n) != .unit else { return nil }
                out.append(n)
            }
        }
        return out.isEmpty ? nil : out
    }

    /// "区数据局等相关部门" → (区数据局, 相关部门); nil for any other name.
    static func relevantTail(_ name: String) -> (named: String, relevant: String)? {
        for marker in ["等相关", "等有关"] {
            guard let r = name.byteRange(of: marker), r.lowerBound > name.startIndex else { continue }
            let rest = name[r.upperBound...]
            guard !rest.isEmpty else { continue }
            return (String(name[..<r.lowerBound]), String(name[name.index(after: r.lowerBound)...]))
        }
        return nil
    }

    public func parse(_ phrase: String) -> Roles? {
        guard let (clauses, note) = Self.clauses(phrase) else { return nil }
        var roles = Roles()
        roles.note = note
        var assigned = Set<String>()
        func add(_ dept: String, _ role: Role) {
            guard !assigned.contains(dept) else { return }
            assigned.insert(dept)
            switch role {
            case .lead: roles.lead.append(dept)
            case .responsible: roles.responsible.append(dept)
            case .cooperating: roles.cooperating.append(dept)
            }
            roles.named.append(dept)
        }
        // Towns in a plan that names none (a bureau's), a government's departments in a plan that names no unit: bodies
        // outside it, kept as written.
        func keptAsWritten(_ name: String) -> Bool {
            (Self.townCollectives.contains(name) && Self.towns(in: departments).isEmpty)
                || (Self.governmentCollectives.contains(name) && departments.isEmpty)
        }
        // Named units take their role first; all-unit collectives fill in the rest ("办公室牵头，各科室配合").
        for (names, role) in clauses {
            for name in names {
                switch Self.kind(of: name) {
                case .unit, .outside: add(name, role)
                case .collective(.relevant): roles.collectives.append(Collective(phrase: name, role: role, kind: .relevant))
                case .collective: if keptAsWritten(name) { add(name, role) }
                }
            }
        }
        for (names, role) in clauses {
            for name in names {
                guard case .collective(let kind) = Self.kind(of: name), kind != .relevant else { continue }
                if keptAsWritten(name) { continue }
                roles.collectives.append(Collective(phrase: name, role: role, kind: kind))
                for dept in kind == .business ? businessDepartments : Self.reach(of: name, in: departments) { add(dept, role) }
            }
        }
        return roles
    }
}
