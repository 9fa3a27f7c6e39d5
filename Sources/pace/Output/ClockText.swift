import PaceCore

/// Times of day and spans as a person's own clock shows them: `14:30`, `yesterday 18:00`, `in 8 min`.
enum ClockText {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `HH:MM` in the local zone.
    static func time(_ instant: Instant, zone: LocalZone) -> String {
        ClockTime(secondsIntoDay: zone.secondsIntoDay(of: instant)).hhmm
    }

    /// The time, with the day when it is not today: `14:30`, `yesterday 18:00`, `tomorrow 08:00`,
    /// `Mon 23 Nov 09:30`.
    static func moment(_ instant: Instant, now: Instant, zone: LocalZone) -> String {
        let clock = time(instant, zone: zone)
        let day = zone.date(of: instant)
        let today = zone.date(of: now)
        switch day.daysSinceEpoch - today.daysSinceEpoch {
        case 0: return clock
        case -1: return "yesterday \(clock)"
        case 1: return "tomorrow \(clock)"
        default: return "\(shortDate(day)) \(clock)"
        }
    }

    /// `Wed 25 Nov`.
    static func shortDate(_ date: CivilDate) -> String {
        "\(weekdays[date.weekday]) \(date.day) \(months[date.month - 1])"
    }

    /// `25 Nov`.
    static func dayAndMonth(_ date: CivilDate) -> String {
        "\(date.day) \(months[date.month - 1])"
    }

    /// The weekday's short name.
    static func weekday(_ date: CivilDate) -> String {
        weekdays[date.weekday]
    }

    /// `in 8 min`, `now`, `8 min ago`.
    static func relative(seconds: Int64) -> String {
        if seconds > 0 { return "in \(DurationText.describe(seconds: seconds))" }
        if seconds <= -60 { return "\(DurationText.describe(seconds: -seconds)) ago" }
        return "now"
    }
}

extension ClockText {
    /// RFC 3339 with the local offset, e.g. `2026-11-25T09:30:00+01:00`: what `pace` sends for times people
    /// type, so the daemon also learns the offset the person lived in.
    static func rfc3339(_ instant: Instant, zone: LocalZone) -> String {
        rfc3339(instant, offsetSeconds: zone.offsetAt(instant))
    }

    /// `instant` as RFC 3339 at the UTC offset `offset` (an event's `utcOffsetSeconds`), as ``rfc3339(_:zone:)``.
    static func rfc3339(_ instant: Instant, offsetSeconds offset: Int) -> String {
        let local = Instant(secondsSinceEpoch: instant.secondsSinceEpoch + Int64(offset))
        let text = local.rfc3339.dropLast()
        guard offset != 0 else { return String(text) + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let hh = minutes / 60 < 10 ? "0\(minutes / 60)" : "\(minutes / 60)"
        let mm = minutes % 60 < 10 ? "0\(minutes % 60)" : "\(minutes % 60)"
        return "\(text)\(sign)\(hh):\(mm)"
    }
}
