/// Output language: Chinese by default, English with `--lang en`.
public enum Lang: String, Sendable, CaseIterable, Codable {
    case zh, en
}

/// A message in both output languages; reports pick one.
public struct Text: Hashable, Sendable, CustomStringConvertible {
    public var zh: String
    public var en: String
    public init(_ zh: String, _ en: String) { self.zh = zh; self.en = en }
    public func callAsFunction(_ lang: Lang) -> String { lang == .zh ? zh : en }
    public var description: String { zh }

    public static func + (a: Text, b: Text) -> Text { Text(a.zh + b.zh, a.en + b.en) }

    public static func joined(_ parts: [Text], zh: String = "；", en: String = "; ") -> Text {
        Text(parts.map(\.zh).joined(separator: zh), parts.map(\.en).joined(separator: en))
    }
}

/// Where something stands in the evidence folder or a rules file.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The file name is kept with its control characters escaped: a location is only ever shown, and every format
    /// shows it (a newline in a name must not forge a line of text, Markdown or a workflow command).
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = Redaction.escapingControls(file); self.line = line; self.column = column
    }
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// A problem in an input file: named by file, line and what was expected.
public struct LoadIssue: Hashable, Sendable, Error, CustomStringConvertible {
    public var location: SourceLocation
    public var message: Text
    /// The record type the bad input was meant to be, when known: checks of that type become `error`.
    public var recordType: String?
    public var tasks: [Int]
    public init(_ location: SourceLocation, _ message: Text, recordType: String? = nil, tasks: [Int] = []) {
        self.location = location; self.message = message; self.recordType = recordType; self.tasks = tasks
    }
    public var description: String { "\(location): \(message.zh)" }
}

/// An error that stops a command: bad usage, no usable folder, unknown plan.
public struct GongkaiError: Error, Sendable, CustomStringConvertible {
    public var message: Text
    public var issues: [LoadIssue]
    public init(_ message: Text, issues: [LoadIssue] = []) { self.message = message; self.issues = issues }
    public var description: String {
        ([message.zh] + issues.map(\.description)).joined(separator: "\n")
    }
    public func describe(_ lang: Lang) -> String {
        ([message(lang)] + issues.map { "\($0.location): \($0.message(lang))" }).joined(separator: "\n")
    }
}
