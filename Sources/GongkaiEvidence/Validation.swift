import Foundation
import GongkaiCore
import GongkaiPlan

/// Validation against the types, in one place: a raw row (a YAML mapping, a ledger row) becomes a typed record, or
/// every problem it has. Every field is validated even after one fails, so one run lists a record's problems.
extension EvidenceLoader {
    /// A row that failed validation: its problems, and what assembly still needs of it (its id keeps its first
    /// use, its attachments are checked too, so the record is reported with every problem it has at once).
    struct IssueList: Error, Sendable {
        var issues: [LoadIssue]
        var id: String? = nil
        var location: SourceLocation? = nil
        var recordType: String? = nil
        var tasks: [Int] = []
        var attachments: [Attachment] = []
    }

    /// `file:line` (`file:sheet:line` in a workbook), the id of a ledger row without an id column, in one allocation.
    static func rowID(_ file: String, sheet: String? = nil, _ line: Int) -> String {
        let line = max(0, line)
        var digits = 1
        var rest = line / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let fileBytes = file.utf8.count + (sheet.map { 1 + $0.utf8.count } ?? 0)
        return String(unsafeUninitializedCapacity: fileBytes + 1 + digits) { buffer in
            var i = 0
            for b in file.utf8 {
                buffer[i] = b
                i += 1
            }
            if let sheet {
                buffer[i] = 58
                i += 1
                for b in sheet.utf8 {
                    buffer[i] = b
                    i += 1
                }
            }
            buffer[i] = 58
            var n = line
            for k in stride(from: i + digits, to: i, by: -1) {
                buffer[k] = UInt8(48 + n % 10)
                n /= 10
            }
            return fileBytes + 1 + digits
        }
    }

    static let trueWords = ["true", "yes", "y", "1", "是"]
    static let falseWords = ["false", "no", "n", "0", "否"]

    /// Unknown keys go to `notes` (a misspelt field is pointed out, the record kept), unless the key looks like a
    /// required field that is then missing: the record fails, the problem naming both. The type is read first
    /// (whether a message may quote a value depends on it), then the tasks, each of the type's fields, the common
    /// fields and the keys the type does not know, each by its own validator below.
    func validate(_ raw: some RawFields, location: SourceLocation, fileType: String?, notes: inout [LoadIssue]) -> Result<EvidenceRecord, IssueList> {
        let typeField = raw[.type]
        var typeName: String?
        if let typeField, case .scalar(let s) = typeField.value, !s.isEmpty { typeName = s } else { typeName = fileType }
        let type = typeName.flatMap { raw.type(named: $0, in: types) }
        // A type with personal fields never has a value quoted back: a name typed into the wrong column would leak.
        var row = RowValidation(location: location, echo: type.map { !$0.shape.hasPersonal } ?? true)
        let (tasks, tasksUnreadable) = raw[.tasks].map { row.tasks($0, known: taskNumbers, plan: plan) } ?? ([], false)
        let givenID: String?
        if let f = raw[.id], case .scalar(let s) = f.value, !s.isEmpty { givenID = s } else { givenID = nil }
        guard let typeName else {
            let known = types.ids.joined(separator: ", ")
            let issue = LoadIssue(location, Message("记录缺少 type（可用类型：\(known)）", "the record has no type (known types: \(known))"), tasks: tasks)
            return .failure(IssueList(issues: [issue], id: givenID, location: location, tasks: tasks))
        }
        guard let type else {
            let known = types.ids.joined(separator: ", ")
            let issue = LoadIssue(
                typeField.map(row.at) ?? location,
                Message("未知的证据类型 '\(typeName)'（可用：\(known)）", "unknown evidence type '\(typeName)' (expected one of \(known))"),
                recordType: typeName, tasks: tasks)
            return .failure(IssueList(issues: [issue], id: givenID, location: location, recordType: typeName, tasks: tasks))
        }
        if let f = typeField, case .list = f.value { row.problems.append((row.at(f), Message("字段 type 应为单个值", "field type should be a single value"))) }
        let (fields, datedBy, misspelt) = typeFields(raw, of: type, row: &row, tasks: tasks, notes: &notes)
        var date: Day?
        if let f = raw[.date], let t = row.scalar(f, "date") { date = row.day("date", t, f, type: type) }
        if date == nil { date = datedBy }
        let attachments = raw[.attachments].map { row.attachments($0) } ?? []
        var department: String?
        if let f = raw[.department], let d = row.scalar(f, "department") {
            department = self.department(d, at: f, type: type, row: &row, tasks: tasks, notes: &notes)
        }
        let title = row.scalar(raw[.title], "title")
        let id = row.scalar(raw[.id], "id")
        row.otherKeys(raw.otherKeys(of: type), of: type, misspelt: misspelt, tasks: tasks, notes: &notes)
        if !row.problems.isEmpty {
            return .failure(
                IssueList(
                    issues: row.problems.map { LoadIssue($0.0, $0.1, recordType: type.id, tasks: tasks, tasksUnreadable: tasksUnreadable) },
                    id: id, location: location, recordType: type.id, tasks: tasks, attachments: attachments))
        }
        let recordID = id ?? Self.rowID(location.file, sheet: location.sheet, location.line ?? 0)
        return .success(
            EvidenceRecord(
                id: recordID, type: type.id, location: location, department: department, tasks: tasks,
                date: date, title: title, table: fields, attachments: attachments))
    }

    /// The type's own fields, each read by the validator of its kind: the values kept (personal data is validated,
    /// noted for the run and never kept), the record's date when the type is dated by a field, and the unknown keys
    /// already reported as a misspelt required field.
    private func typeFields(
        _ raw: some RawFields, of type: EvidenceType, row: inout RowValidation, tasks: [Int], notes: inout [LoadIssue]
    ) -> (FieldTable, Day?, [String]) {
        // Room for a typical row's values: most fields of a large type are empty.
        var fields = FieldTable(names: type.keptFieldNames, capacity: 8)
        var datedBy: Day?
        var misspelt: [String] = []
        let shape = type.shape
        let indices = raw.fieldIndices(of: type)
        for n in 0..<(indices?.count ?? shape.count) {
            let i = indices?[n] ?? n
            let kept = shape.kept[i]
            guard let f = raw.field(i, of: type) else {
                if shape.required[i], let look = raw.lookalike(of: i, in: type) {
                    misspelt.append(look.key)
                    row.problems.append((row.at(look.field), Self.missingMisspelt(type, field: i, key: look.key)))
                } else if shape.required[i] {
                    row.problems.append((row.location, Self.missingRequired(type, field: i)))
                }
                continue
            }
            let kind = shape.kinds[i]
            if case .list(let l) = f.value, kind == .list {
                if kept >= 0 { fields[position: kept] = .list(l) }
                continue
            }
            guard let text = row.scalar(f, type.fields[i].name) else {
                if shape.required[i], case .scalar = f.value {
                    row.problems.append((row.at(f), Message("必填字段 \(type.fields[i].name) 为空", "required field \(type.fields[i].name) is empty")))
                }
                continue
            }
            // Personal data is validated but never kept: no report can print what was never loaded. Its value is noted
            // for the run only, so no output repeats it where it arrives otherwise (a file name, free text).
            if kept < 0 {
                personalSeen.note(text)
                continue
            }
            let value: FieldValue?
            switch kind {
            case .string, .text, .path: value = .string(text)
            case .date:
                value = row.day(type.fields[i].name, text, f, type: type).map(FieldValue.date)
                if i == shape.dateField, case .date(let d) = value { datedBy = d }
            case .integer: value = row.integer(text, field: type.fields[i].name, at: f)
            case .number: value = row.number(text, field: type.fields[i].name, at: f)
            case .boolean: value = row.boolean(text, field: type.fields[i].name, at: f)
            case .enumeration: value = row.enumeration(text, field: i, of: type, at: f, tasks: tasks, notes: &notes)
            case .list: value = .list(text.split(whereSeparator: { "、,，;；".contains($0) }).map { String($0).trimmedSpaces })
            }
            if let value { fields[position: kept] = value }
        }
        return (fields, datedBy, misspelt)
    }

    /// The record's department: a unit of the plan, or one the plan knows by another name (read as the plan's unit,
    /// with a note; never a reason to fail a task); any other is a problem.
    private func department(
        _ d: String, at f: RawField, type: EvidenceType, row: inout RowValidation, tasks: [Int], notes: inout [LoadIssue]
    ) -> String {
        // Records of one file mostly share a department: a byte comparison saves hashing Chinese text.
        guard !departments.isEmpty && !d.sameBytes(knownDepartment.value) else { return d }
        if departments.contains(d) {
            knownDepartment.value = d
            return d
        }
        if let (unit, _) = plan.unit(named: d) {
            notes.append(
                LoadIssue(
                    row.at(f),
                    Message(
                        "部门\(row.quoted(d))按计划中的“\(unit)”读取；如不是同一部门，请改正，或在计划的 aliases 中写明",
                        "department\(row.quoted(d)) is read as the plan's \(unit); if it is another unit, correct it, or declare it under aliases in the plan"),
                    recordType: type.id, tasks: tasks))
            return unit
        }
        row.problems.append(
            (
                row.at(f),
                Message(
                    "部门\(row.quoted(d))不在计划 \(plan.file) 的部门列表中（\(plan.departments.joined(separator: "、"))）",
                    "department\(row.quoted(d).isEmpty ? " of this record" : row.quoted(d)) is not in the departments of plan \(plan.file) "
                        + "(\(plan.departments.joined(separator: ", ")))"
                )
            ))
        return d
    }
}

/// One row being validated: where it is, whether its values may be quoted back, and every problem found so far. Each
/// kind of field has its validator here; `EvidenceLoader.validate` composes them, so one run lists all of a row's
/// problems.
private struct RowValidation {
    let location: SourceLocation
    /// False for a type with personal fields: no value of it is ever quoted in a message.
    let echo: Bool
    var problems: [(SourceLocation, Message)] = []

    init(location: SourceLocation, echo: Bool) {
        self.location = location
        self.echo = echo
    }

    func at(_ f: RawField) -> SourceLocation {
        if let sheet = location.sheet { return SourceLocation(file: location.file, sheet: sheet, row: f.line, column: f.column) }
        return SourceLocation(file: location.file, line: f.line, column: f.column)
    }

    func quoted(_ value: String) -> String { echo ? " '\(value)'" : "" }

    /// A single value; a list or a mapping is a problem. The key is named only in a problem: building it for every
    /// field of every row cost reference counts.
    mutating func scalar(_ f: RawField, _ name: @autoclosure () -> String) -> String? {
        switch f.value {
        case .scalar(let s): return s.isEmpty ? nil : s
        case .list:
            let key = name()
            problems.append((at(f), Message("字段 \(key) 应为单个值，而不是列表", "field \(key) should be a single value, not a list")))
            return nil
        default:
            let key = name()
            problems.append((at(f), Message("字段 \(key) 应为单个值", "field \(key) should be a single value")))
            return nil
        }
    }

    mutating func scalar(_ f: RawField?, _ name: @autoclosure () -> String) -> String? {
        guard let f else { return nil }
        return scalar(f, name())
    }

    /// The task numbers, each bad entry on its own and each checked against the plan. A record whose tasks cannot all
    /// be read may belong to any task (`CheckContext.affecting`); checks linked to an unknown number see the problem.
    mutating func tasks(_ f: RawField, known: Set<Int>, plan: Plan) -> (tasks: [Int], unreadable: Bool) {
        var tasks: [Int] = []
        var unreadable = false
        let parts: [String]
        switch f.value {
        case .scalar(let s): parts = s.split(whereSeparator: { ",，、; ".contains($0) }).map(String.init)
        case .list(let l): parts = l
        default:
            parts = []
            unreadable = true
            problems.append((at(f), Message("tasks 应为任务编号列表（如 [6, 7]）", "tasks should be a list of task numbers (e.g. [6, 7])")))
        }
        var unknown: [Int] = []
        for p in parts {
            guard let n = Int(p.trimmedSpaces) else {
                unreadable = true
                problems.append(
                    (
                        at(f),
                        Message(
                            "tasks 应为任务编号列表（如 [6, 7]），\(echo ? "'\(p)' " : "其中一项")不是编号",
                            "tasks should be a list of task numbers (e.g. [6, 7]);\(quoted(p).isEmpty ? " an entry" : quoted(p)) is not one")
                    ))
                continue
            }
            if known.isEmpty || known.contains(n) { tasks.append(n) } else { unknown.append(n) }
        }
        for n in unknown {
            let range = "\(known.min() ?? 0)–\(known.max() ?? 0)"
            problems.append(
                (at(f), Message("计划 \(plan.id)（\(plan.file)）中没有任务 \(n)（任务编号 \(range)）", "plan \(plan.id) (\(plan.file)) has no task \(n) (tasks \(range))")))
        }
        return (tasks + unknown, unreadable)
    }

    /// A date in one of the accepted forms. A date in a right form that does not exist says which day and why (dates
    /// are never personal data).
    mutating func day(_ key: String, _ text: String, _ f: RawField?, type: EvidenceType) -> Day? {
        if let d = Day.parse(text) { return d }
        if let why = Day.whyNotADay(text) {
            let title = type.field(key)?.title ?? key
            problems.append((f.map(at) ?? location, Message("“\(title)”：", "\(type.field(key)?.titleEn ?? key): ") + why))
            return nil
        }
        problems.append(
            (
                f.map(at) ?? location,
                Message(
                    "字段 \(key) 的日期\(quoted(text))无效；可用格式：\(Day.acceptedForms)",
                    "field \(key):\(quoted(text).isEmpty ? " the value" : quoted(text)) is not a date; accepted forms: \(Day.acceptedForms)")
            ))
        return nil
    }

    mutating func integer(_ text: String, field name: String, at f: RawField) -> FieldValue? {
        if let n = Int(text) { return .integer(n) }
        problems.append(
            (at(f), Message("字段 \(name) 应为整数\(echo ? "，而不是 '\(text)'" : "")", "field \(name) should be an integer\(echo ? ", not '\(text)'" : "")")))
        return nil
    }

    mutating func number(_ text: String, field name: String, at f: RawField) -> FieldValue? {
        if let n = Double(text) { return .number(n) }
        problems.append((at(f), Message("字段 \(name) 应为数字\(echo ? "，而不是 '\(text)'" : "")", "field \(name) should be a number\(echo ? ", not '\(text)'" : "")")))
        return nil
    }

    mutating func boolean(_ text: String, field name: String, at f: RawField) -> FieldValue? {
        let word = text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) ? text.lowercased() : text
        if EvidenceLoader.trueWords.contains(where: word.sameBytes) { return .boolean(true) }
        if EvidenceLoader.falseWords.contains(where: word.sameBytes) { return .boolean(false) }
        problems.append(
            (
                at(f),
                Message(
                    "字段 \(name) 应为 是/否（true/false）\(echo ? "，而不是 '\(text)'" : "")", "field \(name) should be true/false (是/否)\(echo ? ", not '\(text)'" : "")")
            ))
        return nil
    }

    /// One of the field's values, or a declared alias: the national format's wider word (法人或其他组织) where the ledger
    /// has no subtype is counted as the value it stands for, and said so.
    mutating func enumeration(
        _ text: String, field i: Int, of type: EvidenceType, at f: RawField, tasks: [Int], notes: inout [LoadIssue]
    ) -> FieldValue? {
        let values = type.shape.values[i]
        if values.contains(where: { $0.sameBytes(text) }) || values.contains(text) { return .string(text) }
        let spec = type.fields[i]
        if let value = spec.valueAliases[text] {
            let title = spec.title ?? spec.name
            notes.append(
                LoadIssue(
                    // The word is one of the declared aliases (a format's vocabulary), never free text: safe to show.
                    at(f), Message("“\(title)”写作“\(text)”，按“\(value)”计入", "\(spec.titleEn ?? title): “\(text)” is counted as \(value)"),
                    recordType: type.id, tasks: tasks))
            return .string(value)
        }
        problems.append(
            (
                at(f),
                Message(
                    "“\(spec.title ?? spec.name)”的值\(quoted(text))不在可选值中：\(values.joined(separator: "、"))",
                    "\(spec.titleEn ?? spec.name):\(quoted(text).isEmpty ? " the value" : quoted(text)) is not one of \(values.joined(separator: ", "))")
            ))
        return nil
    }

    mutating func attachments(_ f: RawField) -> [Attachment] {
        switch f.value {
        case .attachments(let list): return list.map { Attachment(path: $0.0, declaredSHA256: $0.1) }
        case .list(let l): return l.map { Attachment(path: $0, declaredSHA256: nil) }
        case .scalar(let s): return s.split(whereSeparator: { ";；|".contains($0) }).map { Attachment(path: String($0), declaredSHA256: nil) }
        case .nested:
            problems.append((at(f), Message("attachments 应为路径列表，或 {path, sha256} 列表", "attachments should be a list of paths, or of {path, sha256}")))
            return []
        }
    }

    /// Keys the type does not know: a misspelt field is never silently ignored (a note, the record kept); a merge key
    /// or a nested mapping is a problem.
    mutating func otherKeys(
        _ keys: some Sequence<(String, RawField)>, of type: EvidenceType, misspelt: [String], tasks: [Int], notes: inout [LoadIssue]
    ) {
        for (key, f) in keys {
            if key == "<<" {
                problems.append((at(f), Message("不支持 YAML 合并键（<<）：请把字段逐一写出", "YAML merge keys (<<) are not supported: write the fields out")))
            } else if case .nested = f.value {
                problems.append((at(f), Message("字段 \(key) 嵌套过深：记录应为扁平的字段映射", "field \(key) is nested: a record is a flat mapping of fields")))
            } else if !misspelt.contains(key) {
                notes.append(LoadIssue(at(f), EvidenceLoader.unknownField(type, key: key), recordType: type.id, tasks: tasks))
            }
        }
    }
}

extension EvidenceLoader {
    /// A required field the row does not have, with the fields the type needs.
    static func missingRequired(_ type: EvidenceType, field i: Int) -> Message {
        let spec = type.fields[i]
        let needed = type.fields.filter(\.required)
        return Message(
            "缺少必填字段“\(spec.title ?? spec.name)”（\(spec.name)）（\(type.title.zh)需要：\(needed.map { $0.title ?? $0.name }.joined(separator: "、"))）",
            "missing required field \(spec.name) (\(type.id) needs \(type.fields.filter(\.required).map(\.name).joined(separator: ", ")))")
    }

    /// A key no field of `type` has: named with the type's Chinese title, and the field it most likely meant.
    static func unknownField(_ type: EvidenceType, key: String) -> Message {
        let what = Message("字段 \(key) 不是“\(type.title.zh)”的字段，未读取", "field \(key) is not a field of \(type.title.en) (\(type.id)), not read")
        if let near = type.nearestField(to: key) {
            let label = type.fieldLabel(near)
            return what + Message("；是否想写 \(label.zh)？", "; did you mean \(label.en)?")
        }
        let known = type.fields.map { type.fieldLabel($0.name) }
        return what
            + Message(
                "（可用字段：\(known.map(\.zh).joined(separator: "、"))，及通用字段 \(TypeRegistry.commonFields.sorted().joined(separator: "、"))）",
                " (known: \(known.map(\.en).joined(separator: ", ")), and the common fields \(TypeRegistry.commonFields.sorted().joined(separator: ", ")))")
    }

    /// A required field that is missing where a key no field has looks like it: both in one problem.
    static func missingMisspelt(_ type: EvidenceType, field i: Int, key: String) -> Message {
        let label = type.fieldLabel(type.fields[i].name)
        return Message(
            "缺少必填字段\(label.zh)：“\(key)”不是“\(type.title.zh)”的字段，是否想写 \(label.zh)？",
            "missing required field \(label.en): \"\(key)\" is not a field of \(type.title.en) (\(type.id)); did you mean \(label.en)?")
    }
}

/// The last department found in the plan, per parsing thread.
final class LastSeen: @unchecked Sendable {
    @exclusivity(unchecked) var value = ""
}
