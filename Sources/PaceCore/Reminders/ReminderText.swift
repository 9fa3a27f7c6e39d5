/// The words of reminders: calm and factual, in minutes of the person's reference activity.
///
/// No praise, no blame, no "goal missed" (ENVELOPE.md D): a reminder says where the day stands and what
/// would help.
struct ReminderText {
    let today: PaceState.TodayView

    private var settings: PaceSettings { today.settings }

    /// `points` as "25 min of walking".
    func minutes(_ points: Double) -> String {
        let minutes = Amount.wholeMinutes(settings.referenceMinutes(points))
        return "\(DurationText.describe(seconds: Int64(minutes) * 60)) of \(settings.reference.label)"
    }

    /// The title and body of a reminder of `kind` now.
    func words(for kind: ReminderKind) -> (title: String, body: String) {
        let budget = today.budget.points
        let left = max(0, budget - today.used)
        switch kind {
        case .boutLimit:
            let bout = today.bout
            let length = DurationText.describe(seconds: bout?.elapsedSeconds ?? 0)
            let label = bout?.label ?? "activity"
            return (
                "\(length) of \(label): time to rest",
                "A rest now keeps the rest of today open; \(minutes(left)) left today."
            )
        case .budget90:
            return (
                "90 % of today's budget used",
                "About \(minutes(left)) left of today's \(minutes(budget))."
            )
        case .budget100:
            return (
                "Today's budget is used",
                "That was today's \(minutes(budget)). More today is likely to cost you tomorrow: time to rest."
            )
        case .flareNotice:
            let base = today.budget.base
            return (
                "Flare day: a lighter budget",
                "Today's budget is \(minutes(budget)) instead of \(minutes(base)); bouts are shorter and rests longer."
                    + (today.flareModeNow ? " Flare mode stays on until you lift it." : "")
            )
        case .restLongEnough:
            let rested = DurationText.describe(seconds: today.rest?.elapsedSeconds ?? 0)
            return (
                "You have rested \(rested)",
                "That is enough rest after this bout; carry on resting if you like."
            )
        case .morningCheckIn:
            return (
                "Morning check-in",
                "How is your energy today, 0 to 10, where 5 is your usual? `pace checkin --energy N` (skip if you like)."
            )
        case .eveningCheckIn:
            return (
                "Evening check-in",
                "Fatigue, pain and sleep, 0 to 10, all optional: `pace checkin --fatigue N --pain N --sleep N`."
            )
        }
    }
}
