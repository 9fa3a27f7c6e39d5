import PaceSystem

/// The three Linux clocks read together, in nanoseconds.
///
/// Their differences tell two kinds of discontinuity apart: `CLOCK_BOOTTIME` runs on through suspend and
/// `CLOCK_MONOTONIC` does not, so their gap grows by the time asleep; `CLOCK_REALTIME` follows `BOOTTIME`
/// except when someone sets it, so their gap moves by the size of a clock step.
struct ClockReadings: Sendable, Equatable {
    var realtime: Int64
    var boottime: Int64
    var monotonic: Int64

    /// Reads the clocks now.
    static func now() -> ClockReadings {
        ClockReadings(
            realtime: Clocks.realtimeNanoseconds(), boottime: Clocks.boottimeNanoseconds(),
            monotonic: Clocks.monotonicNanoseconds())
    }

    /// How far the wall clock was set, in nanoseconds, between `earlier` and `self` (positive: forward).
    func step(since earlier: ClockReadings) -> Int64 {
        (realtime - boottime) - (earlier.realtime - earlier.boottime)
    }

    /// How long the machine was suspended, in nanoseconds, between `earlier` and `self`.
    func suspended(since earlier: ClockReadings) -> Int64 {
        (boottime - monotonic) - (earlier.boottime - earlier.monotonic)
    }

}
