import Foundation
import GongkaiCore
import Yams

/// `gongkai.yaml` at the root of an evidence folder.
public struct FolderConfig: Sendable {
    public var plan: String
    public var agency: String?
    public var year: Int?
    public var calendar: WorkCalendar.Mode
    /// Per-file text encodings, for ledgers saved by Excel on Chinese Windows (`gb18030`).
    public var encodings: [String: String.Encoding]
    public var timeZone: TimeZone
    /// Ledgers above this size are refused with a clear error rather than read into memory.
    public var maxLedgerBytes: Int = 256 << 20
    /// Calendar files the folder declares (`calendars: [日历/2027.yaml]`), paths inside the folder: a notice imported
    /// with `calendar import --to`, so a CI gate on a repository counts the same days everywhere.
    public var calendars: [String] = []
    /// Where the annual report can be downloaded and whom to ask about it, as the agency publishes them.
    public var contact = ReportContact()
    /// `disclosure_office`: the plan's unit that is the 政府信息公开工作机构 and owns the 条例's duties the plan does not
    /// restate, with where gongkai.yaml says so; nil to let gongkai find it by the units' names.
    public var disclosureOffice: (name: String, location: SourceLocation)?

    public static let fileName = "gongkai.yaml"

    public init(
        plan: String, agency: String? = nil, year: Int? = nil, calendar: WorkCalendar.Mode = .official,
        encodings: [String: String.Encoding] = [:], timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
    ) {
        self.plan = plan
        self.agency = agency
        self.year = year
        self.calendar = calendar
        self.encodings = encodings
        self.timeZone = timeZone
    }

    public static func load(root: URL) throws(GongkaiError) -> FolderConfig {
        let url = root.appendingPathComponent(fileName)
        var st = stat()
        guard stat(root.path, &st) == 0 else {
            if errno == ELOOP {
                throw GongkaiError(Message("证据目录 \(root.path)：", "evidence folder \(root.path): ") + FolderListing.Problem.loop.text)
            }
            throw GongkaiError(Message("证据目录 \(root.path) 不存在", "evidence folder \(root.path) does not exist"))
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            let kind = st.st_mode & S_IFMT == S_IFREG ? "regular file" : FolderListing.kindName(st.st_mode & S_IFMT)
            throw GongkaiError(
                Message("\(root.path) 不是目录（\(kind)）：请给出证据目录", "\(root.path) is not a folder (\(kind)): name an evidence folder"))
        }
        // Found with stat before anything is opened: a FIFO or a device named gongkai.yaml is never read.
        let data: Data
        let read: Result<Data, FolderListing.Problem> =
            if stat(url.path, &st) != 0 {
                .failure(errno == ELOOP ? .loop : .missing)
            } else if st.st_mode & S_IFMT != S_IFREG {
                .failure(.notRegular(FolderListing.kindName(st.st_mode & S_IFMT)))
            } else {
                FolderListing.readRegularFile(url.path, limit: 16 << 20)
            }
        switch read {
        case .success(let d): data = d
        case .failure(.missing):
            throw GongkaiError(
                Message(
                    "\(root.path) 中没有 gongkai.yaml：这不是证据目录（用 gongkai init 创建）",
                    "\(root.path) has no gongkai.yaml: not an evidence folder (gongkai init creates one)"))
        case .failure(let p):
            throw GongkaiError(Message("\(url.path) 无法读取：", "\(url.path) cannot be read: ") + p.text)
        }
        let text = TextDecoding.decode(data, declared: nil).text
        let node: Yams.Node?
        do {
            node = try YAMLSource.compose(text, file: fileName)
        } catch {
            throw GongkaiError(Message("gongkai.yaml 无效", "gongkai.yaml is malformed"), issues: [error])
        }
        guard let node, node.pairs != nil else {
            throw GongkaiError(
                Message("gongkai.yaml 应为映射，至少写明 plan", "gongkai.yaml should be a mapping naming at least the plan"),
                issues: [LoadIssue(SourceLocation(file: fileName, line: 1), Message("需要 plan: 计划编号或路径", "expected plan: ID or path"))])
        }
        guard let plan = node[key: "plan"]?.text, !plan.isEmpty else {
            throw GongkaiError(
                Message("gongkai.yaml 缺少 plan", "gongkai.yaml names no plan"),
                issues: [
                    LoadIssue(
                        SourceLocation(file: fileName, line: 1),
                        Message("需要 plan: 计划编号（如 zhaoqing-commerce-2020）或计划文件路径", "expected plan: a plan id (e.g. zhaoqing-commerce-2020) or a plan file path"))
                ])
        }
        var year: Int?
        if let y = node[key: "year"] {
            guard let v = y.text.flatMap(Int.init) else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 year 无效", "gongkai.yaml has an invalid year"),
                    issues: [LoadIssue(y.location(in: fileName), Message("需要年份，如 2020", "expected a year such as 2020"))])
            }
            year = v
        }
        var mode = WorkCalendar.Mode.official
        if let c = node[key: "calendar"] {
            guard let m = c.text.flatMap(WorkCalendar.Mode.init(rawValue:)) else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 calendar 无效", "gongkai.yaml has an invalid calendar"),
                    issues: [LoadIssue(c.location(in: fileName), Message("需要 official 或 weekends-only", "expected official or weekends-only"))])
            }
            mode = m
        }
        var encodings: [String: String.Encoding] = [:]
        for (path, keyNode, value) in node[key: "encodings"]?.pairs ?? [] {
            guard let e = value.text.flatMap(TextDecoding.encoding(named:)) else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 \(path) 的编码无效", "gongkai.yaml: bad encoding for \(path)"),
                    issues: [LoadIssue(keyNode.location(in: fileName), Message("需要 utf-8 或 gb18030", "expected utf-8 or gb18030"))])
            }
            encodings[path] = e
        }
        let tz = node[key: "timezone"]?.text.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Asia/Shanghai") ?? .current
        var config = FolderConfig(plan: plan, agency: node[key: "agency"]?.text, year: year, calendar: mode, encodings: encodings, timeZone: tz)
        if let c = node[key: "calendars"] {
            guard let paths = c.items?.compactMap(\.text) ?? c.text.map({ [$0] }), !paths.isEmpty else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 calendars 无效", "gongkai.yaml has an invalid calendars"),
                    issues: [
                        LoadIssue(c.location(in: fileName), Message("需要日历文件路径的列表，如 [日历/2027.yaml]", "expected a list of calendar files, e.g. [日历/2027.yaml]"))
                    ])
            }
            config.calendars = paths
        }
        config.contact = try ReportContact(node)
        if let o = node[key: "disclosure_office"] {
            guard let name = o.text?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 disclosure_office 无效", "gongkai.yaml has an invalid disclosure_office"),
                    issues: [LoadIssue(o.location(in: fileName), Message("需要计划中的一个单位名，如 办公室", "expected one of the plan's units, e.g. 办公室"))])
            }
            config.disclosureOffice = (name, o.location(in: fileName))
        }
        if let m = node[key: "max_ledger_mb"] {
            guard let mb = m.text.flatMap(Int.init), mb > 0 else {
                throw GongkaiError(
                    Message("gongkai.yaml 中 max_ledger_mb 无效", "gongkai.yaml has an invalid max_ledger_mb"),
                    issues: [LoadIssue(m.location(in: fileName), Message("需要正整数（MB）", "expected a positive number of megabytes"))])
            }
            config.maxLedgerBytes = mb << 20
        }
        return config
    }

    /// A written key's text: nil when absent or blank, an error with its line when it is not a single value.
    static func text(_ node: Yams.Node, _ key: String, expected: Message) throws(GongkaiError) -> String? {
        guard let value = node[key: key] else { return nil }
        guard let text = value.text else {
            throw GongkaiError(
                Message("gongkai.yaml 中 \(key) 无效", "gongkai.yaml has an invalid \(key)"), issues: [LoadIssue(value.location(in: fileName), expected)])
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The plan file gongkai.yaml names, or the built-in plan. A path must stay inside the folder after resolving `..`
    /// and symlinks: a folder cannot make gongkai read (and print) `../../etc/passwd`; a plan kept elsewhere is named
    /// explicitly on the command line (`--plan-file`).
    public func planURL(root: URL, rules: Rules) throws(GongkaiError) -> URL {
        let isPath = plan.hasSuffix(".yaml") || plan.hasSuffix(".yml") || plan.contains("/")
        guard isPath else {
            guard let url = rules.planURL(plan) else {
                throw GongkaiError(
                    Message(
                        "gongkai.yaml 指定的计划 '\(plan)' 不存在（内置计划：\(rules.planIDs.joined(separator: ", "))）",
                        "unknown plan '\(plan)' in gongkai.yaml (built-in plans: \(rules.planIDs.joined(separator: ", ")))"))
            }
            return url
        }
        let candidate = plan.hasPrefix("/") ? URL(fileURLWithPath: plan) : root.appendingPathComponent(plan)
        let folder = OutputSet.resolve(root.path)
        let resolved = OutputSet.resolve(candidate.path)
        guard resolved.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
            throw GongkaiError(
                Message(
                    "gongkai.yaml 的 plan '\(plan)' 在证据目录之外，未读取；目录外的计划请用 --plan-file 明确指定",
                    "gongkai.yaml's plan '\(plan)' lies outside the evidence folder and was not read; name a plan kept elsewhere with --plan-file"),
                issues: [
                    LoadIssue(SourceLocation(file: Self.fileName), Message("plan 应为计划编号或证据目录内的相对路径", "plan should be a plan id or a path inside the folder"))
                ]
            )
        }
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw GongkaiError(Message("gongkai.yaml 指定的计划文件 \(plan) 不存在", "the plan file \(plan) named in gongkai.yaml does not exist"))
        }
        return URL(fileURLWithPath: resolved)
    }

    /// The folder's calendar files laid over `calendar` (each must be a regular file inside the folder).
    public func calendar(over calendar: WorkCalendar, root: URL) throws(GongkaiError) -> WorkCalendar {
        guard self.calendar == .official else { return .weekendsOnly }
        var more: [(NoticeYear, WorkCalendar.Source)] = []
        for path in calendars {
            switch FolderListing.regularFile(path, in: root) {
            case .failure(let problem):
                throw GongkaiError(
                    Message("gongkai.yaml 声明的日历文件 \(path) 无法读取", "the calendar file \(path) declared in gongkai.yaml cannot be read"),
                    issues: [LoadIssue(SourceLocation(file: path), problem.text)])
            case .success(let resolved):
                do {
                    more += try WorkCalendar.loadYears(file: resolved, displayName: path).map { ($0, .folder(path)) }
                } catch {
                    throw GongkaiError(
                        Message("gongkai.yaml 声明的日历文件 \(path) 无效", "the calendar file \(path) declared in gongkai.yaml is invalid"), issues: [error])
                }
            }
        }
        return calendar.adding(more)
    }

    /// The files of the folder that are gongkai's own configuration, never evidence: gongkai.yaml, waivers.yaml,
    /// the plan it names (when inside the folder), its calendar files, and the README `gongkai init` writes.
    public func configurationFiles(root: URL) -> Set<String> {
        var files: Set<String> = [Self.fileName, "waivers.yaml", "README.md"]
        let isPath = plan.hasSuffix(".yaml") || plan.hasSuffix(".yml") || plan.contains("/")
        for path in (isPath ? [plan] : []) + calendars {
            files.insert(Self.normalized(path))
            // The same file by its resolved path, relative to the resolved folder.
            let folder = OutputSet.resolve(root.path)
            let resolved = OutputSet.resolve(root.appendingPathComponent(path).path)
            if resolved.hasPrefix(folder + "/") { files.insert(String(resolved.dropFirst(folder.count + 1))) }
        }
        return files
    }

    /// A relative path without `./` and doubled slashes, as the folder listing names files.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
    }
}

/// The annual report's preamble ends, as most published reports do, with where the report can be downloaded and a
/// contact for questions: optional keys of gongkai.yaml (`report_url`, `contact_address`, `postcode`, `contact_phone`),
/// each written only when given.
public struct ReportContact: Sendable, Equatable {
    public var reportURL: String?
    public var address: String?
    public var postcode: String?
    /// The office's published telephone: kept as written where every other number is masked.
    public var phone: String?

    public init(reportURL: String? = nil, address: String? = nil, postcode: String? = nil, phone: String? = nil) {
        self.reportURL = reportURL
        self.address = address
        self.postcode = postcode
        self.phone = phone
    }

    init(_ node: Yams.Node) throws(GongkaiError) {
        let words = Message("需要一行文字", "expected one line of text")
        reportURL = try FolderConfig.text(
            node, "report_url", expected: Message("需要网址，如 https://www.example.gov.cn/xxgk/", "expected an address such as https://www.example.gov.cn/xxgk/"))
        address = try FolderConfig.text(node, "contact_address", expected: words)
        phone = try FolderConfig.text(node, "contact_phone", expected: Message("需要电话号码，如 0758-2222222", "expected a telephone number such as 0758-2222222"))
        let code = Message("需要6位邮政编码，如 526040", "expected a six-digit postcode such as 526040")
        postcode = try FolderConfig.text(node, "postcode", expected: code)
        if let p = postcode, !(p.count == 6 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber)), let at = node[key: "postcode"] {
            throw GongkaiError(
                Message("gongkai.yaml 中 postcode 无效", "gongkai.yaml has an invalid postcode"), issues: [LoadIssue(at.location(in: FolderConfig.fileName), code)]
            )
        }
    }

    public var isEmpty: Bool { reportURL == nil && address == nil && postcode == nil && phone == nil }
}
