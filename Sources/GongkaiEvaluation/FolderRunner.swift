import Foundation
import GongkaiCore

/// Why a folder of a run over many gives no result: it could not be read, or it took longer than the time limit.
public struct FolderFailure: Error, Sendable {
    public var message: Message
    public init(_ message: Message) { self.message = message }
}

/// The one way to run the pipeline over many folders (`rollup`, `annual-report --rollup`): in parallel, each folder
/// with the same time limit from when its evaluation starts, failures worded alike, results in the folders' order.
///
/// It streams. `summarize` runs on the worker as soon as a folder's evaluation is done, and only what it returns is
/// kept: the evaluation (the folder's records) is released there. `deliver` then gets each folder's result on the
/// calling thread, in the folders' order, as soon as that folder and every one before it are done, so a writer can put
/// it out and let it go. Memory holds the summaries of the folders finished ahead of a slower one, not every folder's
/// evaluation.
public enum FolderRunner {
    public static let defaultTimeLimit = 300.0

    public static func run<Summary: Sendable, Failure: Error>(
        folders: [URL], pipeline: Pipeline, options: Pipeline.Options, timeLimit: Double = defaultTimeLimit,
        summarize: @escaping @Sendable (Evaluation) -> Summary,
        deliver: (_ folder: URL, _ result: Result<Summary, FolderFailure>) throws(Failure) -> Void
    ) throws(Failure) {
        let board = Board<Summary>(count: folders.count)
        let workers = max(1, min(folders.count, ProcessInfo.processInfo.activeProcessorCount))
        @Sendable func work() {
            while let i = board.next() {
                let result: Result<Summary, FolderFailure>
                do {
                    result = .success(summarize(try pipeline.run(folder: folders[i], options: options)))
                } catch {
                    result = .failure(
                        FolderFailure(
                            Message("证据目录无法读取：" + error.describe(.zh), "the evidence folder cannot be read: " + error.describe(.en))))
                }
                // A folder already given up on has its result; a late one is dropped and this worker is spare.
                guard board.finish(i, result) else { return }
            }
        }
        for _ in 0..<workers { Thread.detachNewThread(work) }
        var delivered = 0
        while delivered < folders.count {
            for (i, result) in board.take(from: delivered) {
                try deliver(folders[i], result)
                delivered = i + 1
            }
            guard delivered < folders.count else { break }
            board.wait(milliseconds: 20)
            for i in board.overdue(after: timeLimit) {
                let seconds = String(format: "%g", timeLimit)
                let late = FolderFailure(
                    Message(
                        "超过时限 \(seconds) 秒仍未完成，已跳过（可用 --time-limit 调整）",
                        "not finished within the \(seconds) s time limit; skipped (see --time-limit)"))
                if board.finish(i, .failure(late)) { Thread.detachNewThread(work) }  // the stuck worker is replaced
            }
        }
    }

    /// Which folders are started, when, and the results not yet delivered.
    private final class Board<Summary: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var started: [Double?]
        private var finished: [Bool]
        private var pending: [Int: Result<Summary, FolderFailure>] = [:]
        private var nextIndex = 0

        init(count: Int) {
            started = Array(repeating: nil, count: count)
            finished = Array(repeating: false, count: count)
        }

        static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

        func next() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard nextIndex < started.count else { return nil }
            started[nextIndex] = Self.now()
            nextIndex += 1
            return nextIndex - 1
        }

        /// False when the folder already has its result (it timed out).
        func finish(_ i: Int, _ result: Result<Summary, FolderFailure>) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !finished[i] else { return false }
            finished[i] = true
            pending[i] = result
            condition.signal()
            return true
        }

        /// The results from `first` on that follow each other without a gap, removed from the board.
        func take(from first: Int) -> [(Int, Result<Summary, FolderFailure>)] {
            condition.lock()
            defer { condition.unlock() }
            var out: [(Int, Result<Summary, FolderFailure>)] = []
            var i = first
            while let result = pending.removeValue(forKey: i) {
                out.append((i, result))
                i += 1
            }
            return out
        }

        /// Sleeps until a result comes in or the time passes (the time limit is checked between).
        func wait(milliseconds: Int) {
            condition.lock()
            defer { condition.unlock() }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(milliseconds) / 1000))
        }

        func overdue(after limit: Double) -> [Int] {
            condition.lock()
            defer { condition.unlock() }
            let now = Self.now()
            return started.indices.filter { !finished[$0] && (started[$0].map { now - $0 > limit } ?? false) }
        }
    }
}
