import Testing

@testable import pace

/// How `pace` hands command lines to ArgumentParser: values that begin with a dash (DashedValues).
@Suite struct CLIInputTests {
    @Test(arguments: [
        // After an option that takes a value: attached to it, by its long name.
        (["checkin", "--energy", "-1"], ["checkin", "--energy=-1"]),
        (["start", "-i", "-1", "--json"], ["start", "--intensity=-1", "--json"]),
        (["stop", "--json", "--at", "-5m"], ["stop", "--json", "--at=-5m"]),
        (["--socket", "/tmp/s", "history", "--days", "-3"], ["--socket", "/tmp/s", "history", "--days=-3"]),
        // A positional argument: after `--`, with the positional arguments after it, options staying in front.
        (["log", "walk", "-20m"], ["log", "walk", "--", "-20m"]),
        (["log", "walk", "-20m", "--at", "09:00"], ["log", "walk", "--at", "09:00", "--", "-20m"]),
        (["log", "add", "walk", "--yes", "-20m"], ["log", "add", "walk", "--yes", "--", "-20m"]),
        (["log", "-1", "20m", "--json"], ["log", "--json", "--", "-1", "20m"]),
        (["calibrate", "-5"], ["calibrate", "--", "-5"]),
    ])
    func dashedValuesAreReadAsValues(arguments: [String], prepared: [String]) {
        #expect(DashedValues.prepared(arguments) == prepared)
    }

    @Test(arguments: [
        ["start", "walk", "--at", "10m ago"], ["log", "walk", "--", "-20m"], ["checkin", "--energy=-1"], ["-v"],
        ["status", "--format", "json"], ["history", "-", "x"],
    ])
    func commandLinesWithoutADashedValueStayAsTheyAre(arguments: [String]) {
        #expect(DashedValues.prepared(arguments) == arguments)
    }

    @Test func aDashedValueIsADashAndADigitOrAPoint() {
        #expect(DashedValues.isDashed("-1"))
        #expect(DashedValues.isDashed("-20m"))
        #expect(DashedValues.isDashed("-.5h"))
        #expect(!DashedValues.isDashed("-"))
        #expect(!DashedValues.isDashed("-v"))
        #expect(!DashedValues.isDashed("--1"))
        #expect(!DashedValues.isDashed("-٣"))
    }
}
