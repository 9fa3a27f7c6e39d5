import Glibc
package import PaceCore

/// The real clock, read only at the daemon's edge; the core gets the values as parameters.
package enum WallClock {
    /// Now, from `CLOCK_REALTIME`.
    package static func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Instant(millisecondsSinceEpoch: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
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
