import Testing

@testable import PaceCore

@Suite struct CivilDateTests {
    @Test func epochIsFirstOfJanuary1970() {
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
    }

    @Test func daysRoundTripAcrossFourCenturies() {
        var previous = CivilDate(daysSinceEpoch: -150_000)
        for days in Int64(-149_999)...Int64(150_000) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(previous < date)
            previous = date
        }
    }

    @Test func leapDaysFollowTheGregorianRules() {
        #expect(CivilDate(iso8601: "2024-02-29") != nil)
        #expect(CivilDate(iso8601: "2000-02-29") != nil)
        #expect(CivilDate(iso8601: "1900-02-29") == nil)
        #expect(CivilDate(iso8601: "2026-02-29") == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 28).adding(days: 1) == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(year: 2026, month: 12, day: 31).adding(days: 1) == CivilDate(year: 2027, month: 1, day: 1))
    }

    @Test func parsesOnlyWellFormedDates() {
        #expect(CivilDate(iso8601: "2026-11-25") == CivilDate(year: 2026, month: 11, day: 25))
        for bad in ["2026-11-5", "2026/11/25", "26-11-25", "2026-13-01", "2026-04-31", "", "2026-11-25x"] {
            #expect(CivilDate(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func weekdayIsMondayBased() {
        #expect(CivilDate(year: 2026, month: 11, day: 23).weekday == 0)  // a Monday
        #expect(CivilDate(year: 2026, month: 11, day: 29).weekday == 6)  // a Sunday
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 3)  // a Thursday
    }
}
