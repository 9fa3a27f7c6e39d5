#if canImport(Glibc)
import Glibc
#endif

/// The morning reading (issue 15): resting heart rate and RMSSD from the RR intervals of a few quiet minutes, set
/// against the person's own baseline, as Visible's Morning Stability does.
///
/// RMSSD is the root mean square of successive differences between beat-to-beat (RR) intervals, in milliseconds:
/// the usual short-term measure of vagal tone (Task Force of the ESC and NASPE, *Heart rate variability: standards
/// of measurement*, Circulation 1996). It needs clean intervals: a missed or an extra (ectopic) beat makes one huge
/// difference that swamps the rest. A difference is used only when both its intervals are plausible
/// (``HeartRateMeasurement/plausibleRRUnits``) and the later differs from the earlier by at most
/// ``maximumChange`` of it (the common 20 % filter, after Malik and colleagues).
package enum MorningHeartRate {
    /// A successive difference larger than this share of the earlier interval is an artefact, not variability.
    package static let maximumChange = 0.2
    /// The fewest usable successive differences a reading needs: about two minutes at rest.
    package static let minimumDifferences = 120
    /// Seconds in one RR unit's denominator: intervals are in 1/1024 s.
    package static let unitsPerSecond = 1024.0

    /// RMSSD in milliseconds of `rrUnits` (intervals in 1/1024 s, oldest first), or `nil` when fewer than
    /// `minimumDifferences` successive differences pass the artefact filter.
    package static func rmssd(rrUnits: [Int], minimumDifferences: Int = minimumDifferences) -> Double? {
        var sum = 0.0
        var count = 0
        for (earlier, later) in zip(rrUnits, rrUnits.dropFirst()) where usable(earlier, later) {
            let difference = Double(later - earlier) * 1000 / unitsPerSecond
            sum += difference * difference
            count += 1
        }
        guard count >= max(1, minimumDifferences) else { return nil }
        return (sum / Double(count)).squareRoot()
    }

    /// Whether the difference of two successive intervals is variability rather than an artefact.
    package static func usable(_ earlier: Int, _ later: Int) -> Bool {
        let plausible = HeartRateMeasurement.plausibleRRUnits
        guard plausible.contains(earlier), plausible.contains(later) else { return false }
        return Double(abs(later - earlier)) <= maximumChange * Double(earlier)
    }

    /// The mean heart rate of the plausible intervals among `rrUnits`, in whole bpm: 60 s over the mean interval.
    package static func restingRate(rrUnits: [Int]) -> Int? {
        let plausible = rrUnits.filter { HeartRateMeasurement.plausibleRRUnits.contains($0) }
        guard !plausible.isEmpty else { return nil }
        let meanSeconds = Double(plausible.reduce(0, +)) / Double(plausible.count) / unitsPerSecond
        return Int((60 / meanSeconds).rounded())
    }

    /// How long into the pacing day paced takes the reading by itself: the first eight hours (04:00 to 12:00 with
    /// the default day start). Later, a quiet stretch is an afternoon rest, not the morning; `pace morning` takes a
    /// reading at any time.
    package static let automaticWindowSeconds: Int64 = 8 * 3600

    /// Whether paced may take the day's reading by itself at `now`: within ``automaticWindowSeconds`` of the start
    /// of the pacing day, and before anything today has cost effort points (the first quiet minutes of the day,
    /// not a rest after a walk, whose heart rate and RMSSD are still those of the walk).
    /// - Parameters:
    ///   - dayStartedAt: When the current pacing day began.
    ///   - usedPoints: Effort points counted today so far.
    package static func mayTakeByItself(at now: Instant, dayStartedAt: Instant, usedPoints: Double) -> Bool {
        now >= dayStartedAt && now.seconds(since: dayStartedAt) < automaticWindowSeconds && usedPoints <= 0
    }

    /// A morning reading from `rrUnits`, or `nil` when they are too few or too noisy for one.
    package static func reading(rrUnits: [Int], minimumDifferences: Int = minimumDifferences) -> MorningValues? {
        guard let rmssd = rmssd(rrUnits: rrUnits, minimumDifferences: minimumDifferences),
            let rate = restingRate(rrUnits: rrUnits)
        else { return nil }
        return MorningValues(
            restingBeatsPerMinute: rate, rmssdMilliseconds: (rmssd * 10).rounded() / 10,
            beats: rrUnits.count)
    }
}

/// What one morning reading measured.
package struct MorningValues: Codable, Sendable, Equatable {
    package var restingBeatsPerMinute: Int
    /// RMSSD in milliseconds, to a tenth.
    package var rmssdMilliseconds: Double
    /// The RR intervals it was computed from.
    package var beats: Int

    package init(restingBeatsPerMinute: Int, rmssdMilliseconds: Double, beats: Int) {
        self.restingBeatsPerMinute = restingBeatsPerMinute
        self.rmssdMilliseconds = rmssdMilliseconds
        self.beats = beats
    }
}

/// The person's own baseline of morning readings, and how a reading compares with it.
///
/// The baseline is the last ``window`` readings before the one judged, from the latest reading that began a new
/// baseline (`pace morning --rebaseline`, e.g. after starting a beta-blocker, which lowers resting heart rate and
/// raises RMSSD for reasons that are not recovery). RMSSD is compared on a log scale (its spread grows with its
/// size, so the log is near normal — Plews and colleagues, Sports Med 2013): the reading's distance from the
/// baseline's mean in baseline standard deviations (at least ``minimumSpread``, so a very steady baseline does not
/// turn noise into alarm). Below ``minimumReadings`` earlier readings the baseline is still being built.
package struct MorningBaseline: Sendable, Equatable {
    /// Readings the baseline averages over (about a month of mornings).
    package static let window = 30
    /// Earlier readings needed before a reading is judged.
    package static let minimumReadings = 3
    /// The smallest standard deviation of ln RMSSD used.
    package static let minimumSpread = 0.1
    /// |z| at which a reading is below or above the usual.
    package static let unusual = 1.0

    /// One reading as the baseline keeps it.
    package struct Entry: Codable, Sendable, Equatable {
        package var at: Instant
        /// The pacing day it was taken in.
        package var date: CivilDate
        package var values: MorningValues
        /// This reading began a new baseline.
        package var beginsBaseline: Bool

        package init(at: Instant, date: CivilDate, values: MorningValues, beginsBaseline: Bool = false) {
            self.at = at
            self.date = date
            self.values = values
            self.beginsBaseline = beginsBaseline
        }
    }

    /// How a reading stands against the baseline.
    package enum Stability: String, Sendable, Equatable {
        /// Too few readings in the baseline to judge.
        case building
        /// RMSSD well below the usual (z ≤ −1): less in reserve than usual.
        case below
        case usual
        /// RMSSD well above the usual (z ≥ 1).
        case above
    }

    /// When the baseline in force began (the first reading it counts from), and that reading's pacing day.
    package var since: Instant?
    package var sinceDay: CivilDate?
    /// Readings in the baseline.
    package var count: Int
    /// Mean and standard deviation of ln RMSSD, and the mean resting rate.
    package var meanLogRMSSD: Double
    package var spreadLogRMSSD: Double
    package var meanRestingRate: Double

    /// The baseline `entries` (oldest first) give for a reading after them: from the latest that begins one.
    /// - Parameter since: When the baseline began and its pacing day, when `entries` no longer hold its first
    ///   reading.
    package init(_ entries: [MorningBaseline.Entry], since: (at: Instant, day: CivilDate)? = nil) {
        let start = entries.lastIndex(where: \.beginsBaseline) ?? entries.startIndex
        let counted = entries[start...].suffix(Self.window)
        let first = entries.isEmpty ? nil : entries[start]
        let began = first.flatMap { $0.beginsBaseline || since == nil ? ($0.at, $0.date) : nil } ?? since
        self.since = began?.at
        sinceDay = began?.day
        count = counted.count
        let logs = counted.map { log(max($0.values.rmssdMilliseconds, 1)) }
        let mean = logs.isEmpty ? 0 : logs.reduce(0, +) / Double(logs.count)
        meanLogRMSSD = mean
        spreadLogRMSSD =
            logs.count < 2
            ? 0 : (logs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(logs.count - 1)).squareRoot()
        meanRestingRate =
            counted.isEmpty ? 0 : Double(counted.map(\.values.restingBeatsPerMinute).reduce(0, +)) / Double(count)
    }

    /// The baseline's usual RMSSD, in milliseconds (the geometric mean).
    package var usualRMSSD: Double { exp(meanLogRMSSD) }

    /// How far `values`' RMSSD is from the usual, in baseline standard deviations; `nil` while building.
    package func zScore(_ values: MorningValues) -> Double? {
        guard count >= Self.minimumReadings else { return nil }
        return (log(max(values.rmssdMilliseconds, 1)) - meanLogRMSSD) / max(spreadLogRMSSD, Self.minimumSpread)
    }

    /// Where `values` stand.
    package func stability(_ values: MorningValues) -> Stability {
        guard let z = zScore(values) else { return .building }
        if z <= -Self.unusual { return .below }
        if z >= Self.unusual { return .above }
        return .usual
    }
}

/// The morning readings a state keeps: those of the baseline in force, at most a window and today's, and when the
/// baseline began.
package struct MorningHistory: Codable, Sendable, Equatable {
    /// Oldest first; at most ``MorningBaseline/window`` + 1.
    package private(set) var entries: [MorningBaseline.Entry] = []
    /// When the baseline in force began: its first reading, or the reading `pace morning --rebaseline` took; and
    /// that reading's pacing day (the local day, from the day's start hour: not the UTC date of the instant).
    package private(set) var baselineSince: Instant?
    /// `nil` in a state kept before the day was: then the day of the entry taken at ``baselineSince``.
    private var baselineSinceDate: CivilDate?

    /// The pacing day the baseline in force began, when it is known.
    package var baselineSinceDay: CivilDate? {
        baselineSinceDate ?? entries.first { $0.at == baselineSince }?.date
    }

    private var began: (at: Instant, day: CivilDate)? {
        guard let at = baselineSince, let day = baselineSinceDay else { return nil }
        return (at, day)
    }

    package init() {}

    /// Adds a reading; one that begins a new baseline forgets the old.
    package mutating func add(_ entry: MorningBaseline.Entry) {
        if entry.beginsBaseline || baselineSince == nil {
            entries.removeAll()
            baselineSince = entry.at
            baselineSinceDate = entry.date
        }
        entries.append(entry)
        if entries.count > MorningBaseline.window + 1 {
            entries.removeFirst(entries.count - MorningBaseline.window - 1)
        }
    }

    /// The latest reading of `date`, if one was taken.
    package func reading(on date: CivilDate) -> MorningBaseline.Entry? {
        entries.last.flatMap { $0.date == date ? $0 : nil }
    }

    /// The baseline a reading of `date` is judged against: the readings before that day.
    package func baseline(for date: CivilDate) -> MorningBaseline {
        let before = entries.filter { $0.date < date }
        // A rebaseline today: today's reading is the first of the new baseline, nothing before it counts.
        if let today = reading(on: date), today.beginsBaseline {
            return MorningBaseline([], since: (today.at, today.date))
        }
        return MorningBaseline(Array(before.suffix(MorningBaseline.window)), since: began)
    }

    /// How `date`'s reading compares with its baseline, when there is one.
    package func judgement(on date: CivilDate) -> MorningJudgement? {
        guard let today = reading(on: date) else { return nil }
        let baseline = baseline(for: date)
        return MorningJudgement(
            at: today.at, values: today.values, baseline: baseline, stability: baseline.stability(today.values),
            zScore: baseline.zScore(today.values))
    }
}

/// A morning reading against its baseline: what `pace why`, `pace morning` and the check-in prompt show.
package struct MorningJudgement: Sendable, Equatable {
    package var at: Instant
    package var values: MorningValues
    package var baseline: MorningBaseline
    package var stability: MorningBaseline.Stability
    package var zScore: Double?

    /// One line: "Morning reading: resting 58 bpm, RMSSD 42 ms (usual 45 ms): as usual; baseline since 2026-11-02."
    package var text: String {
        let rmssd = Int(values.rmssdMilliseconds.rounded())
        var line = "Morning reading: resting \(values.restingBeatsPerMinute) bpm, RMSSD \(rmssd) ms"
        switch stability {
        case .building:
            line += ": building your baseline (\(baseline.count) of \(MorningBaseline.minimumReadings) mornings)"
        case .usual, .below, .above:
            let usual = Int(baseline.usualRMSSD.rounded())
            let rate = Int(baseline.meanRestingRate.rounded())
            let words =
                stability == .usual
                ? "as usual" : stability == .below ? "below your usual: less in reserve" : "above your usual"
            line += " (usual \(usual) ms, resting \(rate)): \(words)"
        }
        if let since = baseline.sinceDay { line += "; baseline since \(since.iso8601)" }
        return line + "."
    }
}
