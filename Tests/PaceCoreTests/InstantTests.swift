import PaceTestSupport
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
        var random = SplitMix(seed: 40)
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

    /// The common form is read byte by byte; whatever it reads, the general reading reads the same.
    @Test func theCommonFormReadsAsTheGeneralReadingDoes() {
        var random = SplitMix(seed: 41)
        let pieces = Array("0123456789-:TtZz +.".utf8) + [0xC3]
        var read = 0
        for _ in 0..<20_000 {
            let instant = Instant(
                millisecondsSinceEpoch: Int64.random(in: -62_167_219_200_000...253_402_300_799_000, using: &random))
            var bytes = Array(instant.rfc3339.utf8)
            // Now and then a byte changed: other separators, other digits (month 13, 30 February, second 60, …).
            for _ in 0..<random.int(0..<3) { bytes[random.int(0..<20)] = pieces[random.int(0..<pieces.count)] }
            let text = String(decoding: bytes, as: UTF8.self)
            let general = Instant.parsedByParts(text)
            if let common = Instant.commonForm(text) {
                #expect(common == general, "\(text)")
                read += 1
            }
            #expect(Instant(rfc3339: text) == general, "\(text)")
        }
        #expect(read > 5000)
        #expect(Instant.commonForm("2026-02-30T10:00:00Z") == nil)
        #expect(Instant(rfc3339: "2026-11-25t13:05:00z") == Instant(secondsSinceEpoch: 1_795_611_900))
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
