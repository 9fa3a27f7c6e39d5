import PaceCore
import PaceProtocol

/// Times inside events: `at` and `start` in milliseconds since the epoch (the log's own form, docs/events.md),
/// and any top-level string that reads as RFC 3339 (for events of other shapes).
enum EventTimes {
    /// The fields that hold a time in milliseconds.
    static let millisecondFields: Set<String> = ["at", "start"]

    static func earliest(in events: [JSONValue]) -> Instant? {
        var earliest: Instant?
        for event in events {
            guard case .object(let members) = event else { continue }
            for (key, value) in members {
                let instant: Instant?
                switch value {
                case .integer(let milliseconds) where millisecondFields.contains(key):
                    instant = Instant(millisecondsSinceEpoch: milliseconds)
                case .string(let text) where text.count >= 20:
                    instant = Instant(rfc3339: text)
                default:
                    instant = nil
                }
                if let instant { earliest = min(earliest ?? instant, instant) }
            }
        }
        return earliest
    }
}
