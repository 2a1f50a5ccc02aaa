import GongkaiCore

/// A typed field value of a record.
public enum FieldValue: Sendable, Hashable {
    case string(String)
    case date(Day)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([String])

    public var display: String {
        switch self {
        case .string(let s): s
        case .date(let d): d.description
        case .integer(let i): "\(i)"
        case .number(let n): "\(n)"
        case .boolean(let b): b ? "true" : "false"
        case .list(let l): l.joined(separator: "、")
        }
    }
}

/// An attachment a record cites, relative to the evidence folder.
public struct Attachment: Sendable, Hashable {
    public var path: String
    public var declaredSHA256: String?
    public var sha256: String?
    public var size: Int?
}

/// A record's typed fields: the names its type keeps, one array shared by every record of the type, and this
/// record's values in the same order. A hundred thousand ledger rows each held a hash table before; a lookup is
/// now a scan of a dozen names, most of them compared as two machine words.
///
/// Only the values present are stored, with a mask of their positions: a request ledger row fills six of its
/// type's twenty-three fields, and a slot for each was a third of a large folder's memory (and its page faults). A
/// type of more than 64 fields keeps a slot for each.
public struct FieldTable: Sendable {
    public private(set) var names: [String]
    /// Which positions hold a value, for 64 names or fewer.
    private var mask: UInt64 = 0
    /// The values of the positions in `mask`, in order.
    private var present: [FieldValue] = []
    /// A slot per name, beyond 64 names.
    private var slots: [FieldValue?] = []

    /// Every name without a value yet, with room for `capacity` values.
    init(names: [String], capacity: Int = 0) {
        self.names = names
        if names.count > 64 { slots = Array(repeating: nil, count: names.count) } else { present.reserveCapacity(min(capacity, names.count)) }
    }

    public init(_ fields: [String: FieldValue]) {
        self.init(names: fields.keys.sorted())
        for (i, name) in names.enumerated() { self[position: i] = fields[name] }
    }

    public subscript(name: String) -> FieldValue? {
        get { names.firstIndex(of: name).flatMap { self[position: $0] } }
        set {
            if let i = names.firstIndex(of: name) {
                self[position: i] = newValue
            } else if let newValue {
                if names.count == 64 {
                    // Past the mask's width: a slot per name from now on.
                    slots = (0..<64).map { self[position: $0] }
                    present = []
                    mask = 0
                }
                names.append(name)
                if names.count > 64 { slots.append(nil) }
                self[position: names.count - 1] = newValue
            }
        }
    }

    /// Where the value of `position` is (or would go) in `present`.
    @inline(__always)
    private func rank(_ position: Int) -> Int { (mask & ((1 << UInt64(position)) &- 1)).nonzeroBitCount }

    /// The value of `names[position]`.
    subscript(position position: Int) -> FieldValue? {
        get {
            if names.count > 64 { return slots[position] }
            guard mask & (1 << UInt64(position)) != 0 else { return nil }
            return present[rank(position)]
        }
        set {
            if names.count > 64 {
                slots[position] = newValue
                return
            }
            let bit: UInt64 = 1 << UInt64(position)
            let at = rank(position)
            switch (mask & bit != 0, newValue) {
            case (true, let value?): present[at] = value
            case (true, nil):
                present.remove(at: at)
                mask &= ~bit
            case (false, let value?):
                // Validation fills positions in order: nearly always an append.
                if at == present.count { present.append(value) } else { present.insert(value, at: at) }
                mask |= bit
            case (false, nil): break
            }
        }
    }

    /// Each value present, with its position, in order.
    package func forEachValue(_ body: (Int, FieldValue) -> Void) {
        if names.count > 64 {
            for (i, v) in slots.enumerated() { if let v { body(i, v) } }
            return
        }
        var rest = mask
        var k = 0
        while rest != 0 {
            body(rest.trailingZeroBitCount, present[k])
            rest &= rest &- 1
            k += 1
        }
    }

    /// Whether `other` is this table's names array itself, not merely an equal one: every record of a loaded
    /// type shares one, so positions resolved against it hold for all of them.
    func hasNames(identicalTo other: [String]) -> Bool {
        names.withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress && a.count == b.count } }
    }

    public var dictionary: [String: FieldValue] {
        var d: [String: FieldValue] = [:]
        for (i, name) in names.enumerated() { if let value = self[position: i] { d[name] = value } }
        return d
    }
}

/// One piece of evidence: a YAML/JSON record or a ledger row.
///
/// A value type over one shared, copy-on-write box: checks and indexes pass records around by the hundred
/// thousand, and copying one is a single reference count instead of one per field.
public struct EvidenceRecord: Sendable {
    /// Never changed while shared: every setter copies it first unless this record is its only owner.
    /// That discipline is the exclusivity guarantee, so the runtime does not check each field access again.
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var id: String
        @exclusivity(unchecked) var type: String
        @exclusivity(unchecked) var location: SourceLocation
        @exclusivity(unchecked) var department: String?
        @exclusivity(unchecked) var tasks: [Int]
        @exclusivity(unchecked) var date: Day?
        @exclusivity(unchecked) var title: String?
        @exclusivity(unchecked) var fields: FieldTable
        @exclusivity(unchecked) var attachments: [Attachment]

        init(
            id: String, type: String, location: SourceLocation, department: String?, tasks: [Int], date: Day?, title: String?,
            fields: FieldTable, attachments: [Attachment]
        ) {
            self.id = id
            self.type = type
            self.location = location
            self.department = department
            self.tasks = tasks
            self.date = date
            self.title = title
            self.fields = fields
            self.attachments = attachments
        }

        func copy() -> Storage {
            Storage(
                id: id, type: type, location: location, department: department, tasks: tasks, date: date, title: title,
                fields: fields, attachments: attachments)
        }
    }

    private var storage: Storage

    public init(
        id: String, type: String, location: SourceLocation, department: String?, tasks: [Int], date: Day?, title: String?,
        fields: [String: FieldValue], attachments: [Attachment]
    ) {
        self.init(
            id: id, type: type, location: location, department: department, tasks: tasks, date: date, title: title,
            table: FieldTable(fields), attachments: attachments)
    }

    init(
        id: String, type: String, location: SourceLocation, department: String?, tasks: [Int], date: Day?, title: String?,
        table: FieldTable, attachments: [Attachment]
    ) {
        storage = Storage(
            id: id, type: type, location: location, department: department, tasks: tasks, date: date, title: title,
            fields: table, attachments: attachments)
    }

    private mutating func owned() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: String {
        get { storage.id }
        set { owned().id = newValue }
    }
    public var type: String {
        get { storage.type }
        set { owned().type = newValue }
    }
    public var location: SourceLocation {
        get { storage.location }
        set { owned().location = newValue }
    }
    public var department: String? {
        get { storage.department }
        set { owned().department = newValue }
    }
    public var tasks: [Int] {
        get { storage.tasks }
        set { owned().tasks = newValue }
    }
    /// `date`, or the type's dating field (`published_on`, `issued_on`…).
    public var date: Day? {
        get { storage.date }
        set { owned().date = newValue }
    }
    public var title: String? {
        get { storage.title }
        set { owned().title = newValue }
    }
    /// The typed fields by name. Reading one field: `day(_:)`, `string(_:)`, `integer(_:)`, `boolean(_:)` or `field(_:)`.
    public var fields: [String: FieldValue] {
        get { storage.fields.dictionary }
        set { owned().fields = FieldTable(newValue) }
    }
    public var fieldTable: FieldTable { storage.fields }

    /// Reads fields through `reader`'s positions, resolved again only when this record's names are not the
    /// ones it resolved: `body` gets the value of the reader's key at an index.
    package func read<R>(_ reader: inout FieldReader, _ body: ((Int) -> FieldValue?) -> R) -> R {
        let storage = storage
        if !storage.fields.hasNames(identicalTo: reader.names) { reader.resolve(storage.fields.names) }
        let positions = reader.positions
        return body { k in positions[k] >= 0 ? storage.fields[position: positions[k]] : nil }
    }
    public func field(_ name: String) -> FieldValue? { storage.fields[name] }
    public var attachments: [Attachment] {
        get { storage.attachments }
        set { owned().attachments = newValue }
    }

    public func day(_ field: String) -> Day? {
        if field == "date" { return date }
        if case .date(let d) = storage.fields[field] { return d }
        return nil
    }

    /// The common fields a record holds beside its field table; `string(_:)` reads them by these names.
    package static let ownFields: Set<String> = ["id", "type", "department", "title"]

    public func string(_ field: String) -> String? {
        switch field {
        case "id": return id
        case "type": return type
        case "department": return department
        case "title": return title
        default: return storage.fields[field]?.display
        }
    }

    public func integer(_ field: String) -> Int? {
        if case .integer(let i) = storage.fields[field] { return i }
        return nil
    }

    public func boolean(_ field: String) -> Bool? {
        if case .boolean(let b) = storage.fields[field] { return b }
        return nil
    }

    /// A short public label: document number, request number or title, never personal data.
    public var label: String {
        for key in ["doc_no", "request_no", "title", "document", "topic", "office", "site"] {
            if let v = string(key), !v.isEmpty { return v }
        }
        return id
    }
}

/// A file of the evidence folder as used by a report: the auditor's manifest entry.
public struct ManifestEntry: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int
    public var sha256: String
}

/// Reads the same few fields of many records of one type. Looking a field up by name scans the type's names and
/// compares strings; a 100,000-row ledger read twenty fields of each row that way, most of a check's time. The
/// reader resolves the positions once per names array, which every record of a loaded type shares.
package struct FieldReader {
    let keys: [String]
    fileprivate(set) var names: [String] = []
    /// `names` position of each key, -1 where the type has no such field.
    fileprivate(set) var positions: [Int]

    package init(_ keys: [String]) {
        self.keys = keys
        positions = Array(repeating: -1, count: keys.count)
    }

    fileprivate mutating func resolve(_ names: [String]) {
        self.names = names
        positions = keys.map { names.firstIndex(of: $0) ?? -1 }
    }
}

extension Redaction {
    /// The record's title as a report may show it: the request ledger's free text (title, content, note) is never
    /// shown, only its request number.
    public static func publicTitle(_ record: EvidenceRecord, types: TypeRegistry) -> String {
        if let type = types[record.type], type.shape.hasPersonal { return mask(record.label == record.title ? record.id : record.label) }
        return mask(record.title ?? record.label)
    }
}
