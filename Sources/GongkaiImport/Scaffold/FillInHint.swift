import GongkaiEvidence

/// How to fill in a field of each kind, said once for both places `init` says it: a cell note of the fill-in
/// workbook (where booleans and lists are drop-downs) and a comment of the YAML record templates.
enum FillInHint {
    enum Medium { case workbookNote, yamlComment }

    static func text(for kind: FieldKind, in medium: Medium) -> String {
        let workbook = medium == .workbookNote
        switch kind {
        case .date: return workbook ? "日期。" : "日期 YYYY-MM-DD"
        case .integer: return workbook ? "整数。" : "整数"
        case .number: return workbook ? "数字。" : "数字"
        case .boolean: return workbook ? "从下拉列表选择“是”或“否”。" : "是/否"
        case .enumeration(let values): return workbook ? "从下拉列表选择：\(values.joined(separator: "、"))。" : values.joined(separator: "/")
        case .path: return workbook ? "证据目录内的文件路径，如 年度报告/2020年年度报告.docx。" : "证据目录内的文件路径"
        default: return workbook ? "文字。" : "文字"
        }
    }
}
