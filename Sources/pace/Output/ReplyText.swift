import PaceCore
import PaceProtocol

/// The one sentence that confirms what a command did, printed above the status line.
enum ReplyText {
    /// "Started walking at 14:08.", and with today's budget used already, that it is likely to cost tomorrow.
    static func started(
        _ activity: PaceAPI.Activity, status: PaceAPI.Status? = nil, now: Instant, zone: LocalZone
    ) -> String {
        let intensity = activity.intensity == .moderate ? "" : " (\(activity.intensity.rawValue))"
        let start = Instant(rfc3339: activity.startedAt).map { " at " + ClockText.moment($0, now: now, zone: zone) }
        let sentence = "Started \(activity.label)\(intensity)\(start ?? "")."
        guard let status, status.budget > 0, status.left <= 0 else { return sentence }
        return sentence
            + " Today's budget is used already: more today is likely to cost you tomorrow, so keep it short."
    }

    static func stopped(_ activity: PaceAPI.Activity) -> String {
        "Stopped \(activity.label) after \(DurationText.describe(seconds: Int64(activity.durationSeconds))): "
            + "\(PointsText.describe(activity.points))."
    }

    static func logged(_ activity: PaceAPI.Activity, now: Instant, zone: LocalZone) -> String {
        let intensity = activity.intensity == .moderate ? "" : " (\(activity.intensity.rawValue))"
        let start = Instant(rfc3339: activity.startedAt).map { " from " + ClockText.moment($0, now: now, zone: zone) }
        return
            "Logged \(activity.label)\(intensity), \(DurationText.describe(seconds: Int64(activity.durationSeconds)))"
            + "\(start ?? ""): \(PointsText.describe(activity.points))."
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
        if let flare = record.flare { parts.append(flare ? "flare" : "no flare") }
        if record.note != nil { parts.append("a note") }
        if record.complete == true { parts.append("today is all recorded") }
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
        return "Reminders held until \(ClockText.moment(until, now: now, zone: zone))."
    }

    /// After `pace calibrate`: what the answer now sets.
    static func calibrated(minutes: Int, status: PaceAPI.Status) -> String {
        "Noted: a bad day allows about \(minutes) min of \(status.referenceLabel). Until Pace has seen a few of "
            + "your days, today's budget follows from it."
    }

    /// After `pace increase`: the base before and after.
    static func increased(from before: Double, status: PaceAPI.Status) -> String {
        guard status.base > before else {
            return "Trial increase recorded; your base is \(NumberText.whole(status.base)) points."
        }
        return "Trial increase: your base went from \(NumberText.whole(before)) to "
            + "\(NumberText.whole(status.base)) points. `pace why` shows how your days bear it out."
    }

    /// After `pace answer`: what the answer did.
    static func answered(_ action: ReminderAnswer, status: PaceAPI.Status, zone: LocalZone) -> String {
        switch action {
        case .stop:
            return "Reminder answered: stopped."
        case .snooze:
            return "Reminder answered: " + ReplyText.snoozed(status, zone: zone).lowercasedFirst
        case .rest:
            return "Reminder answered: resting now. Reminders hold while you rest."
        case .dismiss:
            return "Reminder dismissed."
        }
    }
}

extension String {
    /// The string with its first character in lower case.
    fileprivate var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
