import PaceCore
import PaceProtocol

/// The human form of a status: one line with the budget bar and a few words, e.g.
/// `▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking) · walking 12 min · rest due in 8 min`.
enum StatusText {
    /// The status line: the bar, two spaces, then ``words(_:zone:settings:)`` joined.
    static func line(_ status: PaceAPI.Status, zone: LocalZone, settings: OutputSettings) -> String {
        var line = BudgetBar.render(left: status.left, budget: status.budget, settings: settings) + "  "
        // Joined here, not by `joined(separator:)`: the standard library's is not specialized for an array of
        // strings, and its first call in a process looks the collection's associated types up at run time
        // (240,000 instructions, a sixth of `pace status`).
        for (index, word) in words(status, zone: zone, settings: settings).enumerated() {
            if index > 0 { line += settings.glyphs.separator }
            line += word
        }
        return line
    }

    /// The parts of the status line after the bar, most important first: the budget, flare or calibration,
    /// the running activity and when its rest is due, or the rest, then a snooze.
    static func words(_ status: PaceAPI.Status, zone: LocalZone, settings: OutputSettings) -> [String] {
        let style = settings.style
        let now = Instant(rfc3339: status.now) ?? Instant(millisecondsSinceEpoch: 0)
        func instant(_ text: String?) -> Instant? { text.flatMap { Instant(rfc3339: $0) } }
        var parts: [String] = []

        if status.budget > 0 {
            var budget =
                "\(style.bold(NumberText.whole(status.left))) of \(NumberText.whole(status.budget)) points left"
            if status.leftMinutes > 0 {
                budget += " (\(settings.glyphs.approximately)\(status.leftMinutes) min \(status.referenceLabel))"
            }
            parts.append(budget)
        } else {
            parts.append(status.provisional ? "no budget yet, still learning your usual day" : "no budget today")
        }
        if status.over > 0 {
            parts.append(style.notice("\(PointsText.describe(status.over)) over"))
        }

        switch status.mode {
        case .flare:
            var flare = "flare day"
            if let until = instant(status.flareUntil) {
                flare += " until \(ClockText.moment(until, now: now, zone: zone))"
            }
            parts.append(style.notice(flare))
        case .calibrating, .normal:
            if (status.provisional || status.mode == .calibrating) && status.budget > 0 {
                parts.append(style.dim(calibration(status)))
            }
        }

        if let activity = status.activity {
            let elapsed =
                activity.durationSeconds < 60
                ? ", just started" : " " + DurationText.describe(seconds: Int64(activity.durationSeconds))
            var running = activity.label + elapsed
            if activity.intensity != .moderate { running += " (\(activity.intensity.rawValue))" }
            parts.append(running)
        }
        if let rest = status.rest {
            var resting: String
            let planned = rest.plannedSeconds.map { DurationText.describe(seconds: Int64($0)) }
            if rest.elapsedSeconds < 60 {
                resting = "resting" + (planned.map { ", \($0) planned" } ?? ", just started")
            } else {
                resting = "resting \(DurationText.describe(seconds: Int64(rest.elapsedSeconds)))"
                if let planned { resting += " of \(planned)" }
            }
            // A planned rest that is itself what is long enough needs no second figure.
            let plannedEnd = rest.plannedSeconds.flatMap { planned in
                instant(rest.startedAt).map { $0.adding(seconds: Int64(planned)) }
            }
            if let enough = instant(rest.enoughAt), enough != plannedEnd {
                let wait = enough.seconds(since: now)
                resting += wait > 0 ? ", rested enough \(ClockText.relative(seconds: wait))" : ", rested enough"
            }
            parts.append(resting)
        }

        // The bout's own limit, not `nextReminderAt`: that is when the daemon next looks again, which may be the
        // end of the day or of a flare rather than a reminder.
        if let activity = status.activity, let limit = instant(activity.limitAt) {
            let wait = limit.seconds(since: now)
            parts.append(wait > 0 ? "rest due \(ClockText.relative(seconds: wait))" : style.notice("rest due now"))
        }
        if let snoozed = instant(status.snoozedUntil), snoozed > now {
            parts.append(style.dim("reminders snoozed until \(ClockText.moment(snoozed, now: now, zone: zone))"))
        } else if let held = status.remindersHeld {
            parts.append(style.notice(heldWords(held, now: now, zone: zone)))
        }
        if let heartRate = status.heartRate, let rate = heartRate.beatsPerMinute {
            let words = "heart rate \(rate)"
            if heartRate.zone == "above", let threshold = heartRate.threshold {
                parts.append(style.notice(words + ", above your \(threshold)"))
            } else {
                parts.append(words)
            }
        }
        return parts
    }

    /// "reminders held for quiet hours until 08:00", "reminders held for laptop, where you were last active": a
    /// reminder is due and nothing will come here until then.
    static func heldWords(_ held: PaceAPI.RemindersHeld, now: Instant, zone: LocalZone) -> String {
        let why: String
        switch held.reason {
        case "snoozed": why = "snoozed"
        case "quietHours": why = "held for quiet hours"
        case "doNotDisturb": why = "held by do not disturb"
        case "locked": why = "held while the session is locked"
        case "otherDevice": why = "held for \(held.device ?? "another device"), where you were last active"
        default: why = "held"
        }
        let until = held.until.flatMap { Instant(rfc3339: $0) }.map {
            " until " + ClockText.moment($0, now: now, zone: zone)
        }
        return "reminders " + why + (until ?? "")
    }

    /// `provisional: 2 of 7 days recorded`: the first week, while Pace learns a usual day.
    static func calibration(_ status: PaceAPI.Status) -> String {
        guard status.calibrationDaysNeeded > 0 else { return "provisional budget, still learning your usual day" }
        return "provisional: \(status.calibrationDaysRecorded) of \(status.calibrationDaysNeeded) days recorded"
    }

    /// About the daemon itself, for `pace status --verbose` and `pace doctor`: version, pid, uptime, pacing day.
    static func daemonLines(_ status: PaceAPI.Status, settings: OutputSettings) -> [String] {
        var uptime = "?"
        if let started = Instant(rfc3339: status.startedAt), let now = Instant(rfc3339: status.now) {
            uptime = DurationText.describe(seconds: max(0, now.seconds(since: started)))
        }
        let hour = status.dayStartHour < 10 ? "0\(status.dayStartHour)" : "\(status.dayStartHour)"
        return [
            "Pace is running (paced \(status.version), pid \(status.pid), up \(uptime)).",
            "Pacing day \(status.pacingDay), begun at \(hour):00\(settings.glyphs.separator)state in \(status.stateDirectory)",
        ]
    }
}
