import Testing

@testable import PaceCore

/// Readings gathered into minutes.
@Suite struct HeartRateMinuteTests {
    static let start = Instant(rfc3339: "2026-12-07T10:00:00Z")!

    @Test func aMinuteIsFinishedByTheFirstReadingOfTheNext() {
        var accumulator = HeartRateMinuteAccumulator()
        var finished: [HeartRateMinute] = []
        for second in 0..<125 {
            let rate: Int? = second == 30 ? nil : 100 + second % 20
            if let minute = accumulator.add(rate, at: Self.start.adding(seconds: Int64(second)), threshold: 115) {
                finished.append(minute)
            }
        }
        #expect(finished.count == 2)
        let first = finished[0]
        #expect(first.minute == Self.start.secondsSinceEpoch / 60)
        #expect(first.samples == 59)
        #expect(first.contactLost == 1)
        #expect(first.minimum == 100)
        #expect(first.maximum == 119)
        #expect(first.samplesAbove == 12)  // 116…119, three times
        #expect(first.threshold == 115)
        #expect(finished[1].samples == 60)
        // The third minute is finished once time has moved past it.
        #expect(accumulator.finish(before: Self.start.adding(seconds: 150)) == nil)
        #expect(accumulator.finish(before: Self.start.adding(seconds: 180))?.samples == 5)
        #expect(accumulator.finish(before: Self.start.adding(seconds: 240)) == nil)
    }

    @Test func aMinuteOfContactLostHasNoRate() {
        var accumulator = HeartRateMinuteAccumulator()
        for second in 0..<10 { _ = accumulator.add(nil, at: Self.start.adding(seconds: Int64(second)), threshold: nil) }
        let minute = accumulator.finish(before: Self.start.adding(seconds: 60))
        #expect(minute?.samples == 0)
        #expect(minute?.mean == 0)
        #expect(minute?.minimum == 0)
        #expect(minute?.contactLost == 10)
        #expect(minute?.threshold == 0)
    }
}
