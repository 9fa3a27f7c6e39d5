import FoundationEssentials
import Glibc
import PaceSystem

/// The daemon's test clock: the file `PACE_TEST_CLOCK_OFFSET_FILE` names, whose whole number of milliseconds
/// the daemon adds to its wall clock when `PACE_TEST_HOOKS=1` (see `ClockWatcher`).
///
/// Moving it moves the daemon's "now", fires its wall-clock timers that fell due, and is reported once as a
/// clock change: "twenty minutes later" takes no sleeping. Every write is atomic (a temporary file renamed
/// over), as the daemon asks.
package final class TestClock: @unchecked Sendable {
    /// The offset file.
    package let path: String
    /// What the file holds now.
    package private(set) var offsetMilliseconds: Int64 = 0

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

    /// Writes `offsetMilliseconds` to the file atomically.
    package func set(offsetMilliseconds: Int64) throws {
        let temporary = path + ".new"
        try Data("\(offsetMilliseconds)\n".utf8).write(to: URL(filePath: temporary))
        guard rename(temporary, path) == 0 else { throw TestFailure("rename \(temporary): errno \(errno)") }
        self.offsetMilliseconds = offsetMilliseconds
    }
}
