import PaceCore
import PaceProtocol

/// `pace watch`: a line per change of state, stamped with the time, and reminders as they fall due.
enum WatchText {
    /// `14:05  ▓▓▓▓▓▓░░░░  62 of 110 points left …`.
    static func status(_ status: PaceAPI.Status, zone: LocalZone, settings: OutputSettings) -> String {
        stamp(status.now, zone: zone, settings: settings) + StatusText.line(status, zone: zone, settings: settings)
    }

    /// `14:20  reminder: 20 min walking: time to rest`, then the reminder's body, indented, and the answers it
    /// takes as a command.
    static func reminder(_ reminder: PaceAPI.Reminder, zone: LocalZone, settings: OutputSettings) -> [String] {
        var lines = [
            stamp(reminder.dueAt, zone: zone, settings: settings) + settings.style.bold("reminder: \(reminder.summary)")
        ]
        if !reminder.body.isEmpty {
            lines += TextWrap.wrap(reminder.body, width: 78, indent: "       ").map { settings.style.dim($0) }
        }
        let answers = reminder.actions.compactMap { ReminderAnswer(api: $0)?.rawValue }
        if !answers.isEmpty {
            lines.append(settings.style.dim("       `pace answer \(answers.joined(separator: "|"))` answers it."))
        }
        return lines
    }

    private static func stamp(_ time: String, zone: LocalZone, settings: OutputSettings) -> String {
        guard let instant = Instant(rfc3339: time) else { return "       " }
        return settings.style.dim(ClockText.time(instant, zone: zone)) + "  "
    }
}
