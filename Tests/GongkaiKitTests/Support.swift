import Foundation

@testable import GongkaiCore
@testable import GongkaiEvidence
@testable import GongkaiPlan

/// The repository's root, found from this file.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let rules: Rules = {
    do { return try Rules.load(root: repoRoot.appendingPathComponent("Rules")) } catch { fatalError("rules: \(error)") }
}()

let plan2020: Plan = {
    do { return try PlanLoader.load(url: repoRoot.appendingPathComponent("Rules/plans/zhaoqing-commerce-2020.yaml")).0 } catch { fatalError("plan: \(error)") }
}()

func day(_ s: String) -> Day { Day.parse(s)! }

/// A new path for a test's scratch file or folder: all of one test process's scratch lives under one directory,
/// removed when the process exits (thousands of folders were left in /tmp by each run before).
func scratchPath(_ prefix: String) -> URL { scratchRoot.appendingPathComponent("\(prefix)-\(UUID().uuidString)") }

private func scratchRootPath() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-tests-\(getpid())") }

private let scratchRoot: URL = {
    let dir = scratchRootPath()
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratchRootPath()) }
    return dir
}()

/// A throwaway evidence folder with the given files.
func makeFolder(_ files: [String: String], gongkai: String = "plan: zhaoqing-commerce-2020\nagency: 测试局\nyear: 2020\n") throws -> URL {
    let dir = scratchPath("gongkai-test")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try gongkai.write(to: dir.appendingPathComponent("gongkai.yaml"), atomically: true, encoding: .utf8)
    for (path, text) in files {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return dir
}

func load(_ folder: URL) throws -> EvidenceSet {
    let config = try FolderConfig.load(root: folder)
    return EvidenceLoader(root: folder, config: config, types: rules.types, plan: plan2020).load()
}
