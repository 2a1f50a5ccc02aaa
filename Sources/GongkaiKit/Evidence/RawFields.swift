/// A record's fields before validation: a YAML mapping's, or a ledger row's cells.
///
/// Validation reads the type's fields by position, so a ledger resolves its columns once per type instead of
/// building a dictionary per row (that dictionary was a third of a 100,000-row ledger's load time).
protocol RawFields {
    subscript(_ key: String) -> RawField? { get }
    /// The field `type.fields[index]`.
    func field(_ index: Int, of type: EvidenceType) -> RawField?
    /// Keys whose values are mappings or lists of mappings; only YAML and JSON records have them.
    var nestedKeys: [String] { get }
    /// The record's type by name.
    func type(named name: String, in types: TypeRegistry) -> EvidenceType?
}

extension RawFields {
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? { types[name] }
}

/// A raw field before validation.
struct RawField {
    enum Value { case scalar(String), list([String]), attachments([(String, String?)]), nested }
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

    var nestedKeys: [String] {
        entries.compactMap { entry in
            if case .nested = entry.field.value { return entry.key }
            return nil
        }
    }
}

/// A ledger's header: where each named column is, and for each record type where its fields are.
/// One per parsing thread; it caches the column plan of the last type it was asked for.
final class LedgerColumns {
    private let index: [String: Int]
    private var planType = ""
    private var plan: [Int?] = []
    private var lastType: EvidenceType?

    init(header: [String]) {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
        id = index["id"]; type = index["type"]; tasks = index["tasks"]; date = index["date"]
        department = index["department"]; title = index["title"]; attachments = index["attachments"]
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

    /// A ledger's rows are nearly always of one type: the last one found is kept.
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? {
        if let lastType, lastType.id == name { return lastType }
        lastType = types[name]
        return lastType
    }

    /// The column of `type.fields[i]` for each field.
    func plan(for type: EvidenceType) -> [Int?] {
        if type.id != planType {
            plan = type.fields.map { index[$0.name] }
            planType = type.id
        }
        return plan
    }
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
    func field(_ index: Int, of type: EvidenceType) -> RawField? { cell(columns.plan(for: type)[index]) }
    var nestedKeys: [String] { [] }
    func type(named name: String, in types: TypeRegistry) -> EvidenceType? { columns.type(named: name, in: types) }
}
