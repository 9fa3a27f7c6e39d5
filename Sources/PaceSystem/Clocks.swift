import Glibc

/// The machine's clocks, read in one place; everything else takes their values as parameters.
package enum Clocks {
    /// `CLOCK_REALTIME`, the wall clock, in milliseconds since the Unix epoch.
    package static func realtimeMilliseconds() -> Int64 {
        nanoseconds(CLOCK_REALTIME) / 1_000_000
    }

    /// `CLOCK_MONOTONIC` in nanoseconds since an arbitrary fixed point: for intervals that must not jump with the
    /// wall clock, and the clock systemd's `MONOTONIC_USEC=` and sd-bus timeouts are read on.
    package static func monotonicNanoseconds() -> Int64 {
        nanoseconds(CLOCK_MONOTONIC)
    }

    /// `CLOCK_BOOTTIME` in nanoseconds: like `CLOCK_MONOTONIC`, but it runs on while the machine is suspended.
    package static func boottimeNanoseconds() -> Int64 {
        nanoseconds(CLOCK_BOOTTIME)
    }

    /// `CLOCK_REALTIME` in nanoseconds since the Unix epoch.
    package static func realtimeNanoseconds() -> Int64 {
        nanoseconds(CLOCK_REALTIME)
    }

    /// Local time minus UTC, in seconds, at `secondsSinceEpoch`, from the system time zone (`TZ`, else
    /// `/etc/localtime`) as the C library sees it; 0 when it cannot tell.
    package static func utcOffsetSeconds(atSecondsSinceEpoch seconds: Int64) -> Int {
        var time = time_t(seconds)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }

    /// Blocks the calling thread for `milliseconds` of `CLOCK_MONOTONIC` (`clock_nanosleep(2)`, resumed after a
    /// signal handler interrupts it). The daemon's loop never sleeps (it waits on timers); only the test hook that blocks it on purpose does.
    package static func sleep(milliseconds: Int) {
        let end = monotonicNanoseconds() + Int64(milliseconds) * 1_000_000
        var deadline = timespec(tv_sec: Int(end / 1_000_000_000), tv_nsec: Int(end % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
    }

    private static func nanoseconds(_ clock: clockid_t) -> Int64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
