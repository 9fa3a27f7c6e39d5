import Glibc

/// The machine's clocks, read in one place; everything else takes their values as parameters.
package enum Clocks {
    /// `CLOCK_REALTIME`, the wall clock, in milliseconds since the Unix epoch (any year a clock can be set to).
    package static func realtimeMilliseconds() -> Int64 {
        milliseconds(CLOCK_REALTIME)
    }

    /// `CLOCK_BOOTTIME` in milliseconds: the time since boot, suspend included; nobody can set it.
    package static func boottimeMilliseconds() -> Int64 {
        milliseconds(CLOCK_BOOTTIME)
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

    /// `CLOCK_REALTIME` in nanoseconds since the Unix epoch; `Int64.max` for a clock set past 2262.
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

    private static func read(_ clock: clockid_t) -> timespec {
        var time = timespec()
        clock_gettime(clock, &time)
        return time
    }

    /// In nanoseconds, saturated: a wall clock can be set past what 64 bits of nanoseconds hold (2262).
    private static func nanoseconds(_ clock: clockid_t) -> Int64 {
        let time = read(clock)
        let (seconds, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return time.tv_sec < 0 ? .min : .max }
        return seconds.addingReportingOverflow(Int64(time.tv_nsec)).overflow ? .max : seconds + Int64(time.tv_nsec)
    }

    private static func milliseconds(_ clock: clockid_t) -> Int64 {
        let time = read(clock)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
