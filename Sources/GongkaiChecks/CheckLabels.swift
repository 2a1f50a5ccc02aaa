import Foundation
import GongkaiCore
import GongkaiEvidence
import GongkaiPlan

/// A check and its parameters in words for people (the workbook and HTML reports): the kind's name, each parameter's
/// label, type ids as the types' titles, field names as the fields' titles. The stable id stays in machine formats.
package enum CheckLabels {
    package static func kindName(_ kind: String, _ lang: Lang) -> String {
        CheckRegistry.kind(kind)?.name(lang) ?? kind
    }

    /// A check as people read it: its title in the plan (日常巡查) in Chinese, else its kind's name (指定, 年度报告).
    package static func displayName(_ check: PlanCheck, _ lang: Lang) -> String {
        if lang == .zh, let title = check.title, !title.isEmpty { return title }
        return kindName(check.kind, lang)
    }

    static let parameterLabels: [String: Message] = [
        "type": Message("证据类型", "evidence type"), "types": Message("证据类型", "evidence types"), "min": Message("至少", "at least"),
        "each_responsible": Message("每个负责科室", "each responsible department"), "from_lead": Message("由牵头科室形成", "from the lead department"),
        "where": Message("条件", "where"), "due": Message("期限", "due"), "linked": Message("关联本任务", "linked to the task"),
        "from": Message("起算", "from"), "to": Message("截止", "to"), "within": Message("时限", "within"), "unit": Message("单位", "unit"),
        "require_filed": Message("须备案", "must be filed"), "min_staff": Message("最少工作人员", "minimum staff"),
        "from_field": Message("起始字段", "start field"), "to_field": Message("终止字段", "end field"), "cadence": Message("频次", "cadence"),
        "max_gap": Message("最长间隔", "longest gap"), "gap_unit": Message("间隔单位", "gap unit"), "must_mention": Message("须提及", "must mention"),
        "file_field": Message("文件字段", "file field"), "extension": Message("延期", "extension"), "correction_within": Message("补正时限", "correction within"),
        "consultation_max": Message("征求意见最长", "consultation at most"),
    ]

    static let valueLabels: [String: Message] = [
        "daily": Message("每日", "daily"), "weekly": Message("每周", "weekly"), "monthly": Message("每月", "monthly"), "quarterly": Message("每季度", "quarterly"),
        "yearly": Message("每年", "yearly"), "annual": Message("年度", "annual"), "patrol": Message("日常巡查", "patrol"),
        "days": Message("日", "days"), "workdays": Message("工作日", "working days"), "working-days": Message("工作日", "working days"),
        "true": Message("是", "yes"), "false": Message("否", "no"),
    ]

    /// `证据类型：主动公开信息；至少：3`, or in English `evidence types: publication; at least: 3`.
    package static func parameters(_ check: PlanCheck, types: TypeRegistry, lang: Lang) -> String {
        guard case .object(let pairs) = check.parameters else { return "" }
        let fieldTitles = Self.fieldTitles(types)
        func value(_ v: JSONValue) -> String {
            switch v {
            case .null: return "—"
            case .bool(let b): return (b ? Message("是", "yes") : Message("否", "no"))(lang)
            case .int(let i): return "\(i)"
            case .double(let d): return "\(d)"
            case .string(let s):
                if let t = types[s] { return t.title(lang) }
                if lang == .zh, let f = fieldTitles[s] { return f }
                return valueLabels[s]?.callAsFunction(lang) ?? s
            case .array(let a): return a.map(value).joined(separator: lang == .zh ? "、" : ", ")
            case .object(let o):
                return o.map { k, v in
                    let key =
                        lang == .zh
                        ? (fieldTitles[k] ?? parameterLabels[k]?.zh ?? k)
                        : (parameterLabels[k]?.en ?? k.replacingOccurrences(of: "_", with: " "))
                    return "\(key)=\(value(v))"
                }.joined(separator: lang == .zh ? "，" : ", ")
            }
        }
        return pairs.map { k, v in
            let label = parameterLabels[k]?.callAsFunction(lang) ?? (lang == .zh ? (fieldTitles[k] ?? k) : k.replacingOccurrences(of: "_", with: " "))
            return lang == .zh ? "\(label)：\(value(v))" : "\(label): \(value(v))"
        }.joined(separator: lang == .zh ? "；" : "; ")
    }

    /// Each field name's Chinese title, from whichever type gives one.
    package static func fieldTitles(_ types: TypeRegistry) -> [String: String] {
        var out: [String: String] = [:]
        for id in types.ids {
            for f in types[id]?.fields ?? [] { if let t = f.title, out[f.name] == nil { out[f.name] = t } }
        }
        return out
    }
}
