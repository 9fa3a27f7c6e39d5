extension PaceState {
    /// Everything about today at `now`: budget, used, left, bout, rest, mode, base.
    ///
    /// - Parameters:
    ///   - now: The current instant.
    ///   - utcOffsetSeconds: The local UTC offset now.
    package func status(now: Instant, utcOffsetSeconds: Int) -> PaceStatus {
        status(of: today(now: now, utcOffsetSeconds: utcOffsetSeconds))
    }

    /// ``status(now:utcOffsetSeconds:)`` and ``reminders(now:utcOffsetSeconds:)`` together, working out the day
    /// once (most of either's cost): what the daemon asks after every change.
    ///
    /// `steadyUntil` is how long both hold: at every moment from `now` up to (not including) it, with no new event,
    /// the same UTC offset and the same `away`, they are exactly what they are at `now`; `nil` when they may change
    /// any moment (a bout or a rest running, a reminder due).
    package func statusAndReminders(now: Instant, utcOffsetSeconds: Int, away: TimeAway? = nil) -> (
        status: PaceStatus, reminders: ReminderDecision, steadyUntil: Instant?
    ) {
        let today = today(now: now, utcOffsetSeconds: utcOffsetSeconds)
        let (reminders, steadyUntil) = ReminderPlanner(today: today, away: away).plan()
        return (status(of: today), reminders, steadyUntil)
    }

    private func status(of today: TodayView) -> PaceStatus {
        let now = today.now
        let budget = today.budget.points
        let used = today.used
        // The reference kind is looked up by name once, not once for each amount (every status asks).
        let reference = settings.reference
        let rate = settings.pointsPerReferenceMinute(reference)
        func amount(_ points: Double) -> Amount { Amount(points: points, referenceMinutes: points / rate) }
        return PaceStatus(
            date: today.record.date, dayStartedAt: today.dayStart, dayEndsAt: today.dayEnd, mode: today.mode,
            budget: amount(budget), used: amount(used), left: amount(max(0, budget - used)),
            over: amount(max(0, used - budget)), isProvisional: today.budget.provisional != nil,
            calibrationDaysRecorded: today.envelope.calibrationDaysRecorded,
            calibrationDaysNeeded: settings.envelope.calibrationDays, base: base(of: today),
            flare: today.budget.flare,
            flareMode: flareMode.flatMap {
                $0.isActive(at: now) ? FlareModeStatus(since: $0.since, until: $0.until) : nil
            },
            bout: today.bout, rest: today.rest, snoozedUntil: snooze.flatMap { $0.until > now ? $0.until : nil },
            referenceActivity: reference.name, referenceLabel: reference.label)
    }

    /// Today's budget and the reasons behind it.
    package func budget(now: Instant, utcOffsetSeconds: Int) -> DayBudget {
        today(now: now, utcOffsetSeconds: utcOffsetSeconds).budget
    }

    /// Today's mode: calibrating, normal or flare.
    package func mode(now: Instant, utcOffsetSeconds: Int) -> Mode {
        today(now: now, utcOffsetSeconds: utcOffsetSeconds).mode
    }

    /// The base envelope and its last change, as of `now`.
    package func base(now: Instant, utcOffsetSeconds: Int) -> BaseStatus {
        base(of: today(now: now, utcOffsetSeconds: utcOffsetSeconds))
    }

    private func base(of today: TodayView) -> BaseStatus {
        let envelope = today.envelope
        guard envelope.phase == .adapting else {
            return BaseStatus(points: today.budget.base, lastChange: envelope.lastChange)
        }
        return BaseStatus(
            points: envelope.base, initial: envelope.initialBase, floor: envelope.floor, ceiling: envelope.ceiling,
            lastChange: envelope.lastChange)
    }

    /// The days from `first` through `last` (within the recorded range, up to today), oldest first.
    ///
    /// - Parameters:
    ///   - first: The first day wanted.
    ///   - last: The last day wanted.
    ///   - now: The current instant (today's figures are as of now).
    ///   - utcOffsetSeconds: The local UTC offset now.
    package func history(from first: CivilDate, through last: CivilDate, now: Instant, utcOffsetSeconds: Int)
        -> [DayHistory]
    {
        let today = today(now: now, utcOffsetSeconds: utcOffsetSeconds)
        let days = today.state.days
        guard let start = days.first?.date, first <= last else { return [] }
        let from = max(0, first.days(since: start))
        let through = min(days.count - 1, last.days(since: start))
        guard from <= through else { return [] }
        return (from...through).map { index in
            let record = days[index]
            let isToday = index == today.index
            let budget = isToday ? today.budget : (record.verdict?.budget ?? today.budget)
            var change = record.verdict?.change
            if isToday, record.trialIncrease, today.envelope.lastChange?.date == record.date {
                change = today.envelope.lastChange
            }
            return DayHistory(
                date: record.date, budget: budget.points, used: isToday ? today.used : record.load,
                activeSeconds: record.activeSeconds + (isToday ? today.runningSeconds : 0),
                isProvisional: budget.provisional != nil, checkIns: record.checkIns, flare: budget.flare.isFlare,
                flareReported: record.flareReported, baseChange: change, recorded: record.recorded, isToday: isToday,
                corrected: record.corrected)
        }
    }
}
