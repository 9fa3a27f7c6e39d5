import FoundationEssentials
import Glibc
import PaceSystem

/// The daemon's test clock: the file `PACE_TEST_CLOCK_OFFSET_FILE` names, whose whole numbers of milliseconds
/// the daemon adds to its clocks when `PACE_TEST_HOOKS=1` (see `ClockWatcher`): the first to both its wall clock and
/// its `CLOCK_BOOTTIME` (time that passed), the second, if any, to its wall clock alone (a step of it).
///
/// Moving it moves the daemon's "now", fires its wall-clock timers that fell due, and is reported once as a
/// clock change: "twenty minutes later" takes no sleeping. A step (``step(seconds:)``) is what `date -s` does,
/// which the daemon does not follow at once (`TrustedTime`). Every write is atomic (a temporary file renamed
/// over), as the daemon asks.
package final class TestClock: @unchecked Sendable {
    /// The offset file.
    package let path: String
    /// What the file holds now: time passed.
    package private(set) var offsetMilliseconds: Int64 = 0
    /// What the file holds now: the wall clock's step.
    package private(set) var stepMilliseconds: Int64 = 0

    /// A clock whose file is `path`; nothing is written until ``set(offsetMilliseconds:)`` or ``start(at:)``.
    package init(path: String) {
        self.path = path
    }

    /// What the daemon needs in its environment to follow this clock.
    package var environment: [String: String] {
        ["PACE_TEST_HOOKS": "1", "PACE_TEST_CLOCK_OFFSET_FILE": path]
    }

    /// `CLOCK_REALTIME` in milliseconds since the epoch (PaceSystem's ``Clocks``).
    package static func machineMilliseconds() -> Int64 {
        Clocks.realtimeMilliseconds()
    }

    /// Sets the offset so that the daemon's clock reads `millisecondsSinceEpoch` now (and runs on from there).
    package func start(at millisecondsSinceEpoch: Int64) throws {
        try set(offsetMilliseconds: millisecondsSinceEpoch - Self.machineMilliseconds())
    }

    /// Today's date (by the machine's UTC clock) at `hour`:`minute` UTC, in milliseconds since the epoch.
    package static func todayUTC(hour: Int, minute: Int = 0) -> Int64 {
        let day = machineMilliseconds() / 86_400_000 * 86_400_000
        return day + Int64(hour * 3600 + minute * 60) * 1000
    }

    /// Moves the daemon's clock on by `seconds` (back when negative).
    package func advance(seconds: Int64) throws {
        try set(offsetMilliseconds: offsetMilliseconds + seconds * 1000)
    }

    /// Sets the daemon's wall clock `seconds` ahead of where time has got to (back when negative; 0 undoes every
    /// step), as setting the clock would.
    package func step(toSeconds seconds: Int64) throws {
        try set(offsetMilliseconds: offsetMilliseconds, stepMilliseconds: seconds * 1000)
    }

    /// Writes `offsetMilliseconds` (and the step) to the file atomically.
    package func set(offsetMilliseconds: Int64, stepMilliseconds: Int64? = nil) throws {
        let step = stepMilliseconds ?? self.stepMilliseconds
        let temporary = path + ".new"
        try Data("\(offsetMilliseconds) \(step)\n".utf8).write(to: URL(filePath: temporary))
        guard rename(temporary, path) == 0 else { throw TestFailure("rename \(temporary): errno \(errno)") }
        self.offsetMilliseconds = offsetMilliseconds
        self.stepMilliseconds = step
    }
}
