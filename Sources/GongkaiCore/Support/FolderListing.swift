import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files of an evidence folder, and how any one of them is read: only regular files, only inside the folder,
/// never in a way that can make a run wait (FIFOs, sockets and devices are found with lstat and never opened).
package enum FolderListing {
    package struct File: Sendable {
        package var path: String
        package var size: Int
    }

    /// Why a file is not read.
    package enum Problem: Error, Sendable {
        case notRegular(String)
        case outside(String)
        case loop
        case tooLong
        case missing
        case tooLarge(Int, limit: Int)
        case unreadable(String)

        package var isNotRegular: Bool {
            if case .notRegular = self { true } else { false }
        }

        package var text: Message {
            switch self {
            case .notRegular(let kind): Message("不是普通文件（\(kind)），未读取", "not a regular file (\(kind)): not read")
            case .outside(let target): Message("符号链接指向证据目录之外（\(target)），已拒绝", "symbolic link points outside the evidence folder (\(target)): rejected")
            case .loop: Message("符号链接循环，无法读取", "symbolic link loop: cannot be read")
            case .tooLong: Message("路径过长，无法打开：请缩短目录或文件名", "path too long to open: shorten the folder or file names")
            case .missing: Message("文件不存在", "the file does not exist")
            case .tooLarge(let size, let limit): Message("文件过大（\(size) 字节，上限 \(limit) 字节）", "file too large (\(size) bytes, limit \(limit))")
            case .unreadable(let why): Message("无法读取文件（\(why)）", "cannot read the file (\(why))")
            }
        }
    }

    /// Every visible file under `root`, sorted, with problems for what is not a regular file inside the folder.
    package static func list(_ root: URL) -> (files: [File], issues: [LoadIssue]) {
        let rootPath = root.resolvingSymlinksInPath().path
        var files: [File] = []
        var issues: [LoadIssue] = []
        func walk(_ relative: String) {
            let dir = relative.isEmpty ? root.path : root.path + "/" + relative
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
                let tooLong = dir.utf8.count >= Int(PATH_MAX) || (error as NSError).code == Int(ENAMETOOLONG)
                issues.append(
                    LoadIssue(SourceLocation(file: relative), tooLong ? Problem.tooLong.text : Problem.unreadable("\(error.localizedDescription)").text))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = root.path + "/" + rel
                var st = stat()
                if full.utf8.count >= Int(PATH_MAX) {
                    issues.append(LoadIssue(SourceLocation(file: rel), Problem.tooLong.text))
                    continue
                }
                guard lstat(full, &st) == 0 else {
                    issues.append(
                        LoadIssue(
                            SourceLocation(file: rel), errno == ENAMETOOLONG ? Problem.tooLong.text : Problem.unreadable(String(cString: strerror(errno))).text)
                    )
                    continue
                }
                var mode = st.st_mode & S_IFMT
                if mode == S_IFLNK {
                    switch resolve(full, inside: rootPath) {
                    case .failure(let p):
                        issues.append(LoadIssue(SourceLocation(file: rel), p.text))
                        continue
                    case .success(let target):
                        // A link to a folder inside is listed where it points, not again here.
                        guard stat(target, &st) == 0 else { continue }
                        mode = st.st_mode & S_IFMT
                        if mode == S_IFDIR { continue }
                    }
                }
                switch mode {
                case S_IFDIR: walk(rel)
                case S_IFREG: files.append(File(path: rel, size: Int(st.st_size)))
                default: issues.append(LoadIssue(SourceLocation(file: rel), Problem.notRegular(kindName(mode)).text))
                }
            }
        }
        walk("")
        return (files.sorted { $0.path < $1.path }, issues)
    }

    package static func kindName(_ mode: mode_t) -> String {
        switch mode {
        case S_IFIFO: "FIFO"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFDIR: "directory"
        default: "special file"
        }
    }

    /// Where a path leads after `..` and symlinks, if that stays inside `rootPath`.
    static func resolve(_ path: String, inside rootPath: String) -> Result<String, Problem> {
        if path.utf8.count >= Int(PATH_MAX) { return .failure(.tooLong) }
        guard let resolved = realpath(path, nil) else {
            switch errno {
            case ELOOP: return .failure(.loop)
            case ENAMETOOLONG: return .failure(.tooLong)
            default: return .failure(.missing)
            }
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        guard target == rootPath || target.hasPrefix(rootPath + "/") else { return .failure(.outside(target)) }
        return .success(target)
    }

    /// A regular file inside the folder, named relative to it: its resolved path, or why not.
    package static func regularFile(_ relative: String, in root: URL) -> Result<String, Problem> {
        if relative.hasPrefix("/") || relative.hasPrefix("~") { return .failure(.outside(relative)) }
        // `..` is resolved by name first: `sub/../../x` leaves the folder even when `sub` does not exist.
        var depth = 0
        for part in relative.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { return .failure(.outside(relative)) }
        }
        let rootPath = root.resolvingSymlinksInPath().path
        switch resolve(root.path + "/" + relative, inside: rootPath) {
        case .failure(let p): return .failure(p)
        case .success(let target):
            var st = stat()
            guard lstat(target, &st) == 0 else { return .failure(.missing) }
            let mode = st.st_mode & S_IFMT
            return mode == S_IFREG ? .success(target) : .failure(.notRegular(kindName(mode)))
        }
    }

    /// A regular file opened for reading with O_NONBLOCK and checked with fstat, so a FIFO or a device that appeared
    /// since the listing can never make the run wait; the caller closes the descriptor.
    package static func openRegularFile(_ path: String) -> Result<Int32, Problem> {
        if path.utf8.count >= Int(PATH_MAX) { return .failure(.tooLong) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ELOOP: return .failure(.loop)
            case ENAMETOOLONG: return .failure(.tooLong)
            case ENOENT: return .failure(.missing)
            default: return .failure(.unreadable(String(cString: strerror(errno))))
            }
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            return .failure(.unreadable(why))
        }
        let mode = st.st_mode & S_IFMT
        guard mode == S_IFREG else {
            close(fd)
            return .failure(.notRegular(kindName(mode)))
        }
        return .success(fd)
    }

    /// A regular file's bytes (see `openRegularFile`), refused above `limit` bytes before reading.
    package static func readRegularFile(_ path: String, limit: Int) -> Result<Data, Problem> {
        let fd: Int32
        switch openRegularFile(path) {
        case .failure(let p): return .failure(p)
        case .success(let opened): fd = opened
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        let size = Int(st.st_size)
        guard size <= limit else { return .failure(.tooLarge(size, limit: limit)) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        do {
            return .success(try handle.readToEnd() ?? Data())
        } catch {
            return .failure(.unreadable(error.localizedDescription))
        }
    }
}
