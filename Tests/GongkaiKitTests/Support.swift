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

/// A throwaway evidence folder with the given files.
func makeFolder(_ files: [String: String], gongkai: String = "plan: zhaoqing-commerce-2020\nagency: 测试局\nyear: 2020\n") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-test-\(UUID().uuidString)")
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
