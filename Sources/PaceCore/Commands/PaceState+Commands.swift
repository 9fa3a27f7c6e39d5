extension PaceState {
    /// How far back an activity may be logged; older history comes in as imported events.
    package static let longestBackfillDays = EventRanges.backfillDays

    /// How far back a start or a stop may be given (`pace start --at`); earlier activities are logged instead.
    package static let latestCorrectionSeconds: Int64 = 86_400

    /// Validates `command` against the state and returns the events that carry it out.
    ///
    /// Nothing changes: the daemon appends the events to the log, makes them durable, then applies them.
    /// - Parameters:
    ///   - command: What the person (or the daemon, for reminders) asked for.
    ///   - time: When it happened, if a little earlier than now (a start or stop given with `--at`): not in the
    ///     future, at most a day ago; it may be before the last thing recorded. The events carry this time.
    ///   - clock: Now, and the local UTC offset at the events' time.
    /// - Returns: One or more events, in the order to apply them (an empty list never happens).
    /// - Throws: `PaceError` when the command does not fit the state or a value is out of range.
    package func events(for command: Command, at time: Instant? = nil, clock: some WallClock) throws(PaceError)
        -> [Event]
    {
        let now = clock.now()
        if let time { try checkEarlier(time, for: command, now: now) }
        let at = time ?? now
        return try events(for: command, now: at, utcOffsetSeconds: clock.utcOffsetSeconds(at: at), actually: now)
    }

    /// ``events(for:at:clock:)`` at `now`, in a place `utcOffsetSeconds` ahead of UTC.
    package func events(for command: Command, now: Instant, utcOffsetSeconds: Int) throws(PaceError) -> [Event] {
        try events(for: command, now: now, utcOffsetSeconds: utcOffsetSeconds, actually: now)
    }

    /// The events of `command` happening at `now`; `actualNow` is the time it is (later than `now` for a start or
    /// stop given a little earlier).
    private func events(
        for command: Command, now: Instant, utcOffsetSeconds: Int, actually actualNow: Instant
    ) throws(PaceError)
        -> [Event]
    {
        func event(_ payload: Event.Payload) -> Event {
            Event(at: now, utcOffsetSeconds: utcOffsetSeconds, payload)
        }
        switch command {
        case .startActivity(let name, let intensity):
            if let running = activity {
                throw PaceError(
                    .activityAlreadyRunning(activity: running.activity, startedAt: running.startedAt),
                    "\(label(of: running.activity)) is running since "
                        + "\(clock(running.startedAt, utcOffsetSeconds)); stop it first (pace stop).")
            }
            let start = try activityStart(name, intensity)
            return (rest == nil ? [] : [event(.restEnded)]) + [event(.activityStarted(start))]

        case .stopActivity:
            guard activity != nil else { throw noActivity }
            return [event(.activityStopped)]

        case .logActivity(let name, let intensity, let start, let duration):
            guard start >= actualNow.adding(seconds: -Int64(Self.longestBackfillDays) * 86_400) else {
                throw .invalidValue(
                    .startedAt, "An activity can be logged up to a year back; import older history instead.")
            }
            let kind = try activityStart(name, intensity)
            guard EventRanges.loggedSeconds.contains(duration) else {
                throw .invalidValue(.durationSeconds, "A logged activity lasts from 1 second to 24 hours.")
            }
            let logged = Event.LoggedActivity(
                activity: kind.activity, intensity: kind.intensity, pointsPerMinute: kind.pointsPerMinute,
                start: start, durationSeconds: duration)
            guard logged.end <= now.adding(seconds: EventRanges.futureSlackSeconds) else {
                throw .invalidValue(.startedAt, "That activity would end in the future; log it once it is done.")
            }
            if let running = activity, logged.end > running.startedAt {
                throw PaceError(
                    .overlapsRunningActivity,
                    "That time overlaps the \(label(of: running.activity)) bout running since "
                        + "\(clock(running.startedAt, utcOffsetSeconds)); stop it first, or log an earlier time.")
            }
            return [event(.activityLogged(logged))]

        case .startRest(let planned):
            if let planned, !EventRanges.plannedRestSeconds.contains(planned) {
                throw .invalidValue(.plannedSeconds, "A planned rest lasts from 1 minute to 12 hours.")
            }
            if rest != nil { throw PaceError(.restAlreadyRunning, "You are already resting.") }
            return (activity == nil ? [] : [event(.activityStopped)]) + [
                event(.restStarted(.init(plannedSeconds: planned)))
            ]

        case .endRest:
            guard rest != nil else { throw PaceError(.restNotRunning, "No rest is running.") }
            return [event(.restEnded)]

        case .checkIn(let checkIn):
            try validate(checkIn)
            let endsFlare = checkIn.flare == false && (flareMode?.isActive(at: now) ?? false)
            return [event(.checkIn(checkIn))] + (endsFlare ? [event(.flareEnded)] : [])

        case .startFlare(let until):
            if let until, until <= now {
                throw .invalidValue(.until, "The end of flare mode must be in the future.")
            }
            return [event(.flareStarted(.init(until: until)))]

        case .endFlare:
            guard flareMode?.isActive(at: now) ?? false else {
                throw PaceError(.flareNotActive, "Flare mode is not on.")
            }
            return [event(.flareEnded)]

        case .snooze(let seconds, let reminder):
            let length = seconds ?? settings.reminders.snoozeMinutes * 60
            guard (60...EventRanges.snoozeSeconds).contains(length) else {
                throw .invalidValue(.durationSeconds, "A snooze lasts from 1 minute to 24 hours.")
            }
            return [event(.snoozed(.init(until: now.adding(seconds: Int64(length)), reminder: reminder)))]

        case .reminderShown(let id, let covers):
            guard !id.rawValue.isEmpty else { throw .invalidValue(.id, "A reminder id cannot be empty.") }
            return [event(.reminderShown(.init(reminder: id, covers: covers)))]

        case .reminderActedOn(let id, let action):
            let today = day(now: now, utcOffsetSeconds: utcOffsetSeconds)
            let shown = [today, today.adding(days: -1)].contains { date in
                index(of: date).map { days[$0].wasShown(id) } ?? false
            }
            guard shown else {
                throw PaceError(.unknownReminder(id), "No reminder \(id) was shown today or yesterday.")
            }
            let answer = event(.reminderActedOn(.init(reminder: id, action: action)))
            switch action {
            case .stop:
                return [answer] + (activity == nil ? [] : [event(.activityStopped)])
            case .startRest:
                return [answer] + (activity == nil ? [] : [event(.activityStopped)])
                    + (rest == nil ? [event(.restStarted(.init(plannedSeconds: nil)))] : [])
            case .snooze:
                let until = now.adding(seconds: Int64(max(1, settings.reminders.snoozeMinutes)) * 60)
                return [answer, event(.snoozed(.init(until: until, reminder: id)))]
            case .dismissed:
                return [answer]
            }

        case .answerCalibration(let minutes):
            guard EventRanges.badDayMinutes.contains(minutes) else {
                throw .invalidValue(.badDayMinutes, "Give the minutes a bad day allows, from 1 to 1440.")
            }
            guard today(now: now, utcOffsetSeconds: utcOffsetSeconds).envelope.phase == .calibrating else {
                throw PaceError(
                    .calibrationFinished, "Calibration has ended; your budget now comes from your own days.")
            }
            return [
                event(
                    .calibrationAnswered(
                        .init(badDayMinutes: minutes, pointsPerMinute: settings.pointsPerReferenceMinute)))
            ]

        case .requestTrialIncrease:
            let today = today(now: now, utcOffsetSeconds: utcOffsetSeconds)
            var envelope = today.envelope
            do {
                _ = try envelope.increaseOnTrial(on: today.record.date, flareToday: today.budget.isFlareDay)
            } catch {
                throw PaceError(.trialIncreaseUnavailable, Self.explain(error))
            }
            return [event(.trialIncreaseRequested)]
        }
    }

    /// A start or stop given for a little earlier than now: not in the future, at most a day ago, and a stop or a
    /// rest not before the running bout's start. It may be before the last thing recorded: the ledger folds it
    /// where its time falls.
    private func checkEarlier(_ time: Instant, for command: Command, now: Instant) throws(PaceError) {
        let field: PaceError.Field = command == .stopActivity ? .endedAt : .startedAt
        guard time <= now.adding(seconds: EventRanges.futureSlackSeconds) else {
            throw .invalidValue(field, "That time is in the future.")
        }
        guard time >= now.adding(seconds: -Self.latestCorrectionSeconds) else {
            throw .invalidValue(field, "That is more than a day ago; use `pace log` for activities done earlier.")
        }
        if command == .stopActivity, let running = activity, time < running.startedAt {
            throw .invalidValue(
                .endedAt, "The bout began at \(running.startedAt.rfc3339); it cannot end before that.")
        }
        // A rest that would begin before the running bout did contradicts it (the bout would end the rest).
        if case .startRest = command, let running = activity, time < running.startedAt {
            throw .invalidValue(
                .startedAt, "The bout running began at \(running.startedAt.rfc3339); a rest cannot begin before that.")
        }
    }

    private var noActivity: PaceError {
        PaceError(.noActivityRunning, "No activity is running.")
    }

    /// The kind `name` (or one of its aliases) at `intensity` (default: the configured one), and the rate it counts
    /// at now: what a new bout, or an amendment's new kind or intensity, records.
    package func activityStart(_ name: String, _ intensity: Intensity?) throws(PaceError) -> Event.ActivityStart {
        guard let kind = settings.activity(named: name) else {
            let known = settings.activities.map(\.name).joined(separator: ", ")
            throw PaceError(
                .unknownActivityKind(name),
                "There is no activity called \"\(name)\". Known: \(known); define more in the config.")
        }
        let intensity = intensity ?? settings.defaultIntensity
        return Event.ActivityStart(
            activity: kind.name, intensity: intensity,
            pointsPerMinute: kind.pointsPerMinute(at: intensity, factors: settings.intensityFactors))
    }

    private func validate(_ checkIn: CheckIn) throws(PaceError) {
        guard !checkIn.isEmpty else {
            throw .invalidValue(.parameters, "A check-in needs at least one answer.")
        }
        let scales: [(PaceError.Field, Int?)] = [
            (.energy, checkIn.energy), (.fatigue, checkIn.fatigue), (.pain, checkIn.pain),
            (.sleep, checkIn.sleepQuality), (.stress, checkIn.stress),
        ]
        for (field, value) in scales {
            if let value, !EventRanges.rating.contains(value) {
                throw .invalidValue(field, "\(field.rawValue) is rated from 0 to 10; \(value) is outside.")
            }
        }
        if let note = checkIn.note, note.count > EventRanges.noteCharacters {
            throw .invalidValue(.note, "A note holds up to 2000 characters.")
        }
    }

    private func label(of activity: String) -> String {
        let label = settings.activity(named: activity)?.label ?? activity
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    func clock(_ instant: Instant, _ offset: Int) -> String {
        settings.dayBoundary.localTime(of: instant, utcOffsetSeconds: offset).hhmm
    }

    private static func explain(_ refusal: Envelope.TrialRefusal) -> String {
        switch refusal {
        case .calibrating:
            "Your budget is still being calibrated; a trial increase is possible once the first week is done."
        case .atCeiling:
            "Your base is already at its ceiling (1.5 × where it started)."
        case .tooSoon(let days):
            "Your base rose within the last week; one increase a week at most. Try again in \(days) "
                + (days == 1 ? "day." : "days.")
        case .flare:
            "Not on a flare day: try when the flare has passed."
        case .notEnoughEvidence(let flareFree, let flareFreeNeeded, let checkIns, let checkInsNeeded):
            "A trial increase needs what growth needs, apart from days over budget: \(flareFreeNeeded) days in a row "
                + "recorded and without a flare (now \(flareFree)) and \(checkInsNeeded) check-ins among them "
                + "(now \(checkIns)). Days with nothing recorded do not count."
        }
    }
}
