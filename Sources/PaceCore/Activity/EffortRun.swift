/// Minutes of effort grouped into one run, as sensed bouts (``SensedBoutDetector``) and imported samples
/// (``BoutFinder``) both group them (docs/envelope.md): a run begins at an active minute and goes on through one
/// quieter minute at a time; the second quiet minute in a row ends it, as does a minute missing, and a quiet minute
/// at its end is not part of it. What makes a minute active, and how long a run must be to count, is the caller's.
package struct EffortRun: Sendable, Equatable {
    /// A run that ended: its first minute (minutes since 1970), its length in minutes, and the mean of its minutes'
    /// points per minute (a quiet minute inside it counts at its own rate).
    package struct Span: Sendable, Equatable {
        package var first: Int64
        package var minutes: Int
        package var pointsPerMinute: Double

        package var start: Instant { Instant(secondsSinceEpoch: first * 60) }
        package var last: Int64 { first + Int64(minutes) - 1 }
    }

    /// The first minute of the run under way, if one is.
    package private(set) var first: Int64?
    /// The last minute taken, in or out of a run.
    package private(set) var last: Int64?
    private var points: [Double] = []
    private var quiet = 0
    /// Quiet minutes at the end of ``points``.
    private var trailingQuiet = 0

    package init() {}

    /// Whether a run is under way.
    package var isOpen: Bool { first != nil }

    /// Takes `minute` as the next one seen: the run under way ends unless it follows the last minute taken.
    package mutating func follow(_ minute: Int64) -> Span? {
        let ended = last.map { minute != $0 + 1 } ?? false ? end() : nil
        last = minute
        return ended
    }

    /// An active minute at `rate`: it begins a run or goes on with the one under way.
    package mutating func active(_ rate: Double, at minute: Int64) {
        if first == nil { first = minute }
        points.append(rate)
        quiet = 0
        trailingQuiet = 0
    }

    /// A quiet minute at `rate`: inside a run it counts at its own rate, unless it is the second in a row (or the
    /// first, with `endsRun`), which ends the run. Without a run it changes nothing.
    package mutating func quiet(_ rate: Double, endsRun: Bool = false) -> Span? {
        guard first != nil else { return nil }
        quiet += 1
        if quiet >= 2 || endsRun { return end() }
        points.append(rate)
        trailingQuiet += 1
        return nil
    }

    /// Ends the run under way, if any; returns it without its trailing quiet minute.
    package mutating func end() -> Span? {
        defer {
            first = nil
            points = []
            quiet = 0
            trailingQuiet = 0
        }
        guard let first else { return nil }
        let counted = points.dropLast(trailingQuiet)
        guard !counted.isEmpty else { return nil }
        return Span(
            first: first, minutes: counted.count, pointsPerMinute: counted.reduce(0, +) / Double(counted.count))
    }
}
