/// The within-day policy: when to remind, and the hygiene that keeps reminders few and calm.
package struct ReminderSettings: Codable, Sendable, Equatable {
    /// At most this many reminders are shown in one pacing day.
    package var maximumPerDay = 6
    /// At least this long between two reminders.
    package var minimumGapMinutes = 20
    /// No reminder is shown between these local times (`nil`: none). Held reminders show once they end,
    /// if they still apply.
    package var quietHours: QuietHours? = QuietHours(start: ClockTime(hour: 22), end: ClockTime(hour: 8))
    /// How long [Snooze] holds reminders.
    package var snoozeMinutes = 5
    /// Local time of the morning check-in prompt (`nil`: no prompt). Skipped once the person has checked in.
    package var morningCheckIn: ClockTime? = ClockTime(hour: 9)
    /// Local time of the evening check-in prompt (`nil`, the default: no prompt; fewer reminders).
    package var eveningCheckIn: ClockTime?

    /// A bout lasts this share of today's budget before a stop-and-rest reminder …
    package var boutShareOfBudget = 1.0 / 3.0
    /// … but never less than this …
    package var minimumBoutMinutes = 15
    /// … and never more than this (cognitive effort is cheap per minute; two hours is still a long bout).
    package var maximumBoutMinutes = 120
    /// Stop-and-rest reminders per day, all before the budget is used up.
    package var boutRemindersPerDay = 3
    /// The early warning, as a share of today's budget.
    package var budgetWarningShare = 0.9
    /// A rest is long enough after max(this, half the bout) …
    package var minimumRestMinutes = 10
    /// … and on a flare day after max(this, the whole bout).
    package var minimumFlareRestMinutes = 15
    /// Budget reminders (90 %, 100 %) during the calibration week. Off: calibration watches normal life, and
    /// stopping people at a provisional number would bias the base it produces.
    package var budgetRemindersWhileCalibrating = false

    /// Creates the defaults.
    package init() {}

    /// A daily span of local time; it may run over midnight (22:00–08:00).
    package struct QuietHours: Codable, Sendable, Equatable {
        package var start: ClockTime
        package var end: ClockTime

        package init(start: ClockTime, end: ClockTime) {
            self.start = start
            self.end = end
        }

        /// Whether the local time `time` falls inside (start included, end excluded).
        package func contains(_ time: ClockTime) -> Bool {
            if start == end { return false }
            if start < end { return start <= time && time < end }
            return time >= start || time < end
        }
    }
}

extension ReminderSettings {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        maximumPerDay = try c.value(.maximumPerDay, or: defaults.maximumPerDay)
        minimumGapMinutes = try c.value(.minimumGapMinutes, or: defaults.minimumGapMinutes)
        quietHours = try c.optionalValue(.quietHours, or: defaults.quietHours)
        snoozeMinutes = try c.value(.snoozeMinutes, or: defaults.snoozeMinutes)
        morningCheckIn = try c.optionalValue(.morningCheckIn, or: defaults.morningCheckIn)
        eveningCheckIn = try c.optionalValue(.eveningCheckIn, or: defaults.eveningCheckIn)
        boutShareOfBudget = try c.value(.boutShareOfBudget, or: defaults.boutShareOfBudget)
        minimumBoutMinutes = try c.value(.minimumBoutMinutes, or: defaults.minimumBoutMinutes)
        maximumBoutMinutes = try c.value(.maximumBoutMinutes, or: defaults.maximumBoutMinutes)
        boutRemindersPerDay = try c.value(.boutRemindersPerDay, or: defaults.boutRemindersPerDay)
        budgetWarningShare = try c.value(.budgetWarningShare, or: defaults.budgetWarningShare)
        minimumRestMinutes = try c.value(.minimumRestMinutes, or: defaults.minimumRestMinutes)
        minimumFlareRestMinutes = try c.value(.minimumFlareRestMinutes, or: defaults.minimumFlareRestMinutes)
        budgetRemindersWhileCalibrating = try c.value(
            .budgetRemindersWhileCalibrating, or: defaults.budgetRemindersWhileCalibrating)
    }

    private enum CodingKeys: String, CodingKey {
        case maximumPerDay, minimumGapMinutes, quietHours, snoozeMinutes, morningCheckIn, eveningCheckIn
        case boutShareOfBudget, minimumBoutMinutes, maximumBoutMinutes, boutRemindersPerDay, budgetWarningShare
        case minimumRestMinutes, minimumFlareRestMinutes, budgetRemindersWhileCalibrating
    }

    /// Writes every key, `null` for a switched-off option, so that "off" survives a round trip.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maximumPerDay, forKey: .maximumPerDay)
        try c.encode(minimumGapMinutes, forKey: .minimumGapMinutes)
        try c.encode(quietHours, forKey: .quietHours)
        try c.encode(snoozeMinutes, forKey: .snoozeMinutes)
        try c.encode(morningCheckIn, forKey: .morningCheckIn)
        try c.encode(eveningCheckIn, forKey: .eveningCheckIn)
        try c.encode(boutShareOfBudget, forKey: .boutShareOfBudget)
        try c.encode(minimumBoutMinutes, forKey: .minimumBoutMinutes)
        try c.encode(maximumBoutMinutes, forKey: .maximumBoutMinutes)
        try c.encode(boutRemindersPerDay, forKey: .boutRemindersPerDay)
        try c.encode(budgetWarningShare, forKey: .budgetWarningShare)
        try c.encode(minimumRestMinutes, forKey: .minimumRestMinutes)
        try c.encode(minimumFlareRestMinutes, forKey: .minimumFlareRestMinutes)
        try c.encode(budgetRemindersWhileCalibrating, forKey: .budgetRemindersWhileCalibrating)
    }
}
