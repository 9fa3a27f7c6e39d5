import PaceCore
import PaceLog
import PaceProtocol

/// The handlers of `io.pace.Daemon` and `org.varlink.service`: each turns its typed parameters into a command
/// or a query of the core. Wire-level mistakes (a malformed time) are `org.varlink.service.InvalidParameter`;
/// values the core refuses are its own errors (`io.pace.Daemon.InvalidValue`, `NoActivityRunning`, …).
extension PaceService {
    /// The longest history one `GetHistory` call returns.
    static let longestHistoryDays = 3660

    /// Registers every method this service answers.
    func register(on router: MethodRouter) {
        router.register(VarlinkService.GetInfo.self) { _ in .current }
        router.register(VarlinkService.GetInterfaceDescription.self) { parameters throws(VarlinkError) in
            guard let interface = InterfaceDescription.served(named: parameters.interface) else {
                throw .interfaceNotFound(parameters.interface)
            }
            return .init(description: interface.text)
        }
        router.register(PaceAPI.GetStatus.self) { [unowned self] _ in .init(status: self.status(at: WallClock.now())) }
        router.registerStream(PaceAPI.Watch.self) { [unowned self] _, connection in
            self.watchers.add(connection)
            return .init(status: self.status(at: WallClock.now()))
        }
        router.register(PaceAPI.StartActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try self.startActivity(parameters)
        }
        router.register(PaceAPI.StopActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try self.stopActivity(parameters)
        }
        router.register(PaceAPI.LogActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try self.logActivity(parameters)
        }
        router.register(PaceAPI.StartRest.self) { [unowned self] parameters throws(VarlinkError) in
            try self.perform(
                .startRest(plannedSeconds: parameters.plannedSeconds), names: ["duration": "plannedSeconds"])
            let status = self.status(at: WallClock.now())
            guard let rest = status.rest else {
                throw VarlinkError(PaceAPI.RestNotRunning(message: "The rest did not start."))
            }
            return .init(rest: rest, status: status)
        }
        router.register(PaceAPI.EndRest.self) { [unowned self] _ throws(VarlinkError) in
            try self.changing(.endRest)
        }
        router.register(PaceAPI.CheckIn.self) { [unowned self] parameters throws(VarlinkError) in
            let checkIn = CheckIn(
                energy: parameters.energy, fatigue: parameters.fatigue, pain: parameters.pain,
                sleepQuality: parameters.sleep, stress: parameters.stress, flare: parameters.flare,
                note: parameters.note)
            return try self.changing(.checkIn(checkIn), names: ["sleepQuality": "sleep", "checkIn": "parameters"])
        }
        router.register(PaceAPI.SetFlareMode.self) { [unowned self] parameters throws(VarlinkError) in
            guard parameters.on else { return try self.changing(.endFlare) }
            let until = try parameters.until.map { text throws(VarlinkError) in try Self.instant(text, "until") }
            return try self.changing(.startFlare(until: until))
        }
        router.register(PaceAPI.Snooze.self) { [unowned self] parameters throws(VarlinkError) in
            try self.changing(.snooze(seconds: parameters.durationSeconds), names: ["duration": "durationSeconds"])
        }
        router.register(PaceAPI.AnswerReminder.self) { [unowned self] parameters throws(VarlinkError) in
            guard let action = ReminderAction(rawValue: parameters.action) else {
                throw VarlinkError(
                    PaceAPI.InvalidValue(
                        parameter: "action", message: "An answer is one of: stop, snooze, startRest, dismissed."))
            }
            return try self.changing(
                .reminderActedOn(ReminderID(parameters.id), action), names: ["reminder": "id"],
                details: ["id": parameters.id])
        }
        router.register(PaceAPI.AnswerCalibration.self) { [unowned self] parameters throws(VarlinkError) in
            try self.changing(
                .answerCalibration(badDayMinutes: parameters.badDayMinutes), names: ["minutes": "badDayMinutes"])
        }
        router.register(PaceAPI.RequestTrialIncrease.self) { [unowned self] _ throws(VarlinkError) in
            try self.changing(.requestTrialIncrease)
        }
        router.register(PaceAPI.GetHistory.self) { [unowned self] parameters throws(VarlinkError) in
            try self.history(parameters)
        }
        router.register(PaceAPI.ExplainBudget.self) { [unowned self] _ in
            let now = WallClock.now()
            let explanation = self.state.explanation(now: now, utcOffsetSeconds: WallClock.utcOffsetSeconds(at: now))
            return .init(explanation: Wire.explanation(explanation))
        }
        router.register(PaceAPI.ListActivityKinds.self) { [unowned self] _ in
            let settings = self.options.settings
            return .init(kinds: settings.activities.map { Wire.kind($0, settings: settings) })
        }
        router.register(PaceAPI.GetEvents.self) { [unowned self] parameters throws(VarlinkError) in
            try self.events(parameters)
        }
        router.register(PaceAPI.GetHealth.self) { [unowned self] _ in .init(health: self.health()) }
        router.register(PaceAPI.ImportEvents.self) { [unowned self] parameters throws(VarlinkError) in
            try self.importEvents(parameters)
        }
    }

    /// Performs `command` now and replies with the new status.
    private func changing(
        _ command: Command, names: [String: String] = [:], details: [String: String] = [:]
    ) throws(VarlinkError) -> PaceAPI.StatusReply {
        try perform(command, names: names, details: details)
        return .init(status: status(at: WallClock.now()))
    }

    private func startActivity(_ parameters: PaceAPI.StartActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let now = WallClock.now()
        let kind = parameters.kind ?? options.settings.referenceActivity
        let start = try parameters.startedAt.map { text throws(VarlinkError) in
            try checkedPast(try Self.instant(text, "startedAt"), "startedAt", now: now, after: state.lastEventAt)
        }
        try perform(
            .startActivity(activity: kind, intensity: Wire.intensity(parameters.intensity)), at: start,
            details: ["kind": kind])
        let status = status(at: now)
        guard let activity = status.activity else {
            throw VarlinkError(PaceAPI.NoActivityRunning(message: "The bout did not start."))
        }
        return .init(activity: activity, status: status)
    }

    private func stopActivity(_ parameters: PaceAPI.StopActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let now = WallClock.now()
        let running = state.activity
        let end = try parameters.endedAt.map { text throws(VarlinkError) in
            try checkedPast(try Self.instant(text, "endedAt"), "endedAt", now: now, after: state.lastEventAt)
        }
        let endedAt = end ?? now
        if let running, endedAt < running.startedAt {
            throw VarlinkError(
                PaceAPI.InvalidValue(
                    parameter: "endedAt",
                    message: "The bout began at \(running.startedAt.rfc3339); it cannot end before that."))
        }
        let bout = coreStatus(at: endedAt).bout
        try perform(.stopActivity, at: end)
        guard let bout else { throw VarlinkError(PaceAPI.NoActivityRunning(message: "No activity is running.")) }
        return .init(activity: Wire.finished(bout, endedAt: endedAt), status: status(at: now))
    }

    /// How far back an activity may be logged; older history comes in with `ImportEvents`.
    static let longestBackfillDays = 366

    private func logActivity(_ parameters: PaceAPI.LogActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let start = try Self.instant(parameters.startedAt, "startedAt")
        guard start >= WallClock.now().adding(seconds: -Int64(Self.longestBackfillDays) * 86_400) else {
            throw VarlinkError(
                PaceAPI.InvalidValue(
                    parameter: "startedAt",
                    message: "An activity can be logged up to a year back; import older history instead."))
        }
        let events = try perform(
            .logActivity(
                activity: parameters.kind, intensity: Wire.intensity(parameters.intensity), start: start,
                durationSeconds: parameters.durationSeconds),
            names: ["start": "startedAt", "duration": "durationSeconds"], details: ["kind": parameters.kind])
        for event in events {
            if case .activityLogged(let logged) = event.payload {
                return .init(
                    activity: Wire.logged(logged, settings: options.settings), status: status(at: WallClock.now()))
            }
        }
        throw VarlinkError(PaceAPI.LogUnavailable(reason: "the activity was not recorded"))
    }

    private func history(_ parameters: PaceAPI.GetHistory.Parameters) throws(VarlinkError) -> PaceAPI.GetHistory.Reply {
        guard let first = CivilDate(iso8601: parameters.from) else { throw .invalidParameter("from") }
        guard let last = CivilDate(iso8601: parameters.to) else { throw .invalidParameter("to") }
        guard first <= last else {
            throw VarlinkError(PaceAPI.InvalidValue(parameter: "to", message: "from must not be after to."))
        }
        guard last.daysSinceEpoch - first.daysSinceEpoch < Int64(Self.longestHistoryDays) else {
            throw VarlinkError(
                PaceAPI.InvalidValue(
                    parameter: "from", message: "Ask for at most \(Self.longestHistoryDays) days at a time."))
        }
        let now = WallClock.now()
        let days = state.history(
            from: first, through: last, now: now, utcOffsetSeconds: WallClock.utcOffsetSeconds(at: now))
        return .init(days: days.map(Wire.day))
    }

    private func events(_ parameters: PaceAPI.GetEvents.Parameters) throws(VarlinkError) -> PaceAPI.GetEvents.Reply {
        let from = try parameters.from.map { text throws(VarlinkError) in try Self.instant(text, "from") }
        let to = try parameters.to.map { text throws(VarlinkError) in try Self.instant(text, "to") }
        let after = parameters.after ?? 0
        let limit = parameters.limit ?? PaceAPI.GetEvents.pageSize
        guard after >= 0 else { throw .invalidParameter("after") }
        guard (1...PaceAPI.GetEvents.pageSize).contains(limit) else {
            throw VarlinkError(
                PaceAPI.InvalidValue(parameter: "limit", message: "limit is from 1 to \(PaceAPI.GetEvents.pageSize)."))
        }
        var reader = log.reader()
        var events: [JSONValue] = []
        var index = 0
        do {
            while let record = try reader.next() {
                index += 1
                guard index > after else { continue }
                if events.count == limit { return .init(events: events, next: index - 1) }
                guard let value = EventCodec.value(record.payload) else { continue }
                if from != nil || to != nil {
                    guard case .object(let fields) = value, case .integer(let at) = fields["at"] else { continue }
                    let instant = Instant(millisecondsSinceEpoch: at)
                    if let from, instant < from { continue }
                    if let to, instant > to { continue }
                }
                events.append(value)
            }
        } catch {
            throw VarlinkError(PaceAPI.LogUnavailable(reason: error.description))
        }
        return .init(events: events, next: nil)
    }

    private func importEvents(_ parameters: PaceAPI.ImportEvents.Parameters) throws(VarlinkError)
        -> PaceAPI.ImportEvents.Reply
    {
        let now = WallClock.now()
        var decoded: [Event] = []
        for (index, value) in parameters.events.enumerated() {
            let event: Event
            do {
                event = try EventCodec.decode(value)
            } catch {
                throw VarlinkError(PaceAPI.InvalidEvent(index: index, reason: "not a Pace event: \(error)"))
            }
            guard event.at <= now.adding(seconds: 60) else {
                throw VarlinkError(
                    PaceAPI.InvalidEvent(index: index, reason: "it happened in the future (\(event.at.rfc3339))"))
            }
            guard abs(event.utcOffsetSeconds) <= 18 * 3600 else {
                throw VarlinkError(PaceAPI.InvalidEvent(index: index, reason: "its UTC offset is outside ±18 hours"))
            }
            decoded.append(event)
        }
        var existing = Set<[UInt8]>()
        var reader = log.reader()
        do {
            while let record = try reader.next() {
                if let event = try? EventCodec.decode(record.payload) { existing.insert(EventCodec.canonical(event)) }
            }
        } catch {
            throw VarlinkError(PaceAPI.LogUnavailable(reason: error.description))
        }
        var seen = existing
        // Duplicates within the import count once too.
        let fresh = decoded.filter { seen.insert(EventCodec.canonical($0)).inserted }
        // Events are replayed in log order, which for one device is the order they happened in; imported events
        // may only follow what is recorded here, never slip in before it.
        if let latest = state.lastEventAt, let index = fresh.firstIndex(where: { $0.at < latest }),
            let position = decoded.firstIndex(of: fresh[index])
        {
            throw VarlinkError(
                PaceAPI.InvalidEvent(
                    index: position,
                    reason: "it is older than the last event recorded here (\(latest.rfc3339)); import into a Pace "
                        + "that has recorded nothing yet, or only events newer than its own"))
        }
        try record(fresh, now: now)
        return .init(imported: fresh.count, skipped: decoded.count - fresh.count, status: status(at: now))
    }

    /// Parses an RFC 3339 time parameter.
    static func instant(_ text: String, _ parameter: String) throws(VarlinkError) -> Instant {
        guard let instant = Instant(rfc3339: text) else { throw .invalidParameter(parameter) }
        return instant
    }

    /// A time given for something that happened a little earlier: not in the future, not before the last event
    /// recorded (events are replayed in the order they were recorded), and within the last day.
    private func checkedPast(_ time: Instant, _ parameter: String, now: Instant, after last: Instant?)
        throws(VarlinkError) -> Instant
    {
        func refuse(_ message: String) -> VarlinkError {
            VarlinkError(PaceAPI.InvalidValue(parameter: parameter, message: message))
        }
        guard time <= now.adding(seconds: 60) else { throw refuse("That time is in the future.") }
        guard time >= now.adding(seconds: -86_400) else {
            throw refuse("That is more than a day ago; use `pace log` for activities done earlier.")
        }
        if let last, time < last {
            throw refuse(
                "That is before the last thing recorded (\(last.rfc3339)); use `pace log` for activities done earlier.")
        }
        return time
    }
}
