import Foundation
import Testing

@testable import PaceCore

/// docs/envelope.md states the whole reminder budget in one table ("One reminder budget"); its numbers are the
/// defaults, and the keys it names are configuration keys.
@Suite struct ReminderBudgetDocumentationTests {
    static let root = EventsDocumentationTests.root

    /// The table's rows, as cells, keyed by the first cell's first words.
    static func rows() throws -> [[String]] {
        let document = try String(contentsOf: root.appending(path: "docs/envelope.md"), encoding: .utf8)
        let start = try #require(document.range(of: "**One reminder budget.**"))
        return document[start.upperBound...].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    @Test func theTableSaysTheDefaults() throws {
        let rows = try Self.rows()
        let reminders = ReminderSettings()
        let heartRate = HeartRateSettings()
        let shared = try #require(rows.first { $0.first?.hasPrefix("stop-and-rest") == true })
        #expect(shared[1].hasPrefix("\(reminders.maximumPerDay) shared"))
        #expect(shared[2].hasPrefix("\(reminders.minimumGapMinutes) min shared"))
        let quiet = try #require(reminders.quietHours)
        let hhmm = { (time: ClockTime) in
            (time.hour < 10 ? "0" : "") + "\(time.hour):" + (time.minute < 10 ? "0" : "") + "\(time.minute)"
        }
        #expect(shared[3].contains("\(hhmm(quiet.start))–\(hhmm(quiet.end))"))
        // Prompts count in the same budget.
        for name in ["morning and evening check-in prompts", "question about a sensed heart-rate bout"] {
            let row = try #require(rows.first { $0.first?.hasPrefix(name) == true }, "\(name)")
            #expect(row[1] == "in the shared \(reminders.maximumPerDay)")
            #expect(row[2] == "in the shared gap")
            #expect(row[3] == "held")
        }
        let away = try #require(rows.first { $0.first?.hasPrefix("away question") == true })
        #expect(away[1] == "in the shared \(reminders.maximumPerDay), one per time away of 20 min or more")
        #expect(away[2] == "in the shared gap")
        #expect(away[3] == "held")
        #expect(away[4] == "held")
        let alert = try #require(rows.first { $0.first?.hasPrefix("heart-rate alert") == true })
        #expect(alert[1].hasPrefix("\(heartRate.alertsPerDay) of its own"))
        #expect(alert[2].hasPrefix("\(heartRate.alertGapMinutes) min of its own"))
        #expect(heartRate.alertHeldInQuietHours)
    }

    @Test func theKeysItNamesAreConfigurationKeys() throws {
        let text = try String(
            contentsOf: Self.root.appending(path: "Sources/PaceDaemon/Config/Configuration.swift"), encoding: .utf8)
        let rows = try Self.rows().flatMap { $0 }.joined(separator: " ")
        let keys = rows.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(keys.count >= 7)
        for key in keys {
            let parts = key.dropFirst().split(separator: "] ")
            try #require(parts.count == 2, "\(key)")
            #expect(text.contains(#"ConfigurationKey("\#(parts[0])", "\#(parts[1])""#), "\(key)")
        }
    }
}
