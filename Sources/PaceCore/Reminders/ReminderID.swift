/// The stable identity of one reminder, e.g. `bout:1764072300000` or `budget90:2026-11-25`.
///
/// The same situation always yields the same id, so the daemon can replace or close a notification that
/// has gone stale, record `reminderShown` / `reminderActedOn` events, and never show one twice.
/// Encodes as its string.
package struct ReminderID: Hashable, Sendable, Codable, CustomStringConvertible {
    package var rawValue: String

    package init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package var description: String { rawValue }

    /// The kind named by the id's prefix, if it is one Pace makes.
    package var kind: ReminderKind? {
        guard let colon = rawValue.firstIndex(of: ":") else { return nil }
        return ReminderKind(rawValue: String(rawValue[..<colon]))
    }

    /// The id of a reminder of `kind` about `subject` (a date, or the start of a bout or rest).
    package static func make(_ kind: ReminderKind, _ subject: String) -> ReminderID {
        ReminderID("\(kind.rawValue):\(subject)")
    }
}

/// What a reminder is about. The raw values appear in reminder ids and in the journal.
package enum ReminderKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// The current bout reached its length: stop and rest.
    case boutLimit = "bout"
    /// 90 % of today's budget is used.
    case budget90
    /// Today's budget is used.
    case budget100
    /// Today is a flare day: the budget is lower and reminders come earlier.
    case flareNotice = "flare"
    /// The current rest has lasted its minimum.
    case restLongEnough = "rest"
    /// The morning check-in prompt.
    case morningCheckIn = "checkin-morning"
    /// The evening check-in prompt.
    case eveningCheckIn = "checkin-evening"
    /// Back at the desk after a long time away: what was it, or did the bout left running go on?
    case awayQuestion = "away"
}

/// What the person did with a reminder (from a notification's buttons, or the CLI).
package enum ReminderAction: String, Codable, Sendable, Equatable, CaseIterable {
    /// [Stop]: the activity was stopped.
    case stop
    /// [Snooze]: reminders are held for the snooze length, then this one comes back once.
    case snooze
    /// [Start rest]: the activity was stopped and a rest begun.
    case startRest
    /// Closed without acting. Never counted against the budget.
    case dismissed
}
