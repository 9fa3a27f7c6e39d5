extension PaceState {
    /// Folds one event into the state.
    ///
    /// Every event whose values are in range is accepted (the log is the truth; commands are checked before
    /// anything is written, in ``events(for:now:utcOffsetSeconds:)``). Durations that a backward clock jump would
    /// make negative count as zero.
    ///
    /// - Throws: ``Event/OutOfRange`` for an event outside ``EventRanges`` (written by a Pace that did not check,
    ///   or planted), which changes nothing: with its values in range no step of the fold can overflow, loop or
    ///   allocate without bound. Replay skips it and reports it.
    ///
    /// - Parameter deferringJudgement: Leave a finished day that a late entry changed to be judged again by
    ///   ``judgeAgain()`` (or the next day's end), not at once: a fold of many late entries into the same days (a
    ///   fold again, a replay) judges them once.
    package mutating func apply(_ event: Event, deferringJudgement: Bool = false) throws(Event.OutOfRange) {
        defer { if !deferringJudgement { judgeAgain() } }
        try event.validate()
        let boundary = settings.dayBoundary
        let offset = event.utcOffsetSeconds
        // The day it falls in, as a number first: most events fall in the current day, which needs no date made.
        let ownDay = boundary.dayNumber(containing: event.at, utcOffsetSeconds: offset)
        // The last day read from the list itself: through ``currentDay`` the compiler copied the whole state first.
        if days.isEmpty || ownDay > days[days.count - 1].date.daysSinceEpoch {
            advance(to: CivilDate(daysSinceEpoch: ownDay), at: event.at, utcOffsetSeconds: offset)
        }
        let today = days.count - 1

        switch event.payload {
        case .activityStarted(let start):
            finishActivity(at: event.at, into: today)
            rest = nil
            activity = RunningActivity(
                activity: start.activity, intensity: start.intensity, pointsPerMinute: start.pointsPerMinute,
                startedAt: event.at, countedUntil: event.at, precedence: BoutPrecedence(event))
            days[today].activityCount += 1
            days[today].recorded = true
        case .activityStopped:
            finishActivity(at: event.at, into: today)
            days[today].recorded = true
        case .activityLogged(let logged):
            days[today].recorded = true
            addLogged(logged, precedence: BoutPrecedence(event), utcOffsetSeconds: offset)
        case .restStarted(let started):
            let rate = activity?.pointsPerMinute
            finishActivity(at: event.at, into: today)
            rest = RunningRest(startedAt: event.at, plannedSeconds: started.plannedSeconds, afterBoutRate: rate)
            days[today].recorded = true
        case .restEnded:
            rest = nil
            days[today].recorded = true
        case .checkIn(let checkIn):
            days[today].checkIns.append(checkIn)
            days[today].lastCheckInAt = event.at
            days[today].recorded = true
            if let flare = checkIn.flare {
                days[today].lastFlareWord = DayRecord.FlareWord(at: event.at, flare: flare)
                if flare { days[today].flareReported = true }
            }
        case .flareStarted(let started):
            flareMode = FlareMode(since: event.at, until: started.until)
            days[today].flareReported = true
            days[today].lastFlareWord = DayRecord.FlareWord(at: event.at, flare: true)
            days[today].recorded = true
        case .flareEnded:
            flareMode = nil
            days[today].lastFlareWord = DayRecord.FlareWord(at: event.at, flare: false)
            days[today].recorded = true
        case .snoozed(let snoozed):
            snooze = Snooze(at: event.at, until: snoozed.until, reminder: snoozed.reminder)
        case .reminderShown(let shown):
            let (id, covers) = (shown.reminder, shown.covers)
            days[today].remindersShown.append(DayRecord.ShownReminder(id: id, at: event.at, covers: covers))
            // An answer belongs to one showing: a snoozed reminder that comes back is unanswered again.
            days[today].remindersAnswered.removeAll { $0 == id || covers.contains($0) }
        case .reminderActedOn(let answer):
            days[today].remindersAnswered.append(answer.reminder)
        case .calibrationAnswered(let answer):
            badDayAnswer = Double(max(0, answer.badDayMinutes)) * max(0, answer.pointsPerMinute)
            days[today].recorded = true
        case .trialIncreaseRequested:
            days[today].trialIncrease = true
            days[today].recorded = true
        case .retracted(let retraction):
            markCorrected(at: retraction.targetAt, utcOffsetSeconds: offset)
        case .amended(let amendment):
            markCorrected(at: amendment.targetAt, utcOffsetSeconds: offset)
            if let start = amendment.start { markCorrected(at: start, utcOffsetSeconds: offset) }
        case .morningReading(let reading):
            var history = morning ?? MorningHistory()
            history.add(
                MorningBaseline.Entry(
                    at: event.at, date: CivilDate(daysSinceEpoch: ownDay), values: reading.values,
                    beginsBaseline: reading.newBaseline == true))
            morning = history
        }
        if lastEventAt.map({ event.at > $0 }) ?? true { lastEventAt = event.at }
        lastUtcOffsetSeconds = offset
    }

    /// Makes `day` the current day: ends every day before it (a running bout's time up to each day's end goes
    /// to that day) and lets the envelope judge them.
    ///
    /// - Parameters:
    ///   - day: The new current day; earlier than the current day does nothing.
    ///   - instant: The moment that brought the new day, for the running bout.
    ///   - utcOffsetSeconds: The offset at that moment, which places the day boundaries.
    mutating func advance(to day: CivilDate, at instant: Instant, utcOffsetSeconds: Int) {
        let boundary = settings.dayBoundary
        guard let current = currentDay else {
            days.append(DayRecord(date: day))
            markFlareMode(
                onDayAt: days.count - 1, startingAt: boundary.start(of: day, utcOffsetSeconds: utcOffsetSeconds))
            return
        }
        guard current < day else { return }
        while let last = days.last?.date, last < day {
            let ending = days.count - 1
            let next = last.adding(days: 1)
            // The boundary as seen from the moment that crossed it, clamped so time never runs backwards.
            var end = boundary.start(of: next, utcOffsetSeconds: utcOffsetSeconds)
            if let activity, end < activity.countedUntil { end = activity.countedUntil }
            attributeRunning(until: min(end, max(instant, activity?.countedUntil ?? instant)), to: ending)
            days[ending].flareModeAtEnd = flareMode?.isActive(at: end) ?? false
            days[ending].flareModeExpired =
                flareMode.map { $0.expired(within: dayStart(of: ending, utcOffsetSeconds), end) } ?? false
            days.append(DayRecord(date: next))
            markFlareMode(onDayAt: days.count - 1, startingAt: end)
        }
        judge()
    }

    /// The instant day `index` began, as seen with `utcOffsetSeconds`.
    func dayStart(of index: Int, _ utcOffsetSeconds: Int) -> Instant {
        settings.dayBoundary.start(of: days[index].date, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// A flare mode still on when a day begins makes that day a reported flare day.
    private mutating func markFlareMode(onDayAt index: Int, startingAt start: Instant) {
        if let flareMode, flareMode.isActive(at: start) {
            days[index].flareReported = true
        }
    }

    /// Marks the day `instant` falls in as corrected (`pace history` and `pace why` say so), if it is recorded.
    private mutating func markCorrected(at instant: Instant, utcOffsetSeconds: Int) {
        guard let first = days.first?.date else { return }
        let index =
            settings.dayBoundary.dayNumber(containing: instant, utcOffsetSeconds: utcOffsetSeconds)
            - first.daysSinceEpoch
        if days.indices.contains(Int(index)) { days[Int(index)].corrected = true }
    }

    /// Adds the running bout's time up to `end` to day `index`, at most up to the longest bout.
    private mutating func attributeRunning(until end: Instant, to index: Int) {
        guard var running = activity else { return }
        let longest = Int64(max(0, settings.longestBoutMinutes)) * 60
        let elapsed = max(0, end.seconds(since: running.countedUntil))
        let seconds = min(elapsed, max(0, longest - running.countedSeconds))
        if seconds > 0 {
            days[index].add(
                BoutPiece(
                    start: running.countedUntil, end: running.countedUntil.adding(seconds: seconds),
                    pointsPerMinute: running.pointsPerMinute, precedence: running.precedence))
            running.countedSeconds += seconds
        }
        if end > running.countedUntil { running.countedUntil = end }
        activity = running
    }

    /// Ends the running bout at `instant`, adding its remaining time to day `index`.
    private mutating func finishActivity(at instant: Instant, into index: Int) {
        guard activity != nil else { return }
        attributeRunning(until: instant, to: index)
        activity = nil
    }

    /// Adds an activity entered afterwards to the days it happened on (split at day boundaries), and re-runs
    /// the envelope from the first finished day it changed.
    private mutating func addLogged(
        _ logged: Event.LoggedActivity, precedence: BoutPrecedence, utcOffsetSeconds: Int
    ) {
        let boundary = settings.dayBoundary
        let end = logged.end
        var cursor = logged.start
        var firstChanged: CivilDate?
        var counted = false
        while cursor < end {
            let day = boundary.day(containing: cursor, utcOffsetSeconds: utcOffsetSeconds)
            let dayEnd = boundary.start(of: day.adding(days: 1), utcOffsetSeconds: utcOffsetSeconds)
            let partEnd = min(end, dayEnd)
            let seconds = max(0, partEnd.seconds(since: cursor))
            let target = min(day, currentDay ?? day)
            let index = record(for: target)
            if seconds > 0 {
                days[index].add(
                    BoutPiece(
                        start: cursor, end: partEnd, pointsPerMinute: logged.pointsPerMinute, precedence: precedence))
            }
            days[index].recorded = true
            if !counted {
                days[index].activityCount += 1
                counted = true
            }
            if index < closedCount { firstChanged = min(firstChanged ?? target, target) }
            cursor = partEnd
        }
        if let firstChanged, let index = index(of: firstChanged) {
            rejudgeFrom = min(rejudgeFrom ?? index, index)
        }
    }

    /// Judges again the finished days a late entry changed (``apply(_:deferringJudgement:)``), if any.
    package mutating func judgeAgain() {
        if rejudgeFrom != nil { judge() }
    }

    /// The index of `date`'s record, creating empty records before the first day if needed (which re-runs
    /// the envelope from the start).
    private mutating func record(for date: CivilDate) -> Int {
        if let index = index(of: date) { return index }
        guard let first = days.first?.date, date < first else { return days.count - 1 }
        let missing = first.days(since: date)
        let earlier = (0..<missing).map { DayRecord(date: date.adding(days: $0)) }
        days.prepend(earlier)
        // Every index moved: start the envelope over.
        closedCount = 0
        rejudgeFrom = nil
        checkpoints = []
        envelope = Envelope(parameters: settings.envelope)
        judge()
        return 0
    }

    /// Lets the envelope judge every finished day not judged yet.
    private mutating func judge() {
        // Days changed by late entries first: their checkpoints are still there.
        if let from = rejudgeFrom {
            rejudgeFrom = nil
            if from < closedCount {
                rejudge(from: from)
                return
            }
        }
        while closedCount < days.count - 1 {
            let index = closedCount
            checkpoints.append(Checkpoint(index: index, envelope: envelope))
            if checkpoints.count > Self.checkpointCount {
                checkpoints.removeFirst(checkpoints.count - Self.checkpointCount)
            }
            let record = days[index]
            var next = envelope
            let observation = record.observation(flareModeAtEnd: record.flareModeAtEnd)
            // A trial increase was checked when it was asked for; a flare reported later that day does not undo it.
            let trial = record.trialIncrease ? try? next.increaseOnTrial(on: record.date, flareToday: false) : nil
            let verdict = next.close(observation, load: record.load, on: record.date, provisional: provisional)
            days[index].verdict = DayRecord.Verdict(budget: verdict.budget, change: verdict.change ?? trial)
            envelope = next
            closedCount += 1
        }
    }

    /// Re-runs the envelope from day `index` on, after a late entry changed a finished day.
    private mutating func rejudge(from index: Int) {
        guard index < closedCount else { return }
        if let checkpoint = checkpoints.first(where: { $0.index == index }) {
            envelope = checkpoint.envelope
            closedCount = index
            checkpoints.removeAll { $0.index >= index }
        } else {
            envelope = Envelope(parameters: settings.envelope)
            closedCount = 0
            checkpoints = []
        }
        judge()
    }
}
