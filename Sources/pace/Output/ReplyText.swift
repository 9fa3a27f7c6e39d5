import PaceCore
import PaceProtocol

/// The one sentence that confirms what a command did, printed above the status line.
enum ReplyText {
    static func started(_ activity: PaceAPI.Activity, now: Instant, zone: LocalZone) -> String {
        let intensity = activity.intensity == .moderate ? "" : " (\(activity.intensity.rawValue))"
        let start = Instant(rfc3339: activity.startedAt).map { " at " + ClockText.moment($0, now: now, zone: zone) }
        return "Started \(activity.kind)\(intensity)\(start ?? "")."
    }

    static func stopped(_ activity: PaceAPI.Activity) -> String {
        "Stopped \(activity.kind) after \(DurationText.describe(seconds: Int64(activity.durationSeconds))): "
            + "\(points(activity.points))."
    }

    static func logged(_ activity: PaceAPI.Activity, now: Instant, zone: LocalZone) -> String {
        let intensity = activity.intensity == .moderate ? "" : " (\(activity.intensity.rawValue))"
        let start = Instant(rfc3339: activity.startedAt).map { " from " + ClockText.moment($0, now: now, zone: zone) }
        return "Logged \(activity.kind)\(intensity), \(DurationText.describe(seconds: Int64(activity.durationSeconds)))"
            + "\(start ?? ""): \(points(activity.points))."
    }

    static func restStarted(_ rest: PaceAPI.Rest, now: Instant, zone: LocalZone) -> String {
        if let planned = rest.plannedSeconds, let start = Instant(rfc3339: rest.startedAt) {
            let end = start.adding(seconds: Int64(planned))
            return "Resting for \(DurationText.describe(seconds: Int64(planned))), until "
                + "\(ClockText.moment(end, now: now, zone: zone)). Reminders hold while you rest."
        }
        return "Resting. Reminders hold while you rest; `pace rest --end` when you are up again."
    }

    static let restEnded = "Rest ended."

    static func checkedIn(_ record: PaceAPI.CheckIn.Parameters) -> String {
        var parts: [String] = []
        if let energy = record.energy { parts.append("energy \(energy)") }
        if let fatigue = record.fatigue { parts.append("fatigue \(fatigue)") }
        if let pain = record.pain { parts.append("pain \(pain)") }
        if let sleep = record.sleep { parts.append("sleep \(sleep)") }
        if let stress = record.stress { parts.append("stress \(stress)") }
        if record.flare == true { parts.append("flare") }
        if record.note != nil { parts.append("a note") }
        return parts.isEmpty ? "Check-in recorded." : "Check-in recorded: \(parts.joined(separator: ", "))."
    }

    static func flare(on: Bool, status: PaceAPI.Status, zone: LocalZone) -> String {
        guard on else { return "Flare mode off." }
        var until = ""
        if let end = status.flareUntil.flatMap({ Instant(rfc3339: $0) }), let now = Instant(rfc3339: status.now) {
            until = " until \(ClockText.moment(end, now: now, zone: zone))"
        }
        return "Flare mode on\(until): today's budget is at most half the usual and reminders come sooner. "
            + "`pace flare off` lifts it."
    }

    static func snoozed(_ status: PaceAPI.Status, zone: LocalZone) -> String {
        guard let until = status.snoozedUntil.flatMap({ Instant(rfc3339: $0) }),
            let now = Instant(rfc3339: status.now), until > now
        else { return "Reminders are on." }
        return "Reminders held until \(ClockText.moment(until, now: now, zone: zone)). `pace snooze 0` lifts it."
    }

    private static func points(_ value: Double) -> String {
        let text = NumberText.whole(value)
        return text == "1" ? "1 point" : "\(text) points"
    }
}
