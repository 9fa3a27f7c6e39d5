import PaceTestSupport
import Testing

@testable import PaceCore

@Suite struct CivilDateTests {
    @Test func epochIsFirstOfJanuary1970() {
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
    }

    @Test func monthLengthsAreWhereTheCalendarTurnsToTheFirst() {
        for days in Int64(-150_000)...Int64(150_000) {
            let date = CivilDate(daysSinceEpoch: days)
            let next = CivilDate(daysSinceEpoch: days + 1)
            #expect((date.day == CivilDate.days(inMonth: date.month, of: date.year)) == (next.day == 1))
        }
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

    /// Dates of years 0 to 9999 are written digit by digit; whatever the year, the text is the one assembled from
    /// the numbers' own texts.
    @Test func writtenDatesAreTheReferenceText() {
        var random = SplitMix(seed: 43)
        let edges: [Int64] = [-719_529, -719_528, -719_163, -1, 0, 1, 2_932_896, 2_932_897, 20_000, -800_000]
        for days in edges + (0..<20_000).map({ _ in Int64.random(in: -1_000_000...3_500_000, using: &random) }) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.iso8601 == date.iso8601ByParts, "\(days)")
            #expect(CivilDate(iso8601: date.iso8601) == ((0...9999).contains(date.year) ? date : nil))
        }
    }
}
