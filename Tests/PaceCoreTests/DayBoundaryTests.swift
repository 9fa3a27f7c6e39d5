import Testing

@testable import PaceCore

@Suite struct DayBoundaryTests {
    private func instant(_ text: String) -> Instant { Instant(rfc3339: text)! }

    @Test func dayBeginsAtTheConfiguredLocalHour() {
        let boundary = DayBoundary(startHour: 4)
        let cet = 3600
        // 03:59 local still belongs to the evening before; 04:00 starts the new day.
        #expect(
            boundary.day(containing: instant("2026-11-25T02:59:59Z"), utcOffsetSeconds: cet).iso8601 == "2026-11-24")
        #expect(
            boundary.day(containing: instant("2026-11-25T03:00:00Z"), utcOffsetSeconds: cet).iso8601 == "2026-11-25")
    }

    @Test func midnightBoundaryIsThePlainDate() {
        let boundary = DayBoundary(startHour: 0)
        #expect(boundary.day(containing: instant("2026-11-25T00:00:00Z"), utcOffsetSeconds: 0).iso8601 == "2026-11-25")
        #expect(boundary.day(containing: instant("2026-11-24T23:59:59Z"), utcOffsetSeconds: 0).iso8601 == "2026-11-24")
    }

    @Test func localOffsetDecidesTheDayAcrossTimeZones() {
        let boundary = DayBoundary(startHour: 4)
        let moment = instant("2026-11-25T20:00:00Z")
        #expect(boundary.day(containing: moment, utcOffsetSeconds: 0).iso8601 == "2026-11-25")
        // 09:00 the next morning in Auckland (+13:00).
        #expect(boundary.day(containing: moment, utcOffsetSeconds: 13 * 3600).iso8601 == "2026-11-26")
        // 15:00 in New York (-05:00).
        #expect(boundary.day(containing: moment, utcOffsetSeconds: -5 * 3600).iso8601 == "2026-11-25")
    }

    @Test func springForwardDayIsTwentyThreeHoursLong() {
        // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST. With a 04:00 start the pacing day
        // 2026-03-29 runs from 04:00 CEST (02:00Z) to 04:00 CEST next day (02:00Z): the offset recorded
        // with each event places it; before the change the offset is +1, after it +2.
        let boundary = DayBoundary(startHour: 4)
        #expect(
            boundary.day(containing: instant("2026-03-29T01:59:00Z"), utcOffsetSeconds: 7200).iso8601 == "2026-03-28")
        #expect(
            boundary.day(containing: instant("2026-03-29T02:00:00Z"), utcOffsetSeconds: 7200).iso8601 == "2026-03-29")
        #expect(
            boundary.day(containing: instant("2026-03-28T02:59:00Z"), utcOffsetSeconds: 3600).iso8601 == "2026-03-27")
        #expect(
            boundary.day(containing: instant("2026-03-28T03:00:00Z"), utcOffsetSeconds: 3600).iso8601 == "2026-03-28")
    }
}
