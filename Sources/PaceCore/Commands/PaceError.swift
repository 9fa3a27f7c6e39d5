/// Why a command cannot be carried out. Nothing was recorded.
///
/// ``kind`` says what went wrong with the values that matter (the bout that is running, the kind that is
/// unknown, the field that is out of range), typed, so the daemon turns each into its `io.pace.Daemon` error
/// without looking anything up; ``message`` is a sentence a person can act on.
package struct PaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    package var kind: Kind
    /// What went wrong and what to do, in plain words.
    package var message: String

    /// What went wrong, with the values that matter.
    package enum Kind: Sendable, Equatable {
        /// Stop, or a [Stop] answer, with no bout running.
        case noActivityRunning
        /// Start while another bout is running: the running one's kind and start.
        case activityAlreadyRunning(activity: String, startedAt: Instant)
        /// An activity name that is neither built in nor defined in the config.
        case unknownActivityKind(String)
        /// End rest with no rest running.
        case restNotRunning
        /// Start rest while resting.
        case restAlreadyRunning
        /// Switch flare mode off while it is off.
        case flareNotActive
        /// A logged activity that overlaps the running bout.
        case overlapsRunningActivity
        /// An answer to a reminder that was not shown today or yesterday.
        case unknownReminder(ReminderID)
        /// A trial increase that the rules do not allow now (the message says why).
        case trialIncreaseUnavailable
        /// The bad-day question answered after calibration, when it no longer sets anything.
        case calibrationFinished
        /// A typed entry that is unlikely as typed (too long, too much, over another typed bout): recorded only
        /// when the call confirms it.
        case implausible
        /// A value out of range or malformed.
        case invalidValue(Field)
        /// No event has that id (or id prefix), or it is not an id at all: the text as given.
        case eventNotFound(String)
        /// The event is taken back already (retracting it again, or amending it).
        case eventAlreadyRetracted(EventID)
        /// An amendment of an event that is not a bout.
        case notABout(EventID)
        /// An id prefix that begins more than one event's id: the prefix, and how many.
        case ambiguousEventID(String, matches: Int)
    }

    /// A value a command carries, named as the request that carried it names it.
    package enum Field: String, Sendable, Equatable, CaseIterable {
        /// When a bout began (`pace start --at`, `pace log … --at`).
        case startedAt
        /// When a bout ended (`pace stop --at`).
        case endedAt
        /// How long a logged activity lasted, or a snooze holds.
        case durationSeconds
        /// How long a rest is meant to last.
        case plannedSeconds
        case energy
        case fatigue
        case pain
        case sleep
        case stress
        case note
        /// A check-in as a whole (one with no answer at all).
        case parameters
        /// When flare mode ends.
        case until
        /// The reminder answered.
        case id
        /// The minutes a bad day allows.
        case badDayMinutes
        /// A bout's new start (`pace edit --start`).
        case start
        /// A bout's new length in minutes (`pace edit --length`).
        case durationMinutes
    }

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An ``Kind/invalidValue(_:)`` error about `field`.
    package static func invalidValue(_ field: Field, _ message: String) -> PaceError {
        PaceError(.invalidValue(field), message)
    }

    package var description: String { message }

    /// Errors are equal when their kinds are; the wording may change.
    package static func == (lhs: PaceError, rhs: PaceError) -> Bool {
        lhs.kind == rhs.kind
    }
}
