import Foundation
import Testing

@testable import PaceCore

@Suite struct SettingsTests {
    @Test func everySettingHasADefault() throws {
        let decoded = try JSONDecoder().decode(PaceSettings.self, from: Data("{}".utf8))
        #expect(decoded == PaceSettings())
        #expect(decoded.dayStartHour == 4)
        #expect(decoded.reminders.maximumPerDay == 6)
        #expect(decoded.reminders.minimumGapMinutes == 20)
        #expect(decoded.envelope.exertionDebt.enabled == false)
        #expect(decoded.reference.name == "walk")
        #expect(close(decoded.pointsPerReferenceMinute, 1.8))
    }

    @Test func aPartialConfigKeepsTheOtherDefaults() throws {
        let json = #"""
            {"dayStartHour": 5, "envelope": {"cutFactor": 0.9, "exertionDebt": {"enabled": true}},
             "reminders": {"quietHours": null, "eveningCheckIn": "20:30"}}
            """#
        let decoded = try JSONDecoder().decode(PaceSettings.self, from: Data(json.utf8))
        #expect(decoded.dayStartHour == 5)
        #expect(decoded.envelope.cutFactor == 0.9)
        #expect(decoded.envelope.growthFactor == 1.05)
        #expect(decoded.envelope.exertionDebt == .init(enabled: true, weight: 0.3, decayPerDay: 0.5))
        #expect(decoded.reminders.quietHours == nil)  // explicitly off
        #expect(decoded.reminders.morningCheckIn == ClockTime(hour: 9))  // absent: the default
        #expect(decoded.reminders.eveningCheckIn == ClockTime(hour: 20, minute: 30))
    }

    @Test func settingsAndStateRoundTrip() throws {
        var settings = PaceSettings()
        settings.reminders.quietHours = nil
        settings.define(ActivityKind(name: "choir", met: 3))
        let decoded = try JSONDecoder().decode(PaceSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }

    @Test func kindsDefinedTogetherReplaceThoseOfTheSameNameAndTheLastOfOneNameWins() {
        var settings = PaceSettings()
        settings.define([
            ActivityKind(name: "choir", met: 3), ActivityKind(name: "Walk", aliases: ["stroll"], met: 2.5),
            ActivityKind(name: "CHOIR", met: 4),
        ])
        let names = settings.activities.map(\.name)
        #expect(names.count == ActivityKind.builtIn.count + 1)
        #expect(names.suffix(2) == ["Walk", "CHOIR"])
        #expect(settings.activity(named: "walk")?.met == 2.5)
        #expect(settings.activity(named: "stroll")?.name == "Walk")
        #expect(settings.activity(named: "choir")?.met == 4)
        var oneByOne = PaceSettings()
        for kind in [ActivityKind(name: "choir", met: 3), ActivityKind(name: "Walk", aliases: ["stroll"], met: 2.5)] {
            oneByOne.define(kind)
        }
        oneByOne.define(ActivityKind(name: "CHOIR", met: 4))
        #expect(oneByOne == settings)
    }

    @Test func quietHoursMayRunOverMidnight() {
        let night = ReminderSettings.QuietHours(start: ClockTime(hour: 22), end: ClockTime(hour: 8))
        #expect(night.contains(ClockTime(hour: 23)))
        #expect(night.contains(ClockTime(hour: 3)))
        #expect(!night.contains(ClockTime(hour: 8)))
        #expect(!night.contains(ClockTime(hour: 12)))
        let lunch = ReminderSettings.QuietHours(start: ClockTime(hour: 12), end: ClockTime(hour: 13, minute: 30))
        #expect(lunch.contains(ClockTime(hour: 13)))
        #expect(!lunch.contains(ClockTime(hour: 11, minute: 59)))
    }
}
