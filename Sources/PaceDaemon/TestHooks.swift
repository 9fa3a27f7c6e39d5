import Dispatch
import Glibc
import Logging

/// Behaviour only tests switch on, with `PACE_TEST_HOOKS=1` in paced's environment; never active without it.
///
/// - SIGUSR1 blocks the daemon's queue for ``blockMilliseconds``, as a stuck handler would, so a test can check
///   that the watchdog pings stop while the queue is stuck. Without the hooks SIGUSR1 keeps its default action
///   (it ends the process), so nobody can freeze a real daemon by accident.
package enum TestHooks {
    /// The environment variable that turns the hooks on when it is `1`.
    package static let environmentVariable = "PACE_TEST_HOOKS"
    /// The signals the hooks use; blocked in every thread only when the hooks are on.
    static let signals = [SIGUSR1]
    /// How long SIGUSR1 blocks the queue, in milliseconds.
    static let blockMilliseconds: UInt32 = 1500

    /// Whether `environment` turns the hooks on.
    package static func enabled(environment: [String: String]) -> Bool {
        environment[environmentVariable] == "1"
    }

    /// Watches the hooks' signals on the daemon's queue.
    static func install(on daemon: Daemon) {
        daemon.logger.warning("test hooks are on (\(environmentVariable)=1): SIGUSR1 blocks the daemon's queue")
        let logger = daemon.logger
        daemon.signals.watch(SIGUSR1, on: daemon.queue) {
            logger.warning("test hook: blocking the daemon's queue for \(blockMilliseconds) ms")
            usleep(blockMilliseconds * 1000)
        }
    }
}
