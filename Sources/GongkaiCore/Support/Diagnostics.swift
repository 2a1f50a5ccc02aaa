import Foundation

/// Benchmark and diagnostic hooks, kept out of the domain values: the wall-clock time of each phase
/// (`GONGKAI_TIMING=1`) and the list of every workbook cell written (`--xlsx-cell-dump`, which the benchmark's C
/// floor replays). A run without diagnostics passes nil and pays nothing.
public final class Diagnostics: @unchecked Sendable {
    /// Where the workbook writer lists every cell it writes, one line each.
    public let cellDump: URL?
    private let lock = NSLock()
    private var phases: [(String, Double)] = []

    public init(cellDump: URL? = nil) { self.cellDump = cellDump }

    /// Appends measured phases in the order they ran (the loader's, then the pipeline's, then the command's).
    public func record(_ measured: [(String, Double)]) {
        lock.lock()
        defer { lock.unlock() }
        phases += measured
    }

    /// Seconds per phase, as recorded so far.
    public var timings: [(String, Double)] {
        lock.lock()
        defer { lock.unlock() }
        return phases
    }
}
