import Foundation
import GongkaiCore

/// Finds the built-in `Rules/` folder wherever gongkai runs: `--rules`, `GONGKAI_RULES`, beside an
/// installed binary (`PREFIX/share/gongkai/Rules`), up from the executable (a build in the repository),
/// or up from the current folder.
public enum RulesLocator {
    public static func locate(explicit: String? = nil, executablePath: String = runningExecutable) throws(GongkaiError) -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard isRules(url) else {
                throw GongkaiError(Message("规则目录 \(explicit) 中没有 plans/ 和 types.yaml", "rules folder \(explicit) has no plans/ and types.yaml"))
            }
            return url
        }
        if let env = ProcessInfo.processInfo.environment["GONGKAI_RULES"], isRules(URL(fileURLWithPath: env)) {
            return URL(fileURLWithPath: env)
        }
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent("share/gongkai/Rules"))
        candidates += ancestors(of: exe).map { $0.appendingPathComponent("Rules") }
        candidates += ancestors(of: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).map { $0.appendingPathComponent("Rules") }
        if let found = candidates.first(where: isRules) { return found }
        throw GongkaiError(Message("找不到内置规则目录 Rules/；请用 --rules 指定", "cannot find the built-in Rules/ folder; pass --rules DIR"))
    }

    /// The running binary itself: `/proc/self/exe` on Linux, since `argv[0]` is a bare `gongkai` when run from PATH
    /// (through a symlink in ~/bin, say) and would be looked up in the current folder.
    public static var runningExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
    }

    static func ancestors(of url: URL) -> [URL] {
        var result: [URL] = []
        var current = url.standardizedFileURL
        for _ in 0..<12 {
            result.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }

    static func isRules(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("plans").path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: url.appendingPathComponent("types.yaml").path)
    }
}

/// The rules in force for a run: types, calendar, and where plans are.
public struct Rules: Sendable {
    public var root: URL
    public var types: TypeRegistry
    public var calendar: WorkCalendar

    public static func load(root: URL) throws(GongkaiError) -> Rules {
        do {
            let types = try TypeRegistry.load(file: root.appendingPathComponent("types.yaml").path, displayName: "Rules/types.yaml")
            // The user's imported notices lie over the built-in ones (`calendar import`).
            let calendar = try WorkCalendar.load(file: root.appendingPathComponent("calendars/cn.yaml").path, displayName: "Rules/calendars/cn.yaml")
                .adding(try WorkCalendar.loadUserYears())
            return Rules(root: root, types: types, calendar: calendar)
        } catch {
            throw GongkaiError(Message("内置规则无法加载", "the rules cannot be loaded"), issues: [error])
        }
    }

    /// A plan by id (`Rules/plans/ID.yaml`) or by path (absolute, or relative to `base`).
    public func planURL(_ reference: String, relativeTo base: URL? = nil) -> URL? {
        let fm = FileManager.default
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") {
            let url =
                reference.hasPrefix("/")
                ? URL(fileURLWithPath: reference)
                : (base ?? URL(fileURLWithPath: fm.currentDirectoryPath)).appendingPathComponent(reference)
            if fm.fileExists(atPath: url.path) { return url }
            if base != nil {
                let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent(reference)
                if fm.fileExists(atPath: cwd.path) { return cwd }
            }
            return nil
        }
        let url = root.appendingPathComponent("plans/\(reference).yaml")
        return fm.fileExists(atPath: url.path) ? url : nil
    }

    /// A rubric by id (`Rules/rubrics/ID.yaml`) or by path.
    public func rubricURL(_ reference: String) -> URL? {
        let fm = FileManager.default
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") {
            let url = URL(fileURLWithPath: reference)
            return fm.fileExists(atPath: url.path) ? url : nil
        }
        let url = root.appendingPathComponent("rubrics/\(reference).yaml")
        return fm.fileExists(atPath: url.path) ? url : nil
    }

    public var rubricIDs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rubrics").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public var planIDs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("plans").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
}
