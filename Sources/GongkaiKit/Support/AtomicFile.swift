import Foundation

/// Writes outputs under a temporary name beside the target and renames when complete, so no
/// half-written report ever exists and an existing file is replaced only by a complete new one.
public enum AtomicFile {
    public static func temporaryURL(for target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    }

    public static func write(_ data: Data, to target: URL) throws(GongkaiError) {
        try produce(target) { tmp throws(GongkaiError) in
            do { try data.write(to: tmp) } catch {
                throw GongkaiError(Text("无法写入 \(target.path)：\(error.localizedDescription)", "cannot write \(target.path): \(error.localizedDescription)"))
            }
        }
    }

    /// Runs `body` to create the temporary file, then renames it over the target; removes it on failure.
    public static func produce(_ target: URL, _ body: (URL) throws(GongkaiError) -> Void) throws(GongkaiError) {
        let dir = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw GongkaiError(Text("输出目录 \(dir.path) 不存在", "output folder \(dir.path) does not exist"))
        }
        guard FileManager.default.isWritableFile(atPath: dir.path) else {
            throw GongkaiError(Text("输出目录 \(dir.path) 不可写", "output folder \(dir.path) is not writable"))
        }
        let tmp = temporaryURL(for: target)
        do {
            try body(tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
        guard rename(tmp.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw GongkaiError(Text("无法写入 \(target.path)：\(reason)", "cannot write \(target.path): \(reason)"))
        }
    }
}
