import Foundation

/// A check and its parameters in words for people (the workbook and HTML reports): the kind's name, each parameter's
/// label, type ids as the types' titles, field names as the fields' titles. The stable id stays in machine formats.
enum CheckLabels {
    static func kindName(_ kind: String, _ lang: Lang) -> String {
        CheckRegistry.kind(kind)?.name(lang) ?? kind
    }

    /// A check as people read it: its title in the plan (日常巡查) in Chinese, else its kind's name (指定, 年度报告).
    static func displayName(_ check: PlanCheck, _ lang: Lang) -> String {
        if lang == .zh, let title = check.title, !title.isEmpty { return title }
        return kindName(check.kind, lang)
    }

    static let parameterLabels: [String: Text] = [
        "type": Text("证据类型", "evidence type"), "types": Text("证据类型", "evidence types"), "min": Text("至少", "at least"),
        "each_responsible": Text("每个负责科室", "each responsible department"), "from_lead": Text("由牵头科室形成", "from the lead department"),
        "where": Text("条件", "where"), "due": Text("期限", "due"), "linked": Text("关联本任务", "linked to the task"),
        "from": Text("起算", "from"), "to": Text("截止", "to"), "within": Text("时限", "within"), "unit": Text("单位", "unit"),
        "require_filed": Text("须备案", "must be filed"), "min_staff": Text("最少工作人员", "minimum staff"),
        "from_field": Text("起始字段", "start field"), "to_field": Text("终止字段", "end field"), "cadence": Text("频次", "cadence"),
        "max_gap": Text("最长间隔", "longest gap"), "gap_unit": Text("间隔单位", "gap unit"), "must_mention": Text("须提及", "must mention"),
        "file_field": Text("文件字段", "file field"), "extension": Text("延期", "extension"), "correction_within": Text("补正时限", "correction within"),
        "consultation_max": Text("征求意见最长", "consultation at most"),
    ]

    static let valueLabels: [String: Text] = [
        "daily": Text("每日", "daily"), "weekly": Text("每周", "weekly"), "monthly": Text("每月", "monthly"), "quarterly": Text("每季度", "quarterly"),
        "yearly": Text("每年", "yearly"), "annual": Text("年度", "annual"), "patrol": Text("日常巡查", "patrol"),
        "days": Text("日", "days"), "workdays": Text("工作日", "working days"), "working-days": Text("工作日", "working days"),
        "true": Text("是", "yes"), "false": Text("否", "no"),
    ]

    /// `证据类型：主动公开信息；至少：3`, or in English `evidence types: publication; at least: 3`.
    static func parameters(_ check: PlanCheck, types: TypeRegistry, lang: Lang) -> String {
        guard case .object(let pairs) = check.parameters else { return "" }
        let fieldTitles = Self.fieldTitles(types)
        func value(_ v: JSONValue) -> String {
            switch v {
            case .null: return "—"
            case .bool(let b): return (b ? Text("是", "yes") : Text("否", "no"))(lang)
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
    static func fieldTitles(_ types: TypeRegistry) -> [String: String] {
        var out: [String: String] = [:]
        for id in types.ids {
            for f in types[id]?.fields ?? [] { if let t = f.title, out[f.name] == nil { out[f.name] = t } }
        }
        return out
    }
}
