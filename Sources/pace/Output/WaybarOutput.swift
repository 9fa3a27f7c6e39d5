import PaceCore
import PaceProtocol

/// What a waybar (or i3status-rs, polybar) custom module reads: one JSON object per line with `text`,
/// `tooltip`, `class`, `alt` and `percentage`. Waybar reads `text` and `tooltip` as Pango markup, so `&`, `<` and
/// `>` are escaped.
///
/// `class` lists every state that applies, for CSS: the mode (`normal`, `calibrating`, `flare`), then any of
/// `active`, `resting`, `snoozed`, `held` (a due reminder held back by quiet hours, do not disturb or a lock: the
/// text says "held until 08:00"), `low` (under a fifth left), `over`, `provisional`, `heart-rate-above` (heart rate
/// above the threshold, which the text then shows); `unavailable` when paced is not running. `alt` is the one state for `format-icons`: `active`, `resting`, else the mode.
struct WaybarOutput: Encodable, Equatable {
    var text: String
    var tooltip: String
    var `class`: [String]
    var alt: String
    var percentage: Int

    /// The module's content for `status`.
    static func from(_ status: PaceAPI.Status, zone: LocalZone) -> WaybarOutput {
        let left = NumberText.whole(status.left)
        var text = status.budget > 0 ? "\(left) left" : "pace"
        var classes = [status.mode.rawValue]
        var alt = status.mode.rawValue
        if let activity = status.activity {
            text = "\(activity.label)\(elapsed(activity.durationSeconds)) · " + text
            classes.append("active")
            alt = "active"
        } else if let rest = status.rest {
            text = "resting\(elapsed(rest.elapsedSeconds)) · " + text
            classes.append("resting")
            alt = "resting"
        }
        let now = Instant(rfc3339: status.now)
        if let snoozed = status.snoozedUntil.flatMap({ Instant(rfc3339: $0) }), let now, snoozed > now {
            classes.append("snoozed")
        } else if let held = status.remindersHeld, let now {
            // A reminder is due and held back: the bar says so, and the tooltip until when.
            let until = held.until.flatMap { Instant(rfc3339: $0) }.map { ClockText.moment($0, now: now, zone: zone) }
            text += " · held" + (until.map { " until " + $0 } ?? "")
            classes.append("held")
        }
        if status.budget > 0 && status.left < status.budget * 0.2 { classes.append("low") }
        if status.over > 0 { classes.append("over") }
        if status.provisional { classes.append("provisional") }
        if let heartRate = status.heartRate, heartRate.zone == "above", let rate = heartRate.beatsPerMinute {
            text += " · heart rate \(rate)"
            classes.append("heart-rate-above")
        }
        let tooltip = StatusText.words(status, zone: zone, settings: .plainUnicode).joined(separator: "\n")
        return WaybarOutput(
            text: MarkupEscaping.escape(text), tooltip: MarkupEscaping.escape(tooltip), class: classes, alt: alt,
            percentage: NumberText.percent(status.left, of: status.budget))
    }

    /// ` 12 min`, or nothing in the first minute (a bar has no room for "just started", and seconds flicker).
    private static func elapsed(_ seconds: Int) -> String {
        seconds < 60 ? "" : " " + DurationText.describe(seconds: Int64(seconds))
    }

    /// What the module shows while paced is not running.
    static func unavailable(_ reason: String) -> WaybarOutput {
        WaybarOutput(
            text: "pace off", tooltip: MarkupEscaping.escape(reason), class: ["unavailable"], alt: "unavailable",
            percentage: 0)
    }
}
