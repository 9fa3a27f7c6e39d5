import Testing

@testable import PaceCore

@Suite struct InstantTests {
    @Test func formatsRFC3339InUTC() {
        #expect(Instant(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Instant(secondsSinceEpoch: 1_795_957_500).rfc3339 == "2026-11-29T13:05:00Z")
        #expect(Instant(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59Z")
    }

    /// Years 0 to 9999 are written digit by digit; the text is the one assembled from the date and the time.
    @Test func formatsRFC3339AsTheDateAndTimeTextsDo() {
        var random = EventSeed(40)
        let edges: [Int64] = [
            0, -1, 1, 86_399_999, 86_400_000, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999,
            253_402_300_800_000, Int64.max, Int64.min, 951_782_400_000, 4_107_542_400_000,
        ]
        for milliseconds in edges {
            #expect(
                Instant(millisecondsSinceEpoch: milliseconds).rfc3339
                    == Instant(millisecondsSinceEpoch: milliseconds).rfc3339ByParts)
        }
        for _ in 0..<20_000 {
            let milliseconds =
                random.int(0..<2) == 0
                ? Int64.random(in: -70_000_000_000_000...300_000_000_000_000, using: &random)
                : Int64.random(in: 1_700_000_000_000...1_900_000_000_000, using: &random)
            let instant = Instant(millisecondsSinceEpoch: milliseconds)
            #expect(instant.rfc3339 == instant.rfc3339ByParts, "\(milliseconds)")
        }
    }

    @Test func parsesWhatItFormats() {
        for seconds in stride(from: Int64(-86_400 * 400), through: 86_400 * 40_000, by: 79_193) {
            let instant = Instant(secondsSinceEpoch: seconds)
            #expect(Instant(rfc3339: instant.rfc3339) == instant)
        }
    }

    @Test func parsesOffsetsAndFractions() {
        let utc = Instant(rfc3339: "2026-11-25T13:05:00Z")
        #expect(Instant(rfc3339: "2026-11-25T14:05:00+01:00") == utc)
        #expect(Instant(rfc3339: "2026-11-25T08:05:00-05:00") == utc)
        #expect(
            Instant(rfc3339: "2026-11-25T13:05:00.250Z")?.millisecondsSinceEpoch == utc!.millisecondsSinceEpoch + 250)
        #expect(Instant(rfc3339: "2026-11-25T13:05:00.5Z")?.millisecondsSinceEpoch == utc!.millisecondsSinceEpoch + 500)
    }

    @Test func rejectsMalformedTimestamps() {
        for bad in [
            "2026-11-25", "2026-11-25T13:05Z", "2026-11-25T25:00:00Z", "2026-11-25T13:05:00", "x",
            "2026-11-25T13:05:00+1:00", "2026-11-25T13:05:00.Z",
        ] {
            #expect(Instant(rfc3339: bad) == nil, "\(bad)")
        }
    }
}
