import Glibc
package import PaceCore
import Synchronization

/// The real clock, read only at the daemon's edge; the core gets the values as parameters.
///
/// In tests only (`PACE_TEST_HOOKS=1`, see ``ClockWatcher``) the daemon's wall clock may run ahead of (or
/// behind) the machine's by a fixed offset, so a test can move past deadlines without sleeping or setting
/// the machine's clock. Without that variable the offset is always zero.
package enum WallClock {
    /// The test offset in milliseconds; written only by ``ClockWatcher`` when test hooks are on.
    private static let offset = Atomic<Int64>(0)

    /// Now, from `CLOCK_REALTIME` (plus the test offset).
    package static func now() -> Instant {
        Instant(millisecondsSinceEpoch: machineMilliseconds() + offset.load(ordering: .relaxed))
    }

    /// The test offset: how far the daemon's wall clock is ahead of `CLOCK_REALTIME`, in milliseconds.
    package static var testOffsetMilliseconds: Int64 { offset.load(ordering: .relaxed) }

    /// Moves the daemon's wall clock; only the test hook calls this.
    static func setTestOffset(milliseconds: Int64) {
        offset.store(milliseconds, ordering: .relaxed)
    }

    /// `CLOCK_REALTIME` itself in milliseconds, for arming kernel timers.
    static func machineMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Microseconds on `CLOCK_MONOTONIC`, the clock systemd's `MONOTONIC_USEC=` is read on.
    package static func monotonicMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }

    /// Local time minus UTC, in seconds, at `instant`, from the system time zone (`TZ`, `/etc/localtime`).
    package static func utcOffsetSeconds(at instant: Instant) -> Int {
        var seconds = time_t(instant.secondsSinceEpoch)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
