import Foundation
import GongkaiCore

/// Writes an imported plan in the format of `Rules/plans/`.
public enum PlanYAMLWriter {
    public static func yaml(_ p: PlanImporter.Result, source: String) -> String {
        // Control characters (a NUL from a damaged file) escaped, never written raw into YAML gongkai then refuses.
        func q(_ s: String) -> String { YAMLText.quoted(s) }
        // Names with YAML's flow indicators are quoted; the plain ones stay plain, as in Rules/plans/.
        func item(_ s: String) -> String {
            s.contains(where: { ",[]{}:#&*!|>'\"%@`".contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 } }) ? q(s) : s
        }
        func list(_ l: [String]) -> String { "[" + l.map(item).joined(separator: ", ") + "]" }
        var out = [
            "# \(p.title)：由 gongkai plan import 从 \(source) 导入。",
            "# 标有 suggested: true 的检查是按任务原文建议的：请逐项确认或修改（确认后删去该行）。",
            "id: \(item(p.id))", "title: \(item(p.title))", "agency: \(item(p.agency))", "year: \(p.year)", "unit: \(item(p.unitWord))",
            "departments: \(list(p.departments))", "business_departments: \(list(p.businessDepartments))", "sections:",
        ]
        for s in p.sections {
            out += ["  - no: \(s.no.isEmpty ? "\"\"" : s.no)", "    title: \(q(s.title))", "    items:"]
            for item in s.items {
                out += ["      - no: \(item.no.isEmpty ? "\"\"" : item.no)", "        title: \(q(item.title))", "        tasks:"]
                for t in item.tasks {
                    out += ["          - no: \(t.no)", "            requirement: \(q(t.requirement))", "            responsibility: \(q(t.responsibility))"]
                    if let r = t.roles {
                        for (key, v) in [("lead", r.lead), ("responsible", r.responsible), ("cooperating", r.cooperating)] where !v.isEmpty {
                            out.append("            \(key): \(list(v))")
                        }
                        if !r.collectives.isEmpty {
                            out.append(
                                "            collectives: ["
                                    + r.collectives.map { "{phrase: \(q($0.phrase)), role: \($0.role.rawValue), kind: \($0.kind.rawValue)}" }.joined(
                                        separator: ", ") + "]")
                        }
                    } else {
                        out.append("            # 未能从原文读出责任单位：请手工补写 lead（牵头）、responsible（负责）、cooperating（配合），如 lead: [办公室]")
                    }
                    if let d = t.deadline {
                        var parts = ["text: \(q(d.text))"]
                        if let due = d.due { parts.append("due: \(due)") }
                        if let c = d.cadence { parts.append("cadence: \(c.rawValue)") }
                        if d.ongoing { parts.append("ongoing: true") }
                        out.append("            deadline: {" + parts.joined(separator: ", ") + "}")
                    }
                    // The file's name, not where it lay on the importing machine (a plan travels).
                    var at = t.location
                    at.file = (at.file as NSString).lastPathComponent
                    out.append("            source: \(q(at.description))")
                    out.append("            checks:")
                    for c in t.checks {
                        var first = true
                        func add(_ line: String) {
                            out.append((first ? "              - " : "                ") + line)
                            first = false
                        }
                        if let id = c.id { add("id: \(id)") }
                        if let title = c.title { add("title: \(title)") }
                        add("kind: \(c.kind)")
                        for (k, v) in c.parameters { add("\(k): \(v)") }
                        add("suggested: true")
                    }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
