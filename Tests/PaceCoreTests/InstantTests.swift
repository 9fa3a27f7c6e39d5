import Testing

@testable import PaceCore

@Suite struct InstantTests {
    @Test func formatsRFC3339InUTC() {
        #expect(Instant(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Instant(secondsSinceEpoch: 1_795_957_500).rfc3339 == "2026-11-29T13:05:00Z")
        #expect(Instant(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59Z")
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
