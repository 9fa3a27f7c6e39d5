import PaceCore
import PaceSystem

/// The wall clock and the local time zone, read in one place (PaceSystem's ``Clocks``) so every renderer can take
/// them as parameters.
enum SystemClock {
    /// The current time: the machine's wall clock, moved by the daemon's test clock when test hooks are on
    /// (``TestClockShift``), so that a test pins `pace` and `paced` to one "now".
    static func now() -> Instant {
        Instant(millisecondsSinceEpoch: Clocks.realtimeMilliseconds() &+ testShift)
    }

    /// The test hook's shift of the wall clock, read once; zero unless `PACE_TEST_HOOKS=1`.
    private static let testShift = TestClockShift.current(environment: ProcessEnvironment.current).wall

    /// The system's local time zone (`TZ`, else `/etc/localtime`), as the C library sees it.
    static let zone = LocalZone { instant in
        Clocks.utcOffsetSeconds(atSecondsSinceEpoch: instant.secondsSinceEpoch)
    }
}
