/// A record's fields before validation: a YAML mapping's, or a ledger row's cells.
///
/// Validation reads the type's fields by position, so a ledger resolves its columns once per type instead of
/// building a dictionary per row (that dictionary was a third of a 100,000-row ledger's load time).
protocol RawFields {
    subscript(_ key: String) -> RawField? { get }
    /// A common field (`id`, `type`, `tasks`…), read for every row: a ledger knows its column without comparing names.
    subscript(_ field: CommonField) -> RawField? { get }
    /// The field `type.fields[index]`.
    func field(_ index: Int, of type: EvidenceType) -> RawField?
    /// The indices of `type.fields` worth asking for, in order: those this record may have and the required ones.
    /// Nil: all of them. A ledger has columns for a few of a type's fields, and asking for each of the others on
    /// every row was a tenth of validating it.
    func fieldIndices(of type: EvidenceType) -> [Int]?
    /// Keys that are neither the type's fields nor common fields, with their values (only YAML and JSON records
    /// have them: a ledger's unknown columns are reported once, at its header).
    func otherKeys(of type: EvidenceType) -> [(String, RawField)]
    /// A key (a YAML key, a ledger heading) no field has that looks like a misspelling of `type.fields[index]`, with
    /// where it is: asked only when that field is required and missing, so the record fails saying both.
    func lookalike(of index: Int, in type: EvidenceType) -> (key: String, field: RawField)?
    /// The record's type by name.
    func type(named name: String, in types: TypeRegistry) -> EvidenceType?
}

extension RawFields {
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? { types.type(named: name) }
    subscript(_ field: CommonField) -> RawField? { self[field.rawValue] }
    func fieldIndices(of type: EvidenceType) -> [Int]? { nil }
}

/// The fields every record may have beside its type's own.
enum CommonField: String {
    case id, type, tasks, date, department, title, attachments
}

/// A raw field before validation.
struct RawField {
    enum Value {
        case scalar(String)
        case list([String])
        case attachments([(String, String?)])
        case nested
    }
    var value: Value
    /// Line and column only: the file is the record's, and a location is built only for a problem.
    var line: Int?
    var column: Int?
}

/// A YAML or JSON record's fields in document order. A record has about a dozen keys, most of them short
/// enough to compare as two machine words: scanning them is cheaper than building a hash table per record.
struct MappingFields: RawFields {
    private var entries: [(key: String, field: RawField)] = []

    init(capacity: Int) { entries.reserveCapacity(capacity) }

    mutating func append(_ key: String, _ field: RawField) { entries.append((key, field)) }

    subscript(_ key: String) -> RawField? {
        for entry in entries where entry.key == key { return entry.field }
        return nil
    }

    func field(_ index: Int, of type: EvidenceType) -> RawField? { self[type.fields[index].name] }

    func otherKeys(of type: EvidenceType) -> [(String, RawField)] {
        entries.compactMap { entry in
            if TypeRegistry.commonFields.contains(entry.key) || type.fields.contains(where: { $0.name == entry.key }) { return nil }
            return (entry.key, entry.field)
        }
    }

    func lookalike(of index: Int, in type: EvidenceType) -> (key: String, field: RawField)? {
        let wanted = type.fields[index].name
        return otherKeys(of: type).first { key, _ in type.nearestField(to: key) == wanted }.map { (key: $0.0, field: $0.1) }
    }
}

/// A ledger's header: where each named column is, and for each record type where its fields are.
/// A heading may be a field's name, its Chinese title, English title or an alias (Rules/types.yaml).
/// One per parsing thread (so its cache is not checked for exclusive access at run time); it caches the column
/// plan of the last type it was asked for.
final class LedgerColumns {
    private let index: [String: Int]
    /// The headings no common field has, with their columns: where a misspelt field's column may be.
    private let otherHeadings: [(heading: String, column: Int)]
    @exclusivity(unchecked) private var planShape: FieldShape?
    /// For the plan's type: required fields without a column → the unknown heading that looks like them (0-based column).
    @exclusivity(unchecked) private var planLookalikes: [Int: (heading: String, column: Int)] = [:]
    @exclusivity(unchecked) private var plan: [Int?] = []
    @exclusivity(unchecked) private var planIndices: [Int] = []
    @exclusivity(unchecked) private var lastType: EvidenceType?

    init(header: [String], types: TypeRegistry? = nil) {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        // Common fields by any of their labels: the first column that names one wins.
        if let types {
            for (i, name) in header.enumerated() {
                if let field = types.commonHeadings[name], index[field] == nil { index[field] = i }
            }
        }
        self.index = index
        otherHeadings = header.enumerated().compactMap { column, heading in
            if heading.isEmpty || LedgerColumns.ignoredHeadings.contains(heading) || TypeRegistry.commonFields.contains(heading) { return nil }
            if types?.commonHeadings[heading] != nil { return nil }
            return (heading, column)
        }
        id = index["id"]
        type = index["type"]
        tasks = index["tasks"]
        date = index["date"]
        department = index["department"]
        title = index["title"]
        attachments = index["attachments"]
    }

    /// The common fields' columns, read on every row.
    let id, type, tasks, date, department, title, attachments: Int?

    func column(_ name: String) -> Int? {
        switch name {
        case "id": id
        case "type": type
        case "tasks": tasks
        case "date": date
        case "department": department
        case "title": title
        case "attachments": attachments
        default: index[name]
        }
    }

    /// A ledger's rows are nearly always of one type: the last one found is kept. A type column may give the id,
    /// the Chinese title or an alias.
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? {
        if let lastType, lastType.id == name || lastType.title.zh == name { return lastType }
        lastType = types.type(named: name)
        return lastType
    }

    /// The column of `type.fields[i]`: by name first, then by title, English title and aliases. The plan of the
    /// last type asked for is kept, known by its shape's identity.
    @inline(__always)
    func column(field i: Int, of type: EvidenceType) -> Int? {
        if type.shape !== planShape { makePlan(type) }
        return plan[i]
    }

    /// The fields of `type` that have a column or are required, in order.
    func fieldIndices(of type: EvidenceType) -> [Int] {
        if type.shape !== planShape { makePlan(type) }
        return planIndices
    }

    /// The unknown heading that looks like the required field `type.fields[i]`, which has no column.
    func lookalike(field i: Int, of type: EvidenceType) -> (heading: String, column: Int)? {
        if type.shape !== planShape { makePlan(type) }
        return planLookalikes[i]
    }

    private func makePlan(_ type: EvidenceType) {
        plan = type.fields.map { field in field.headings.lazy.compactMap { self.index[$0] }.first }
        planIndices = type.fields.indices.filter { plan[$0] != nil || type.fields[$0].required }
        planLookalikes = [:]
        let missing = type.fields.indices.filter { plan[$0] == nil && type.fields[$0].required }
        if !missing.isEmpty {
            for (heading, column) in otherHeadings where !type.fields.contains(where: { $0.headings.contains(heading) }) {
                guard let name = type.nearestField(to: heading), let i = missing.first(where: { type.fields[$0].name == name }) else { continue }
                if planLookalikes[i] == nil { planLookalikes[i] = (heading, column) }
            }
        }
        planShape = type.shape
    }

    func column(_ field: CommonField) -> Int? {
        switch field {
        case .id: id
        case .type: type
        case .tasks: tasks
        case .date: date
        case .department: department
        case .title: title
        case .attachments: attachments
        }
    }

    /// Header columns (0-based) that no field of these types and no common field names, with their headings.
    static func unknown(_ header: [String], types registry: TypeRegistry, candidates: [EvidenceType]) -> [(Int, String)] {
        header.enumerated().compactMap { i, name in
            if name.isEmpty || ignoredHeadings.contains(name) { return nil }
            if TypeRegistry.commonFields.contains(name) || registry.commonHeadings[name] != nil { return nil }
            if candidates.contains(where: { t in t.fields.contains { $0.headings.contains(name) } }) { return nil }
            return (i, name)
        }
    }

    /// Columns offices keep for themselves: a row number is not a field.
    /// Row numbers, and the fill-in workbook's 示例 column that marks its example rows.
    static let ignoredHeadings: Set<String> = ["序号", "No.", "#", "示例"]
}

/// One ledger row: cells already trimmed, read through the header's columns.
struct LedgerRow: RawFields {
    let columns: LedgerColumns
    let cells: [String]
    let line: Int

    func cell(_ column: Int?) -> RawField? {
        guard let column, !cells[column].isEmpty else { return nil }
        return RawField(value: .scalar(cells[column]), line: line, column: column + 1)
    }

    subscript(_ key: String) -> RawField? { cell(columns.column(key)) }
    subscript(_ field: CommonField) -> RawField? { cell(columns.column(field)) }
    func field(_ index: Int, of type: EvidenceType) -> RawField? { cell(columns.column(field: index, of: type)) }
    func otherKeys(of type: EvidenceType) -> [(String, RawField)] { [] }
    func lookalike(of index: Int, in type: EvidenceType) -> (key: String, field: RawField)? {
        columns.lookalike(field: index, of: type).map { (key: $0.heading, field: RawField(value: .scalar(""), line: line, column: $0.column + 1)) }
    }
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? { columns.type(named: name, in: types) }
}
