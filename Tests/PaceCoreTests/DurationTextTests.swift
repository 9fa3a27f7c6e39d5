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
}
