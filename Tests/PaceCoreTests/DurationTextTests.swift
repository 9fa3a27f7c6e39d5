import Testing

@testable import PaceCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        (Int64(-5), "0 s"), (0, "0 s"), (59, "59 s"), (60, "1 min"), (3599, "59 min"), (3600, "1 h"),
        (3900, "1 h 05 min"), (86_399, "23 h 59 min"), (86_400, "1 d"), (93_600, "1 d 2 h"),
    ])
    func describesDurationsShortly(seconds: Int64, expected: String) {
        #expect(DurationText.describe(seconds: seconds) == expected)
    }

    @Test(arguments: [
        ("20m", Int64(1_200_000)), ("20 min", 1_200_000), ("20min", 1_200_000), ("20 minutes", 1_200_000),
        ("1h30m", 5_400_000), ("1h 30m", 5_400_000), ("1 h 30 min", 5_400_000), ("90s", 90_000),
        ("2d", 172_800_000), ("500ms", 500), ("1h30m15s", 5_415_000), ("1.5h", 5_400_000), ("0.5m", 30_000),
        ("1,5h", 5_400_000), ("0", 0), ("0s", 0), ("  15m ", 900_000), ("1H", 3_600_000), ("1 hour", 3_600_000),
        ("2 hours", 7_200_000), ("45 sec", 45_000), ("PT20M", 1_200_000), ("PT1H30M", 5_400_000),
        ("P1D", 86_400_000), ("P1DT2H", 93_600_000), ("pt90s", 90_000), ("PT0.5S", 500), ("P1W", 604_800_000),
        ("90 minutes", 5_400_000), ("45 min", 2_700_000), ("1h30", 5_400_000), ("1h 30", 5_400_000),
        ("1h05", 3_900_000), ("1h5", 3_900_000), ("2m30", 150_000), ("1 hour 30", 5_400_000),
    ])
    func readsTypedDurations(text: String, milliseconds: Int64) throws {
        #expect(try DurationText.parseMilliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        ("20", "add a unit: 20m for minutes, 20s for seconds"),
        ("", "write a duration like 20m, 90s or 1h30m"),
        ("-5m", "a duration cannot be negative"),
        ("5x", "unknown unit \"x\"; use d, h, m, s or ms"),
        ("30m1h", "write each unit once, largest first: 1h30m"),
        ("1m1m", "write each unit once, largest first: 1h30m"),
        ("m", "write it like 20m, 90s or 1h30m"),
        ("1.h", "write it like 1.5h or 1h30m"),
        ("1h60", "write it like 20m, 90s or 1h30m"),
        ("1.5h30", "write it like 20m, 90s or 1h30m"),
        ("1d2", "write it like 20m, 90s or 1h30m"),
        ("20s5", "write it like 20m, 90s or 1h30m"),
        ("1h30 2", "write it like 20m, 90s or 1h30m"),
        ("1h30.5", "write it like 20m, 90s or 1h30m"),
        ("9999999999m", "the number is too large"),
        ("PT", "write an ISO 8601 duration like PT20M or PT1H30M, or simply 20m"),
        ("P5M", "write an ISO 8601 duration like PT20M or PT1H30M, or simply 20m"),
        ("PT5", "write an ISO 8601 duration like PT20M or PT1H30M, or simply 20m"),
    ])
    func refusesWithAHintWhatToType(text: String, hint: String) {
        #expect(throws: TextParseError(.duration, text: text, hint: hint)) {
            try DurationText.parseMilliseconds(text)
        }
    }

    @Test func errorMessageQuotesTheTextAndSaysWhatToType() {
        let error = TextParseError(.duration, text: "20", hint: "add a unit: 20m for minutes, 20s for seconds")
        #expect(error.description == "\"20\" is not a duration: add a unit: 20m for minutes, 20s for seconds")
    }

    @Test func knowsItsUnits() {
        for unit in ["m", "min", "Minutes", "h", "hours", "d", "s", "secs", "ms"] { #expect(DurationText.isUnit(unit)) }
        for word in ["am", "ago", "20m", "", "mn"] { #expect(!DurationText.isUnit(word)) }
    }

    @Test func roundsToWholeSeconds() throws {
        #expect(try DurationText.parseSeconds("20m") == 1200)
        #expect(try DurationText.parseSeconds("1499ms") == 1)
        #expect(try DurationText.parseSeconds("1500ms") == 2)
    }

    @Test(arguments: [
        (Int64(0), "0s"), (500, "500ms"), (90_000, "1m30s"), (1_200_000, "20m"), (5_400_000, "1h30m"),
        (93_600_000, "1d2h"), (86_400_001, "1d1ms"), (-3, "0s"),
    ])
    func formatsCompactly(milliseconds: Int64, expected: String) {
        #expect(DurationText.compact(milliseconds: milliseconds) == expected)
    }

    @Test func compactFormReadsBackToTheSameValue() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Int64.random(in: 0...(400 * 86_400_000), using: &generator)
            #expect(try DurationText.parseMilliseconds(DurationText.compact(milliseconds: value)) == value)
        }
        #expect(DurationText.compact(seconds: 5400) == "1h30m")
    }
}
