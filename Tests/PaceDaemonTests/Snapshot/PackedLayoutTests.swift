import PaceCore
import Testing

@testable import PaceDaemon

/// The types packed by hand (`DayRecord+BinaryPacked.swift`) list their stored properties here. A property added
/// to one of them fails this test until the packed layout writes it and the payload version is raised: the
/// round-trip tests catch a forgotten field only when random histories happen to fill it in.
@Suite struct PackedLayoutTests {
    static func storedProperties(of value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label)
    }

    static let budget = DayBudget(
        points: 1, base: 1, energyFactor: 1, energySource: .usual, flare: .none, debt: 0)

    @Test func everyStoredPropertyOfAPackedTypeIsInItsLayout() {
        let date = CivilDate(year: 2026, month: 11, day: 25)
        let layouts: [(String, Any, [String])] = [
            (
                "DayRecord", DayRecord(date: date),
                [
                    "date", "load", "activeSeconds", "activityCount", "checkIns", "lastCheckInAt", "flareReported",
                    "flareModeAtEnd", "flareModeExpired", "lastFlareWord", "recorded", "trialIncrease",
                    "remindersShown", "remindersAnswered", "verdict", "bouts", "corrected",
                ]
            ),
            ("FlareWord", DayRecord.FlareWord(at: Instant(millisecondsSinceEpoch: 0), flare: true), ["at", "flare"]),
            (
                "ShownReminder", DayRecord.ShownReminder(id: ReminderID("r"), at: Instant(millisecondsSinceEpoch: 0)),
                ["id", "at", "covers"]
            ),
            ("Verdict", DayRecord.Verdict(budget: Self.budget), ["budget", "change"]),
            (
                "BaseChange", BaseChange(date: date, from: 1, to: 2, reason: .calibrated),
                ["date", "from", "to", "reason"]
            ),
            (
                "CheckIn", CheckIn(),
                ["energy", "fatigue", "pain", "sleepQuality", "stress", "flare", "note", "complete"]
            ),
            (
                "DayBudget", Self.budget,
                ["points", "base", "provisional", "energyFactor", "energySource", "flare", "debt"]
            ),
        ]
        for (name, value, packed) in layouts {
            #expect(
                Self.storedProperties(of: value) == packed,
                "\(name) changed: update its packed layout (DayRecord+BinaryPacked.swift) and raise the snapshot payload version"
            )
        }
    }
}
