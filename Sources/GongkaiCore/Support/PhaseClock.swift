import Foundation

/// Wall-clock and process CPU time per phase, for `GONGKAI_TIMING=1` and the benchmarks. Each phase is recorded
/// twice: `name` with its wall time, and `name (cpu)` with the CPU time of all threads, so a phase that leaves a
/// core idle shows as CPU time below twice its wall time on two cores.
public struct PhaseClock: Sendable {
    public private(set) var phases: [(String, Double)] = []
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = PhaseClock.processCPU()
    public init() {}
    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.processCPU()
        phases.append((name, Double(now - last) / 1e9))
        phases.append((name + " (cpu)", cpu - lastCPU))
        (last, lastCPU) = (now, cpu)
    }

    /// Seconds of CPU used by every thread of this process so far.
    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
