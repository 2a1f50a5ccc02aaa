import Foundation
import GongkaiCore
import GongkaiEvidence

/// `gongkai init NEW --from OLD`: what next year's folder takes from this year's. The designations still standing at
/// the year's end (no end date, or one after it), and the requests still open then (上年结转), which the new year's
/// check times and its statistics count as carried over. Applicants' details stay in last year's register: the
/// carried requests keep their number, dates and outcome fields, never a personal field.
public enum CarryOver {
    public static let fileName = "上年结转.yaml"

    /// The records to carry, in the old folder's order.
    public static func records(from evidence: EvidenceSet, types: TypeRegistry, yearEnd: Day) -> [EvidenceRecord] {
        evidence.records.filter { r in
            switch r.type {
            case "office-designation", "leader-designation":
                guard let from = r.day("from"), from <= yearEnd else { return false }
                return r.day("to").map { $0 > yearEnd } ?? true
            case "disclosure-request":
                guard let received = r.day("received_on"), received <= yearEnd else { return false }
                return r.day("answered_on").map { $0 > yearEnd } ?? true
            default:
                return false
            }
        }
    }

    /// The records as a record file of the new folder, one flow mapping each.
    public static func yaml(_ records: [EvidenceRecord], types: TypeRegistry, from folder: String, year: Int) -> String {
        var lines = [
            "# \(year)年结转到下一年的记录（gongkai init --from \(folder) 生成）：仍有效的指定，和年底尚未办结的政府信息公开申请。",
            "# 申请人信息只保存在上一年的台账中；办结后在此补填答复日期和办理结果。",
        ]
        for r in records {
            // Personal fields stay behind, and so does free text of a type that has them (a request's content may name
            // its applicant).
            let spec = types[r.type]
            let hasPersonal = spec?.fields.contains(where: \.personal) ?? false
            let personal = Set(spec?.fields.filter { $0.personal || (hasPersonal && $0.kind == .text) }.map(\.name) ?? [])
            // What is carried of such a type is masked as every output is: a title typed as 王某某申请公开…（电话…）
            // keeps neither the name (a value of a personal field read this run) nor the number.
            let clean: (String) -> String = hasPersonal ? { Redaction.mask($0) } : { $0 }
            var pairs = ["id: \(quoted(r.id))", "type: \(r.type)"]
            if let d = r.department { pairs.append("department: \(quoted(d))") }
            if let t = r.title { pairs.append("title: \(quoted(clean(t)))") }
            for (name, value) in r.fields.sorted(by: { $0.key < $1.key }) where !personal.contains(name) {
                pairs.append("\(name): \(scalar(value, clean))")
            }
            pairs.append("note: \(quoted("上年结转：\(r.location)"))")
            lines.append("- {" + pairs.joined(separator: ", ") + "}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scalar(_ v: FieldValue, _ clean: (String) -> String) -> String {
        switch v {
        case .date(let d): "\(d)"
        case .integer(let i): "\(i)"
        case .number(let n): "\(n)"
        case .boolean(let b): b ? "true" : "false"
        case .string(let s): quoted(clean(s))
        case .list(let l): "[" + l.map { quoted(clean($0)) }.joined(separator: ", ") + "]"
        }
    }

    static func quoted(_ s: String) -> String { YAMLText.quoted(s) }
}
