/// One reading of the machine's two clocks, taken together: the wall clock (`CLOCK_REALTIME`) and the time elapsed
/// since boot, suspend included (`CLOCK_BOOTTIME`), which nobody can set.
package struct ClockReading: Sendable, Equatable {
    /// The wall clock.
    package var wall: Instant
    /// `CLOCK_BOOTTIME`, in milliseconds.
    package var elapsedMilliseconds: Int64

    package init(wall: Instant, elapsedMilliseconds: Int64) {
        self.wall = wall
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// The time Pace trusts: the wall clock, except just after it jumped ahead.
///
/// A wall clock can be set to anything (a typo in `date -s`, a virtual machine restored, a bad NTP server), and a
/// time once recorded stays in the log: a check-in stamped a year ahead would make its day the current one, and
/// the current day never moves backwards. So Pace keeps an **estimate**: the wall-clock time it last trusted
/// (the anchor) plus the `CLOCK_BOOTTIME` elapsed since. Unlike `CLOCK_MONOTONIC`, `CLOCK_BOOTTIME` counts time
/// suspended, so a laptop waking after a night is no jump; NTP slews the wall clock by at most 0.5 ms a second,
/// far inside the tolerance, and the anchor follows every reading that agrees.
///
/// The rule, for each reading:
/// - **Agrees** (within ``toleranceSeconds`` of the estimate either way): the wall clock is the time; the anchor
///   moves to it.
/// - **Ahead** by more: the estimate is the time, until the wall clock has stayed that far ahead (the same step,
///   give or take the tolerance) for ``holdSeconds`` of `CLOCK_BOOTTIME`; then it is followed. So a step that is
///   undone within the hold never moves "now": nothing is stamped with it, no reminder falls due by it, the
///   pacing day stays. A real correction (a clock that was slow, set right by NTP) is followed a little late,
///   and what was recorded meanwhile is as far off as everything recorded before the correction.
/// - **Behind** by more: the wall clock is the time at once (a time that is early cannot stamp anything in the
///   future, and the core never lets a day move backwards), but the anchor stays for ``holdSeconds``, so a
///   clock that comes back to it is trusted at once; after the hold the anchor moves back.
/// - A wall clock outside ``plausible`` (before 1970, from 2200 on) is never the time, however long it holds.
///
/// At start the wall clock is trusted as it is: after a long shutdown it rightly moved far on, and nothing
/// else knows the time. What was recorded while it was wrong is kept out of the fold by ``horizon``.
package struct TrustedTime: Sendable, Equatable {
    /// How far the wall clock may disagree with the estimate and still be the time: NTP's slews, a short step
    /// of a clock set by hand, a resume read a moment late.
    package static let toleranceSeconds: Int64 = 300
    /// How long a larger disagreement must hold, in `CLOCK_BOOTTIME`, before the wall clock is followed.
    package static let holdSeconds: Int64 = 600
    /// The wall-clock times that can be the time at all: 1970-01-01 up to, not including, 2200-01-01 UTC. A clock
    /// outside is broken; following it would make every pacing day in between. (The same bounds as the event
    /// validator's instants: ``EventRanges/instants``.)
    package static var plausible: Range<Instant> { EventRanges.instants }

    /// A disagreement larger than the tolerance, being held.
    package struct Step: Sendable, Equatable {
        /// How far the wall clock was from the estimate when the step was first seen (positive: ahead).
        package var milliseconds: Int64
        /// `CLOCK_BOOTTIME` when it was first seen, in milliseconds.
        package var since: Int64
    }

    /// The last reading trusted.
    package private(set) var anchor: ClockReading
    /// The step being held, if the wall clock disagrees.
    package private(set) var step: Step?

    /// Trusts `reading`, the first one.
    package init(startingAt reading: ClockReading) {
        anchor = reading
    }

    /// The anchor's wall-clock time plus the time elapsed since it, at `elapsedMilliseconds`.
    package func estimate(atElapsed elapsedMilliseconds: Int64) -> Instant {
        anchor.wall.adding(milliseconds: elapsedMilliseconds &- anchor.elapsedMilliseconds)
    }

    /// The time it is, by ``reading``, after the rule above; moves the anchor as the rule says.
    package mutating func now(_ reading: ClockReading) -> Instant {
        let estimate = estimate(atElapsed: reading.elapsedMilliseconds)
        let (ahead, overflow) = reading.wall.millisecondsSinceEpoch.subtractingReportingOverflow(
            estimate.millisecondsSinceEpoch)
        let tolerance = Self.toleranceSeconds * 1000
        guard Self.plausible.contains(reading.wall), !overflow else { return estimate }
        if abs(ahead) <= tolerance {
            anchor = reading
            step = nil
            return reading.wall
        }
        if let step, abs(ahead &- step.milliseconds) <= tolerance {
            // The same step, still there.
        } else {
            step = Step(milliseconds: ahead, since: reading.elapsedMilliseconds)
        }
        if let step, reading.elapsedMilliseconds &- step.since >= Self.holdSeconds * 1000 {
            anchor = reading
            self.step = nil
            return reading.wall
        }
        return ahead > 0 ? estimate : reading.wall
    }

    /// `CLOCK_BOOTTIME`, in milliseconds, at which the step being held will be followed if it is still there;
    /// `nil` when the wall clock agrees.
    package var stepFollowedAtElapsed: Int64? {
        step.map { $0.since &+ Self.holdSeconds * 1000 }
    }

    /// The latest instant an event may carry and still be folded into the state, at `elapsedMilliseconds`: the
    /// estimate plus the tolerance.
    ///
    /// Nothing is stamped later than this while the daemon runs (the time is never later). An event in the log
    /// past it was recorded while the clock was wrong; replay leaves it out of the fold (it stays in the log)
    /// until the time comes, so that it cannot pin the pacing day in the future.
    package func horizon(atElapsed elapsedMilliseconds: Int64) -> Instant {
        estimate(atElapsed: elapsedMilliseconds).adding(seconds: Self.toleranceSeconds)
    }
}
