import Crypto
import Foundation

/// SHA-256 of attachments, streamed; with a cache folder (outside the evidence folder) keyed by
/// path, size and modification time, a second run over unchanged files skips the hashing.
public final class HashCache: @unchecked Sendable {
    public static let none = HashCache(directory: nil)

    let directory: URL?
    private var entries: [String: (size: Int, mtime: Double, sha: String)] = [:]
    private var dirty = false
    private let lock = NSLock()

    public init(directory: URL?) {
        self.directory = directory
        if let directory, let text = try? String(contentsOf: directory.appendingPathComponent("sha256.tsv"), encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard parts.count == 4, let size = Int(parts[1]), let mtime = Double(parts[2]) else { continue }
                entries[String(parts[0])] = (size, mtime, String(parts[3]))
            }
        }
    }

    /// (size, sha256 hex), or nil when the file cannot be read.
    public func digest(of url: URL) -> (Int, String)? {
        let path = url.path
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attrs?[.size] as? Int) ?? -1
        let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        if directory != nil {
            lock.lock()
            let hit = entries[path]
            lock.unlock()
            // Within 10 µs: a modification time read back through the file system can differ in its last bits.
            if let hit, hit.size == size, abs(hit.mtime - mtime) < 1e-5 { return (size, hit.sha) }
        }
        guard let sha = Self.sha256(of: url) else { return nil }
        if directory != nil {
            lock.lock()
            entries[path] = (size, mtime, sha)
            dirty = true
            lock.unlock()
        }
        return (size, sha)
    }

    public static func sha256(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
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
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.size)\t\($0.value.mtime)\t\($0.value.sha)" }.joined(separator: "\n")
        lock.unlock()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent("sha256.tsv"))
    }
}
