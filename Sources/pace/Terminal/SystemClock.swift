import Glibc
import PaceCore

/// The wall clock and the local time zone, read in one place so every renderer can take them as parameters.
enum SystemClock {
    /// The current time.
    static func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Instant(millisecondsSinceEpoch: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    /// The system's local time zone (`TZ`, else `/etc/localtime`), as the C library sees it.
    static let zone = LocalZone { instant in
        var time = time_t(instant.secondsSinceEpoch)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
