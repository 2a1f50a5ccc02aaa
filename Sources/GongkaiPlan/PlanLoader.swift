import Crypto
import Foundation
import GongkaiCore
import Yams

/// Loads `Rules/plans/*.yaml`. Syntax errors and a missing skeleton are fatal; a bad check is kept (it evaluates to
/// `error`, so every other task is still evaluated) and the vocabulary's problems with it are issues `plan lint` lists.
public enum PlanLoader {
    public static func load(url: URL, displayName: String? = nil, checks: any CheckVocabulary) throws(GongkaiError) -> (Plan, [LoadIssue]) {
        let name = displayName ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GongkaiError(Message("无法读取计划文件 \(name)", "cannot read plan file \(name)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GongkaiError(Message("计划文件 \(name) 不是 UTF-8 文本", "plan file \(name) is not UTF-8 text"))
        }
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        do {
            return try parse(text, file: name, sha256: sha, checks: checks)
        } catch {
            throw GongkaiError(Message("计划文件无效", "invalid plan file"), issues: [error])
        }
    }

    static let checkMetaKeys: Set<String> = ["kind", "id", "title", "suggested"]

    public static func parse(_ text: String, file: String, sha256: String = "", checks: any CheckVocabulary) throws(LoadIssue) -> (Plan, [LoadIssue]) {
        guard let root = try YAMLSource.compose(text, file: file), root.pairs != nil else {
            throw LoadIssue(
                SourceLocation(file: file, line: 1), Message("计划文件应为映射（id, year, sections…）", "a plan file should be a mapping (id, year, sections…)"))
        }
        func required(_ key: String) throws(LoadIssue) -> String {
            guard let v = root[key: key]?.text, !v.isEmpty else {
                throw LoadIssue(SourceLocation(file: file, line: 1), Message("计划缺少 \(key)", "the plan has no \(key)"))
            }
            return v
        }
        let id = try required("id")
        guard let year = Int(try required("year")) else {
            throw LoadIssue(root[key: "year"]?.location(in: file) ?? SourceLocation(file: file), Message("year 应为年份", "year should be a year"))
        }
        let departments = root[key: "departments"]?.strings ?? []
        let business = root[key: "business_departments"]?.strings ?? []
        let parser = ResponsibilityParser(departments: departments, businessDepartments: business)
        var issues: [LoadIssue] = []
        var sections: [PlanSection] = []
        var tasks: [PlanTask] = []
        guard let sectionNodes = root[key: "sections"]?.items else {
            throw LoadIssue(SourceLocation(file: file, line: 1), Message("计划缺少 sections", "the plan has no sections"))
        }
        for sectionNode in sectionNodes {
            let sectionNo = sectionNode[key: "no"]?.text ?? ""
            let sectionTitle = sectionNode[key: "title"]?.text ?? ""
            var items: [PlanItem] = []
            for itemNode in sectionNode[key: "items"]?.items ?? [] {
                let itemNo = itemNode[key: "no"]?.text ?? ""
                let itemTitle = itemNode[key: "title"]?.text ?? ""
                var numbers: [Int] = []
                for taskNode in itemNode[key: "tasks"]?.items ?? [] {
                    let loc = taskNode.location(in: file)
                    guard let no = taskNode[key: "no"]?.text.flatMap(Int.init) else {
                        issues.append(LoadIssue(loc, Message("任务缺少编号 no", "a task has no number (no)")))
                        continue
                    }
                    let phrase = taskNode[key: "responsibility"]?.text ?? ""
                    var lead = taskNode[key: "lead"]?.strings
                    var responsible = taskNode[key: "responsible"]?.strings
                    var cooperating = taskNode[key: "cooperating"]?.strings
                    if lead == nil && responsible == nil && cooperating == nil, let roles = parser.parse(phrase) {
                        lead = roles.lead
                        responsible = roles.responsible
                        cooperating = roles.cooperating
                    }
                    var task = PlanTask(
                        no: no, sectionNo: sectionNo, sectionTitle: sectionTitle, itemNo: itemNo, itemTitle: itemTitle,
                        requirement: taskNode[key: "requirement"]?.text ?? "", responsibility: phrase,
                        lead: lead ?? [], responsible: responsible ?? [], cooperating: cooperating ?? [],
                        checks: [], location: loc)
                    task.deadline = deadline(taskNode[key: "deadline"])
                    task.collectives = collectives(taskNode[key: "collectives"], file: file, issues: &issues)
                    task.origin = taskNode[key: "source"]?.text
                    var usedIDs: [String: Int] = [:]
                    for checkNode in taskNode[key: "checks"]?.items ?? [] {
                        let check = Self.check(checkNode, file: file, usedIDs: &usedIDs)
                        issues += checks.problems(check)
                        task.checks.append(check)
                    }
                    numbers.append(no)
                    tasks.append(task)
                }
                items.append(PlanItem(no: itemNo, title: itemTitle, taskNumbers: numbers))
            }
            sections.append(PlanSection(no: sectionNo, title: sectionTitle, items: items))
        }
        var plan = Plan(
            id: id, title: root[key: "title"]?.text ?? id, agency: root[key: "agency"]?.text ?? "", year: year,
            source: root[key: "source"]?.text, unitWord: root[key: "unit"]?.text ?? "科室",
            departments: departments, businessDepartments: business, sections: sections, tasks: tasks,
            file: file, sha256: sha256)
        for (unit, keyNode, names) in root[key: "aliases"]?.pairs ?? [] {
            guard departments.contains(unit) else {
                issues.append(
                    LoadIssue(
                        keyNode.location(in: file),
                        Message("aliases 中的 \(unit) 不是计划的部门（\(departments.joined(separator: "、"))）", "aliases: \(unit) is not a unit of the plan")))
                continue
            }
            for alias in names.strings ?? names.text.map({ [$0] }) ?? [] { plan.aliases[alias] = unit }
        }
        return (plan, issues)
    }

    /// `deadline: {text: 年底前, due: 2021-12-31}` or `{text: 每季度, cadence: quarter}` or `{text: 持续推进, ongoing: true}`.
    static func deadline(_ node: Node?) -> TaskDeadline? {
        guard let node, let text = node[key: "text"]?.text else { return nil }
        return TaskDeadline(
            text: text, due: node[key: "due"]?.text.flatMap { Day.parse($0) },
            cadence: node[key: "cadence"]?.text.flatMap(TaskDeadline.Cadence.init(rawValue:)), ongoing: node[key: "ongoing"]?.text == "true")
    }

    static func collectives(_ node: Node?, file: String, issues: inout [LoadIssue]) -> [ResponsibilityParser.Collective] {
        var out: [ResponsibilityParser.Collective] = []
        for c in node?.items ?? [] {
            guard let phrase = c[key: "phrase"]?.text, let role = c[key: "role"]?.text.flatMap(Role.init(rawValue:)),
                let kind = c[key: "kind"]?.text.flatMap(ResponsibilityParser.CollectiveKind.init(rawValue:))
            else {
                let expected = Message(
                    "collectives 的每一项应为 {phrase, role: lead|responsible|cooperating, kind: all|business|relevant}",
                    "each collective should be {phrase, role: lead|responsible|cooperating, kind: all|business|relevant}")
                issues.append(LoadIssue(c.location(in: file), expected))
                continue
            }
            out.append(ResponsibilityParser.Collective(phrase: phrase, role: role, kind: kind))
        }
        return out
    }

    /// A check as the plan writes it, its id made unique within the task (`report`, `report-2`).
    package static func check(_ node: Node, file: String, usedIDs: inout [String: Int]) -> PlanCheck {
        let kindID = node[key: "kind"]?.text ?? ""
        var id = node[key: "id"]?.text ?? kindID
        usedIDs[id, default: 0] += 1
        if usedIDs[id, default: 0] > 1 { id += "-\(usedIDs[id, default: 0])" }
        let paramPairs = (node.pairs ?? []).filter { !checkMetaKeys.contains($0.key) }
        let parameters = Node.mapping(Node.Mapping(paramPairs.map { ($0.keyNode, $0.value) }, .implicit, .block, node.mark))
        var locations: [String: SourceLocation] = [:]
        for (key, keyNode, _) in paramPairs { locations[key] = keyNode.location(in: file) }
        return PlanCheck(
            id: id, kind: kindID, title: node[key: "title"]?.text, suggested: node[key: "suggested"]?.text == "true",
            parameters: parameters.jsonValue, parameterLocations: locations, location: node.location(in: file))
    }
}
