import PaceCore

/// The wall clock jumped: it was set (by NTP, a person, `settimeofday`), the machine resumed from suspend,
/// a step held so far was followed, or (in tests) the test offset moved. Deadlines and durations computed before
/// are stale.
package struct ClockChange: Sendable, Equatable, CustomStringConvertible {
    /// What made the clock jump.
    package enum Cause: Sendable, Equatable {
        /// Someone set `CLOCK_REALTIME`.
        case clockSet
        /// The machine was suspended (the kernel counts a resume as a clock change).
        case resume
        /// A step of the wall clock that the daemon's time did not follow at once (``TrustedTime``) held long
        /// enough, and is followed now.
        case stepFollowed
        /// The `PACE_TEST_HOOKS` clock offset changed.
        case testOffset
    }

    package var cause: Cause
    /// How far the wall clock moved beyond the time that passed, in milliseconds (negative: backwards).
    package var stepMilliseconds: Int64
    /// How long the machine slept since the previous reading, in milliseconds.
    package var suspendedMilliseconds: Int64

    package init(cause: Cause, stepMilliseconds: Int64, suspendedMilliseconds: Int64) {
        self.cause = cause
        self.stepMilliseconds = stepMilliseconds
        self.suspendedMilliseconds = suspendedMilliseconds
    }

    /// Suspends shorter than this are reading noise, not sleep (the three clocks are read one after another).
    static let suspendThresholdMilliseconds: Int64 = 500

    /// The change between two readings taken around a kernel clock-change notification.
    init(from earlier: ClockReadings, to later: ClockReadings) {
        let step = later.step(since: earlier) / 1_000_000
        let suspended = max(later.suspended(since: earlier) / 1_000_000, 0)
        self.init(
            cause: suspended >= Self.suspendThresholdMilliseconds ? .resume : .clockSet,
            stepMilliseconds: step,
            suspendedMilliseconds: suspended)
    }

    package var description: String {
        switch cause {
        case .clockSet: "the wall clock was set (\(Self.signed(stepMilliseconds)) ms)"
        case .resume:
            "the machine resumed after \(suspendedMilliseconds) ms asleep"
                + (stepMilliseconds != 0 ? " (clock stepped \(Self.signed(stepMilliseconds)) ms)" : "")
        case .stepFollowed:
            "the wall clock stayed \(Self.signed(stepMilliseconds)) ms away from paced's time for "
                + "\(TrustedTime.holdSeconds / 60) min; paced follows it now"
        case .testOffset: "the test clock offset moved \(Self.signed(stepMilliseconds)) ms"
        }
    }

    private static func signed(_ value: Int64) -> String {
        value >= 0 ? "+\(value)" : "\(value)"
    }
}
