extension PaceState {
    /// What to show now, and when anything could next change: the within-day reminder policy.
    ///
    /// Reminders: stop-and-rest when a bout reaches its length (at most `boutRemindersPerDay` a day, all
    /// before the budget is used), 90 % and 100 % of today's budget (not while calibrating, by default),
    /// a flare-day notice, "rested long enough", and the morning and evening check-in prompts.
    ///
    /// Hygiene lives here, not in the daemon: each reminder is shown once (a snoozed one comes back once);
    /// at most `maximumPerDay` a day, with slots kept for the budget reminders; at least `minimumGapMinutes`
    /// apart; nothing during quiet hours or a snooze; nothing about bouts or the 90 % mark after 100 %.
    /// Whatever fell due while the computer slept or quiet hours held it comes out as one reminder.
    ///
    /// The away question ("what was it?", or whether a bout left running went on) is one of them: it takes a
    /// slot of the day, waits for the gap, and is held by quiet hours and a snooze, then asked if still relevant.
    ///
    /// Call it after every event the daemon applies, when the timer for ``ReminderDecision/nextWakeAt``
    /// fires, and once after a resume or a clock jump.
    /// - Parameters:
    ///   - now: The current instant.
    ///   - utcOffsetSeconds: The local UTC offset now (quiet hours and prompt times are local).
    ///   - away: The person's latest time away from the desk long enough to ask about, if any.
    package func reminders(now: Instant, utcOffsetSeconds: Int, away: TimeAway? = nil) -> ReminderDecision {
        ReminderPlanner(today: today(now: now, utcOffsetSeconds: utcOffsetSeconds), away: away).decide()
    }
}

/// Works out one reminder decision from the state at one moment.
struct ReminderPlanner {
    let today: PaceState.TodayView
    /// The latest time away from the desk to ask about (``TimeAway``), if any.
    let away: TimeAway?
    /// Today's date, and the ids of today's budget reminders: every decision asks for them several times.
    private let date: CivilDate
    private let id100: ReminderID
    private let id90: ReminderID

    init(today: PaceState.TodayView, away: TimeAway? = nil) {
        self.today = today
        self.away = away
        date = today.record.date
        id100 = .make(.budget100, date)
        id90 = .make(.budget90, date)
    }
    var policy: ReminderSettings { today.settings.reminders }
    var now: Instant { today.now }
    var record: DayRecord { today.record }

    /// A reminder that is due, or will be at `at` if nothing changes.
    struct Candidate {
        var id: ReminderID
        var kind: ReminderKind
        var at: Instant
        /// Lower is more important.
        var rank: Int
        /// It comes back after a snooze (exempt from the gap).
        var returning = false
    }

    private static let budgetFamily: Set<ReminderKind> = [.budget100, .boutLimit, .budget90]

    /// The decision at ``PaceState/TodayView/now``.
    func decide() -> ReminderDecision {
        plan().decision
    }

    /// The decision at ``PaceState/TodayView/now``, and until when it and the status stay exactly what they are now
    /// if no event comes (``steadyUntil(due:wakes:)``).
    func plan() -> (decision: ReminderDecision, steadyUntil: Instant?) {
        let candidates = self.candidates()
        let due = candidates.filter { $0.at <= now }.sorted { $0.rank < $1.rank }
        var wakes = candidates.map(\.at).filter { $0 > now }
        wakes.append(today.dayEnd)
        if let until = today.state.flareMode?.until, until > now { wakes.append(until) }

        var held: ReminderDecision.Hold?
        var heldUntil: Instant?
        var chosen: Candidate?
        if let snooze = today.state.snooze, now < snooze.until {
            if !due.isEmpty || snooze.reminder != nil { wakes.append(snooze.until) }
            if !due.isEmpty { (held, heldUntil) = (.snoozed, snooze.until) }
        } else if let quiet = policy.quietHours,
            quiet.contains(today.settings.dayBoundary.localTime(of: now, utcOffsetSeconds: today.utcOffsetSeconds))
        {
            if !due.isEmpty {
                held = .quietHours
                heldUntil = today.settings.dayBoundary.next(
                    quiet.end, after: now, utcOffsetSeconds: today.utcOffsetSeconds)
                wakes.append(heldUntil ?? now)
            }
        } else if !due.isEmpty {
            let pickable = due.first { fitsDailyLimit($0) }
            if let pick = pickable {
                let gapEnd = lastShownAt().map { $0.adding(seconds: Int64(max(0, policy.minimumGapMinutes)) * 60) }
                if let gapEnd, gapEnd > now, !pick.returning {
                    (held, heldUntil) = (.minimumGap, gapEnd)
                    wakes.append(gapEnd)
                } else {
                    chosen = pick
                }
            } else {
                held = .dailyLimit
            }
        }

        var shown: [Reminder] = []
        if let chosen {
            let covered =
                Self.budgetFamily.contains(chosen.kind)
                ? due.filter { $0.id != chosen.id && Self.budgetFamily.contains($0.kind) } : []
            shown.append(reminder(for: chosen, covering: covered))
        }
        var nextWake: Instant?
        for wake in wakes where wake > now && nextWake.map({ wake < $0 }) ?? true { nextWake = wake }
        let decision = ReminderDecision(
            due: shown, nextWakeAt: nextWake ?? now.adding(seconds: 60), stale: stale(), held: held,
            heldUntil: heldUntil)
        return (decision, chosen == nil ? steadyUntil(due: due, nextWake: nextWake) : nil)
    }

    /// The first instant after ``now`` at which the status or this decision (with nothing shown now) could read
    /// otherwise with no new event, or `nil` when that could be any moment: a bout or a rest running (their seconds
    /// and points count on). Otherwise what they say moves only at instants the state names: the next candidate's
    /// time and the other wakes (the day's end, a flare mode's or a snooze's end, the end of what holds a due
    /// reminder back), an away question or a check-in prompt going out of date, and, while something due is held,
    /// quiet hours beginning or ending (they hold it then, whatever held it before). Before the earliest of them,
    /// status and decision are the same at every moment as at ``now``, which the daemon uses to work them out once a
    /// change, not once a question (`ReminderSteadinessTests`).
    private func steadyUntil(due: [Candidate], nextWake: Instant?) -> Instant? {
        guard today.state.activity == nil, today.state.rest == nil, var end = nextWake else { return nil }
        func upTo(_ instant: Instant?) {
            if let instant, instant > now, instant < end { end = instant }
        }
        upTo(today.state.snooze?.until)
        upTo(today.state.flareMode?.until)
        // An away question goes out of date (asked and not answered, it goes stale; held, it is no longer due).
        upTo(away?.end.adding(seconds: TimeAway.askableSeconds))
        // While something due is held: a check-in prompt going out of date, and quiet hours beginning or ending.
        if !due.isEmpty {
            upTo(policy.morningCheckIn.flatMap(promptTime)?.adding(seconds: 6 * 3600))
            upTo(policy.eveningCheckIn.flatMap(promptTime)?.adding(seconds: 4 * 3600))
            if let quiet = policy.quietHours {
                let boundary = today.settings.dayBoundary
                upTo(boundary.next(quiet.start, after: now, utcOffsetSeconds: today.utcOffsetSeconds))
                upTo(boundary.next(quiet.end, after: now, utcOffsetSeconds: today.utcOffsetSeconds))
            }
        }
        return end
    }

    // MARK: - Candidates

    private func candidates() -> [Candidate] {
        var list: [Candidate] = []
        let budget = today.budget.points
        let crossing100 = today.budgetRemindersOn ? today.crossing(budget) : nil
        if today.budgetRemindersOn, let at = crossing100, let returning = eligible(id100) {
            list.append(Candidate(id: id100, kind: .budget100, at: at, rank: 0, returning: returning))
        }
        let shown100 = record.wasShown(id100)
        if let bout = today.bout, !shown100, boutRemindersShown() < policy.boutRemindersPerDay {
            let id = ReminderID.make(.boutLimit, startedAt: bout.startedAt)
            // A bout that would end at or after the 100 % mark is stopped by that reminder instead.
            let beforeBudget = crossing100.map { bout.limitAt < $0 } ?? true
            if beforeBudget, let returning = eligible(id) {
                list.append(Candidate(id: id, kind: .boutLimit, at: bout.limitAt, rank: 1, returning: returning))
            }
        }
        if today.budgetRemindersOn, !shown100, let at = today.crossing(policy.budgetWarningShare * budget),
            let returning = eligible(id90)
        {
            list.append(Candidate(id: id90, kind: .budget90, at: at, rank: 2, returning: returning))
        }
        if today.budget.isFlareDay {
            let id = ReminderID.make(.flareNotice, date)
            if let returning = eligible(id) {
                let since = record.lastFlareWord.flatMap { $0.flare ? $0.at : nil } ?? today.dayStart
                list.append(Candidate(id: id, kind: .flareNotice, at: min(now, since), rank: 3, returning: returning))
            }
        }
        if let rest = today.rest {
            let id = ReminderID.make(.restLongEnough, startedAt: rest.startedAt)
            if let returning = eligible(id) {
                list.append(
                    Candidate(id: id, kind: .restLongEnough, at: rest.longEnoughAt, rank: 4, returning: returning))
            }
        }
        if let time = policy.morningCheckIn, record.checkIns.isEmpty, let at = promptTime(time),
            now < at.adding(seconds: 6 * 3600)
        {
            let id = ReminderID.make(.morningCheckIn, date)
            if let returning = eligible(id) {
                list.append(Candidate(id: id, kind: .morningCheckIn, at: at, rank: 5, returning: returning))
            }
        }
        if let time = policy.eveningCheckIn, let at = promptTime(time), now < at.adding(seconds: 4 * 3600),
            !checkedIn(since: at.adding(seconds: -3 * 3600))
        {
            let id = ReminderID.make(.eveningCheckIn, date)
            if let returning = eligible(id) {
                list.append(Candidate(id: id, kind: .eveningCheckIn, at: at, rank: 6, returning: returning))
            }
        }
        if let candidate = awayCandidate() { list.append(candidate) }
        return list
    }

    /// Whether the person checked in at or after `instant` today.
    private func checkedIn(since instant: Instant) -> Bool {
        guard let last = record.lastCheckInAt else { return false }
        return last >= instant
    }

    /// `nil` if `id` may not be shown; otherwise whether it is coming back after a snooze.
    func eligible(_ id: ReminderID) -> Bool? {
        // Never shown: eligible. Shown: only once more, when its snooze has ended.
        guard record.wasShown(id) || yesterdayShown(id) else { return false }
        guard let snooze = today.state.snooze, snooze.reminder == id, snooze.until <= now else { return nil }
        let shownSince = record.remindersShown.contains { ($0.id == id || $0.covers.contains(id)) && $0.at > snooze.at }
        return shownSince ? nil : true
    }

    private func yesterdayShown(_ id: ReminderID) -> Bool {
        // Ids of bouts and rests carry their start, so one that began yesterday keeps its history.
        guard today.index > 0 else { return false }
        return today.state.days[today.index - 1].wasShown(id)
    }

    /// The instant of local `time` within today's pacing day, if the day contains it.
    private func promptTime(_ time: ClockTime) -> Instant? {
        let boundary = today.settings.dayBoundary
        let at = boundary.next(
            time, after: today.dayStart.adding(seconds: -1), utcOffsetSeconds: today.utcOffsetSeconds)
        return at < today.dayEnd ? at : nil
    }

    private func boutRemindersShown() -> Int {
        record.remindersShown.reduce(0) { count, shown in
            count + ([shown.id] + shown.covers).filter { $0.kind == .boutLimit }.count
        }
    }

    // MARK: - Hygiene

    /// Whether showing `candidate` leaves room in the day for the budget reminders still to come.
    private func fitsDailyLimit(_ candidate: Candidate) -> Bool {
        candidate.returning || roomForOneMore(isBudget100: candidate.kind == .budget100, rank: candidate.rank)
    }

    /// Whether one more reminder (or question) of `rank` leaves room in the day for the budget reminders still to
    /// come.
    func roomForOneMore(isBudget100: Bool, rank: Int) -> Bool {
        let shown = record.remindersShown.count
        var reserved = 0
        if today.budgetRemindersOn, !record.wasShown(id100), !isBudget100 { reserved += 1 }
        if today.budgetRemindersOn, !record.wasShown(id100), !record.wasShown(id90), rank > 2 {
            reserved += 1
        }
        return shown + 1 + reserved <= policy.maximumPerDay
    }

    func lastShownAt() -> Instant? {
        var last = record.remindersShown.map(\.at).max()
        if today.index > 0, let yesterday = today.state.days[today.index - 1].remindersShown.map(\.at).max() {
            last = max(last ?? yesterday, yesterday)
        }
        return last
    }

    /// Today's unanswered notifications whose situation has passed.
    private func stale() -> [ReminderID] {
        var ids: [ReminderID] = []
        for shown in record.remindersShown where !record.remindersAnswered.contains(shown.id) {
            let isStale: Bool
            switch shown.id.kind {
            case .boutLimit:
                isStale =
                    today.state.activity.map { .make(.boutLimit, startedAt: $0.startedAt) != shown.id }
                    ?? true
            case .restLongEnough:
                isStale =
                    today.state.rest.map { .make(.restLongEnough, startedAt: $0.startedAt) != shown.id } ?? true
            case .morningCheckIn, .eveningCheckIn:
                isStale = record.lastCheckInAt.map { $0 > shown.at } ?? false
            case .budget90:
                isStale = record.wasShown(id100)
            case .flareNotice:
                isStale = !today.budget.isFlareDay
            case .awayQuestion:
                isStale = awayQuestionIsStale(shown.id)
            case .budget100:
                // It stays until answered; one that told a running bout to stop goes once that bout has ended.
                let runningThen = record.bouts.contains { $0.start < shown.at && $0.end >= shown.at }
                let runningStill = today.state.activity.map { $0.startedAt <= shown.at } ?? false
                isStale = runningThen && !runningStill
            case nil:
                isStale = false
            }
            if isStale, !ids.contains(shown.id) { ids.append(shown.id) }
        }
        return ids
    }

    // MARK: - Words

    private func reminder(for candidate: Candidate, covering covered: [Candidate]) -> Reminder {
        let text = ReminderText(today: today, away: away)
        var (title, body) = text.words(for: candidate.kind)
        let running = today.state.activity != nil
        var actions: [ReminderAction] = []
        switch candidate.kind {
        case .boutLimit:
            actions = [.stop, .snooze, .startRest]
        case .budget90, .budget100:
            actions = running ? [.stop, .snooze, .startRest] : []
        case .flareNotice, .restLongEnough, .morningCheckIn, .eveningCheckIn, .awayQuestion:
            actions = []
        }
        if covered.contains(where: { $0.kind == .budget90 }), candidate.kind == .boutLimit {
            body += " 90 % of today's budget is used."
        }
        let answers: [ReminderAnswer]
        switch candidate.kind {
        case .morningCheckIn: answers = ReminderAnswer.energy
        case .eveningCheckIn: answers = ReminderAnswer.flare
        case .awayQuestion: answers = awayAnswers()
        default: answers = []
        }
        let stopAndRest: Set<ReminderKind> = [.boutLimit, .budget100]
        return Reminder(
            id: candidate.id, kind: candidate.kind, title: title, body: body, actions: actions,
            urgency: stopAndRest.contains(candidate.kind) ? .normal : .low,
            dueAt: min(candidate.at, covered.map(\.at).min() ?? candidate.at), covers: covered.map(\.id),
            // The away question stays too: its answer is about the past, and nobody is asked twice.
            answers: answers,
            staysUntilAnswered: stopAndRest.contains(candidate.kind) || candidate.kind == .awayQuestion,
            typed: text.command(for: candidate.kind))
    }
}
