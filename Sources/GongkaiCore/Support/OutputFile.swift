import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where one output goes, decided before anything is evaluated.
public struct OutputTarget: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `-` or no file: the command prints it.
        case standardOutput
        /// A regular file (existing or new): staged beside it, then renamed over it.
        case file(mode: mode_t?)
        /// A device, FIFO or other non-regular file (`/dev/null`, `/dev/stdout`, a pipe): written in place, never replaced.
        case special
    }
    /// The option that named it, for messages (`-o`, `--xlsx`…).
    public var option: String
    /// The path as given.
    public var path: String
    /// The path after resolving symlinks (the file a rename replaces); `-` for standard output.
    public var resolved: String
    public var kind: Kind
}

/// The output layer: every file a command writes goes through one `OutputSet`.
/// - Targets are checked before evaluation: outside the evidence folder, no two alike, a directory that exists, a
///   read-only file only with `force`.
/// - Each output is staged (a regular file under a recognisable temporary name beside it, fsynced; anything else in
///   memory), and only when all are staged are they renamed or written, so several outputs appear together or not at all.
/// - Staged files are registered so an interrupt removes them (`StagedFiles.removeAll()`), and a crash's leftovers are
///   removed by the next run that writes into that directory.
public final class OutputSet: @unchecked Sendable {
    public private(set) var targets: [OutputTarget] = []
    private let folders: [String]
    private let force: Bool
    private var staged: [(OutputTarget, Staged)] = []

    enum Staged {
        case file(String)
        case bytes(Data)
    }

    /// `evidenceFolders`: the folders a run reads; nothing may be written inside them. Their symlinks are followed
    /// on threads of their own, all within `resolveWithin` seconds: on a hung network mount `realpath` blocks in the
    /// kernel, and a roll-up must still end at its time limit. A folder not resolved in time is compared as written
    /// (absolute, `.` and `..` taken out) and its thread is left behind; a folder that does not exist is left out.
    public init(evidenceFolders: [URL], force: Bool = false, resolveWithin: Double = 5) {
        self.folders = Self.resolveFolders(evidenceFolders.map(\.path), within: resolveWithin) { Self.realPath($0) }
        self.force = force
    }

    /// Each path's `resolver` result (nil: left out), or the path as written for one not resolved within `seconds`.
    static func resolveFolders(_ paths: [String], within seconds: Double, resolver: @escaping @Sendable (String) -> String?) -> [String] {
        guard !paths.isEmpty else { return [] }
        final class Board: @unchecked Sendable {
            let condition = NSCondition()
            var results: [String??]
            var next = 0
            var done = 0
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let board = Board(paths.count)
        for _ in 0..<min(paths.count, 8) {
            Thread.detachNewThread {
                while true {
                    board.condition.lock()
                    let i = board.next
                    board.next += 1
                    board.condition.unlock()
                    guard i < paths.count else { return }
                    let resolved = resolver(paths[i])
                    board.condition.lock()
                    board.results[i] = .some(resolved)
                    board.done += 1
                    board.condition.broadcast()
                    board.condition.unlock()
                }
            }
        }
        let deadline = Date(timeIntervalSinceNow: seconds)
        board.condition.lock()
        while board.done < paths.count && board.condition.wait(until: deadline) {}
        let results = board.results
        board.condition.unlock()
        return paths.indices.compactMap { i in results[i] ?? lexical(paths[i]) }
    }

    /// `path` made absolute with `.` and `..` taken out, without asking the file system.
    static func lexical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Checks one output before anything is evaluated; `nil` or `-` is standard output.
    @discardableResult
    public func add(_ path: String?, option: String) throws(GongkaiError) -> OutputTarget {
        guard let path, path != "-" else {
            let t = OutputTarget(option: option, path: "-", resolved: "-", kind: .standardOutput)
            targets.append(t)
            return t
        }
        guard !path.isEmpty else { throw GongkaiError(Message("\(option) 的路径为空", "\(option) names no file")) }
        let resolved = Self.resolve(path)
        try refuseInsideFolder(resolved, path: path, option: option)
        if let other = targets.first(where: { $0.resolved == resolved }) {
            throw GongkaiError(
                Message(
                    "\(other.option) 与 \(option) 指向同一个文件 \(path)，其中一个会被覆盖",
                    "\(other.option) and \(option) name the same file \(path); one would overwrite the other"))
        }
        var st = stat()
        let kind: OutputTarget.Kind
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                // Root may write anything, so the mode bits, not access(2), say whether the owner meant it read-only.
                let readOnly = st.st_mode & 0o222 == 0 || access(path, W_OK) != 0
                if readOnly && !force {
                    throw GongkaiError(Message("\(path) 是只读文件，不覆盖（确需覆盖请加 --force）", "\(path) is read-only; not replaced (use --force to replace it)"))
                }
                kind = .file(mode: st.st_mode & 0o7777)
            case S_IFDIR:
                throw GongkaiError(Message("\(option) \(path) 是目录，应为文件", "\(option) \(path) is a folder, not a file"))
            default:
                kind = .special
            }
        } else {
            kind = .file(mode: nil)
        }
        if case .file = kind { try checkDirectory(of: resolved, path: path) }
        let t = OutputTarget(option: option, path: path, resolved: resolved, kind: kind)
        targets.append(t)
        return t
    }

    /// A directory an option names (`--output-dir`, `--cache-dir`) must lie outside the evidence folder, and exist
    /// when `mustExist`.
    public func checkDirectory(_ path: String, option: String, mustExist: Bool = true) throws(GongkaiError) {
        let resolved = Self.resolve(path)
        try refuseInsideFolder(resolved, path: path, option: option)
        var isDir: ObjCBool = false
        if mustExist && !(FileManager.default.fileExists(atPath: resolved, isDirectory: &isDir) && isDir.boolValue) {
            throw GongkaiError(Message("\(option) 目录 \(path) 不存在", "the \(option) folder \(path) does not exist"))
        }
    }

    private func refuseInsideFolder(_ resolved: String, path: String, option: String) throws(GongkaiError) {
        for folder in folders where resolved == folder || resolved.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
            throw GongkaiError(
                Message(
                    "\(option) \(path) 在证据目录 \(folder) 之内：gongkai 从不写入证据目录，请换一个位置",
                    "\(option) \(path) is inside the evidence folder \(folder): gongkai never writes there; choose another place"))
        }
    }

    private func checkDirectory(of resolved: String, path: String) throws(GongkaiError) {
        let dir = (resolved as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw GongkaiError(Message("无法写入 \(path)：目录 \(dir) 不存在", "cannot write \(path): the folder \(dir) does not exist"))
        }
        guard access(dir, W_OK) == 0 else {
            throw GongkaiError(Message("无法写入 \(path)：目录 \(dir) 不可写", "cannot write \(path): the folder \(dir) is not writable"))
        }
        Self.removeLeftovers(in: dir)
    }

    // MARK: staging

    /// Stages bytes for a target. Text passes through `Redaction.mask`, the boundary every text output crosses;
    /// `binary` (a docx, already masked where its text was made) is written as it is; `keeping` names texts the agency
    /// publishes itself (`Redaction.mask(_:keeping:)`).
    public func stage(_ target: OutputTarget, _ data: Data, binary: Bool = false, keeping: [String] = []) throws(GongkaiError) {
        let data =
            binary ? data : keeping.isEmpty ? Redaction.mask(data) : Data(Redaction.mask(String(decoding: data, as: UTF8.self), keeping: keeping).utf8)
        switch target.kind {
        case .standardOutput, .special: staged.append((target, .bytes(data)))
        case .file:
            try stage(target) { url throws(GongkaiError) in
                do { try data.write(to: url) } catch {
                    throw GongkaiError(
                        Message("无法写入 \(target.path)：\(error.localizedDescription)", "cannot write \(target.path): \(error.localizedDescription)"))
                }
            }
        }
    }

    /// Stages an output a writer creates at a path (the workbook writers): `body` writes the file it is given.
    public func stage(_ target: OutputTarget, _ body: (URL) throws(GongkaiError) -> Void) throws(GongkaiError) {
        switch target.kind {
        case .standardOutput, .special:
            // Written to a private temporary file first, then copied in place at commit.
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(Self.temporaryName(for: "gongkai-output"))
            StagedFiles.register(tmp.path)
            defer {
                try? FileManager.default.removeItem(at: tmp)
                StagedFiles.unregister(tmp.path)
            }
            try body(tmp)
            guard let data = FileManager.default.contents(atPath: tmp.path) else {
                throw GongkaiError(Message("无法写入 \(target.path)", "cannot write \(target.path)"))
            }
            staged.append((target, .bytes(data)))
        case .file:
            let tmp = Self.temporaryURL(for: URL(fileURLWithPath: target.resolved))
            StagedFiles.register(tmp.path)
            do {
                try body(tmp)
            } catch {
                Self.remove(tmp.path)
                throw error
            }
            staged.append((target, .file(tmp.path)))
        }
    }

    /// Renames or writes every staged output, standard output last; returns what goes to standard output, in order.
    /// On a failure before the first rename nothing appears; staged files are always removed.
    public func commit() throws(GongkaiError) -> [Data] {
        defer { discard() }
        // Prepare every staged file (mode, fsync) before renaming any, so a failure leaves all targets as they were.
        for (target, s) in staged {
            guard case .file(let tmp) = s, case .file(let mode) = target.kind else { continue }
            let fd = open(tmp, O_RDONLY)
            guard fd >= 0 else { throw Self.failure(target) }
            if let mode { _ = fchmod(fd, mode) }
            let synced = fsync(fd)
            close(fd)
            guard synced == 0 else { throw Self.failure(target) }
        }
        for (target, s) in staged where target.kind == .special {
            guard case .bytes(let data) = s else { continue }
            try Self.writeInPlace(data, target)
        }
        var directories = Set<String>()
        for (target, s) in staged {
            guard case .file(let tmp) = s else { continue }
            guard rename(tmp, target.resolved) == 0 else { throw Self.failure(target) }
            StagedFiles.unregister(tmp)
            directories.insert((target.resolved as NSString).deletingLastPathComponent)
        }
        // The renames themselves survive a power cut only once their directories are synced.
        for dir in directories {
            let fd = open(dir, O_RDONLY | O_DIRECTORY)
            if fd >= 0 {
                _ = fsync(fd)
                close(fd)
            }
        }
        return staged.compactMap { t, s in
            if t.kind == .standardOutput, case .bytes(let d) = s { return d }
            return nil
        }
    }

    /// Removes every staged file (a failed run).
    public func discard() {
        for (_, s) in staged { if case .file(let tmp) = s { Self.remove(tmp) } }
        staged = []
    }

    // MARK: helpers

    static func failure(_ target: OutputTarget) -> GongkaiError {
        let reason = String(cString: strerror(errno))
        return GongkaiError(Message("无法写入 \(target.path)：\(reason)", "cannot write \(target.path): \(reason)"))
    }

    /// Devices and FIFOs are opened without creating or truncating, and without waiting for a reader.
    static func writeInPlace(_ data: Data, _ target: OutputTarget) throws(GongkaiError) {
        let fd = open(target.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(target) }
        defer { close(fd) }
        // A pipe with a reader may be slow; once open, writes block as a shell redirection would.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        let ok = data.withUnsafeBytes { raw -> Bool in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                left -= n
                p += n
            }
            return true
        }
        guard ok else { throw failure(target) }
    }

    static func remove(_ path: String) {
        unlink(path)
        StagedFiles.unregister(path)
    }

    /// `.NAME.tmp-PID-N`: the name says which process made it, so a later run can tell a crash's leftover.
    public static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    public static func temporaryURL(for target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(temporaryName(for: target.lastPathComponent))
    }

    /// Removes `.NAME.tmp-PID-N` files of processes that no longer run (a crash or `kill -9`).
    static func removeLeftovers(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let parts = name[range.upperBound...].split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), UInt32(parts[1]) != nil, pid > 0 else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            var st = stat()
            let path = dir + "/" + name
            if lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG { unlink(path) }
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The file a path names after resolving every symlink, also when the file does not exist yet.
    public static func resolve(_ path: String) -> String {
        var p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        for _ in 0..<40 {
            if let r = realPath(p) { return r }
            let dir = (p as NSString).deletingLastPathComponent
            let name = (p as NSString).lastPathComponent
            let full = (realPath(dir) ?? dir) + "/" + name
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) else { return full }
            p = target.hasPrefix("/") ? target : (full as NSString).deletingLastPathComponent + "/" + target
        }
        return p
    }
}

/// Files staged by this process, removed on SIGINT/SIGTERM by the executable's handlers.
public enum StagedFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths = Set<String>()

    public static func register(_ path: String) {
        lock.lock()
        paths.insert(path)
        lock.unlock()
    }
    public static func unregister(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }
    /// Removes every staged file; called from a signal source, never from a signal handler's context.
    public static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for p in paths { unlink(p) }
        paths = []
    }
}

/// Writers that produce a file at a path (libxlsxwriter, the hash cache) stage it here: written under a temporary
/// name beside the target and renamed when complete.
public enum AtomicFile {
    public static func write(_ data: Data, to target: URL) throws(GongkaiError) {
        try produce(target) { tmp throws(GongkaiError) in
            do { try data.write(to: tmp) } catch {
                throw GongkaiError(Message("无法写入 \(target.path)：\(error.localizedDescription)", "cannot write \(target.path): \(error.localizedDescription)"))
            }
        }
    }

    /// Runs `body` to create the temporary file, then renames it over the target; removes it on failure or interrupt.
    public static func produce(_ target: URL, _ body: (URL) throws(GongkaiError) -> Void) throws(GongkaiError) {
        let dir = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw GongkaiError(Message("输出目录 \(dir.path) 不存在", "output folder \(dir.path) does not exist"))
        }
        let tmp = OutputSet.temporaryURL(for: target)
        StagedFiles.register(tmp.path)
        defer { StagedFiles.unregister(tmp.path) }
        do {
            try body(tmp)
        } catch {
            unlink(tmp.path)
            throw error
        }
        guard rename(tmp.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp.path)
            throw GongkaiError(Message("无法写入 \(target.path)：\(reason)", "cannot write \(target.path): \(reason)"))
        }
    }
}
