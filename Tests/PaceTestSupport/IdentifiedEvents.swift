package import PaceCore

extension Array where Element == Event {
    /// The events, each given an id as the daemon gives ids (counting up within an instant), and deterministic: so
    /// that a reference folded with `PaceState(replaying:)` holds the same bout precedences as what the daemon
    /// replays from a log the events were written to. An event that has an id keeps it.
    package func identified(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [Event] {
        var occurrences = EventOccurrences()
        return enumerated().map { index, event in
            var event = event
            event.header.id = occurrences.id(of: event) { EventID.contentHash([UInt8](String(index).utf8)) ^ seed }
            return event
        }
    }
}
