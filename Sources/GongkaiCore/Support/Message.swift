/// Output language: Chinese by default, English with `--lang en`.
public enum Lang: String, Sendable, CaseIterable, Codable {
    case zh, en
}

/// A message in both output languages; reports pick one, by `message(lang)` or `.zh`/`.en`, never implicitly.
public struct Message: Hashable, Sendable {
    public var zh: String
    public var en: String
    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    public func callAsFunction(_ lang: Lang) -> String { lang == .zh ? zh : en }

    public static func + (a: Message, b: Message) -> Message { Message(a.zh + b.zh, a.en + b.en) }

    public static func joined(_ parts: [Message], zh: String = "；", en: String = "; ") -> Message {
        Message(parts.map(\.zh).joined(separator: zh), parts.map(\.en).joined(separator: en))
    }
}

extension DefaultStringInterpolation {
    /// A message interpolated without a language would print the struct; the compiler warns, so say which language.
    @available(*, deprecated, message: "pick a language: message(lang), message.zh or message.en")
    public mutating func appendInterpolation(_ message: Message) {}
}

/// Where something stands in the evidence folder or a rules file.
/// In a workbook, `line` is the row and `column` the column number of `cell`, so writers that know only lines
/// (SARIF regions, annotations) still point at the row; `description` names the sheet and cell.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file name is kept with its control characters escaped: a location is only ever shown, and every format
    /// shows it (a newline in a name must not forge a line of text, Markdown or a workflow command).
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The worksheet, for a location in a workbook.
    public var sheet: String?
    /// The cell (`C12`) or, for a whole row, nil with `line` set.
    public var cell: String?
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = Redaction.escapingControls(file)
        self.line = line
        self.column = column
    }
    public init(file: String, sheet: String, row: Int?, column: Int? = nil) {
        self.file = Redaction.escapingControls(file)
        self.sheet = Redaction.escapingControls(sheet)
        self.line = row
        self.column = column
        if let row, let column { cell = Self.columnName(column) + String(row) }
    }
    /// A row (and cell) of this location's sheet, its names taken as they are: escaped once, when it was made.
    package func row(_ row: Int, column: Int? = nil) -> SourceLocation {
        var at = self
        at.line = row
        at.column = column
        at.cell = column.map { Self.columnName($0) + String(row) }
        return at
    }

    /// `A`, `Z`, `AA`… for a 1-based column number.
    public static func columnName(_ column: Int) -> String {
        var n = max(1, column)
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }
    public var description: String {
        if let sheet {
            var s = file + " › " + sheet
            if let cell { s += " › " + cell } else if let line { s += " › 第\(line)行" }
            return s
        }
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// A problem in an input file: named by file, line and what was expected.
public struct LoadIssue: Hashable, Sendable, Error, CustomStringConvertible {
    public var location: SourceLocation
    public var message: Message
    /// The record type the bad input was meant to be, when known: checks of that type become `error`.
    public var recordType: String?
    public var tasks: [Int]
    /// The record's `tasks` could not all be read: it may belong to any task, so every linked check of its type is `error`.
    public var tasksUnreadable: Bool
    public init(_ location: SourceLocation, _ message: Message, recordType: String? = nil, tasks: [Int] = [], tasksUnreadable: Bool = false) {
        self.location = location
        self.message = message
        self.recordType = recordType
        self.tasks = tasks
        self.tasksUnreadable = tasksUnreadable
    }
    public var description: String { "\(location): \(message.zh)" }
}

/// An error that stops a command: bad usage, no usable folder, unknown plan.
public struct GongkaiError: Error, Sendable, CustomStringConvertible {
    public var message: Message
    public var issues: [LoadIssue]
    public init(_ message: Message, issues: [LoadIssue] = []) {
        self.message = message
        self.issues = issues
    }
    public var description: String {
        ([message.zh] + issues.map(\.description)).joined(separator: "\n")
    }
    public func describe(_ lang: Lang) -> String {
        ([message(lang)] + issues.map { "\($0.location): \($0.message(lang))" }).joined(separator: "\n")
    }
}
