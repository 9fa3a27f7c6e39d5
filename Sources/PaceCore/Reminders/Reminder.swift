/// A reminder to show now: what it says, which buttons it offers, and what it stands for.
///
/// The daemon shows it (a desktop notification, the journal, `Watch` subscribers), then records
/// `Command.reminderShown(id, covers: covers)`. A notification whose id appears later in
/// ``ReminderDecision/stale`` should be closed.
package struct Reminder: Codable, Sendable, Equatable {
    /// Stable identity: the same situation always has the same id.
    package var id: ReminderID
    package var kind: ReminderKind
    /// One short line.
    package var title: String
    /// One or two calm, factual sentences.
    package var body: String
    /// The buttons to offer; each click becomes `Command.reminderActedOn(id, action)`.
    package var actions: [ReminderAction]
    package var urgency: Urgency
    /// When it became due (earlier than now after a suspend or quiet hours).
    package var dueAt: Instant
    /// Reminders due at the same moment and folded into this one (after a suspend, say): record them with it.
    package var covers: [ReminderID]
    /// The answers a question offers as buttons after ``actions`` (the check-in prompts): each press records its
    /// check-in, as `pace checkin` would.
    package var answers: [ReminderAnswer] = []
    /// Whether it stays on screen until it is answered or its situation passes (the daemon closes it then),
    /// rather than for the notification server's usual few seconds.
    package var staysUntilAnswered = false
    /// The command to type instead of pressing a button, for a notification server that shows none and for
    /// terminals (`pace watch`); `nil` when the body says enough.
    package var typed: String?

    /// The most buttons any notification offers: GNOME Shell shows three.
    package static let maximumButtons = 3

    /// The body followed by ``typed``: what a reader who cannot press a button needs.
    package var bodyWithCommand: String {
        guard let typed else { return body }
        return body + " " + typed
    }

    /// How insistent the notification should be.
    package enum Urgency: String, Codable, Sendable, Equatable {
        case low
        case normal
    }
}

/// One answer a question offers as a button, and what a press records.
package struct ReminderAnswer: Codable, Sendable, Equatable {
    /// The notification's action key, e.g. `energy-good`.
    package var key: String
    /// The button's label, e.g. `Good`.
    package var label: String
    package var effect: Effect

    package init(key: String, label: String, effect: Effect) {
        self.key = key
        self.label = label
        self.effect = effect
    }

    package init(key: String, label: String, checkIn: CheckIn) {
        self.init(key: key, label: label, effect: .checkIn(checkIn))
    }

    /// What a press records: the event the CLI would make for the same answer.
    package enum Effect: Codable, Sendable, Equatable {
        /// A check-in, as `pace checkin` records it.
        case checkIn(CheckIn)
        /// An activity done then, as `pace log` records it (typed, late, with its own times).
        case logActivity(activity: String, start: Instant, durationSeconds: Int)
        /// A rest from `start` to `end`, recorded late with its own times.
        case rest(start: Instant, end: Instant)
        /// The running bout stopped at `at` (earlier than now), as `pace stop --at` records it.
        case stopActivity(at: Instant)
        /// The running bout went on: nothing to record.
        case keepActivity
    }

    /// The check-in a press records, if it records one.
    package var checkIn: CheckIn? {
        if case .checkIn(let checkIn) = effect { return checkIn }
        return nil
    }

    /// Low · Usual · Good: energy 3, 5 and 7 on the 0 to 10 scale where 5 is the person's usual.
    package static let energy = [
        ReminderAnswer(key: "energy-low", label: "Low", checkIn: CheckIn(energy: 3)),
        ReminderAnswer(key: "energy-usual", label: "Usual", checkIn: CheckIn(energy: 5)),
        ReminderAnswer(key: "energy-good", label: "Good", checkIn: CheckIn(energy: 7)),
    ]

    /// Flare · OK: a check-in with flare true or false.
    package static let flare = [
        ReminderAnswer(key: "flare", label: "Flare", checkIn: CheckIn(flare: true)),
        ReminderAnswer(key: "no-flare", label: "OK", checkIn: CheckIn(flare: false)),
    ]
}

/// The answer to "what should be shown now, and when could that change?".
package struct ReminderDecision: Codable, Sendable, Equatable {
    /// What to show now: at most one reminder, however many fell due (overdue ones are coalesced).
    package var due: [Reminder]
    /// The next instant at which the answer could change without any new event; the daemon arms one
    /// wall-clock timer for it (and asks again after every event it applies, and after a resume or clock jump).
    /// Always later than `now`.
    package var nextWakeAt: Instant?
    /// Reminders shown today and not answered whose situation has passed (the bout stopped, the rest
    /// ended, the check-in was made): close their notifications.
    package var stale: [ReminderID]
    /// Why something due is not shown now, if it is held.
    package var held: Hold?
    /// When the hold ends (a snooze, quiet hours, the minimum gap), if it is held and that is known.
    package var heldUntil: Instant? = nil

    /// Why a due reminder is held back.
    package enum Hold: String, Codable, Sendable, Equatable {
        case snoozed
        case quietHours
        /// Less than the minimum gap since the last reminder.
        case minimumGap
        /// The day's reminders are used up.
        case dailyLimit
    }
}
