import Testing

@testable import PaceCore

@Suite struct TimeTextTests {
    /// Wednesday 2026-11-25, 14:20:30 in a place one hour ahead of UTC (13:20:30Z).
    let now = Instant(rfc3339: "2026-11-25T13:20:30Z")!
    let cet = 3600

    private func read(_ text: String, prefer: TimeText.Preference = .past, offset: Int? = nil) throws -> String {
        try TimeText.parse(text, now: now, utcOffsetSeconds: offset ?? cet, prefer: prefer).rfc3339
    }

    @Test(arguments: [
        ("09:30", "2026-11-25T08:30:00Z"), ("9:30", "2026-11-25T08:30:00Z"), ("14:20", "2026-11-25T13:20:00Z"),
        ("14:20:30", "2026-11-25T13:20:30Z"), ("9am", "2026-11-25T08:00:00Z"), ("9:30 pm", "2026-11-24T20:30:00Z"),
        ("12am", "2026-11-24T23:00:00Z"), ("12pm", "2026-11-25T11:00:00Z"), ("00:00", "2026-11-24T23:00:00Z"),
    ])
    func clockTimeMeansTheLatestOneNotAfterNow(text: String, expected: String) throws {
        #expect(try read(text) == expected)
    }

    @Test func laterClockTimeMeansYesterdayWhenLookingBack() throws {
        #expect(try read("18:00") == "2026-11-24T17:00:00Z")
        #expect(try read("14:21") == "2026-11-24T13:21:00Z")
    }

    @Test func clockTimeMeansTheNextOneWhenLookingAhead() throws {
        #expect(try read("18:00", prefer: .future) == "2026-11-25T17:00:00Z")
        #expect(try read("09:30", prefer: .future) == "2026-11-26T08:30:00Z")
        #expect(try read("14:20:30", prefer: .future) == "2026-11-26T13:20:30Z")
    }

    @Test(arguments: [
        ("yesterday 18:00", "2026-11-24T17:00:00Z"), ("Yesterday 6pm", "2026-11-24T17:00:00Z"),
        ("today 09:30", "2026-11-25T08:30:00Z"), ("tomorrow 08:00", "2026-11-26T07:00:00Z"),
        ("today 23:00", "2026-11-25T22:00:00Z"), ("yesterday 3pm", "2026-11-24T14:00:00Z"),
        ("yesterday at 3pm", "2026-11-24T14:00:00Z"), ("yesterday at 15:00", "2026-11-24T14:00:00Z"),
        ("today 10:30pm", "2026-11-25T21:30:00Z"),
    ])
    func dayWordAndClockTime(text: String, expected: String) throws {
        #expect(try read(text) == expected)
    }

    @Test(arguments: [
        ("20m ago", "2026-11-25T13:00:30Z"), ("-20m", "2026-11-25T13:00:30Z"), ("1h 30m ago", "2026-11-25T11:50:30Z"),
        ("in 2h", "2026-11-25T15:20:30Z"), ("+2h", "2026-11-25T15:20:30Z"), ("now", "2026-11-25T13:20:30Z"),
    ])
    func relativeTimes(text: String, expected: String) throws {
        #expect(try read(text) == expected)
    }

    @Test(arguments: [
        ("2026-11-20 09:30", "2026-11-20T08:30:00Z"), ("2026-11-20T09:30", "2026-11-20T08:30:00Z"),
        ("2026-11-20T09:30:15", "2026-11-20T08:30:15Z"), ("2026-11-20T09:30:00Z", "2026-11-20T09:30:00Z"),
        ("2026-11-20T09:30:00+01:00", "2026-11-20T08:30:00Z"), ("2026-11-20T09:30-05:00", "2026-11-20T14:30:00Z"),
        ("2026-11-20T09:30:00.250Z", "2026-11-20T09:30:00Z"), ("2026-11-20 09:30 +0100", "2026-11-20T08:30:00Z"),
    ])
    func datesWithTimesLocalOrAbsolute(text: String, expected: String) throws {
        #expect(try read(text) == expected)
    }

    @Test func localFormsFollowTheOffsetGiven() throws {
        #expect(try read("09:30", offset: 0) == "2026-11-25T09:30:00Z")
        // At 13:20Z it is 08:20 in New York: 09:30 there has not come yet today.
        #expect(try read("09:30", offset: -5 * 3600) == "2026-11-24T14:30:00Z")
        // Across the date line it is already Thursday.
        #expect(try read("today 09:00", offset: 13 * 3600) == "2026-11-25T20:00:00Z")
    }

    @Test(arguments: [
        ("", "write it like 09:30, 10am, yesterday 3pm, 20m ago or 2026-11-25T09:30"),
        ("soon", "write it like 09:30, 10am, yesterday 3pm, 20m ago or 2026-11-25T09:30"),
        ("9", "say which: 9am or 9pm (09:00 or 21:00)"),
        ("12", "say which: 12am or 12pm (00:00 or 12:00)"),
        ("yesterday 3", "say which: 3am or 3pm (03:00 or 15:00)"),
        ("14", "add the minutes: 14:00"),
        ("24", "hours go from 00 to 23"),
        ("yesterday at", "add a time: yesterday 18:00"),
        ("25:00", "hours go from 00 to 23"),
        ("09:61", "minutes and seconds go from 00 to 59"),
        ("13pm", "with am or pm, hours go from 1 to 12"),
        ("yesterday", "add a time: yesterday 18:00"),
        ("2026-11-20", "add a time: 2026-11-20 09:30"),
        ("2026-11-20T09:30+1", "write the offset like +01:00, or Z for UTC"),
        ("20m", "a length is not a time: write 20m ago, or in 20m"),
        ("1h30", "a length is not a time: write 1h30 ago, or in 1h30"),
        ("20 ago", "write a relative time like 20m ago or in 2h (add a unit: 20m for minutes, 20s for seconds)"),
    ])
    func refusesWithAHintWhatToType(text: String, hint: String) {
        #expect(throws: TextParseError(.time, text: text, hint: hint)) {
            try TimeText.parse(text, now: now, utcOffsetSeconds: cet)
        }
    }

    @Test(arguments: [
        ("2026-11-01", "2026-11-01"), ("today", "2026-11-25"), ("yesterday", "2026-11-24"), ("Tomorrow", "2026-11-26"),
        ("7d ago", "2026-11-18"), ("-7d", "2026-11-18"), ("3 days ago", "2026-11-22"),
    ])
    func readsDates(text: String, expected: String) throws {
        let today = CivilDate(year: 2026, month: 11, day: 25)
        #expect(try TimeText.parseDate(text, today: today).iso8601 == expected)
    }

    @Test(arguments: [
        ("2026-02-30", "no such day; write it as YYYY-MM-DD"),
        ("last week", "write it like 2026-11-25, today, yesterday or 7d ago"),
        ("36h ago", "count whole days: 7d ago"),
        ("", "write it like 2026-11-25, today, yesterday or 7d ago"),
    ])
    func refusesDatesWithAHint(text: String, hint: String) {
        #expect(throws: TextParseError(.date, text: text, hint: hint)) {
            try TimeText.parseDate(text, today: CivilDate(year: 2026, month: 11, day: 25))
        }
    }
}
