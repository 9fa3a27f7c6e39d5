import PaceCore
import PaceDaemon
import Testing

/// The schema machinery with settings of the kind the core will bring (quiet hours, snooze, intensities), so
/// each parser is exercised through a whole file, lines and all.
@Suite struct ConfigurationSchemaTests {
    struct ReminderSettings: Equatable, Sendable {
        var quietHours: ClockTimeRange? = nil
        var snooze: Duration = .seconds(300)
        var enabled = true
        var morningPrompt = ClockTime(hour: 9, minute: 0)
        var defaultIntensity = Intensity.moderate
        var walkWeight = 2.5
        var greeting = "Time to rest"
    }

    static let schema = ConfigurationSchema<ReminderSettings>([
        ConfigurationKey("reminders", "enabled", .boolean) { $0.enabled = $1 },
        ConfigurationKey("reminders", "quiet_hours", .clockTimeRange) { $0.quietHours = $1 },
        ConfigurationKey("reminders", "snooze", .duration(in: .seconds(30)...(.seconds(3600)))) { $0.snooze = $1 },
        ConfigurationKey("reminders", "greeting", .text()) { $0.greeting = $1 },
        ConfigurationKey("checkin", "morning", .clockTime) { $0.morningPrompt = $1 },
        ConfigurationKey("activities", "intensity", .oneOf(Intensity.self)) { $0.defaultIntensity = $1 },
        ConfigurationKey("activities", "walk_weight", .number(in: 0...20)) { $0.walkWeight = $1 },
    ])

    @Test func aWholeFileFillsEveryKindOfSetting() throws {
        let text = """
            [reminders]
            enabled = false
            quiet_hours = "22:00-08:00"
            snooze = "10m"
            greeting = "Rest now"

            [checkin]
            morning = 08:30:00

            [activities]
            intensity = "light"
            walk_weight = 3
            """
        let settings = try Self.schema.read(text, file: "test.toml", over: ReminderSettings())
        #expect(!settings.enabled)
        #expect(
            settings.quietHours
                == ClockTimeRange(start: ClockTime(hour: 22, minute: 0), end: ClockTime(hour: 8, minute: 0)))
        #expect(settings.snooze == .seconds(600))
        #expect(settings.greeting == "Rest now")
        #expect(settings.morningPrompt == ClockTime(hour: 8, minute: 30))
        #expect(settings.defaultIntensity == .light)
        #expect(settings.walkWeight == 3)
        #expect(Self.schema.sections == ["reminders", "checkin", "activities"])
    }

    @Test func eachBadValueIsReportedOnItsLine() throws {
        let text = """
            [reminders]
            enabled = "yes"
            quiet_hours = "22:00-22:00"
            snooze = "1.5h"
            greeting = ""

            [checkin]
            morning = "9am"

            [activities]
            intensity = "hard"
            walk_weight = 25
            """
        let error = try #require(throws: ConfigurationError.self) {
            try Self.schema.read(text, file: "test.toml", over: ReminderSettings())
        }
        #expect(
            error.problems.map(\.description) == [
                "test.toml:2: reminders.enabled: expected true or false, found the string \"yes\"",
                "test.toml:3: reminders.quiet_hours: expected a time range such as \"22:00-08:00\", found the "
                    + "string \"22:00-22:00\"; start and end are the same time",
                "test.toml:4: reminders.snooze: expected a duration from 30s to 1h, found the string \"1.5h\"",
                "test.toml:5: reminders.greeting: expected a string of 1 to 200 characters, found the string \"\"",
                "test.toml:8: checkin.morning: expected a time of day such as \"22:00\", found the string \"9am\"",
                "test.toml:11: activities.intensity: expected one of \"light\", \"moderate\", \"vigorous\", "
                    + "found the string \"hard\"",
                "test.toml:12: activities.walk_weight: expected a number from 0 to 20, found 25",
            ])
        #expect(error.problems.allSatisfy { $0.code == .badValue })
    }

    @Test func aFileThatSetsNothingKeepsTheDefaults() throws {
        #expect(try Self.schema.read("", file: "test.toml", over: ReminderSettings()) == ReminderSettings())
    }
}
