import PaceCore
import PaceProtocol

/// Times inside events whose fields Pace does not know: every top-level string that reads as RFC 3339.
enum EventTimes {
    static func earliest(in events: [JSONValue]) -> Instant? {
        var earliest: Instant?
        for event in events {
            guard case .object(let members) = event else { continue }
            for case .string(let text) in members.values {
                guard text.count >= 20, let instant = Instant(rfc3339: text) else { continue }
                earliest = min(earliest ?? instant, instant)
            }
        }
        return earliest
    }
}
