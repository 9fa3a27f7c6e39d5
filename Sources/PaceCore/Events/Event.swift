/// A fact recorded in Pace's append-only log. State is whatever replaying these yields.
///
/// Every event carries the UTC instant it happened (`at`) and the local UTC offset at that moment, which
/// together place it in a pacing day even across DST changes and travel.
///
/// **The JSON encoding is the log's storage format, kept for years**: one flat object per event, a `type`
/// discriminator, fixed key names, instants as integers of milliseconds since the epoch, optional fields
/// left out when absent. Never rename a key or a `type`; add new ones. docs/events.md lists every shape:
///
/// ```json
/// {"type":"activityStarted","at":1764072300000,"utcOffsetSeconds":3600,"activity":"walk","intensity":"moderate","pointsPerMinute":1.8}
/// ```
package struct Event: Codable, Sendable, Equatable {
    /// When it happened, UTC.
    package var at: Instant
    /// Local time minus UTC at `at`, in seconds (3600 for CET, 7200 for CEST).
    package var utcOffsetSeconds: Int
    /// What happened.
    package var payload: Payload

    /// Creates an event.
    package init(at: Instant, utcOffsetSeconds: Int, _ payload: Payload) {
        self.at = at
        self.utcOffsetSeconds = utcOffsetSeconds
        self.payload = payload
    }

    /// What happened. The `type` value of each case is given in its documentation.
    package enum Payload: Sendable, Equatable {
        /// `activityStarted`: a bout begins now.
        case activityStarted(ActivityStart)
        /// `activityStopped`: the running bout ends now.
        case activityStopped
        /// `activityLogged`: an activity done earlier, away from the desk, entered afterwards.
        case activityLogged(LoggedActivity)
        /// `restStarted`: a rest block begins; `plannedSeconds` if the person gave a length.
        case restStarted(plannedSeconds: Int?)
        /// `restEnded`: the rest block ends.
        case restEnded
        /// `checkIn`: how the person is.
        case checkIn(CheckIn)
        /// `flareStarted`: flare mode on, until switched off or until `until`.
        case flareStarted(until: Instant?)
        /// `flareEnded`: flare mode off.
        case flareEnded
        /// `snoozed`: hold reminders until `until`; `reminder` comes back once then, if still relevant.
        case snoozed(until: Instant, reminder: ReminderID?)
        /// `reminderShown`: the daemon showed a reminder; `covers` lists reminders that were due at the same
        /// moment and folded into it (they count as shown, and are never shown on their own).
        case reminderShown(ReminderID, covers: [ReminderID])
        /// `reminderActedOn`: the person answered a reminder.
        case reminderActedOn(ReminderID, action: ReminderAction)
        /// `calibrationAnswered`: the answer to "what does a bad day allow?", in minutes of the reference
        /// activity, which sets the provisional budget of the first days.
        case calibrationAnswered(badDayMinutes: Int, pointsPerMinute: Double)
        /// `trialIncreaseRequested`: the person asked for a small, deliberate increase of the base.
        case trialIncreaseRequested
    }

    /// A bout that begins: which activity, how hard, and the rate it was counted at.
    ///
    /// The rate is stored so that history never changes when weights are edited or a kind is removed.
    package struct ActivityStart: Codable, Sendable, Equatable {
        package var activity: String
        package var intensity: Intensity
        package var pointsPerMinute: Double

        package init(activity: String, intensity: Intensity, pointsPerMinute: Double) {
            self.activity = activity
            self.intensity = intensity
            self.pointsPerMinute = pointsPerMinute
        }
    }

    /// An activity entered afterwards.
    package struct LoggedActivity: Codable, Sendable, Equatable {
        package var activity: String
        package var intensity: Intensity
        package var pointsPerMinute: Double
        /// When it began. It is placed in pacing days with the event's UTC offset.
        package var start: Instant
        package var durationSeconds: Int

        package init(
            activity: String, intensity: Intensity, pointsPerMinute: Double, start: Instant, durationSeconds: Int
        ) {
            self.activity = activity
            self.intensity = intensity
            self.pointsPerMinute = pointsPerMinute
            self.start = start
            self.durationSeconds = durationSeconds
        }

        /// When it ended.
        package var end: Instant { start.adding(seconds: Int64(durationSeconds)) }
    }
}

extension Event.Payload {
    /// The `type` discriminator written to the log.
    package var type: String {
        switch self {
        case .activityStarted: "activityStarted"
        case .activityStopped: "activityStopped"
        case .activityLogged: "activityLogged"
        case .restStarted: "restStarted"
        case .restEnded: "restEnded"
        case .checkIn: "checkIn"
        case .flareStarted: "flareStarted"
        case .flareEnded: "flareEnded"
        case .snoozed: "snoozed"
        case .reminderShown: "reminderShown"
        case .reminderActedOn: "reminderActedOn"
        case .calibrationAnswered: "calibrationAnswered"
        case .trialIncreaseRequested: "trialIncreaseRequested"
        }
    }
}
