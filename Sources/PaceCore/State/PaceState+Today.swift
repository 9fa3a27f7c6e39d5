extension PaceState {
    /// The current day as seen at one moment: the state moved on to it, its budget and what is used.
    struct TodayView {
        /// The state with every day before today ended and judged.
        var state: PaceState
        var now: Instant
        var utcOffsetSeconds: Int
        var index: Int
        /// The envelope that sets today's budget (a trial increase asked for today included).
        var envelope: Envelope
        var budget: DayBudget
        /// Points and seconds of the running bout not yet in the day's load.
        var runningPoints: Double
        var runningSeconds: Int64
        var dayStart: Instant
        var dayEnd: Instant

        var record: DayRecord { state.days[index] }
        var settings: PaceSettings { state.settings }
        /// Points used today, the running bout included.
        var used: Double { record.load + runningPoints }
        var flareModeNow: Bool { state.flareMode?.isActive(at: now) ?? false }
    }

    /// The pacing day that `now` falls in, never earlier than the current day.
    package func day(now: Instant, utcOffsetSeconds: Int) -> CivilDate {
        let own = settings.dayBoundary.day(containing: now, utcOffsetSeconds: utcOffsetSeconds)
        return max(own, currentDay ?? own)
    }

    /// The state moved on to the pacing day of `now`: the days since the last event begun, the ended ones judged.
    ///
    /// Every query (`status`, `reminders`, `explanation`, …) at any moment of that pacing day, with the same UTC
    /// offset, answers the same on the result as on `self`; only the day change is already done. Moving on copies
    /// the record of every day, so a caller that asks many questions within a day (the daemon, before the day's
    /// first event) keeps the result instead of paying for the copy on every question. It is not a state to
    /// apply events to or to save: replay alone makes those.
    package func movedOn(to now: Instant, utcOffsetSeconds: Int) -> PaceState {
        var state = self
        state.advance(
            to: day(now: now, utcOffsetSeconds: utcOffsetSeconds), at: now, utcOffsetSeconds: utcOffsetSeconds)
        return state
    }

    /// The state as it is at `now`: later pacing days begun, earlier ones judged. Changes nothing in `self`.
    func today(now: Instant, utcOffsetSeconds: Int) -> TodayView {
        var state = self
        let date = day(now: now, utcOffsetSeconds: utcOffsetSeconds)
        // Nothing to do within the current day; only a new day costs a copy of the days.
        state.advance(to: date, at: now, utcOffsetSeconds: utcOffsetSeconds)
        let index = state.days.count - 1
        let record = state.days[index]
        let flareNow = state.flareMode?.isActive(at: now) ?? false
        var envelope = state.envelope
        if record.trialIncrease { _ = try? envelope.increaseOnTrial(on: record.date, flareToday: false) }
        let boundary = settings.dayBoundary
        let start = boundary.start(of: date, utcOffsetSeconds: utcOffsetSeconds)
        let expired = state.flareMode?.expired(within: start, now) ?? false
        let budget = envelope.budget(
            for: record.observationSoFar(flareModeNow: flareNow, flareModeExpiredToday: expired),
            provisional: state.provisional)
        var runningPoints = 0.0
        var runningSeconds: Int64 = 0
        if let running = state.activity {
            let longest = Int64(max(0, settings.longestBoutMinutes)) * 60
            let seconds = min(
                max(0, now.seconds(since: running.countedUntil)), max(0, longest - running.countedSeconds))
            // Minutes another bout covers too count once (the overlap rule).
            (runningPoints, runningSeconds) = record.gain(
                with: BoutPiece(
                    start: running.countedUntil, end: running.countedUntil.adding(seconds: seconds),
                    pointsPerMinute: running.pointsPerMinute, precedence: running.precedence))
        }
        return TodayView(
            state: state, now: now, utcOffsetSeconds: utcOffsetSeconds, index: index, envelope: envelope,
            budget: budget, runningPoints: runningPoints, runningSeconds: runningSeconds, dayStart: start,
            dayEnd: boundary.start(of: date.adding(days: 1), utcOffsetSeconds: utcOffsetSeconds))
    }
}

extension PaceState.TodayView {
    /// The running bout's length limit in seconds (shorter on a flare day, because the budget is).
    func boutLimitSeconds(pointsPerMinute: Double) -> Int64 {
        ReminderPolicy.boutSeconds(
            budget: budget.points, pointsPerMinute: pointsPerMinute, settings: settings.reminders)
    }

    /// The running bout, if any.
    var bout: BoutStatus? {
        guard let running = state.activity else { return nil }
        let limit = boutLimitSeconds(pointsPerMinute: running.pointsPerMinute)
        let seconds = running.countedSeconds + runningSeconds
        let kind = settings.activity(named: running.activity)
        let points = Double(seconds) / 60 * running.pointsPerMinute
        let limitAt = running.startedAt.adding(seconds: limit)
        var restDueAt: Instant? = limitAt
        if budgetRemindersOn {
            if budget.points - used + points <= 0 {
                restDueAt = nil
            } else if let used = crossing(budget.points) {
                restDueAt = min(limitAt, used)
            }
        }
        return BoutStatus(
            activity: running.activity, label: kind?.label ?? running.activity, intensity: running.intensity,
            pointsPerMinute: running.pointsPerMinute, startedAt: running.startedAt, elapsedSeconds: seconds,
            points: points, limitSeconds: limit, limitAt: limitAt, restDueAt: restDueAt)
    }

    /// When used reaches `threshold`: now if it has, later if the running bout will get there, else `nil`.
    func crossing(_ threshold: Double) -> Instant? {
        if used >= threshold - 1e-9 { return now }
        guard let running = state.activity, running.pointsPerMinute > 0 else { return nil }
        let seconds = Int64(((threshold - used) / running.pointsPerMinute * 60).rounded(.up))
        let longest = Int64(max(0, settings.longestBoutMinutes)) * 60
        guard running.countedSeconds + runningSeconds + seconds <= longest else { return nil }
        return now.adding(seconds: seconds)
    }

    /// Whether reminders about today's budget are given (a budget, and past calibration or asked for in it).
    var budgetRemindersOn: Bool {
        budget.points > 0
            && (envelope.phase == .adapting || settings.reminders.budgetRemindersWhileCalibrating)
    }

    /// The running rest, if any.
    var rest: RestStatus? {
        guard let rest = state.rest else { return nil }
        let rate = rest.afterBoutRate ?? settings.pointsPerReferenceMinute
        let minimum = ReminderPolicy.minimumRestSeconds(
            boutSeconds: boutLimitSeconds(pointsPerMinute: rate), flare: budget.isFlareDay, settings: settings.reminders
        )
        let target = rest.plannedSeconds.map { Int64(max(0, $0)) } ?? minimum
        return RestStatus(
            startedAt: rest.startedAt, elapsedSeconds: max(0, now.seconds(since: rest.startedAt)),
            plannedSeconds: rest.plannedSeconds, minimumSeconds: minimum,
            longEnoughAt: rest.startedAt.adding(seconds: target))
    }

    /// Today's mode.
    var mode: Mode {
        if budget.isFlareDay { return .flare }
        return envelope.phase == .calibrating ? .calibrating : .normal
    }

    /// `points` with its value in minutes of the reference activity.
    func amount(_ points: Double) -> Amount {
        Amount(points: points, referenceMinutes: settings.referenceMinutes(points))
    }
}
