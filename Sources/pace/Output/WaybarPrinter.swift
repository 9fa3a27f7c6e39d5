import PaceCore
import PaceProtocol

/// Prints waybar lines: on every update, and on a timer while something is running, never the same line
/// twice in a row. Confined to one queue (the caller's `sync` and the timer's queue).
final class WaybarPrinter: @unchecked Sendable {
    private let zone: LocalZone
    private var latest: PaceAPI.Status?
    private var receivedAt = Instant(millisecondsSinceEpoch: 0)
    private var lastLine = ""

    init(zone: LocalZone) {
        self.zone = zone
    }

    func update(_ status: PaceAPI.Status) {
        latest = status
        receivedAt = SystemClock.now()
        emit(WaybarOutput.from(status, zone: zone))
    }

    /// Whether something is running whose figures change by the minute.
    var isRunning: Bool { latest?.activity != nil || latest?.rest != nil }

    /// Redraws from the last status, advanced by the time since it came (when the daemon cannot be asked).
    func tick(now: Instant) {
        guard let latest, latest.activity != nil || latest.rest != nil,
            let daemonNow = Instant(rfc3339: latest.now)
        else { return }
        let advanced = latest.advanced(to: daemonNow.adding(seconds: now.seconds(since: receivedAt)))
        emit(WaybarOutput.from(advanced, zone: zone))
    }

    func unavailable(_ reason: String) {
        latest = nil
        emit(WaybarOutput.unavailable(reason))
    }

    private func emit(_ output: WaybarOutput) {
        guard let line = try? JSONOutput.line(output), line != lastLine else { return }
        Console.line(line)
        lastLine = line
    }
}
