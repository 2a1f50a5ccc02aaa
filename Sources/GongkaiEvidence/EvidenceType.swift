import Foundation
import GongkaiCore
import Yams

/// The kind of a record field, as declared in `Rules/types.yaml`.
public enum FieldKind: Sendable, Hashable {
    case string, text, date, integer, number, boolean, path
    case enumeration([String])
    case list

    var name: String {
        switch self {
        case .string: "string"
        case .text: "text"
        case .date: "date"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .path: "path"
        case .enumeration: "enum"
        case .list: "list"
        }
    }
}

public struct FieldSpec: Sendable, Hashable {
    public var name: String
    public var kind: FieldKind
    public var required: Bool
    /// Personal data (applicants' names, phones, identity numbers): never shown in any report.
    public var personal: Bool
    public var title: String?
    public var titleEn: String?
    /// Other headings offices use for this field (收到日期, 受理日期…).
    public var aliases: [String] = []
    /// For an enumeration: other words offices write for a value (法人或其他组织 → 其他), read as that value with a note.
    public var valueAliases: [String: String] = [:]

    /// Every heading a ledger may give this field: its name, title, English title and aliases.
    public var headings: [String] { [name] + [title, titleEn].compactMap { $0 } + aliases }
}

/// A type's fields as validation reads them on every row: plain values in arrays shared by every row of the type.
/// Copying a `FieldSpec` per field per row cost a reference count on each of its strings, and the two parsing
/// threads counted the same strings: a fifth of a 100,000-row ledger's load.
final class FieldShape: Sendable {
    enum Kind: UInt8 { case string, text, path, date, integer, number, boolean, enumeration, list }
    let kinds: [Kind]
    let required: [Bool]
    let personal: [Bool]
    /// Where a kept field's value goes among the kept fields; -1 for a personal field.
    let kept: [Int]
    /// Allowed values of enumeration fields (empty for the others).
    let values: [[String]]
    let dateField: Int?
    let hasPersonal: Bool
    /// Where the values of `path` fields (files a record cites) are among the kept fields.
    let paths: [Int]
    var count: Int { kinds.count }

    init(_ fields: [FieldSpec], dateField: String?) {
        kinds = fields.map {
            switch $0.kind {
            case .string: .string
            case .text: .text
            case .path: .path
            case .date: .date
            case .integer: .integer
            case .number: .number
            case .boolean: .boolean
            case .enumeration: .enumeration
            case .list: .list
            }
        }
        required = fields.map(\.required)
        personal = fields.map(\.personal)
        var next = 0
        kept = fields.map { field in
            guard !field.personal else { return -1 }
            defer { next += 1 }
            return next
        }
        values = fields.map {
            if case .enumeration(let v) = $0.kind { return v }
            return []
        }
        self.dateField = dateField.flatMap { name in fields.firstIndex { $0.name == name } }
        hasPersonal = fields.contains(where: \.personal)
        let (kinds, kept) = (kinds, kept)
        paths = kinds.indices.filter { kinds[$0] == .path && kept[$0] >= 0 }.map { kept[$0] }
    }
}

/// An evidence type: what a record of it must carry.
///
/// Its properties live in one shared, copy-on-write object: validation takes a record's type for every row, and
/// copying a dozen strings and arrays counted a dozen references each time (a fifth of a 100,000-row ledger's
/// validation); now a copy counts one.
public struct EvidenceType: Sendable {
    private final class Storage: @unchecked Sendable {
        // Mutated only through a uniquely referenced storage (`unique()`), so sharing it across threads is safe.
        var id: String
        var title: Message
        var fields: [FieldSpec]
        var shape: FieldShape
        var keptFieldNames: [String]
        var dateField: String?
        var unit: String
        var verb: String
        var quotesTitles: Bool
        var location: SourceLocation
        var aliases: [String]

        init(
            id: String, title: Message, fields: [FieldSpec], dateField: String?, unit: String, verb: String, quotesTitles: Bool,
            location: SourceLocation, aliases: [String]
        ) {
            self.id = id
            self.title = title
            self.fields = fields
            self.dateField = dateField
            self.unit = unit
            self.verb = verb
            self.quotesTitles = quotesTitles
            self.location = location
            self.aliases = aliases
            keptFieldNames = EvidenceType.kept(fields)
            shape = FieldShape(fields, dateField: dateField)
        }

        func copy() -> Storage {
            Storage(
                id: id, title: title, fields: fields, dateField: dateField, unit: unit, verb: verb, quotesTitles: quotesTitles,
                location: location, aliases: aliases)
        }
    }
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    public var title: Message {
        get { storage.title }
        set { unique().title = newValue }
    }
    public var fields: [FieldSpec] {
        get { storage.fields }
        set {
            let s = unique()
            s.fields = newValue
            s.keptFieldNames = Self.kept(newValue)
            s.shape = FieldShape(newValue, dateField: s.dateField)
        }
    }
    /// What validation reads of `fields`, flat: one reference for a row to hold instead of a copy of every field.
    var shape: FieldShape { storage.shape }
    /// The names of the fields a record keeps (personal ones are never kept), in order: every record of the type
    /// shares this one array.
    public var keptFieldNames: [String] { storage.keptFieldNames }
    /// The field that dates a record of this type when it has no `date`.
    public var dateField: String? {
        get { storage.dateField }
        set {
            let s = unique()
            s.dateField = newValue
            s.shape = FieldShape(s.fields, dateField: newValue)
        }
    }
    /// How the appendix counts records: 篇, 次, 件… and with which verb: 发布, 开展…
    public var unit: String {
        get { storage.unit }
        set { unique().unit = newValue }
    }
    public var verb: String {
        get { storage.verb }
        set { unique().verb = newValue }
    }
    /// Titles of documents are quoted 《…》 in the appendix.
    public var quotesTitles: Bool {
        get { storage.quotesTitles }
        set { unique().quotesTitles = newValue }
    }
    public var location: SourceLocation {
        get { storage.location }
        set { unique().location = newValue }
    }
    /// Other names a workbook sheet may carry for this type.
    public var aliases: [String] {
        get { storage.aliases }
        set { unique().aliases = newValue }
    }

    public init(
        id: String, title: Message, fields: [FieldSpec], dateField: String?, unit: String = "条", verb: String = "形成",
        quotesTitles: Bool = false, location: SourceLocation
    ) {
        storage = Storage(
            id: id, title: title, fields: fields, dateField: dateField, unit: unit, verb: verb, quotesTitles: quotesTitles,
            location: location, aliases: [])
    }

    static func kept(_ fields: [FieldSpec]) -> [String] { fields.filter { !$0.personal }.map(\.name) }

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }

    /// The field a key no field has was most likely meant to be: the one whose name, title or alias is nearest
    /// (`TypeRegistry.nearest`), or a common field's name; nil when none is close.
    func nearestField(to key: String) -> String? {
        var names: [String] = []
        var owners: [String] = []
        for f in fields {
            for h in f.headings {
                names.append(h)
                owners.append(f.name)
            }
        }
        for c in TypeRegistry.commonFields.sorted() {
            names.append(c)
            owners.append(c)
        }
        guard let near = TypeRegistry.nearest(key, in: names), let i = names.firstIndex(of: near) else { return nil }
        return owners[i]
    }

    /// A field named in a message: its Chinese title with its name, or the name alone.
    package func fieldLabel(_ name: String) -> Message {
        guard let f = field(name), let title = f.title else { return Message(name, name) }
        return Message("“\(title)”（\(name)）", name)
    }
}

public struct TypeRegistry: Sendable {
    public var types: [String: EvidenceType]
    public var file: String
    /// Labels of the common fields (`common_fields` in types.yaml): heading → field name.
    public var commonHeadings: [String: String] = [:]

    public init(types: [String: EvidenceType], file: String, commonHeadings: [String: String] = [:]) {
        self.types = types
        self.file = file
        self.commonHeadings = commonHeadings
    }

    public subscript(_ id: String) -> EvidenceType? { types[id] }

    /// The type a name gives: its id, its Chinese or English title, case and spaces aside for the English.
    public func type(named name: String) -> EvidenceType? {
        if let t = types[name] { return t }
        let wanted = name.trimmedSpaces
        let lower = wanted.lowercased()
        return types.values.sorted { $0.id < $1.id }.first { t in
            t.title.zh == wanted || t.title.en.lowercased() == lower || t.aliases.contains(wanted)
        }
    }

    /// A heading cell's field name for a record of `type` (nil type: common fields only), or nil when unknown.
    public func fieldName(heading: String, type: EvidenceType?) -> String? {
        let h = Self.headingText(heading)
        if let type {
            if let f = type.fields.first(where: { $0.name == h }) { return f.name }
            if let f = type.fields.first(where: { $0.headings.contains(h) }) { return f.name }
        }
        if Self.commonFields.contains(h) { return h }
        return commonHeadings[h]
    }

    /// A heading without the marks a fill-in workbook adds to required columns: "标题（必填）", "标题(必填)", "标题*".
    static func headingText(_ heading: String) -> String {
        var h = heading.trimmedSpaces
        for mark in ["（必填）", "(必填)", "*", "＊"] where h.hasSuffix(mark) { h = String(h.dropLast(mark.count)).trimmedSpaces }
        return h
    }

    /// The known name nearest to `name` (edit distance at most a third of its length), for "did you mean".
    public static func nearest(_ name: String, in candidates: [String]) -> String? {
        EditDistance.nearest(name, in: candidates, within: max(1, name.count / 3), ignoringCase: true)
    }

    /// A copy sharing no storage with this one. Parsing threads each take one: retaining shared strings and
    /// arrays from several cores at once made the parallel parse cost twice the CPU of a serial one.
    public func isolatedCopy() -> TypeRegistry {
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        var copy: [String: EvidenceType] = [:]
        for (id, t) in types {
            var n = t
            n.id = fresh(t.id)
            n.title = Message(fresh(t.title.zh), fresh(t.title.en))
            n.fields = t.fields.map { f in
                var g = f
                g.name = fresh(f.name)
                g.title = f.title.map(fresh)
                g.titleEn = f.titleEn.map(fresh)
                g.aliases = f.aliases.map(fresh)
                if case .enumeration(let values) = f.kind { g.kind = .enumeration(values.map(fresh)) }
                return g
            }
            n.dateField = t.dateField.map(fresh)
            n.unit = fresh(t.unit)
            n.verb = fresh(t.verb)
            n.aliases = t.aliases.map(fresh)
            n.location = SourceLocation(file: fresh(t.location.file), line: t.location.line, column: t.location.column)
            copy[fresh(id)] = n
        }
        return TypeRegistry(types: copy, file: fresh(file), commonHeadings: commonHeadings)
    }
    public var ids: [String] { types.keys.sorted() }

    /// Common record fields, known to every type.
    public static let commonFields: Set<String> = ["id", "type", "department", "tasks", "date", "title", "attachments", "note"]

    public static func load(file path: String, displayName: String? = nil) throws(LoadIssue) -> TypeRegistry {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadIssue(SourceLocation(file: name), Message("无法读取类型定义文件", "cannot read the types file"))
        }
        guard let root = try YAMLSource.compose(text, file: name), let pairs = root[key: "types"]?.pairs ?? root.pairs else {
            throw LoadIssue(SourceLocation(file: name), Message("类型定义文件应为映射：类型名 → 定义", "the types file should map type names to definitions"))
        }
        var types: [String: EvidenceType] = [:]
        for (id, keyNode, def) in pairs {
            let loc = keyNode.location(in: name)
            var fields: [FieldSpec] = []
            for (fname, fkey, fdef) in def[key: "fields"]?.pairs ?? [] {
                let kindName = fdef[key: "kind"]?.text ?? fdef.text ?? "string"
                let kind: FieldKind
                switch kindName {
                case "string": kind = .string
                case "text": kind = .text
                case "date": kind = .date
                case "integer": kind = .integer
                case "number": kind = .number
                case "boolean": kind = .boolean
                case "path": kind = .path
                case "list": kind = .list
                case "enum":
                    guard let values = fdef[key: "values"]?.strings, !values.isEmpty else {
                        throw LoadIssue(fkey.location(in: name), Message("枚举字段 \(fname) 缺少 values", "enum field \(fname) needs values"))
                    }
                    kind = .enumeration(values)
                default:
                    throw LoadIssue(
                        fkey.location(in: name),
                        Message(
                            "字段 \(fname) 的类型 \(kindName) 未知（可用：string, text, date, integer, number, boolean, path, enum, list）",
                            "field \(fname) has unknown kind \(kindName) (expected string, text, date, integer, number, boolean, path, enum, list)"))
                }
                var spec = FieldSpec(
                    name: fname, kind: kind, required: fdef[key: "required"]?.text == "true",
                    personal: fdef[key: "personal"]?.text == "true", title: fdef[key: "title"]?.text,
                    titleEn: fdef[key: "title_en"]?.text, aliases: fdef[key: "aliases"]?.strings ?? [])
                for (word, wordNode, value) in fdef[key: "value_aliases"]?.pairs ?? [] {
                    guard case .enumeration(let values) = kind, let v = value.text, values.contains(v) else {
                        throw LoadIssue(
                            wordNode.location(in: name), Message("value_aliases 的 \(word) 应指向一个可选值", "value_aliases: \(word) must name one of the values"))
                    }
                    spec.valueAliases[word] = v
                }
                fields.append(spec)
            }
            let zh = def[key: "title"]?.text ?? id
            var type = EvidenceType(
                id: id, title: Message(zh, def[key: "title_en"]?.text ?? id), fields: fields,
                dateField: def[key: "date_field"]?.text, unit: def[key: "unit"]?.text ?? "条",
                verb: def[key: "verb"]?.text ?? "形成", quotesTitles: def[key: "quote_titles"]?.text == "true", location: loc)
            type.aliases = def[key: "aliases"]?.strings ?? []
            types[id] = type
        }
        var common: [String: String] = [:]
        for (field, _, def) in root[key: "common_fields"]?.pairs ?? [] {
            for heading in [def[key: "title"]?.text, def[key: "title_en"]?.text].compactMap({ $0 }) + (def[key: "aliases"]?.strings ?? []) {
                common[heading] = field
            }
        }
        return TypeRegistry(types: types, file: name, commonHeadings: common)
    }
}
