import Glibc
import Logging
import PaceSystem

/// Behaviour only tests switch on, with `PACE_TEST_HOOKS=1` in paced's environment; never active without it.
///
/// - SIGUSR1 blocks the daemon's loop for ``blockMilliseconds``, as a stuck handler would, so a test can check
///   that the watchdog pings stop while the loop is stuck. Without the hooks SIGUSR1 keeps its default action
///   (it ends the process), so nobody can freeze a real daemon by accident.
package enum TestHooks {
    /// The environment variable that turns the hooks on when it is `1`.
    package static let environmentVariable = "PACE_TEST_HOOKS"
    /// The signals the hooks use; blocked in every thread only when the hooks are on.
    static let signals = [SIGUSR1]
    /// How long SIGUSR1 blocks the loop, in milliseconds.
    static let blockMilliseconds = 1500

    /// Whether `environment` turns the hooks on.
    package static func enabled(environment: [String: String]) -> Bool {
        environment[environmentVariable] == "1"
    }

    /// What the hooks do with one of their ``signals``.
    static func handle(_ signal: Int32, logger: Logger) {
        guard signal == SIGUSR1 else { return }
        logger.warning("test hook: blocking the daemon's loop for \(blockMilliseconds) ms")
        Clocks.sleep(milliseconds: blockMilliseconds)
    }
}
