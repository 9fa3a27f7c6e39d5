import Glibc

/// `CLOCK_MONOTONIC`, for intervals that must not jump with the wall clock (idle timeouts).
enum MonotonicClock {
    /// Milliseconds since an arbitrary fixed point.
    static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
