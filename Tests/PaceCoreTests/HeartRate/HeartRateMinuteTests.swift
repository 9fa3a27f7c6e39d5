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

    /// Minutes summed a pacing day for the report: the day begins at the local start hour (04:00, here at UTC+2),
    /// minutes without a reading do not count, and a minute is above when most of its readings were.
    @Test func minutesAreSummedByLocalPacingDay() {
        func minute(_ text: String, samples: Int = 60, above: Int = 0) -> HeartRateMinute {
            HeartRateMinute(
                minute: Instant(rfc3339: text)!.secondsSinceEpoch / 60, minimum: 60, maximum: 130, mean: 90,
                samples: samples, samplesAbove: above, contactLost: samples == 0 ? 60 : 0, threshold: 110)
        }
        let minutes = [
            // 03:59 local on 7 December: still the pacing day of 6 December.
            minute("2026-12-07T01:59:00Z", above: 31),
            // 04:00 local: the pacing day of 7 December.
            minute("2026-12-07T02:00:00Z", above: 30),
            minute("2026-12-07T10:00:00Z", above: 60),
            minute("2026-12-07T10:01:00Z", samples: 0),
            minute("2026-12-07T21:59:00Z", samples: 1, above: 1),
            // 00:30 local on 8 December: still 7 December's pacing day.
            minute("2026-12-07T22:30:00Z"),
            minute("2026-12-08T02:00:00Z", samples: 10, above: 6),
        ]
        var asked = 0
        let days = HeartRateDay.summarise(minutes, boundary: DayBoundary(startHour: 4)) { _ in
            asked += 1
            return 7200
        }
        #expect(
            days == [
                HeartRateDay(date: CivilDate(year: 2026, month: 12, day: 6), minutes: 1, minutesAbove: 1),
                HeartRateDay(date: CivilDate(year: 2026, month: 12, day: 7), minutes: 4, minutesAbove: 2),
                HeartRateDay(date: CivilDate(year: 2026, month: 12, day: 8), minutes: 1, minutesAbove: 1),
            ])
        // The offset is asked about once a day, not once a minute.
        #expect(asked == 3)
        #expect(HeartRateDay.summarise([], boundary: DayBoundary()) { _ in 0 } == [])
    }
}
