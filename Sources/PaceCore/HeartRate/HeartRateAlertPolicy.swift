/// Whether heart rate is above the threshold, for how long, and when that earns an alert: the heart-rate
/// counterpart of ``ReminderPolicy``, fed one reading at a time.
///
/// - **Hysteresis.** Heart rate goes *above* when it exceeds the threshold, and comes back *below* only when it
///   falls to the threshold minus ``HeartRateSettings/hysteresisBeatsPerMinute`` or lower, so a rate that wavers
///   around the line (110 ↔ 111) is one stretch above, never a flip a second.
/// - **Minimum time above.** An alert is due once a stretch above has lasted
///   ``HeartRateSettings/alertAfterSeconds`` (30 s by default); one per stretch.
/// - **Its own gap and cap.** At least ``HeartRateSettings/alertGapMinutes`` between two heart-rate alerts and at
///   most ``HeartRateSettings/alertsPerDay`` in a pacing day; other reminders' gap does not hold it, and it does
///   not hold them.
/// - **No reading, no stretch.** Contact lost, or no reading for ``maximumReadingGapSeconds``, ends a stretch:
///   time the sensor did not see is never counted as time above.
///
/// Pure and deterministic: the caller passes the time, the pacing day and the threshold.
package struct HeartRateAlertPolicy: Sendable, Equatable {
    /// Which side of the threshold the heart rate is on.
    package enum Zone: String, Sendable, Equatable {
        case below
        case above
    }

    /// A reading further apart than this from the previous one ends a stretch above.
    package static let maximumReadingGapSeconds: Int64 = 15

    package private(set) var zone = Zone.below
    /// When the current stretch above began.
    package private(set) var aboveSince: Instant?
    /// The last heart rate read, and when.
    package private(set) var lastRate: Int?
    package private(set) var lastReadingAt: Instant?
    private var alertedThisStretch = false
    private var lastAlertAt: Instant?
    private var alertsDay: CivilDate?
    private var alertsThatDay = 0

    package init() {}

    /// Takes one reading: a heart rate, or `nil` for contact lost.
    package mutating func observe(_ beatsPerMinute: Int?, at now: Instant, threshold: Int?, settings: HeartRateSettings)
    {
        if let last = lastReadingAt, now.seconds(since: last) > Self.maximumReadingGapSeconds || now < last {
            endStretch()
        }
        lastReadingAt = now
        lastRate = beatsPerMinute
        guard let rate = beatsPerMinute, let threshold else {
            endStretch()
            return
        }
        switch zone {
        case .below where rate > threshold:
            zone = .above
            aboveSince = now
            alertedThisStretch = false
        case .above where rate <= threshold - settings.hysteresisBeatsPerMinute:
            endStretch()
        default:
            break
        }
    }

    /// How long the current stretch above has lasted at `now`, in seconds (0 when below).
    package func secondsAbove(at now: Instant) -> Int64 {
        guard zone == .above, let since = aboveSince else { return 0 }
        return max(0, now.seconds(since: since))
    }

    /// The alert due at `now` in pacing day `day`, if one is: a stretch above long enough, not alerted yet, the
    /// gap since the last alert passed and the day's cap not reached.
    package func dueAlert(at now: Instant, day: CivilDate, threshold: Int?, settings: HeartRateSettings)
        -> HeartRateAlert?
    {
        guard zone == .above, !alertedThisStretch, let threshold, let rate = lastRate else { return nil }
        let above = secondsAbove(at: now)
        guard above >= Int64(settings.alertAfterSeconds) else { return nil }
        if let last = lastAlertAt, now.seconds(since: last) < Int64(settings.alertGapMinutes) * 60, now >= last {
            return nil
        }
        let count = alertsDay == day ? alertsThatDay : 0
        guard count < settings.alertsPerDay else { return nil }
        return HeartRateAlert(beatsPerMinute: rate, threshold: threshold, secondsAbove: above)
    }

    /// The alert was shown at `now`, in pacing day `day`.
    package mutating func alerted(at now: Instant, day: CivilDate) {
        alertedThisStretch = true
        lastAlertAt = now
        if alertsDay != day {
            alertsDay = day
            alertsThatDay = 0
        }
        alertsThatDay += 1
    }

    /// Heart-rate alerts shown in pacing day `day` (in this run of the daemon).
    package func alerts(on day: CivilDate) -> Int { alertsDay == day ? alertsThatDay : 0 }

    private mutating func endStretch() {
        zone = .below
        aboveSince = nil
        alertedThisStretch = false
    }
}

/// "Heart rate 118 for a minute, above your 110: slow down or sit."
package struct HeartRateAlert: Sendable, Equatable {
    package var beatsPerMinute: Int
    package var threshold: Int
    package var secondsAbove: Int64

    package init(beatsPerMinute: Int, threshold: Int, secondsAbove: Int64) {
        self.beatsPerMinute = beatsPerMinute
        self.threshold = threshold
        self.secondsAbove = secondsAbove
    }

    /// The notification's headline.
    package var title: String {
        "Heart rate \(beatsPerMinute) for \(Self.duration(secondsAbove)), above your \(threshold): slow down or sit"
    }

    /// The notification's body.
    package var body: String {
        "Above the threshold your body pays later. Rest now, or snooze heart-rate alerts."
    }

    /// "30 seconds", "a minute", "3 minutes".
    static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        return minutes == 1 ? "a minute" : "\(minutes) minutes"
    }
}
