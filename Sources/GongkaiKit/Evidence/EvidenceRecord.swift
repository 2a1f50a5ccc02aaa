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

/// One piece of evidence: a YAML/JSON record or a ledger row.
public struct EvidenceRecord: Sendable {
    public var id: String
    public var type: String
    public var location: SourceLocation
    public var department: String?
    public var tasks: [Int]
    /// `date`, or the type's dating field (`published_on`, `issued_on`…).
    public var date: Day?
    public var title: String?
    public var fields: [String: FieldValue]
    public var attachments: [Attachment]

    public func day(_ field: String) -> Day? {
        if field == "date" { return date }
        if case .date(let d) = fields[field] { return d }
        return nil
    }

    public func string(_ field: String) -> String? {
        switch field {
        case "id": return id
        case "type": return type
        case "department": return department
        case "title": return title
        default: return fields[field]?.display
        }
    }

    public func integer(_ field: String) -> Int? {
        if case .integer(let i) = fields[field] { return i }
        return nil
    }

    public func boolean(_ field: String) -> Bool? {
        if case .boolean(let b) = fields[field] { return b }
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
