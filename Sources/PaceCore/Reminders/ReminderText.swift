/// The words of reminders: calm and factual, in points first; minutes only where they help, in the person's own
/// words: how much more of what they are doing now is left, or (``PaceSettings/showsReferenceMinutes``) a budget
/// in minutes of their reference activity.
///
/// No praise, no blame, no "goal missed" (ENVELOPE.md D): a reminder says where the day stands and what
/// would help.
struct ReminderText {
    let today: PaceState.TodayView
    /// The time away the away question asks about.
    var away: TimeAway? = nil

    private var settings: PaceSettings { today.settings }

    /// `points` as "25 min of walking".
    func minutes(_ points: Double) -> String {
        let minutes = Amount.wholeMinutes(settings.referenceMinutes(points))
        return "\(DurationText.describe(seconds: Int64(minutes) * 60)) of \(settings.reference.label)"
    }

    /// `points` as "45 points".
    func points(_ points: Double) -> String {
        PointsText.describe(max(0, points))
    }

    /// " (about 25 min of walking)" for `points`, when the person sees reference minutes; else nothing.
    func inReferenceMinutes(_ points: Double) -> String {
        guard settings.showsReferenceMinutes, Amount.wholeMinutes(settings.referenceMinutes(points)) > 0 else {
            return ""
        }
        return " (about \(minutes(points)))"
    }

    /// `points` as "45 points", with " (about 25 min of walking)" when the person sees reference minutes.
    func amount(_ points: Double) -> String {
        self.points(points) + inReferenceMinutes(points)
    }

    /// What `left` points allow of the running bout at its pace ("about 8 min more of computer work"), or else
    /// ``inReferenceMinutes(_:)``.
    private func allowing(_ left: Double) -> String {
        guard let bout = today.bout, bout.pointsPerMinute > 0 else { return inReferenceMinutes(left) }
        let minutes = Amount.wholeMinutes(max(0, left) / bout.pointsPerMinute)
        guard minutes > 0 else { return "" }
        return ": about \(DurationText.describe(seconds: Int64(minutes) * 60)) more of \(bout.label) at this pace"
    }

    /// `instant` as local "10:05".
    private func clock(_ instant: Instant) -> String {
        today.state.clock(instant, today.utcOffsetSeconds)
    }

    /// What to type instead of pressing the buttons of a reminder of `kind`, if it asks a question.
    func command(for kind: ReminderKind) -> String? {
        switch kind {
        case .morningCheckIn:
            return "0 to 10, where 5 is your usual: `pace checkin --energy N`."
        case .eveningCheckIn:
            return "`pace checkin --flare` or `pace checkin --no-flare`."
        case .awayQuestion:
            guard let away else { return nil }
            if today.state.activity != nil {
                return "If it stopped then: `pace stop --at \(clock(away.start))`."
            }
            return "`pace log KIND \(away.minutes)m --at \(clock(away.start))`."
        case .boutLimit, .budget90, .budget100, .flareNotice, .restLongEnough:
            return nil
        }
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
                "A rest now keeps the rest of today open: \(Int(left.rounded())) of \(points(budget)) left."
            )
        case .budget90:
            return (
                "90 % of today's budget used",
                "\(Int(left.rounded())) of today's \(points(budget)) left\(allowing(left))."
            )
        case .budget100:
            return (
                "Today's budget is used",
                "That was today's \(amount(budget)). More today is likely to cost you tomorrow: time to rest."
            )
        case .flareNotice:
            let base = today.budget.base
            return (
                "Flare day: a lighter budget",
                "Today's budget is \(points(budget))\(inReferenceMinutes(budget)) instead of \(points(base)); "
                    + "bouts are shorter and rests longer."
                    + (today.flareModeNow ? " Flare mode stays on until you lift it." : "")
            )
        case .restLongEnough:
            let rested = DurationText.describe(seconds: today.rest?.elapsedSeconds ?? 0)
            return (
                "You have rested \(rested)",
                "That is enough rest after this bout; carry on resting if you like."
            )
        case .morningCheckIn:
            // With a morning reading taken today, the prompt shows it beside the question (it never answers it).
            let reading = today.state.morning?.judgement(on: today.state.days[today.index].date)
            return (
                "Energy today?",
                "Low, usual or good: it sets today's budget. Skip if you like." + (reading.map { " " + $0.text } ?? "")
            )
        case .awayQuestion:
            let minutes = away?.minutes ?? 0
            let span = away.map { " (\(clock($0.start))–\(clock($0.end)))" } ?? ""
            if let bout = today.bout, let away, bout.startedAt < away.start {
                return (
                    "You were away \(minutes) min\(span). Did the \(bout.label) go on?",
                    "It is still running; if it stopped when you left, one press ends it then."
                )
            }
            return (
                "You were away \(minutes) min\(span). What was it?",
                "One press records it with its times; anything else: `pace log`."
            )
        case .eveningCheckIn:
            return (
                "How was today?",
                "A flare, or OK? Fatigue, pain and sleep too, 0 to 10, all optional: "
                    + "`pace checkin --fatigue N --pain N --sleep N`."
            )
        }
    }
}
