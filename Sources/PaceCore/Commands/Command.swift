/// A request to change something, before it is validated and turned into events.
///
/// The daemon calls ``PaceState/events(for:now:utcOffsetSeconds:)`` with one of these; it either gets the
/// events to append (then applies them) or a ``PaceError`` — before anything is written.
package enum Command: Sendable, Equatable {
    /// Start a bout of `activity` (a name or alias); `intensity` defaults to the setting (moderate).
    /// A running rest ends.
    case startActivity(activity: String, intensity: Intensity? = nil)
    /// Stop the running bout.
    case stopActivity
    /// Enter an activity done earlier.
    case logActivity(activity: String, intensity: Intensity? = nil, start: Instant, durationSeconds: Int)
    /// Start a rest, optionally of a planned length. A running bout stops.
    case startRest(plannedSeconds: Int? = nil)
    /// End the rest.
    case endRest
    /// Record a check-in. Answering "no flare" while flare mode is on also switches it off.
    case checkIn(CheckIn)
    /// Switch flare mode on, until switched off or until `until`.
    case startFlare(until: Instant? = nil)
    /// Switch flare mode off.
    case endFlare
    /// Hold reminders for `seconds` (default: the snooze setting); `reminder` comes back once afterwards.
    case snooze(seconds: Int? = nil, reminder: ReminderID? = nil)
    /// The daemon showed a reminder (pass the ``Reminder``'s `id` and `covers`).
    case reminderShown(ReminderID, covers: [ReminderID] = [])
    /// The person answered a reminder: [Stop] also stops the bout, [Start rest] stops it and starts a rest,
    /// [Snooze] snoozes.
    case reminderActedOn(ReminderID, ReminderAction)
    /// Answer "what does a bad day allow?" in minutes of the reference activity (calibration only).
    case answerCalibration(badDayMinutes: Int)
    /// Ask for a small, deliberate increase of the base (5 %, at most weekly).
    case requestTrialIncrease
}
