import PropertyBased
import Testing

@testable import PaceCore

/// The sample → bout rule of imports (docs/events.md, "Imported samples").
@Suite struct SampleBoutTests {
    static let origin: Int64 = 29_666_000  // a minute in 2026
    static let rule = SampleBoutRule(
        resting: 60, threshold: 110, kindRates: ["walk": 1.8, "cycling": 3.0], referenceRate: 1.8)

    static func bouts(_ samples: [ActivitySample], device: String = "AA:BB", chunks: [Int] = []) -> [ImportedBout] {
        var finder = BoutFinder(device: device, rule: rule)
        var bouts: [ImportedBout] = []
        for sample in samples { bouts += finder.add(sample) }
        if let last = finder.finish() { bouts.append(last) }
        return bouts
    }

    @Test func stepsAndHeartRateMakeABoutAtTheLargerOfTheTwo() {
        // 10 minutes at 80 steps (cadence: 1.6 points) with 85 bpm (heart rate: 1.0), then rest.
        var samples = (0..<10).map { ActivitySample(minute: Self.origin + $0, steps: 80, heartRate: 85) }
        samples += (10..<20).map { ActivitySample(minute: Self.origin + $0, steps: 0, heartRate: 62) }
        let bouts = Self.bouts(samples)
        #expect(bouts.count == 1)
        #expect(bouts.first?.minutes == 10)
        #expect(bouts.first?.pointsPerMinute == 1.6)
        #expect(bouts.first?.kind == nil)
        #expect(bouts.first?.start == Instant(secondsSinceEpoch: Self.origin * 60))
    }

    @Test func zeroAnd255BeatsAreNoReading() {
        let samples = (0..<10).map { ActivitySample(minute: Self.origin + $0, heartRate: $0 % 2 == 0 ? 0 : 255) }
        #expect(Self.bouts(samples).isEmpty)
        #expect(SampleBoutRule.believed(heartRate: 0) == nil)
        #expect(SampleBoutRule.believed(heartRate: 255) == nil)
        #expect(SampleBoutRule.believed(heartRate: 90) == 90)
    }

    @Test func shortRunsAndOneQuietMinute() {
        // 4 active minutes: too short.
        let short = (0..<4).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        #expect(Self.bouts(short).isEmpty)
        // 3 active, 1 quiet, 3 active: one bout of 7; 2 quiet end it.
        var samples = (0..<3).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        samples.append(ActivitySample(minute: Self.origin + 3, steps: 0))
        samples += (4..<7).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        samples += (7..<9).map { ActivitySample(minute: Self.origin + $0, steps: 0) }
        samples += (9..<12).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        let bouts = Self.bouts(samples)
        #expect(bouts.map(\.minutes) == [7])
    }

    @Test func theKindASourceSaysNamesTheBoutAndRecordedActivitiesCountWhole() {
        // A recorded ride of 3 minutes without numbers: its kind's rate, however short.
        let ride = (0..<3).map { ActivitySample(minute: Self.origin + $0, kind: "cycling", recorded: true) }
        let bouts = Self.bouts(ride)
        #expect(bouts.count == 1)
        #expect(bouts.first?.kind == "cycling")
        #expect(bouts.first?.pointsPerMinute == 3.0)
        // A walk then a ride, back to back: two bouts.
        let walk = (0..<6).map { ActivitySample(minute: Self.origin + $0, steps: 90, kind: "walk") }
        let cycle = (6..<12).map { ActivitySample(minute: Self.origin + $0, heartRate: 110, kind: "cycling") }
        #expect(Self.bouts(walk + cycle).map(\.kind) == ["walk", "cycling"])
    }

    @Test func samplesBackwardsAreLeftOut() {
        var samples = (0..<6).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        samples.insert(ActivitySample(minute: Self.origin - 30, steps: 120), at: 3)
        var finder = BoutFinder(device: "d", rule: Self.rule)
        var bouts: [ImportedBout] = []
        for sample in samples { bouts += finder.add(sample) }
        if let last = finder.finish() { bouts.append(last) }
        #expect(finder.outOfOrder == 1)
        #expect(bouts.map(\.minutes) == [6])
    }

    @Test func idsComeFromTheDeviceAndTheSamplesTimes() {
        let samples = (0..<8).map { ActivitySample(minute: Self.origin + $0, steps: 90) }
        let one = Self.bouts(samples, device: "AA:BB")
        let same = Self.bouts(samples, device: "AA:BB")
        let other = Self.bouts(samples, device: "CC:DD")
        #expect(one.map(\.id) == same.map(\.id))
        #expect(one.map(\.id) != other.map(\.id))
        // Other numbers in the same minutes (another machine's thresholds): the same id.
        let faster = (0..<8).map { ActivitySample(minute: Self.origin + $0, steps: 130) }
        #expect(Self.bouts(faster).map(\.id) == one.map(\.id))
        #expect(one.first?.id == BoutFinder.id(device: "AA:BB", first: Self.origin, last: Self.origin + 7))
    }

    @Test func theEventPassesTheValidator() throws {
        let samples = (0..<8).map { ActivitySample(minute: Self.origin + $0, steps: 300, heartRate: 220) }
        let bout = try #require(Self.bouts(samples).first)
        let now = bout.end.adding(seconds: 86_400 * 300)
        let event = bout.event(recordedAt: now, utcOffsetSeconds: 3600)
        try event.validate(recordedAt: now)
        #expect(event.header.source == .imported)
        #expect(event.header.id == bout.id)
        #expect(event.header.recordedAt == now)
    }

    /// Random per-minute samples with gaps, steps and heart rates (0 and 255 among them) and kinds.
    static let samples = zip(
        Gen<Int>.int(in: 1...3), Gen<Int>.int(in: 0...140), Gen<Int>.int(in: 0...255), Gen<Int>.int(in: 0...6)
    ).array(of: 0...120)

    static func series(_ drawn: [(Int, Int, Int, Int)]) -> [ActivitySample] {
        var minute = origin
        return drawn.map { gap, steps, rate, kind in
            minute += Int64(gap == 3 ? 2 : 1)
            let said: String? = kind == 5 ? "walk" : kind == 6 ? "cycling" : nil
            return ActivitySample(minute: minute, steps: steps < 20 ? nil : steps, heartRate: rate, kind: said)
        }
    }

    @Test func theSameSamplesInAnyChunkingGiveTheSameBouts() async {
        await propertyCheck(input: Self.samples, Gen<Int>.int(in: 1...40)) { drawn, size in
            let samples = Self.series(drawn)
            let whole = Self.bouts(samples)
            // Handed in chunks, by finders that carry over (one reader reading a file in pieces).
            var finder = BoutFinder(device: "AA:BB", rule: Self.rule)
            var chunked: [ImportedBout] = []
            var index = 0
            while index < samples.count {
                for sample in samples[index..<min(samples.count, index + size)] { chunked += finder.add(sample) }
                index += size
            }
            if let last = finder.finish() { chunked.append(last) }
            #expect(chunked == whole)
            // Every bout lies in the samples, at least five minutes unless recorded, and its id is its times'.
            for bout in whole {
                #expect(bout.minutes >= SampleBoutRule.minimumMinutes)
                let first = bout.start.secondsSinceEpoch / 60
                #expect(bout.id == BoutFinder.id(device: "AA:BB", first: first, last: first + Int64(bout.minutes) - 1))
            }
        }
    }

    @Test func anExportThatGoesOnKeepsTheIdsOfBoutsThatHadEnded() async {
        await propertyCheck(input: Self.samples, Gen<Int>.int(in: 0...120)) { drawn, cut in
            let samples = Self.series(drawn)
            let cut = min(cut, samples.count)
            let whole = Set(Self.bouts(samples).map(\.id))
            let older = Self.bouts(Array(samples[..<cut]))
            // A bout of the older export that ended two minutes or more before its last sample is in the newer one.
            let lastMinute = cut > 0 ? samples[cut - 1].minute : 0
            for bout in older where bout.start.secondsSinceEpoch / 60 + Int64(bout.minutes) + 1 < lastMinute {
                #expect(whole.contains(bout.id))
            }
        }
    }
}
