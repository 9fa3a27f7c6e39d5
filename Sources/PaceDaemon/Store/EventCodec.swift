// The event fuzzer (`make fuzz`, EVENT_FUZZ_SOURCES in the Makefile) compiles this file into one module with the
// source files of PaceCore, PaceJSON and JSONValue, where there is none of them to import.
#if canImport(PaceCore)
import PaceCore
import PaceJSON
import PaceProtocol
#endif

/// Events as the log stores them: one compact UTF-8 JSON object each, in the shape `PaceCore`'s `Codable`
/// definitions give (docs/events.md lists it).
///
/// Replay reads hundreds of thousands of them at start-up, so each is read and written first by the fast path
/// generated from those definitions (`EventCodec+FastPath.swift`: one pass over the text, each key to its field, no
/// tokens, no `Decoder` or `Encoder`, a fraction of their work); whatever that does not decide (text it does not know, a number JSON cannot write) goes to PaceJSON's
/// `Codable` reader and writer, which give the same results (property tests hold all three to `JSONDecoder` and
/// `JSONEncoder`).
enum EventCodec {
    /// The bytes of `event`: what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes (a test holds
    /// the two equal, and golden files hold them to what the log has always held).
    ///
    /// Keys are sorted, so this is also the order of ``canonical(_:)``. Slashes are not escaped (`\/` and `/` read
    /// the same; unescaped is shorter).
    static func encode(_ event: Event) -> [UInt8] {
        if let text = fastText(of: event) { return text }
        // A non-finite double is refused, as by `JSONEncoder` (the core's arithmetic on finite settings makes none).
        return (try? JSONWriter().encode(event)) ?? []
    }

    /// The same bytes for the same event, whatever order its keys were written in: what "already recorded"
    /// compares when events are imported.
    static func canonical(_ event: Event) -> [UInt8] { encode(event) }

    /// The event in `payload`.
    /// - Throws: `DecodingError` for bytes that are not a Pace event (or an event type from a newer Pace).
    static func decode(_ payload: some Collection<UInt8>) throws -> Event {
        if let event = payload.withContiguousStorageIfAvailable({ fastEvent(UnsafeRawBufferPointer($0)) }) ?? nil {
            return event
        }
        return try JSONReader().decode(Event.self, from: payload)
    }

    /// The event `value` holds (an element of a call's parameters, scanned with the call), read by the fast path;
    /// `nil` where that does not decide.
    static func fastEvent(_ value: JSONValueView) -> Event? {
        value.members { fastEvent(&$0) }
    }

    /// The payload as a JSON value, unknown fields and all (for export).
    static func value(_ payload: some Collection<UInt8>) -> JSONValue? {
        try? JSONReader().decode(JSONValue.self, from: payload)
    }

    /// The event a JSON value describes (for import).
    static func decode(_ value: JSONValue) throws -> Event {
        try JSONReader().decode(Event.self, from: JSONWriter().encode(value))
    }
}
