import Testing

@testable import pace

/// How `pace` hands command lines to ArgumentParser: values that begin with a dash, and values of several words
/// typed without quotes (ValueWords).
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
        #expect(ValueWords.prepared(arguments) == prepared)
    }

    @Test(arguments: [
        (["log", "walk", "90", "minutes"], ["log", "walk", "90 minutes"]),
        (["log", "walk", "1h", "30m", "--yes"], ["log", "walk", "1h 30m", "--yes"]),
        (["log", "walk", "1", "hour", "30", "--at", "9am"], ["log", "walk", "1 hour 30", "--at", "9am"]),
        (["log", "walk", "30m", "--at", "yesterday", "3pm"], ["log", "walk", "30m", "--at", "yesterday 3pm"]),
        (
            ["log", "walk", "--at", "yesterday", "at", "3pm", "20m"],
            ["log", "walk", "--at", "yesterday at 3pm", "20m"]
        ),
        (["start", "--at", "10", "am", "walk"], ["start", "--at", "10 am", "walk"]),
        (["start", "walk", "--at", "20", "min", "ago"], ["start", "walk", "--at", "20 min ago"]),
        (["stop", "--at", "-5", "min"], ["stop", "--at=-5 min"]),
        (["rest", "45", "min"], ["rest", "45 min"]),
        (["flare", "--until", "in", "6h"], ["flare", "--until", "in 6h"]),
        (["events", "--day", "3", "days", "ago"], ["events", "--day", "3 days ago"]),
        (["history", "--from", "yesterday", "--to", "today"], ["history", "--from", "yesterday", "--to", "today"]),
        // A value that is already a time keeps the words after it.
        (["start", "--at", "09:00", "walk"], ["start", "--at", "09:00", "walk"]),
    ])
    func valuesOfSeveralWordsAreOneValue(arguments: [String], prepared: [String]) {
        #expect(ValueWords.prepared(arguments) == prepared)
    }

    @Test(arguments: [
        ["start", "walk", "--at", "10m ago"], ["log", "walk", "--", "-20m"], ["checkin", "--energy=-1"], ["-v"],
        ["status", "--format", "json"], ["history", "-", "x"], ["log", "walk", "30m", "--at", "9:00"],
        ["checkin", "--note", "slept badly"], ["start", "in", "--", "yesterday"],
    ])
    func otherCommandLinesStayAsTheyAre(arguments: [String]) {
        #expect(ValueWords.prepared(arguments) == arguments)
    }

    @Test func aDashedValueIsADashAndADigitOrAPoint() {
        #expect(ValueWords.isDashed("-1"))
        #expect(ValueWords.isDashed("-20m"))
        #expect(ValueWords.isDashed("-.5h"))
        #expect(!ValueWords.isDashed("-"))
        #expect(!ValueWords.isDashed("-v"))
        #expect(!ValueWords.isDashed("--1"))
        #expect(!ValueWords.isDashed("-٣"))
    }
}
