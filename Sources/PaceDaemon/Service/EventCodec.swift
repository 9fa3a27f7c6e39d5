import FoundationEssentials
import PaceCore
import PaceProtocol

/// Events as the log stores them: one compact UTF-8 JSON object each (the shape is in docs/events.md).
enum EventCodec {
    /// The bytes of `event`: what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes, written
    /// directly with ``JSONObjectWriter`` (every acknowledged write encodes its event: 10,000 instructions, where
    /// `JSONEncoder` took 44,000 and the Codable path of ``CompactJSONEncoder`` 40,000). A test compares the bytes
    /// with `JSONEncoder`'s.
    ///
    /// Key order is not significant in the log and `JSONEncoder` left it to chance; sorted keys make it the order
    /// of ``canonical(_:)``. Slashes are not escaped (`\/` and `/` read the same; unescaped, the replay's fast
    /// scan takes a note such as "slept 5/10" too). The members are those `Event.encode(to:)` writes.
    static func encode(_ event: Event) -> [UInt8] {
        var object = JSONObjectWriter()
        object.string("type", event.payload.type)
        object.integer("at", event.at.millisecondsSinceEpoch)
        object.integer("utcOffsetSeconds", event.utcOffsetSeconds)
        switch event.payload {
        case .activityStarted(let start):
            object.string("activity", start.activity)
            object.string("intensity", start.intensity.rawValue)
            object.double("pointsPerMinute", start.pointsPerMinute)
        case .activityStopped, .restEnded, .flareEnded, .trialIncreaseRequested:
            break
        case .activityLogged(let logged):
            object.string("activity", logged.activity)
            object.string("intensity", logged.intensity.rawValue)
            object.double("pointsPerMinute", logged.pointsPerMinute)
            object.integer("start", logged.start.millisecondsSinceEpoch)
            object.integer("durationSeconds", logged.durationSeconds)
        case .restStarted(let planned):
            object.integer("plannedSeconds", planned)
        case .checkIn(let checkIn):
            object.integer("energy", checkIn.energy)
            object.integer("fatigue", checkIn.fatigue)
            object.integer("pain", checkIn.pain)
            object.integer("sleepQuality", checkIn.sleepQuality)
            object.integer("stress", checkIn.stress)
            object.bool("flare", checkIn.flare)
            object.string("note", checkIn.note)
        case .flareStarted(let until):
            object.integer("until", until?.millisecondsSinceEpoch)
        case .snoozed(let until, let reminder):
            object.integer("until", until.millisecondsSinceEpoch)
            object.string("reminder", reminder?.rawValue)
        case .reminderShown(let id, let covers):
            object.string("reminder", id.rawValue)
            if !covers.isEmpty { object.strings("covers", covers.map(\.rawValue)) }
        case .reminderActedOn(let id, let action):
            object.string("reminder", id.rawValue)
            object.string("action", action.rawValue)
        case .calibrationAnswered(let minutes, let rate):
            object.integer("badDayMinutes", minutes)
            object.double("pointsPerMinute", rate)
        }
        // A non-finite double is refused, as by `JSONEncoder` (the core's arithmetic on finite settings makes none).
        return object.json() ?? []
    }

    /// The same bytes for the same event, whatever order its keys were written in: what "already recorded"
    /// compares when events are imported.
    static func canonical(_ event: Event) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? [UInt8](encoder.encode(event))) ?? []
    }

    /// The event in `payload`.
    ///
    /// Events in the common flat shape are scanned directly (``Event/init(flatJSON:)``), about ten times faster
    /// than `JSONDecoder`, which matters for replaying a long log at start-up; anything else goes to the Codable
    /// decoder, which is the reference and gives the same event for everything the scan accepts.
    /// - Throws: `DecodingError` for bytes that are not a Pace event (or an event type from a newer Pace).
    static func decode(_ payload: some Collection<UInt8>) throws -> Event {
        let fast = payload.withContiguousStorageIfAvailable { Event(flatJSON: UnsafeRawBufferPointer($0)) }
        if let event = fast ?? nil { return event }
        return try JSONDecoder().decode(Event.self, from: Data(payload))
    }

    /// The payload as a JSON value, unknown fields and all (for export).
    static func value(_ payload: some Collection<UInt8>) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(payload))
    }

    /// The event a JSON value describes (for import).
    static func decode(_ value: JSONValue) throws -> Event {
        try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(value))
    }
}
