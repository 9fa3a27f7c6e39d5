import PaceCore
import PaceDaemon
import Testing

@Suite struct ValueParserTests {
    @Test func integerAcceptsItsRangeAndNothingElse() throws {
        let hour = ValueParser<Int>.integer(in: 0...23)
        #expect(try hour.parse(.integer(0)) == 0)
        #expect(try hour.parse(.integer(23)) == 23)
        for bad: ConfigurationValue in [.integer(24), .integer(-1), .string("5"), .float(4.0), .boolean(true)] {
            #expect(throws: ValueProblem.self) { try hour.parse(bad) }
        }
        #expect(problem(hour, .integer(24)) == "expected a whole number from 0 to 23, found 24")
        #expect(problem(hour, .string("5")) == "expected a whole number from 0 to 23, found the string \"5\"")
    }

    @Test func numberTakesIntegersAndFloatsInRange() throws {
        let weight = ValueParser<Double>.number(in: 0...10)
        #expect(try weight.parse(.integer(3)) == 3)
        #expect(try weight.parse(.float(3.5)) == 3.5)
        #expect(problem(weight, .float(10.5)) == "expected a number from 0 to 10, found 10.5")
        #expect(throws: ValueProblem.self) { try weight.parse(.string("3")) }
    }

    @Test(arguments: [
        ("20m", Duration.seconds(1200)), ("90s", .seconds(90)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("1h 30m", .seconds(5400)), ("2d", .seconds(172_800)),
        ("500ms", .milliseconds(500)), ("5min", .seconds(300)), ("1h0m5s", .seconds(3605)), ("0s", .zero),
    ])
    func durationsReadWithUnits(text: String, expected: Duration) throws {
        #expect(try ValueParser<Duration>.duration(in: .zero...(.seconds(864_000))).parse(.string(text)) == expected)
    }

    @Test(arguments: [
        ("20", "add a unit: 20m for minutes, 20s for seconds"),
        ("20x", "unknown unit \"x\"; use d, h, m, s or ms"),
        ("-5m", "a duration cannot be negative"),
        ("30m1h", "write each unit once, largest first: 1h30m"),
        ("1m1min", "write each unit once, largest first: 1h30m"),
        ("", "write a duration like 20m, 90s or 1h30m"),
        ("m", "write it like 20m, 90s or 1h30m"),
        ("9999999999h", "the number is too large"),
    ])
    func badDurationsSayWhatToWrite(text: String, hint: String) {
        #expect(throws: ValueProblem("expected a duration, found the string \"\(text)\"; \(hint)")) {
            try ValueParser<Duration>.duration(in: .zero...(.seconds(864_000))).parse(.string(text))
        }
    }

    @Test func durationParserChecksRangeAndType() throws {
        let snooze = ValueParser<Duration>.duration(in: .seconds(1)...(.seconds(7200)))
        #expect(snooze.expectation == "a duration from 1s to 2h")
        #expect(try snooze.parse(.string("5m")) == .seconds(300))
        #expect(problem(snooze, .string("3h")) == "expected a duration from 1s to 2h, found the string \"3h\"")
        #expect(
            problem(snooze, .integer(5))
                == "expected a duration from 1s to 2h, found 5; write it as a string with a unit: \"5m\"")
        #expect(problem(snooze, .string("5")).hasSuffix("add a unit: 5m for minutes, 5s for seconds"))
    }

    @Test func rangesAreStatedInTheSyntaxDurationsAreReadIn() throws {
        #expect(
            ValueParser<Duration>.duration(in: .seconds(90)...(.seconds(93_600))).expectation
                == "a duration from 1m30s to 1d2h")
        #expect(
            ValueParser<Duration>.duration(in: .zero...(.milliseconds(500))).expectation
                == "a duration from 0s to 500ms")
    }

    @Test func clockTimesAreStringsOrTOMLTimesOnTheMinute() throws {
        let time = ValueParser<ClockTime>.clockTime
        #expect(try time.parse(.string("22:00")) == ClockTime(hour: 22, minute: 0))
        #expect(try time.parse(.string("7:30")) == ClockTime(hour: 7, minute: 30))
        #expect(try time.parse(.time(hour: 6, minute: 45, second: 0, nanosecond: 0)) == ClockTime(hour: 6, minute: 45))
        for bad: ConfigurationValue in [
            .string("24:00"), .string("22:60"), .string("2200"), .string("22:00:30"), .string("7:5"),
            .string("٢٢:٠٠"), .time(hour: 6, minute: 45, second: 30, nanosecond: 0), .integer(22),
        ] {
            #expect(throws: ValueProblem.self, "\(bad)") { try time.parse(bad) }
        }
        #expect(ClockTime(hour: 7, minute: 5).hhmm == "07:05")
    }

    @Test func quietHoursStyleRangesMayCrossMidnight() throws {
        let range = ValueParser<ClockTimeRange>.clockTimeRange
        let night = try range.parse(.string("22:00-08:00"))
        #expect(quiet(night).contains(ClockTime(hour: 23, minute: 30)))
        #expect(quiet(night).contains(ClockTime(hour: 2, minute: 0)))
        #expect(quiet(night).contains(ClockTime(hour: 22, minute: 0)))
        #expect(!quiet(night).contains(ClockTime(hour: 8, minute: 0)))
        #expect(!quiet(night).contains(ClockTime(hour: 12, minute: 0)))
        let lunch = try range.parse(.string("12:30 \u{2013} 14:00"))
        #expect(quiet(lunch).contains(ClockTime(hour: 13, minute: 0)))
        #expect(!quiet(lunch).contains(ClockTime(hour: 23, minute: 0)))
        #expect(try range.parse(.string("22:00 - 08:00")) == night)
        #expect(
            problem(range, .string("22:00-22:00"))
                == "expected a time range such as \"22:00-08:00\", found the string \"22:00-22:00\"; "
                + "start and end are the same time")
        for bad in ["22:00", "22-08", "22:00-", "22:00-08:00-09:00", "25:00-08:00"] {
            #expect(throws: ValueProblem.self, "\(bad)") { try range.parse(.string(bad)) }
        }
    }

    @Test func booleansAreTOMLBooleansOnly() throws {
        #expect(try ValueParser<Bool>.boolean.parse(.boolean(false)) == false)
        #expect(problem(.boolean, .string("yes")) == "expected true or false, found the string \"yes\"")
    }

    @Test func textIsNonEmptyBoundedAndPrintable() throws {
        let name = ValueParser<String>.text(maximumLength: 5)
        #expect(try name.parse(.string("walk")) == "walk")
        for bad: ConfigurationValue in [.string(""), .string("walking"), .string("a\u{7}b"), .integer(1)] {
            #expect(throws: ValueProblem.self) { try name.parse(bad) }
        }
    }

    @Test func oneOfAcceptsTheCaseNames() throws {
        let intensity = ValueParser<Intensity>.oneOf(Intensity.self)
        #expect(try intensity.parse(.string("moderate")) == .moderate)
        #expect(
            problem(intensity, .string("hard"))
                == "expected one of \"light\", \"moderate\", \"vigorous\", found the string \"hard\"")
    }

    private func problem<Value>(_ parser: ValueParser<Value>, _ value: ConfigurationValue) -> String {
        do {
            _ = try parser.parse(value)
            return "accepted"
        } catch {
            return error.description
        }
    }
}

/// An enum like the core's activity intensities, to exercise ``ValueParser/oneOf(_:)``.
enum Intensity: String, CaseIterable, Sendable {
    case light, moderate, vigorous
}

/// The quiet hours a parsed range becomes in the core's settings.
private func quiet(_ range: ClockTimeRange) -> ReminderSettings.QuietHours {
    ReminderSettings.QuietHours(start: range.start, end: range.end)
}
