package import PaceCore

/// Random events of every type, with optional fields present or not, for the property tests of the event codecs
/// (the log's writer, the replay's fast scan, `JSONDecoder`).
package enum RandomEvent {
    /// Texts people type, and texts that stress the JSON: quotes, backslashes, slashes, control characters,
    /// non-ASCII, emoji, combining marks, the line separators JSON allows unescaped.
    package static let texts = [
        "walk", "yoga", "water-exercise", "café with Ana", "tired", "", "a \"quoted\" word", #"back\slash"#,
        "slept 5/10", "tab\there", "line\nbreak", "nul\u{0}", "🧘 stretching", "日本語", "\u{2028}sep", "x",
        "bout:1764072300000", "budget90:2026-11-25", String(repeating: "long ", count: 40), "e\u{301}",
    ]

    /// A random event drawn with `random`.
    package static func make(_ random: inout SplitMix) -> Event {
        func text() -> String { texts[random.int(0..<texts.count)] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.int(0..<3) == 0 ? nil : value() }
        func int() -> Int {
            [0, 1, -1, 7, 10, 3600, -18_000, 86_400, Int.max, Int.min, random.int(-1_000_000..<1_000_000)][
                random.int(0..<11)]
        }
        func instant() -> Instant {
            Instant(
                millisecondsSinceEpoch: [0, -1, 1_764_072_300_000, Int64.max, Int64.min][random.int(0..<5)]
                    &+ Int64(random.int(0..<100_000)))
        }
        func double() -> Double {
            [
                1.8, 0, -0.0, 0.1, 1e-7, 2.04, 1e21, 123_456.789, 1.7999999999999998, .leastNonzeroMagnitude,
                1.7976931348623157e308,
            ][random.int(0..<11)]
                + Double(random.int(0..<4)) / 8
        }
        let intensity = Intensity.allCases[random.int(0..<3)]
        let action = ReminderAction.allCases[random.int(0..<ReminderAction.allCases.count)]
        let payload: Event.Payload
        switch random.int(0..<13) {
        case 0:
            payload = .activityStarted(.init(activity: text(), intensity: intensity, pointsPerMinute: double()))
        case 1: payload = .activityStopped
        case 2:
            payload = .activityLogged(
                .init(
                    activity: text(), intensity: intensity, pointsPerMinute: double(), start: instant(),
                    durationSeconds: int()))
        case 3: payload = .restStarted(.init(plannedSeconds: maybe(int())))
        case 4: payload = .restEnded
        case 5:
            payload = .checkIn(
                CheckIn(
                    energy: maybe(int()), fatigue: maybe(int()), pain: maybe(int()), sleepQuality: maybe(int()),
                    stress: maybe(int()), flare: maybe(random.int(0..<2) == 0), note: maybe(text()),
                    complete: maybe(random.int(0..<2) == 0)))
        case 6: payload = .flareStarted(.init(until: maybe(instant())))
        case 7: payload = .flareEnded
        case 8: payload = .snoozed(.init(until: instant(), reminder: maybe(ReminderID(text()))))
        case 9:
            payload = .reminderShown(
                .init(reminder: ReminderID(text()), covers: (0..<random.int(0..<4)).map { _ in ReminderID(text()) }))
        case 10: payload = .reminderActedOn(.init(reminder: ReminderID(text()), action: action))
        case 11: payload = .calibrationAnswered(.init(badDayMinutes: int(), pointsPerMinute: double()))
        default: payload = .trialIncreaseRequested
        }
        return Event(at: instant(), utcOffsetSeconds: int(), payload)
    }
}
