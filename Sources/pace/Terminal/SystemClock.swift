import PaceCore
import PaceSystem

/// The wall clock and the local time zone, read in one place (PaceSystem's ``Clocks``) so every renderer can take
/// them as parameters.
enum SystemClock {
    /// The current time.
    static func now() -> Instant {
        Instant(millisecondsSinceEpoch: Clocks.realtimeMilliseconds())
    }

    /// The system's local time zone (`TZ`, else `/etc/localtime`), as the C library sees it.
    static let zone = LocalZone { instant in
        Clocks.utcOffsetSeconds(atSecondsSinceEpoch: instant.secondsSinceEpoch)
    }
}
