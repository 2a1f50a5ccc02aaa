import Foundation
import GongkaiCore
import GongkaiEvaluation

/// `gongkai due`: obligations not yet met, as text, JSON or iCalendar (RFC 5545).
public struct DueReport: Sendable {
    public var items: [DueItem]
    public var evaluation: Evaluation

    public init(items: [DueItem], evaluation: Evaluation) {
        self.items = items
        self.evaluation = evaluation
    }

    public func text(_ lang: Lang) -> Data {
        let zh = lang == .zh
        var out = [zh ? "\(evaluation.agency) 待办事项（截至 \(evaluation.asOf)）" : "\(evaluation.agency): obligations as of \(evaluation.asOf)"]
        if items.isEmpty { out.append(zh ? "没有待办事项。" : "Nothing is due.") }
        for i in items {
            let flag = i.overdue ? (zh ? "【已逾期】" : "[OVERDUE] ") : ""
            let days = evaluation.asOf.days(until: i.due)
            // A deadline on the as-of day is still open: it is due today, not overdue.
            let when = i.overdue ? "" : days == 0 ? (zh ? "（今天到期）" : " (due today)") : (zh ? "（还有 \(days) 天）" : " (in \(days) days)")
            let mark = i.provisional == nil ? "" : (zh ? "（暂定）" : " (provisional)")
            out.append("\(i.due)\(mark) \(flag)\(taskLabel(i, lang)) \(i.department)\(zh ? "：" : ": ")\(i.text(lang))\(when)")
            if let p = i.provisional { out.append("    " + p(lang)) }
        }
        return Data((out.joined(separator: "\n") + "\n").utf8)
    }

    struct ItemJSON: Encodable {
        var key: String
        var task: Int
        var check: String
        var due: String
        var overdue: Bool
        var department: String
        var text: String
        /// Why the due day may still move (next year's holiday notice not out yet); absent when firm.
        var provisional: String?
    }
    struct ReportJSON: Encodable {
        var agency: String
        var plan: String
        var asOf: String
        var items: [ItemJSON]
    }

    public func json(_ lang: Lang) throws -> Data {
        try JSONReport.encoder.encode(
            ReportJSON(
                agency: evaluation.agency, plan: evaluation.plan.id, asOf: evaluation.asOf.description,
                items: items.map {
                    ItemJSON(
                        key: $0.key, task: $0.task, check: $0.check, due: $0.due.description, overdue: $0.overdue, department: $0.department,
                        text: $0.text(lang), provisional: $0.provisional?(lang))
                }))
            + Data("\n".utf8)
    }

    /// A key as a UID's local part: ASCII letters, digits and `-./` kept, anything else as its hexadecimal code.
    static func uidPart(_ key: String) -> String {
        key.unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-./".unicodeScalars.contains($0) ? String($0) : String(format: "%X", $0.value)
        }
        .joined()
    }

    /// One all-day VEVENT per obligation; UIDs are stable so a re-import updates rather than duplicates.
    public func ics(_ lang: Lang) -> Data {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gongkai//\(evaluation.plan.id)//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(evaluation.agency)) 政务公开待办",
        ]
        let stamp = evaluation.asOf.description.replacingOccurrences(of: "-", with: "") + "T000000Z"
        for i in items {
            let day = i.due.description.replacingOccurrences(of: "-", with: "")
            let next = i.due.adding(days: 1).description.replacingOccurrences(of: "-", with: "")
            let uid =
                Self.uidPart(i.key) + "@\(evaluation.plan.id).gongkai"
            lines += [
                "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:\(stamp)", "DTSTART;VALUE=DATE:\(day)", "DTEND;VALUE=DATE:\(next)",
                "SUMMARY:"
                    + escape(
                        (i.overdue ? (lang == .zh ? "【逾期】" : "[OVERDUE] ") : "") + (i.provisional == nil ? "" : (lang == .zh ? "【暂定】" : "[PROVISIONAL] "))
                            + taskLabel(i, lang) + " " + i.text(lang)),
                "DESCRIPTION:\(escape((lang == .zh ? "责任：" : "Owner: ") + i.department + (i.provisional.map { "\n" + $0(lang) } ?? "")))",
                "CATEGORIES:\(escape(i.department))", "TRANSP:TRANSPARENT", "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return Data((lines.flatMap(fold).joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// 任务12, or a statutory duty's articles.
    func taskLabel(_ i: DueItem, _ lang: Lang) -> String {
        evaluation.plan.task(i.task)?.label(lang) ?? (lang == .zh ? "任务\(i.task)" : "task \(i.task)")
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// RFC 5545 folds lines longer than 75 octets, never inside a UTF-8 sequence.
    func fold(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var size = 0
        for ch in line {
            let n = String(ch).utf8.count
            if size + n > (out.isEmpty ? 75 : 74) {
                out.append(out.isEmpty ? current : " " + current)
                current = ""
                size = 0
            }
            current.append(ch)
            size += n
        }
        out.append(out.isEmpty ? current : " " + current)
        return out
    }
}
