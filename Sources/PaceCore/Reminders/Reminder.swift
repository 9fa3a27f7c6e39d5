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

    /// How insistent the notification should be.
    package enum Urgency: String, Codable, Sendable, Equatable {
        case low
        case normal
    }
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
