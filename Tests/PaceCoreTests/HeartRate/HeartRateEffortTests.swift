import Testing

@testable import PaceCore

/// Heart rate to effort points, and sensed bouts.
@Suite struct HeartRateEffortTests {
    @Test func pointsRiseFromZeroAtRestToTwoAtTheThreshold() {
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 60, resting: 60, threshold: 100) == 0)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 50, resting: 60, threshold: 100) == 0)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 80, resting: 60, threshold: 100) == 1)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 100, resting: 60, threshold: 100) == 2)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 120, resting: 60, threshold: 100) == 3)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 250, resting: 60, threshold: 100) == 9)
        #expect(HeartRateEffort.pointsPerMinute(beatsPerMinute: 90, resting: 100, threshold: 100) == nil)
    }

    static func minutes(_ means: [Int], from first: Int64 = 29_000_000, samples: Int = 60) -> [HeartRateMinute] {
        means.enumerated().map { index, mean in
            HeartRateMinute(
                minute: first + Int64(index), minimum: mean, maximum: mean, mean: mean, samples: samples,
                samplesAbove: 0, contactLost: 0, threshold: 100)
        }
    }

    static func run(_ minutes: [HeartRateMinute], resting: Int? = 60, threshold: Int? = 100) -> [SensedBoutDetector
        .Bout]
    {
        var detector = SensedBoutDetector()
        var bouts = minutes.compactMap { detector.add($0, resting: resting, threshold: threshold) }
        if let last = detector.finish() { bouts.append(last) }
        return bouts
    }

    @Test func fiveMinutesOfEffortAreABout() {
        // Rest, six minutes at 80 (1 point a minute) with one quiet minute inside, rest.
        let bouts = Self.run(Self.minutes([62, 63, 80, 80, 80, 64, 80, 80, 80, 62, 61, 62]))
        #expect(bouts.count == 1)
        let bout = bouts[0]
        #expect(bout.start == Instant(secondsSinceEpoch: (29_000_000 + 2) * 60))
        #expect(bout.minutes == 7)
        #expect(abs(bout.pointsPerMinute - (6.0 + 0.2) / 7) < 1e-9)
    }

    @Test func shortStretchesQuietMinutesAndGapsAreNoBout() {
        #expect(Self.run(Self.minutes([80, 80, 80, 80, 62, 62, 80, 80, 80])).isEmpty)
        // A gap in the minutes (the sensor was off) ends a stretch.
        let split = Self.minutes([80, 80, 80]) + Self.minutes([80, 80, 80], from: 29_000_010)
        #expect(Self.run(split).isEmpty)
        // Minutes with few readings say nothing.
        #expect(Self.run(Self.minutes(Array(repeating: 90, count: 10), samples: 5)).isEmpty)
        // Without a resting rate or a threshold there is no reserve to count in.
        #expect(Self.run(Self.minutes(Array(repeating: 90, count: 10)), resting: nil).isEmpty)
        #expect(Self.run(Self.minutes(Array(repeating: 90, count: 10)), threshold: nil).isEmpty)
    }

    @Test func aBoutStillUnderWayIsFinishedWhenTheSensorGoes() {
        var detector = SensedBoutDetector()
        for minute in Self.minutes(Array(repeating: 100, count: 6)) {
            #expect(detector.add(minute, resting: 60, threshold: 100) == nil)
        }
        #expect(detector.finish()?.minutes == 6)
        #expect(detector.finish() == nil)
    }
}
