extension PaceState {
    /// Whether a question asked outside the reminder planner (the kind of a sensed heart-rate bout) may be shown
    /// now under the one reminder budget; if not, why, and until when when that is known.
    ///
    /// The same hygiene as every reminder's: nothing during a snooze or the quiet hours, at least the minimum gap
    /// after the last reminder, and at most the day's maximum with slots kept for the budget reminders still to
    /// come (a question ranks below every reminder). The daemon records a question it shows as `reminderShown`
    /// with the question's own id, so it counts in the day's reminders and in the gap, and is never asked twice.
    package func questionHold(now: Instant, utcOffsetSeconds: Int) -> (hold: ReminderDecision.Hold, until: Instant?)? {
        ReminderPlanner(today: today(now: now, utcOffsetSeconds: utcOffsetSeconds)).questionHold()
    }
}

extension ReminderPlanner {
    /// A question ranks below every reminder: the budget reminders keep their slots.
    static let questionRank = Int.max

    /// See ``PaceState/questionHold(now:utcOffsetSeconds:)``.
    func questionHold() -> (hold: ReminderDecision.Hold, until: Instant?)? {
        if let snooze = today.state.snooze, now < snooze.until { return (.snoozed, snooze.until) }
        let boundary = today.settings.dayBoundary
        if let quiet = policy.quietHours,
            quiet.contains(boundary.localTime(of: now, utcOffsetSeconds: today.utcOffsetSeconds))
        {
            return (.quietHours, boundary.next(quiet.end, after: now, utcOffsetSeconds: today.utcOffsetSeconds))
        }
        guard roomForOneMore(isBudget100: false, rank: Self.questionRank) else { return (.dailyLimit, today.dayEnd) }
        if let gapEnd = lastShownAt().map({ $0.adding(seconds: Int64(max(0, policy.minimumGapMinutes)) * 60) }),
            gapEnd > now
        {
            return (.minimumGap, gapEnd)
        }
        return nil
    }
}
