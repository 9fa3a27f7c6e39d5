/// One minute of heart rate, as it is kept: not the readings (one a second), their summary. Heart-rate minutes are
/// not events of the fold; they go to a stream of their own next to the log (`HeartRateStream` in PaceLog).
package struct HeartRateMinute: Sendable, Equatable {
    /// Whole minutes since 1970-01-01T00:00Z: the minute summarised.
    package var minute: Int64
    /// The lowest, highest and mean heart rate of the minute's readings with a rate, in bpm (0 when none had one).
    package var minimum: Int
    package var maximum: Int
    package var mean: Int
    /// Readings with a heart rate in the minute (about one a second).
    package var samples: Int
    /// Of those, readings above the threshold in force.
    package var samplesAbove: Int
    /// Readings that said skin contact was lost.
    package var contactLost: Int
    /// The threshold in force, in bpm (0: none).
    package var threshold: Int

    package init(
        minute: Int64, minimum: Int, maximum: Int, mean: Int, samples: Int, samplesAbove: Int, contactLost: Int,
        threshold: Int
    ) {
        self.minute = minute
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        self.samples = samples
        self.samplesAbove = samplesAbove
        self.contactLost = contactLost
        self.threshold = threshold
    }

    /// The instant the minute begins.
    package var start: Instant { Instant(secondsSinceEpoch: minute * 60) }
}

/// Gathers readings into ``HeartRateMinute``s: a minute is finished when a reading of a later minute comes, or
/// when ``finish(before:)`` says time has moved on.
package struct HeartRateMinuteAccumulator: Sendable, Equatable {
    private var minute: Int64?
    private var minimum = Int.max
    private var maximum = 0
    private var sum = 0
    private var samples = 0
    private var above = 0
    private var lost = 0
    private var threshold = 0

    package init() {}

    /// Takes a reading (`nil`: contact lost); returns the previous minute when this reading begins a new one.
    package mutating func add(_ beatsPerMinute: Int?, at now: Instant, threshold: Int?) -> HeartRateMinute? {
        let current = floorDivide(now.secondsSinceEpoch, 60)
        var finished: HeartRateMinute?
        if let minute, minute != current { finished = take() }
        if minute == nil { minute = current }
        self.threshold = threshold ?? 0
        if let rate = beatsPerMinute {
            // Readings are at most one a second; a sensor that sends more is summarised by the first 255.
            guard samples < 255 else { return finished }
            minimum = min(minimum, rate)
            maximum = max(maximum, rate)
            sum += rate
            samples += 1
            if let threshold, rate > threshold { above += 1 }
        } else {
            lost = min(255, lost + 1)
        }
        return finished
    }

    /// The minute gathered so far, if it began before `now`'s minute (the sensor went quiet): it is finished.
    package mutating func finish(before now: Instant) -> HeartRateMinute? {
        guard let minute, minute < floorDivide(now.secondsSinceEpoch, 60) else { return nil }
        return take()
    }

    private mutating func take() -> HeartRateMinute? {
        guard let minute else { return nil }
        let result = HeartRateMinute(
            minute: minute, minimum: samples > 0 ? minimum : 0, maximum: maximum,
            mean: samples > 0 ? (sum + samples / 2) / samples : 0, samples: samples, samplesAbove: above,
            contactLost: lost, threshold: threshold)
        self = HeartRateMinuteAccumulator()
        return result
    }
}
