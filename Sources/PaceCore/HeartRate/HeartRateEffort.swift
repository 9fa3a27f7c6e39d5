/// Effort points from heart rate, on the same scale as the MET-based points (points = minutes × (MET − 1)).
///
/// The rule (docs/envelope.md, "Heart rate"): the share of the heart-rate reserve a heart rate uses tracks the
/// share of the oxygen-uptake reserve the body uses (%HRR ≈ %VO2R; Swain & Leutholtz 1997, the basis of the ACSM's
/// intensity prescriptions), so MET rises in a straight line from 1 at the resting heart rate. The line is pinned
/// at the threshold: heart rate at the anaerobic threshold is taken as ``metAtThreshold`` METs. Points per minute
/// are then MET − 1, as for a typed activity: resting counts 0, a minute at the threshold 2.0 (a little above easy
/// walking, 1.8), a minute above it more, in proportion.
package enum HeartRateEffort {
    /// METs at the anaerobic threshold [H]: an assumption for people with ME/CFS and similar illness, whose
    /// threshold lies at very low workloads; it is what puts heart-rate points on the MET scale, and the envelope
    /// learns the budget from outcomes in whatever points it is fed.
    package static let metAtThreshold = 3.0
    /// The highest MET heart rate is counted at, so a glitch never becomes a huge minute.
    package static let maximumMET = 10.0

    /// Points per minute at `beatsPerMinute`, given the resting heart rate and the threshold; `nil` when the two
    /// do not make a reserve (threshold not above resting).
    package static func pointsPerMinute(beatsPerMinute: Int, resting: Int, threshold: Int) -> Double? {
        guard threshold > resting else { return nil }
        let share = Double(max(0, beatsPerMinute - resting)) / Double(threshold - resting)
        let met = min(maximumMET, 1 + share * (metAtThreshold - 1))
        return met - 1
    }
}

/// Finds sensed bouts in heart-rate minutes: runs of minutes whose heart rate makes effort, long enough to be an
/// activity, so that what was not typed is still counted (as an event of source "sensed", which loses any minute
/// it shares with a typed bout).
///
/// A minute makes effort when its points per minute reach ``minimumPointsPerMinute`` (light activity, MET 1.5) and
/// it has enough readings to say so. A bout is at least ``minimumMinutes`` such minutes, allowing one quiet minute
/// between them; it ends at the second quiet minute in a row, a minute without readings, or a gap in the minutes.
package struct SensedBoutDetector: Sendable, Equatable {
    /// A bout found.
    package struct Bout: Sendable, Equatable {
        /// The first minute's start and the number of minutes.
        package var start: Instant
        package var minutes: Int
        /// The mean of its minutes' points per minute.
        package var pointsPerMinute: Double

        package var durationSeconds: Int { minutes * 60 }
    }

    package static let minimumPointsPerMinute = 0.5
    package static let minimumMinutes = 5
    /// A minute with fewer readings than this says nothing (the sensor was coming or going).
    package static let minimumSamples = 20

    private var run = EffortRun()

    package init() {}

    /// Takes the next finished minute; returns a bout that ended with it (or before it), if one did.
    package mutating func add(_ minute: HeartRateMinute, resting: Int?, threshold: Int?) -> Bout? {
        let ended = run.follow(minute.minute).flatMap(Self.bout)
        guard minute.samples >= Self.minimumSamples, let resting, let threshold,
            let rate = HeartRateEffort.pointsPerMinute(
                beatsPerMinute: minute.mean, resting: resting, threshold: threshold)
        else {
            return ended ?? finish()
        }
        if rate >= Self.minimumPointsPerMinute {
            run.active(rate, at: minute.minute)
            return ended
        }
        return ended ?? run.quiet(rate).flatMap(Self.bout)
    }

    /// The bout under way, if any, is over (the sensor went away); returns it when it is long enough.
    package mutating func finish() -> Bout? {
        run.end().flatMap(Self.bout)
    }

    /// A run long enough to be a bout, as one.
    private static func bout(_ span: EffortRun.Span) -> Bout? {
        guard span.minutes >= minimumMinutes else { return nil }
        return Bout(start: span.start, minutes: span.minutes, pointsPerMinute: span.pointsPerMinute)
    }
}
