import FoundationEssentials
import PaceCore
import PaceProtocol

/// Events as the log stores them: one compact UTF-8 JSON object each (the shape is in docs/events.md).
enum EventCodec {
    /// The bytes of `event`.
    static func encode(_ event: Event) -> [UInt8] {
        // Event's hand-written encoding cannot fail.
        (try? [UInt8](JSONEncoder().encode(event))) ?? []
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
