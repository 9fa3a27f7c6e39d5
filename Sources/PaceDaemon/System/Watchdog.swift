internal import CSystemd
import Dispatch

/// Feeds systemd's watchdog (`WatchdogSec=` in `paced.service`) from the daemon's own queue.
///
/// Pings go out at half the interval systemd asks for (`WATCHDOG_USEC`), from a timer on the daemon's serial
/// queue rather than a thread of their own: when that queue is stuck, the pings stop and systemd restarts the
/// daemon, which is the point. Confined to the queue.
final class Watchdog {
    /// The interval within which systemd expects a ping, or `nil` when it set none for this process.
    ///
    /// Read with `sd_watchdog_enabled`, which also checks `WATCHDOG_PID` when set. The variables stay in the
    /// environment: `unsetenv` races with other threads' `getenv`, and paced starts no children to hide them from.
    static func requestedInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(microseconds)
    }

    private let timer: any DispatchSourceTimer

    /// Starts pinging every half `interval` on `queue`; the first ping goes out as soon as the queue is free.
    init(interval: Duration, queue: DispatchQueue) {
        let (seconds, attoseconds) = interval.components
        let half = Int((seconds * 1_000_000 + attoseconds / 1_000_000_000_000) / 2)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .microseconds(half), leeway: .microseconds(half / 10))
        timer.setEventHandler { ServiceManager.watchdogPing() }
        timer.resume()
    }

    deinit {
        timer.cancel()
    }
}
