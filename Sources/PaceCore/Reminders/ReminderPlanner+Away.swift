/// The away question as a reminder like the others: one candidate, ranked last, within the one budget.
extension ReminderPlanner {
    /// What the question about ``away`` asks, given what runs now.
    enum AwayAsk: Equatable {
        /// Nothing ran: what was it? (the kinds used most, and Rest)
        case whatWasIt
        /// A bout begun before the person left still runs: did it go on, or stop when they left?
        case boutLeftRunning(label: String)
    }

    /// What the away question would ask now, or `nil` when there is nothing to ask: no time away, a rest running
    /// (it covers the time), a bout begun while away, minutes away already recorded, or too long ago.
    func awayAsk() -> AwayAsk? {
        guard let away, now < away.end.adding(seconds: TimeAway.askableSeconds) else { return nil }
        if today.state.rest != nil { return nil }
        if let running = today.state.activity {
            guard running.startedAt < away.start, let bout = today.bout else { return nil }
            return .boutLeftRunning(label: bout.label)
        }
        return recordsSomething(from: away.start, to: away.end) ? nil : .whatWasIt
    }

    /// The away question, when there is one to ask and it was not asked yet.
    func awayCandidate() -> Candidate? {
        guard let away, awayAsk() != nil, let returning = eligible(away.reminderID) else { return nil }
        return Candidate(id: away.reminderID, kind: .awayQuestion, at: away.end, rank: 7, returning: returning)
    }

    /// Whether a shown away question is stale: a newer time away replaced it, or there is nothing left to ask.
    func awayQuestionIsStale(_ id: ReminderID) -> Bool {
        guard let away, away.reminderID == id else { return true }
        return awayAsk() == nil
    }

    /// The buttons of the away question: one press records what was done, with its real times.
    func awayAnswers() -> [ReminderAnswer] {
        guard let away, let ask = awayAsk() else { return [] }
        switch ask {
        case .whatWasIt:
            let seconds = Int(away.end.seconds(since: away.start))
            return away.kinds.prefix(2).map {
                ReminderAnswer(
                    key: "kind:\($0)", label: $0,
                    effect: .logActivity(activity: $0, start: away.start, durationSeconds: seconds))
            } + [ReminderAnswer(key: "rest", label: "Rest", effect: .rest(start: away.start, end: away.end))]
        case .boutLeftRunning:
            return [
                ReminderAnswer(key: "bout-went-on", label: "It went on", effect: .keepActivity),
                ReminderAnswer(
                    key: "bout-stopped", label: "Stopped at \(today.state.clock(away.start, today.utcOffsetSeconds))",
                    effect: .stopActivity(at: away.start)),
            ]
        }
    }

    /// Whether today's record (or yesterday's) holds a bout with minutes between `start` and `end`.
    private func recordsSomething(from start: Instant, to end: Instant) -> Bool {
        let days = today.index > 0 ? [today.state.days[today.index - 1], record] : [record]
        return days.contains { day in day.bouts.contains { $0.start < end && $0.end > start } }
    }
}
