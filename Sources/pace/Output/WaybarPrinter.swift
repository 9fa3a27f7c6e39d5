import PaceCore
import PaceProtocol
import Synchronization

/// Prints waybar lines: on every update, and on a timer while something is running, never the same line
/// twice in a row. Updates come from the caller and from the timer's queue; the state is behind a mutex, so a line
/// is worked out and printed by one of them at a time.
final class WaybarPrinter: Sendable {
    private struct State {
        var latest: PaceAPI.Status?
        var receivedAt = Instant(millisecondsSinceEpoch: 0)
        var lastLine = ""
    }

    private let zone: LocalZone
    private let state = Mutex(State())

    init(zone: LocalZone) {
        self.zone = zone
    }

    func update(_ status: PaceAPI.Status) {
        state.withLock { state in
            state.latest = status
            state.receivedAt = SystemClock.now()
            Self.emit(WaybarOutput.from(status, zone: zone), &state)
        }
    }

    /// Whether something is running whose figures change by the minute.
    var isRunning: Bool {
        state.withLock { $0.latest?.activity != nil || $0.latest?.rest != nil }
    }

    /// Redraws from the last status, advanced by the time since it came (when the daemon cannot be asked).
    func tick(now: Instant) {
        state.withLock { state in
            guard let latest = state.latest, latest.activity != nil || latest.rest != nil,
                let daemonNow = Instant(rfc3339: latest.now)
            else { return }
            let advanced = latest.advanced(to: daemonNow.adding(seconds: now.seconds(since: state.receivedAt)))
            Self.emit(WaybarOutput.from(advanced, zone: zone), &state)
        }
    }

    func unavailable(_ reason: String) {
        state.withLock { state in
            state.latest = nil
            Self.emit(WaybarOutput.unavailable(reason), &state)
        }
    }

    private static func emit(_ output: WaybarOutput, _ state: inout State) {
        guard let line = try? JSONOutput.line(output), line != state.lastLine else { return }
        Console.line(line)
        state.lastLine = line
    }
}
