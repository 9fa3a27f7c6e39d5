/// One minute of what a watch, band or phone counted, as an import reads it (Gadgetbridge, GPX, TCX, Apple Health):
/// the steps of the minute, its heart rate and the kind of activity the source says it was.
package struct ActivitySample: Sendable, Equatable {
    /// Whole minutes since 1970-01-01T00:00Z: the minute.
    package var minute: Int64
    /// Steps taken in the minute; `nil` when the source does not count them.
    package var steps: Int?
    /// The minute's heart rate in bpm; `nil` when there is none. Values outside
    /// ``SampleBoutRule/plausibleHeartRate`` (0 and 255 are how bands write "no reading") are no reading.
    package var heartRate: Int?
    /// The Pace kind the source says the minute was (`walk`, `cycling`, `water-exercise`); `nil`: not said.
    package var kind: String?
    /// Whether the minute lies in an activity the person recorded (a GPX track, a TCX lap, an Apple Health
    /// workout): such minutes are active whatever their numbers.
    package var recorded: Bool

    package init(minute: Int64, steps: Int? = nil, heartRate: Int? = nil, kind: String? = nil, recorded: Bool = false) {
        self.minute = minute
        self.steps = steps
        self.heartRate = heartRate
        self.kind = kind
        self.recorded = recorded
    }

    /// The instant the minute begins.
    package var start: Instant { Instant(secondsSinceEpoch: minute * 60) }
}

/// How samples become effort (docs/events.md, "Imported samples"; docs/envelope.md, "Imported samples"): the
/// points a minute is worth, and whether it is active.
///
/// - Heart rate counts by the sensed rule (``HeartRateEffort/pointsPerMinute(beatsPerMinute:resting:threshold:)``)
///   against the person's resting rate and threshold.
/// - Steps count by cadence: MET rises in a straight line from 1 standing still to 3 at 100 steps a minute (the
///   cadence of moderate walking, 3 METs: Tudor-Locke et al. 2018, CADENCE-Adults), no more than 10.
/// - A minute is worth the larger of the two (either alone misses effort: heart rate lags a short walk, steps miss
///   cycling). A minute of a recorded activity with neither is worth its kind's rate (the reference activity's when
///   no kind is said).
/// - A minute is active at ``minimumPointsPerMinute`` (0.5, MET 1.5, as for sensed bouts), or when it lies in a
///   recorded activity.
package struct SampleBoutRule: Sendable, Equatable {
    /// The person's resting heart rate and threshold in bpm; without both, heart rate counts nothing.
    package var resting: Int?
    package var threshold: Int?
    /// Points a minute of each kind a source may name, at moderate intensity, and of the reference activity.
    package var kindRates: [String: Double]
    package var referenceRate: Double

    package static let minimumPointsPerMinute = SensedBoutDetector.minimumPointsPerMinute
    package static let minimumMinutes = SensedBoutDetector.minimumMinutes
    /// Heart rates believed; anything else (0 and 255 are a band's "no reading") is no reading.
    package static let plausibleHeartRate = 30...220
    /// Steps a minute believed (the fastest sprint is about 260).
    package static let plausibleSteps = 0...300
    /// Cadence of moderate walking (3 METs).
    package static let moderateCadence = 100.0
    /// The activity name of an imported bout no source named, until the person names it (`pace edit ID --kind`).
    package static let unnamedActivity = "imported"

    package init(resting: Int?, threshold: Int?, kindRates: [String: Double] = [:], referenceRate: Double = 1.8) {
        self.resting = resting
        self.threshold = threshold
        self.kindRates = kindRates
        self.referenceRate = referenceRate
    }

    /// The rule with `settings`' kinds and reference activity and the given heart-rate numbers.
    package init(settings: PaceSettings, resting: Int?, threshold: Int?) {
        var rates: [String: Double] = [:]
        for kind in settings.activities {
            rates[kind.name] = kind.pointsPerMinute(at: .moderate, factors: settings.intensityFactors)
        }
        self.init(
            resting: resting, threshold: threshold, kindRates: rates,
            referenceRate: settings.pointsPerReferenceMinute)
    }

    /// Points a minute of steps alone is worth.
    package static func cadencePoints(steps: Int) -> Double {
        let met = min(HeartRateEffort.maximumMET, 1 + Double(max(0, steps)) / moderateCadence * 2)
        return met - 1
    }

    /// The heart rate of `sample` if it is one to believe.
    package static func believed(heartRate: Int?) -> Int? {
        guard let heartRate, plausibleHeartRate.contains(heartRate) else { return nil }
        return heartRate
    }

    /// What `sample` is worth, points a minute, and whether it is active.
    package func effort(of sample: ActivitySample) -> (pointsPerMinute: Double, active: Bool) {
        var measured: Double?
        if let rate = Self.believed(heartRate: sample.heartRate), let resting, let threshold,
            let points = HeartRateEffort.pointsPerMinute(beatsPerMinute: rate, resting: resting, threshold: threshold)
        {
            measured = points
        }
        if let steps = sample.steps, Self.plausibleSteps.contains(steps) {
            measured = max(measured ?? 0, Self.cadencePoints(steps: steps))
        }
        if sample.recorded {
            let declared = sample.kind.flatMap { kindRates[$0] } ?? referenceRate
            return (measured ?? declared, true)
        }
        let points = measured ?? 0
        return (points, points >= Self.minimumPointsPerMinute)
    }
}

/// A bout found in imported samples.
package struct ImportedBout: Sendable, Equatable {
    /// Its first minute and how many.
    package var start: Instant
    package var minutes: Int
    /// The mean of its minutes' points a minute, to two decimals.
    package var pointsPerMinute: Double
    /// The kind the source said for most of its minutes; `nil`: left to be named.
    package var kind: String?
    /// Derived from the source device and the bout's first and last sample's own times (``BoutFinder/id``).
    package var id: EventID

    package var durationSeconds: Int { minutes * 60 }
    package var end: Instant { start.adding(seconds: Int64(minutes) * 60) }

    /// The `activityLogged` event of source `imported` that records it: `at` its end, `recordedAt` the import.
    package func event(recordedAt: Instant, utcOffsetSeconds: Int) -> Event {
        Event(
            header: .init(
                at: end, utcOffsetSeconds: utcOffsetSeconds, id: id, recordedAt: recordedAt > end ? recordedAt : nil,
                source: .imported),
            payload: .activityLogged(
                .init(
                    activity: kind ?? SampleBoutRule.unnamedActivity, intensity: .moderate,
                    pointsPerMinute: pointsPerMinute, start: start, durationSeconds: durationSeconds)))
    }
}

/// Finds bouts in one device's samples, given in time order: runs of active minutes, at least
/// ``SampleBoutRule/minimumMinutes`` long, allowing one quiet minute between them; a bout ends at the second quiet
/// minute in a row or at a missing minute, and a recorded activity's bout at the activity's end. A bout never spans
/// two kinds the source named.
///
/// Streaming and chunk-free: the bouts depend only on the samples, never on how they are handed in (a test holds
/// that), and the memory is one bout's minutes.
package struct BoutFinder: Sendable {
    package let device: String
    package let rule: SampleBoutRule

    private var run = EffortRun()
    /// The kind the source named in the bout, and for how many of its active minutes.
    private var kind: String?
    private var named = 0
    private var recorded = false
    /// Samples left out: earlier than or the same minute as one before them.
    package private(set) var outOfOrder = 0

    package init(device: String, rule: SampleBoutRule) {
        self.device = device
        self.rule = rule
    }

    /// The id of a bout of `device` from minute `first` to minute `last`: the start's instant in its first half (so
    /// the record sorts it by time) and a hash of the device and both minutes in its second. The same samples give
    /// the same id on every machine; a bout a newer export makes longer gets a new id, and the overlap rule counts
    /// the minutes the two share once.
    package static func id(device: String, first: Int64, last: Int64) -> EventID {
        var bytes = Array("pace-import\u{0}".utf8) + Array(device.utf8) + [0]
        withUnsafeBytes(of: first.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: last.littleEndian) { bytes += $0 }
        return .derived(
            at: Instant(secondsSinceEpoch: first * 60), occurrence: 0, content: EventID.contentHash(bytes))
    }

    /// Takes the next sample; returns the bouts it ended (a sample may end one bout and, of another kind or
    /// recording, leave the next begun).
    package mutating func add(_ sample: ActivitySample) -> [ImportedBout] {
        if let last = run.last, sample.minute <= last {
            outOfOrder += 1
            return []
        }
        var ended: [ImportedBout] = []
        if let bout = close(run.follow(sample.minute)) { ended.append(bout) }
        let (rate, active) = rule.effort(of: sample)
        let otherKind = sample.kind != nil && kind != nil && sample.kind != kind
        if run.isOpen, active, sample.recorded != recorded || otherKind {
            if let bout = finish() { ended.append(bout) }
        }
        if active {
            if !run.isOpen { recorded = sample.recorded }
            run.active(rate, at: sample.minute)
            if let said = sample.kind {
                kind = said
                named += 1
            }
            return ended
        }
        // A recorded activity ends at its first quiet minute.
        if let bout = close(run.quiet(rate, endsRun: recorded)) { ended.append(bout) }
        return ended
    }

    /// The samples are over: the bout under way, if long enough.
    package mutating func finish() -> ImportedBout? {
        close(run.end())
    }

    /// The bout a run that ended makes, if long enough (a recorded activity, if not empty), with its kind when the
    /// source named it for most of its minutes; the run's kind and recording are forgotten.
    private mutating func close(_ span: EffortRun.Span?) -> ImportedBout? {
        guard let span else { return nil }
        defer {
            kind = nil
            named = 0
            recorded = false
        }
        guard span.minutes >= SampleBoutRule.minimumMinutes || recorded else { return nil }
        return ImportedBout(
            start: span.start, minutes: span.minutes, pointsPerMinute: (span.pointsPerMinute * 100).rounded() / 100,
            kind: named * 2 > span.minutes ? kind : nil, id: Self.id(device: device, first: span.first, last: span.last)
        )
    }
}
