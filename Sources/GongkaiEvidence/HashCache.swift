import Crypto
import Foundation
import GongkaiCore

#if canImport(Glibc)
    import Glibc
#endif

/// SHA-256 of attachments, streamed; with a cache folder (outside the evidence folder), a second run over
/// unchanged files skips the hashing. An entry is used only while the file's device, inode, size, modification
/// time and change time (nanoseconds) all still match: a user can set the modification time back (`touch -r`),
/// never the change time, so a file rewritten in place is always hashed again.
public final class HashCache: @unchecked Sendable {
    public static let none = HashCache()

    /// What a cache entry is keyed by, read with `fstat` on the descriptor that is hashed.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int
        var modified: Int64
        var changed: Int64

        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            size = Int(st.st_size)
            modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            changed = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        }

        init?(_ fields: ArraySlice<Substring>) {
            let f = Array(fields)
            guard f.count == 5, let device = UInt64(f[0]), let inode = UInt64(f[1]), let size = Int(f[2]),
                let modified = Int64(f[3]), let changed = Int64(f[4])
            else { return nil }
            (self.device, self.inode, self.size, self.modified, self.changed) = (device, inode, size, modified, changed)
        }

        var fields: String { "\(device)\t\(inode)\t\(size)\t\(modified)\t\(changed)" }
    }

    /// A file changed within this many nanoseconds of being hashed is not cached: a write in the same tick of the
    /// file system's clock would leave its times as they were.
    static let racyWindow: Int64 = 1_000_000_000

    let directory: URL?
    private var entries: [String: (identity: Identity, sha: String)] = [:]
    private var dirty = false
    private let lock = NSLock()

    private init() { directory = nil }

    /// The cache kept in `directory/sha256.tsv`. A cache file that is not a regular file (a FIFO, a device, a
    /// symbolic link, a folder) is refused, found with `lstat` without opening it, and never replaced.
    public init(directory: URL) throws(GongkaiError) {
        self.directory = directory
        let file = directory.appendingPathComponent("sha256.tsv").path
        var st = stat()
        if lstat(file, &st) != 0 { return }
        let mode = st.st_mode & S_IFMT
        let kind = mode == S_IFLNK ? "symbolic link" : FolderListing.kindName(mode)
        guard mode == S_IFREG else {
            throw GongkaiError(
                Message(
                    "--cache-dir 的缓存文件 \(file) 不是普通文件（\(kind)），已拒绝：请删除它或换一个缓存目录",
                    "the --cache-dir cache file \(file) is not a regular file (\(kind)): refused; remove it or choose another cache folder"))
        }
        let data: Data
        switch FolderListing.readRegularFile(file, limit: 1 << 30) {
        case .success(let d): data = d
        case .failure(let p): throw GongkaiError(Message("无法读取缓存文件 \(file)：", "cannot read the cache file \(file): ") + p.text)
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 7, let identity = Identity(parts[1...5]), Self.isDigest(parts[6]) else { continue }
            entries[String(parts[0])] = (identity, String(parts[6]))
        }
    }

    static func isDigest(_ s: Substring) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// (size, sha256 hex) of a regular file, or why not. Opened without blocking and checked with `fstat`, so a FIFO
    /// or a device put in its place is never read.
    func digest(of path: String) -> Result<(Int, String), FolderListing.Problem> {
        let fd: Int32
        switch FolderListing.openRegularFile(path) {
        case .failure(let p): return .failure(p)
        case .success(let opened): fd = opened
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        let identity = Identity(st)
        // A path with a tab or a line break could forge a line of the cache: such files are always hashed.
        let cacheable = directory != nil && !path.utf8.contains { $0 == 9 || $0 == 10 || $0 == 13 }
        if cacheable {
            lock.lock()
            let hit = entries[path]
            lock.unlock()
            if let hit, hit.identity == identity { return .success((identity.size, hit.sha)) }
        }
        // Taken before reading: a write during the hash then gives the file a later change time.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let statedAt = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        guard let sha = Self.sha256(fd) else { return .failure(.unreadable("read error")) }
        if cacheable && statedAt - identity.changed > Self.racyWindow && statedAt - identity.modified > Self.racyWindow {
            lock.lock()
            entries[path] = (identity, sha)
            dirty = true
            lock.unlock()
        }
        return .success((identity.size, sha))
    }

    /// The SHA-256 of a regular file, or why not; never blocks on a FIFO or a device.
    package static func sha256(ofRegularFile path: String) -> Result<String, FolderListing.Problem> {
        HashCache.none.digest(of: path).map(\.1)
    }

    private static func sha256(_ fd: Int32) -> String? {
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        var hasher = SHA256()
        do {
            // read(upToCount:) answers nil at the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            return nil
        }
        return hasher.finalize().hex
    }

    /// Writes the cache (temporary name, then rename).
    public func save() {
        guard let directory, dirty else { return }
        lock.lock()
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.identity.fields)\t\($0.value.sha)" }.joined(separator: "\n")
        lock.unlock()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("sha256.tsv")
        // Never replaces what is not a regular file, even one put there during the run.
        var st = stat()
        if lstat(file.path, &st) == 0 && st.st_mode & S_IFMT != S_IFREG { return }
        try? AtomicFile.write(Data(text.utf8), to: file)
    }
}
