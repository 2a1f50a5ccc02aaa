import Foundation

/// Wall-clock time per phase, for `GONGKAI_TIMING=1` and the benchmarks.
public struct PhaseClock: Sendable {
    public private(set) var phases: [(String, Double)] = []
    private var last = DispatchTime.now().uptimeNanoseconds
    public init() {}
    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }
}
