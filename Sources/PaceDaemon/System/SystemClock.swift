package import PaceCore
import PaceSystem
import Synchronization

/// The machine's wall clock and time zone, as the daemon reads them; injected into every part that needs "now".
///
/// In tests only (`PACE_TEST_HOOKS=1`, see ``ClockWatcher``) the daemon's wall clock may run ahead of (or behind)
/// the machine's by an offset, so a test can move past deadlines without sleeping or setting the machine's clock.
/// Without that variable the offset is always zero.
package final class SystemClock: WallClock {
    /// How far this clock runs ahead of `CLOCK_REALTIME`, in milliseconds; moved only by ``ClockWatcher``.
    private let offset = Atomic<Int64>(0)

    package init() {}

    /// Now, from `CLOCK_REALTIME` (plus the test offset).
    package func now() -> Instant {
        Instant(millisecondsSinceEpoch: Clocks.realtimeMilliseconds() + offset.load(ordering: .relaxed))
    }

    /// Local time minus UTC, in seconds, at `instant`, from the system time zone (`TZ`, `/etc/localtime`).
    package func utcOffsetSeconds(at instant: Instant) -> Int {
        Clocks.utcOffsetSeconds(atSecondsSinceEpoch: instant.secondsSinceEpoch)
    }

    /// The test offset: how far this clock is ahead of `CLOCK_REALTIME`, in milliseconds.
    package var testOffsetMilliseconds: Int64 { offset.load(ordering: .relaxed) }

    /// Moves the clock; only the test hook calls this.
    func setTestOffset(milliseconds: Int64) {
        offset.store(milliseconds, ordering: .relaxed)
    }
}
