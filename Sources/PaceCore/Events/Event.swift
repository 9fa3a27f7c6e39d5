/// A fact recorded in Pace's append-only log. State is whatever replaying these yields.
///
/// Every event carries its ``Header`` — the UTC instant it happened (`at`) and the local UTC offset at that
/// moment, which together place it in a pacing day even across DST changes and travel — and a ``Payload``: what
/// happened, and its fields.
///
/// **The JSON encoding is the log's storage format, kept for years**: one flat object per event, the header's
/// fields and the payload's side by side with a `type` naming the payload, instants as integers of milliseconds
/// since the epoch, optional fields left out when absent. The Swift definitions here *are* that format: the
/// `type` is the payload's case name, the keys are the fields' names (synthesized `Codable`), so never rename a
/// case or a field; add new ones. docs/events.md lists every shape, generated from these definitions:
///
/// ```json
/// {"activity":"walk","at":1764072300000,"intensity":"moderate","pointsPerMinute":1.8,"type":"activityStarted","utcOffsetSeconds":3600}
/// ```
/// Where an event came from, which decides who wins when two bouts cover the same minutes: typed beats sensed
/// beats imported. Events from another device's log keep the source they were recorded with there.
package enum EventSource: String, Codable, Sendable, CaseIterable, Comparable {
    /// Typed by the person (here or on another device), or recorded by the daemon (reminders).
    case typed
    /// Sensed (a heart-rate sensor).
    case sensed
    /// Imported from a file.
    case imported

    /// Typed ranks highest.
    package var rank: Int {
        switch self {
        case .typed: 2
        case .sensed: 1
        case .imported: 0
        }
    }

    package static func < (left: EventSource, right: EventSource) -> Bool { left.rank < right.rank }
}

@dynamicMemberLookup
package struct Event: Sendable, Equatable {
    /// When it happened, and where in time that was.
    package var header: Header
    /// What happened.
    package var payload: Payload

    /// Creates an event.
    package init(at: Instant, utcOffsetSeconds: Int, _ payload: Payload) {
        header = Header(at: at, utcOffsetSeconds: utcOffsetSeconds)
        self.payload = payload
    }

    /// When it was recorded: ``Header/recordedAt``, or `at` for an event recorded as it happened.
    package var recordedTime: Instant { header.recordedAt ?? header.at }

    /// Where it came from: ``Header/source``, or typed.
    package var origin: EventSource { header.source ?? .typed }

    /// Creates an event of a header and a payload.
    package init(header: Header, payload: Payload) {
        self.header = header
        self.payload = payload
    }

    /// The header's fields as the event's own: `event.at`, `event.utcOffsetSeconds`.
    @inlinable
    package subscript<Value>(dynamicMember field: WritableKeyPath<Header, Value>) -> Value {
        get { header[keyPath: field] }
        set { header[keyPath: field] = newValue }
    }

    /// What every event carries besides its payload. Its fields are written beside the payload's, under their names;
    /// a field added here is in every event from then on.
    package struct Header: Codable, Sendable, Equatable {
        /// When it happened, UTC.
        package var at: Instant
        /// Local time minus UTC at `at`, in seconds (3600 for CET, 7200 for CEST).
        package var utcOffsetSeconds: Int
        /// Its identity (``EventID``). Events written before ids have none in the log: readers derive one
        /// (``EventID/derived(at:occurrence:content:)``), so in memory every event has one.
        package var id: EventID?
        /// When it was recorded, if later than `at` (a start given with `--at`, an import, a late sync); left out
        /// when it is `at`.
        package var recordedAt: Instant?
        /// Where it came from; left out for typed (the person, or this Pace's daemon).
        package var source: EventSource?
        /// The device whose sync folder it was received from (docs/sync.md); left out for events recorded here.
        /// It never changes how the event is counted.
        package var device: DeviceID?

        package init(
            at: Instant, utcOffsetSeconds: Int, id: EventID? = nil, recordedAt: Instant? = nil,
            source: EventSource? = nil, device: DeviceID? = nil
        ) {
            self.at = at
            self.utcOffsetSeconds = utcOffsetSeconds
            self.id = id
            self.recordedAt = recordedAt
            self.source = source
            self.device = device
        }
    }

    /// What happened: one case per event type, named as the log's `type`, carrying the type's fields (a struct
    /// whose synthesized `Codable` keys are the log's keys) or nothing.
    ///
    /// Adding an event type is adding its case here, its name to ``Kind``, and a line to each of the two `switch`es
    /// in `Event+Codable.swift` (the compiler points at each); the log's reader and writer, and docs/events.md,
    /// follow from them.
    package enum Payload: Sendable, Equatable {
        /// `activityStarted`: a bout begins now.
        case activityStarted(ActivityStart)
        /// `activityStopped`: the running bout ends now.
        case activityStopped
        /// `activityLogged`: something done earlier, away from the desk, entered afterwards; placed in days with
        /// the event's offset.
        case activityLogged(LoggedActivity)
        /// `restStarted`: a rest block begins.
        case restStarted(RestStarted)
        /// `restEnded`: the rest ends.
        case restEnded
        // Boxed (`indirect`), as `amended` is: their fields take 104 bytes, the other payloads' at most 48, and the
        // record holds weeks of events in memory (the ledger's window), a few check-ins among every twenty.
        /// `checkIn`: how the person is, on scales of 0–10 (energy 5 = "my usual").
        indirect case checkIn(CheckIn)
        /// `flareStarted`: flare mode on, until switched off or until `until`.
        case flareStarted(FlareStarted)
        /// `flareEnded`: flare mode off.
        case flareEnded
        /// `snoozed`: reminders held until `until`; `reminder` comes back once then.
        case snoozed(Snoozed)
        /// `reminderShown`: the daemon showed a reminder; `covers` are those folded into it.
        case reminderShown(ReminderShown)
        /// `reminderActedOn`: the person answered a reminder.
        case reminderActedOn(ReminderActedOn)
        /// `calibrationAnswered`: "what does a bad day allow?", in minutes of the reference activity.
        case calibrationAnswered(CalibrationAnswered)
        /// `trialIncreaseRequested`: the person asked for a 5 % trial increase of the base.
        case trialIncreaseRequested
        /// `retracted`: the event `target` is taken back (`pace delete`, `pace undo`). It stays in the log.
        case retracted(Retraction)
        /// `amended`: the bout `target` is corrected (`pace edit`): the fields given replace the bout's.
        indirect case amended(Amendment)
        /// `morningReading`: resting heart rate and RMSSD from the RR intervals of a few quiet minutes (the first of
        /// the day, or `pace morning`); with `newBaseline`, the first reading of a new baseline
        /// (`pace morning --rebaseline`).
        case morningReading(MorningReading)

        /// The event types, by their `type` in the log: each case's name.
        package enum Kind: String, CaseIterable, Sendable {
            case activityStarted, activityStopped, activityLogged, restStarted, restEnded, checkIn, flareStarted
            case flareEnded, snoozed, reminderShown, reminderActedOn, calibrationAnswered, trialIncreaseRequested
            case retracted, amended, morningReading
        }
    }
}
