import PaceCore
import PaceProtocol

extension PaceAPI.EventReply: StatusCarrying {}
extension PaceAPI.Undo.Reply: StatusCarrying {}

/// Events as `pace events`, `pace delete`, `pace edit` and `pace undo` show them, in the local zone.
enum EventLineText {
    /// What it was, with its time: `walking, 5 h from 08:00`, `check-in: energy 4 at 09:12`.
    static func describe(_ line: PaceAPI.EventLine, now: Instant, zone: LocalZone) -> String {
        if let start = line.start.flatMap(Instant.init(rfc3339:)) {
            let moment = ClockText.moment(start, now: now, zone: zone)
            return line.durationSeconds == nil ? "\(line.text) at \(moment)" : "\(line.text) from \(moment)"
        }
        guard let at = Instant(rfc3339: line.at) else { return line.text }
        return "\(line.text) at \(ClockText.moment(at, now: now, zone: zone))"
    }

    /// The lines of `pace events`: the short id, the time (a bout's start), what it was.
    static func list(_ lines: [PaceAPI.EventLine], zone: LocalZone) -> [String] {
        lines.map { line in
            let time = Instant(rfc3339: line.start ?? line.at).map { ClockText.time($0, zone: zone) }
            var what = line.text
            if let seconds = line.durationSeconds, let start = line.start.flatMap(Instant.init(rfc3339:)) {
                let end = start.adding(seconds: Int64(seconds))
                what += " (until \(ClockText.time(end, zone: zone)))"
            }
            return "\(line.short)  \(time ?? "--:--")  \(what)"
        }
    }
}
