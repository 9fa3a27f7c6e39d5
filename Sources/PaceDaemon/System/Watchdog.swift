internal import CSystemd
import PaceSystem

/// Feeds systemd's watchdog (`WatchdogSec=` in `paced.service`) from the daemon's own loop.
///
/// Pings go out at half the interval systemd asks for (`WATCHDOG_USEC`), from a timer on the loop rather than a
/// thread of their own: when the loop is stuck, the pings stop and systemd restarts the daemon, which is the point.
@DaemonActor
final class Watchdog {
    /// The interval within which systemd expects a ping, or `nil` when it set none for this process.
    ///
    /// Read with `sd_watchdog_enabled`, which also checks `WATCHDOG_PID` when set. The variables stay in the
    /// environment: `unsetenv` races with other threads' `getenv`, and paced starts no children to hide them from.
    nonisolated static func requestedInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(microseconds)
    }

    private let half: Duration
    private lazy var timer = LoopTimer { [weak self] in self?.ping() }

    /// Starts pinging every half `interval`; the first ping goes out on the loop's next turn.
    init(interval: Duration) {
        half = interval / 2
        timer.schedule(after: .zero)
    }

    isolated deinit {
        timer.cancel()
    }

    private func ping() {
        ServiceManager.watchdogPing()
        timer.schedule(after: half)
    }
}
