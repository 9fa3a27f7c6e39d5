import PaceCore
import PaceProtocol

/// The human form of `pace status`.
enum StatusText {
    static func render(_ status: PaceAPI.Status) -> String {
        var lines = ["Pace is running (paced \(status.version), pid \(status.pid), up \(uptime(status)))."]
        lines.append(
            "Pacing day \(status.pacingDay), begun at \(twoDigits(status.dayStartHour)):00 · "
                + "state in \(status.stateDirectory)")
        return lines.joined(separator: "\n")
    }

    private static func uptime(_ status: PaceAPI.Status) -> String {
        guard let started = Instant(rfc3339: status.startedAt), let now = Instant(rfc3339: status.now) else {
            return "?"
        }
        return DurationText.describe(seconds: max(0, now.seconds(since: started)))
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
