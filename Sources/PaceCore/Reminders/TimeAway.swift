/// A time away from the desk that the daemon noticed (idle, locked, screen saver), for the reminder planner to
/// ask about: "You were away 45 min (10:05–10:50). What was it?", or, with a bout left running, whether it went on.
///
/// The daemon knows the desk; the planner decides when to ask, within the one reminder budget (a slot of the
/// day's six, the minimum gap, held by quiet hours and a snooze, asked once). See ``PaceState/reminders(now:utcOffsetSeconds:away:)``.
package struct TimeAway: Sendable, Equatable {
    /// When the person left the desk.
    package var start: Instant
    /// When they came back.
    package var end: Instant
    /// The kinds to offer as buttons, most used first (at most two are offered, beside Rest).
    package var kinds: [String]

    /// A question not asked within this long after the person came back is not asked (held by quiet hours
    /// overnight, it is still asked in the morning).
    package static let askableSeconds: Int64 = 12 * 3600

    package init(start: Instant, end: Instant, kinds: [String]) {
        self.start = start
        self.end = end
        self.kinds = kinds
    }

    /// The id of the question about this time away: `away:<start in ms>`.
    package var reminderID: ReminderID { .make(.awayQuestion, String(start.millisecondsSinceEpoch)) }

    /// Whole minutes away.
    package var minutes: Int64 { end.seconds(since: start) / 60 }
}
