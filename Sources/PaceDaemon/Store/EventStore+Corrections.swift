package import PaceCore

/// Corrections as the person asks for them (`pace delete`, `pace edit`, `pace undo`): the event an id or id prefix
/// names is looked up, the correction checked here (not on the wire), and recorded as an event like any other.
extension EventStore {
    /// Takes back the event `idOrPrefix` names (32 hexadecimal digits, or at least the first 4).
    /// - Returns: The event taken back, as the record saw it before.
    /// - Throws: ``Refusal/refused(_:)`` with ``PaceError/Kind/eventNotFound(_:)``,
    ///   ``PaceError/Kind/ambiguousEventID(_:matches:)`` or ``PaceError/Kind/eventAlreadyRetracted(_:)``; nothing
    ///   was recorded.
    @discardableResult
    package func retract(_ idOrPrefix: String) throws(Refusal) -> Event {
        catchUp()
        let (target, id) = try lookUp(idOrPrefix)
        try refuseRetracted(id)
        let before = ledger.corrections.effective(target) ?? target
        try record([retraction(of: target, id: id)])
        return before
    }

    /// Corrects the bout `idOrPrefix` names: the fields given replace its own, those left out stay as they are now
    /// (an earlier correction's among them). A new kind or intensity is counted at today's rate for it; a sensed
    /// bout given a kind alone (named) keeps the points heart rate gave it.
    /// Unless `confirmed`, a bout that the correction makes unlikely as typed (over 3 hours, more than twice today's
    /// budget, over another typed bout: ``PaceState/implausibility(start:end:pointsPerMinute:excluding:now:utcOffsetSeconds:)``)
    /// is refused.
    /// - Returns: The bout as the record sees it now.
    /// - Throws: ``Refusal``: the lookup's errors, ``PaceError/Kind/eventAlreadyRetracted(_:)``,
    ///   ``PaceError/Kind/notABout(_:)``, an unknown kind, or a start or end in the future; nothing was recorded.
    @discardableResult
    package func amend(
        _ idOrPrefix: String, activity: String? = nil, intensity: Intensity? = nil, start: Instant? = nil,
        durationSeconds: Int? = nil, confirmed: Bool = true
    ) throws(Refusal) -> Event {
        catchUp()
        let (target, id) = try lookUp(idOrPrefix)
        try refuseRetracted(id)
        guard target.isBout else {
            throw .refused(
                PaceError(
                    .notABout(id),
                    "\(id.short) is not an activity (it is a \(target.payload.type)); "
                        + "only activities can be edited. `pace delete \(id.short)` takes it back."))
        }
        guard activity != nil || intensity != nil || start != nil || durationSeconds != nil else {
            throw .refused(.invalidValue(.parameters, "Say what to change: a kind, an intensity, a start or a length."))
        }
        let now = clock.now()
        let current = ledger.corrections.effective(target) ?? target
        // Of two amendments the later wins whole: the new one carries what the one in force changed.
        var amendment = ledger.corrections.amendment(of: id) ?? Event.Amendment(target: id, targetAt: target.at)
        amendment.target = id
        amendment.targetAt = target.at
        if activity != nil || intensity != nil {
            let (kind, level) = Self.kindAndIntensity(of: current)
            let rate: Event.ActivityStart
            do { rate = try state.activityStart(activity ?? kind, intensity ?? level) } catch { throw .refused(error) }
            amendment.activity = rate.activity
            // Naming a sensed bout (`pace edit ID --kind walk`) keeps the points heart rate gave it.
            let naming = target.origin == .sensed && intensity == nil
            if !naming {
                amendment.intensity = rate.intensity
                amendment.pointsPerMinute = rate.pointsPerMinute
            }
        }
        let latest = now.adding(seconds: EventRanges.futureSlackSeconds)
        if let start {
            guard start <= latest else { throw .refused(.invalidValue(.start, "That start is in the future.")) }
            amendment.start = start
            // A started bout that has ended keeps its end: moved past it, it would run on from there.
            if durationSeconds == nil, amendment.durationSeconds == nil, case .activityStarted = current.payload,
                let end = end(ofStarted: current)
            {
                guard start < end else {
                    throw .refused(
                        .invalidValue(.start, "That start is after the activity ended; give its length too."))
                }
                amendment.durationSeconds = Int(end.seconds(since: start))
            }
        }
        if let durationSeconds {
            guard EventRanges.loggedSeconds.contains(durationSeconds) else {
                throw .refused(.invalidValue(.durationMinutes, "An activity lasts from 1 minute to 24 hours."))
            }
            amendment.durationSeconds = durationSeconds
        }
        let after = target.amended(by: amendment, recordedAt: now, keepingToThePast: false)
        if let span = after.boutSpan, let length = span.durationSeconds,
            span.start.adding(seconds: Int64(length)) > latest
        {
            throw .refused(
                .invalidValue(
                    durationSeconds != nil ? .durationMinutes : .start, "That activity would end in the future."))
        }
        if !confirmed, let span = after.boutSpan, let rate = after.boutRate {
            let end = span.durationSeconds.map { span.start.adding(seconds: Int64($0)) } ?? now
            if let refusal = state.implausibility(
                start: span.start, end: end, pointsPerMinute: rate, excluding: id, now: now,
                utcOffsetSeconds: after.utcOffsetSeconds)
            {
                throw .refused(refusal)
            }
        }
        let event = Event(at: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now), .amended(amendment))
        try record([event])
        return ledger.corrections.effective(target) ?? after
    }

    /// Takes back the latest event typed here that is not a reminder shown and not taken back already, with every
    /// event the same command recorded (ids of the same millisecond). Undoing a `pace delete` brings the event back.
    /// - Returns: The events taken back, as the record saw them before.
    /// - Throws: ``Refusal/refused(_:)`` with ``PaceError/Kind/eventNotFound(_:)`` when there is nothing to take
    ///   back; nothing was recorded.
    @discardableResult
    package func undo() throws(Refusal) -> [Event] {
        catchUp()
        let candidates = ledger.windowEvents.filter { event in
            // Typed here: another device's events (``Event/Header/device``) are that device's to take back.
            guard let id = event.header.id, event.origin == .typed, event.header.device == nil else { return false }
            if case .reminderShown = event.payload { return false }
            return !ledger.corrections.isRetracted(id)
        }
        guard let latest = candidates.compactMap(\.header.id).max() else {
            throw .refused(PaceError(.eventNotFound(""), "There is nothing recorded here lately to take back."))
        }
        let command = candidates.filter { ($0.header.id?.order ?? 0) >> 16 == latest.order >> 16 }
            .sorted { ($0.header.id ?? .zero) < ($1.header.id ?? .zero) }
        let before = command.map { ledger.corrections.effective($0) ?? $0 }
        try record(command.compactMap { event in event.header.id.map { retraction(of: event, id: $0) } })
        return before
    }

    /// The events of the pacing day `date` (today if `nil`) that are not corrections, as the record sees them
    /// (taken back: left out), in time order; a bout is placed by its start. A day older than the ledger's window
    /// is read from the log.
    package func events(on date: CivilDate?) -> [Event] {
        let now = clock.now()
        let offset = clock.utcOffsetSeconds(at: now)
        let boundary = settings.dayBoundary
        let date = date ?? state.day(now: now, utcOffsetSeconds: offset)
        func day(of event: Event) -> CivilDate {
            boundary.day(containing: event.boutSpan?.start ?? event.at, utcOffsetSeconds: event.utcOffsetSeconds)
        }
        var events = ledger.recentEvents
        if let floor = ledger.foldableFrom, date <= boundary.day(containing: floor, utcOffsetSeconds: offset) {
            // The log is read: what waits for its commit goes in first.
            commitPending()
            events = LogReplay.events(of: log).compactMap { $0.isCorrection ? nil : ledger.corrections.effective($0) }
        }
        return events.filter { day(of: $0) == date }.sorted {
            ($0.boutSpan?.start ?? $0.at, $0.header.id ?? .zero) < ($1.boutSpan?.start ?? $1.at, $1.header.id ?? .zero)
        }
    }

    // MARK: - Helpers

    /// When the started bout `bout` (as the record sees it) ended: the first event after it that ends a running
    /// bout; `nil` while it runs.
    private func end(ofStarted bout: Event) -> Instant? {
        let key = EventKey(bout)
        var events = ledger.recentEvents
        if let floor = ledger.foldableFrom, bout.at < floor {
            // Older than the window: the log is read, and what waits for its commit goes in first.
            commitPending()
            events = LogReplay.events(of: log).compactMap { $0.isCorrection ? nil : ledger.corrections.effective($0) }
                .sorted { EventKey($0) < EventKey($1) }
        }
        return events.first { $0.endsRunningBout && EventKey($0) > key }?.at
    }

    /// The events of the ledger's window (recent days), as recorded: what the away question counts kinds in.
    var recentEventsForQuestions: [Event] { ledger.recentEvents }

    /// The event with `id` when it is in the ledger's window (recent days), as it was recorded; else `nil`.
    package func recentEvent(_ id: EventID) -> Event? {
        ledger.windowEvents.first { $0.header.id == id }
    }

    /// The event `text` names: its whole id, or a prefix of at least 4 hexadecimal digits that begins one id only.
    /// The ledger's window is searched first, then the whole log.
    private func lookUp(_ text: String) throws(Refusal) -> (Event, EventID) {
        let notFound = PaceError(
            .eventNotFound(text), "No event has the id \(text); `pace events` lists the events with their ids.")
        guard let prefix = EventID.Prefix(text) else { throw .refused(notFound) }
        var matches = Self.matching(prefix, in: ledger.windowEvents)
        if matches.isEmpty {
            // Older than the window: the log is read, and what waits for its commit goes in first.
            commitPending()
            matches = Self.matching(prefix, in: LogReplay.events(of: log))
        }
        guard matches.count <= 1 else {
            throw .refused(
                PaceError(
                    .ambiguousEventID(text, matches: matches.count),
                    "\(matches.count) events have ids that begin with \(text); give more of the id."))
        }
        guard let (id, event) = matches.first else { throw .refused(notFound) }
        return (event, id)
    }

    /// The events whose ids begin with `prefix`, one per id.
    private static func matching(_ prefix: EventID.Prefix, in events: [Event]) -> [(EventID, Event)] {
        var found: [EventID: Event] = [:]
        for event in events {
            if let id = event.header.id, prefix.matches(id), found[id] == nil { found[id] = event }
        }
        return found.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private func refuseRetracted(_ id: EventID) throws(Refusal) {
        guard ledger.corrections.isRetracted(id) else { return }
        throw .refused(
            PaceError(.eventAlreadyRetracted(id), "\(id.short) is taken back already; `pace undo` brings it back."))
    }

    /// The retraction of `event`, now: for a correction, it names when the event that one corrects happened.
    private func retraction(of event: Event, id: EventID) -> Event {
        let now = clock.now()
        let targetAt = event.correctionTarget?.at ?? event.at
        return Event(
            at: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now),
            .retracted(Event.Retraction(target: id, targetAt: targetAt)))
    }

    /// A bout's kind and intensity.
    private static func kindAndIntensity(of bout: Event) -> (String, Intensity?) {
        switch bout.payload {
        case .activityStarted(let start): (start.activity, start.intensity)
        case .activityLogged(let logged): (logged.activity, logged.intensity)
        default: ("", nil)
        }
    }
}
