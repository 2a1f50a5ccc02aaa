import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiEvaluation

/// The one runner over many folders (`rollup`, `annual-report --rollup`): results in the folders' order whatever
/// order they finish in, a folder that cannot be read worded alike, and only the summary kept.
@Suite struct FolderRunnerTests {
    static let samples = ["zhaoqing-2020-complete", "zhaoqing-2020-gaps"].map { repoRoot.appendingPathComponent("Samples/\($0)") }

    @Test func resultsComeInTheFoldersOrderAndAFailureIsWordedOnce() throws {
        let broken = try makeFolder([:], gongkai: "plan: no-such-plan\n")
        // The large sample first and the broken folder (done at once) in the middle: they finish out of order.
        let folders = [Self.samples[1], broken, Self.samples[0], Self.samples[1], broken]
        var delivered: [(URL, Result<Int, FolderFailure>)] = []
        FolderRunner.run(
            folders: folders, pipeline: Pipeline(rules: rules), options: .init(asOf: day("2021-02-05")),
            summarize: { evaluation in evaluation.tasks.count },
            deliver: { folder, result in delivered.append((folder, result)) })
        #expect(delivered.map(\.0) == folders)
        for (folder, result) in delivered {
            switch result {
            case .success(let tasks): #expect(folder != broken && tasks >= 32)
            case .failure(let failure):
                #expect(folder == broken)
                #expect(failure.message.zh.hasPrefix("证据目录无法读取：") && failure.message.zh.contains("no-such-plan"))
                #expect(failure.message.en.hasPrefix("the evidence folder cannot be read: "))
            }
        }
    }

    /// The folders a run must not write into are resolved off the calling thread, within a bound: a folder whose
    /// `realpath` never returns (a hung network mount) is compared as written, the others as resolved, and one that
    /// does not exist is left out; the call returns at the bound, not when the stuck resolver does.
    @Test func aFolderThatCannotBeResolvedInTimeIsComparedAsWritten() {
        let release = DispatchSemaphore(value: 0)
        let started = Date()
        let folders = OutputSet.resolveFolders(["/mnt/a", "/net/hung/./agency/../b", "/missing"], within: 0.5) { path in
            if path.hasPrefix("/net/") { release.wait() }
            return path == "/missing" ? nil : "/resolved" + path
        }
        let waited = Date().timeIntervalSince(started)
        release.signal()
        #expect(folders == ["/resolved/mnt/a", "/net/hung/b"])
        #expect(waited < 30)
        #expect(OutputSet.lexical("/x/../../y/./z/") == "/y/z")
    }

    @Test func aFolderPastTheTimeLimitIsARowOfItsOwn() {
        var failures: [String] = []
        FolderRunner.run(
            folders: [Self.samples[1], Self.samples[0]], pipeline: Pipeline(rules: rules), options: .init(asOf: day("2021-02-05")),
            timeLimit: 0.000_001, summarize: { _ in () },
            deliver: { _, result in if case .failure(let f) = result { failures.append(f.message.zh) } })
        #expect(failures.count == 2 && failures.allSatisfy { $0.contains("超过时限") && $0.contains("--time-limit") })
    }
}
