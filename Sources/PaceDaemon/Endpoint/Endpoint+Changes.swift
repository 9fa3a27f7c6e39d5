import PaceCore
import PaceJSON
import PaceLog
import PaceProtocol

/// The methods that record events.
extension Endpoint {
    func registerChanges() {
        register(PaceAPI.StartActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try startActivity(parameters)
        }
        register(PaceAPI.StopActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try stopActivity(parameters)
        }
        register(PaceAPI.LogActivity.self) { [unowned self] parameters throws(VarlinkError) in
            try logActivity(parameters)
        }
        register(PaceAPI.StartRest.self) { [unowned self] parameters throws(VarlinkError) in
            try perform(.startRest(plannedSeconds: parameters.plannedSeconds))
            let status = status.wire()
            guard let rest = status.rest else {
                throw VarlinkError(PaceAPI.RestNotRunning(message: "The rest did not start."))
            }
            return .init(rest: rest, status: status)
        }
        register(PaceAPI.EndRest.self) { [unowned self] _ throws(VarlinkError) in
            try changing(.endRest)
        }
        register(PaceAPI.CheckIn.self) { [unowned self] parameters throws(VarlinkError) in
            try changing(
                .checkIn(
                    CheckIn(
                        energy: parameters.energy, fatigue: parameters.fatigue, pain: parameters.pain,
                        sleepQuality: parameters.sleep, stress: parameters.stress, flare: parameters.flare,
                        note: parameters.note, complete: parameters.complete)))
        }
        register(PaceAPI.SetFlareMode.self) { [unowned self] parameters throws(VarlinkError) in
            guard parameters.on else { return try changing(.endFlare) }
            let until = try parameters.until.map { text throws(VarlinkError) in try Self.instant(text, "until") }
            return try changing(.startFlare(until: until))
        }
        register(PaceAPI.Snooze.self) { [unowned self] parameters throws(VarlinkError) in
            try changing(.snooze(seconds: parameters.durationSeconds))
        }
        register(PaceAPI.AnswerReminder.self) { [unowned self] parameters throws(VarlinkError) in
            guard let action = ReminderAction(rawValue: parameters.action) else {
                throw VarlinkError(
                    PaceAPI.InvalidValue(
                        parameter: "action", message: "An answer is one of: stop, snooze, startRest, dismissed."))
            }
            return try changing(.reminderActedOn(ReminderID(parameters.id), action))
        }
        register(PaceAPI.AnswerCalibration.self) { [unowned self] parameters throws(VarlinkError) in
            try changing(.answerCalibration(badDayMinutes: parameters.badDayMinutes))
        }
        register(PaceAPI.RequestTrialIncrease.self) { [unowned self] _ throws(VarlinkError) in
            try changing(.requestTrialIncrease)
        }
        register(PaceAPI.ImportEvents.self, reading: ImportEventsCall.self) {
            [unowned self] call throws(VarlinkError) in
            try importEvents(call)
        }
    }

    private func startActivity(_ parameters: PaceAPI.StartActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let start = try parameters.startedAt.map { text throws(VarlinkError) in try Self.instant(text, "startedAt") }
        try perform(
            .startActivity(
                activity: parameters.kind ?? store.settings.referenceActivity,
                intensity: Wire.intensity(parameters.intensity)),
            at: start, confirmed: parameters.confirmed ?? false)
        let status = status.wire()
        guard let activity = status.activity else {
            throw VarlinkError(PaceAPI.NoActivityRunning(message: "The bout did not start."))
        }
        return .init(activity: activity, status: status)
    }

    private func stopActivity(_ parameters: PaceAPI.StopActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let end = try parameters.endedAt.map { text throws(VarlinkError) in try Self.instant(text, "endedAt") }
        let endedAt = end ?? clock.now()
        // The bout as it ends, read before the stop is recorded.
        let bout = status.core(at: endedAt).bout
        try perform(.stopActivity, at: end)
        guard let bout else { throw VarlinkError(PaceAPI.NoActivityRunning(message: "No activity is running.")) }
        return .init(activity: Wire.finished(bout, endedAt: endedAt), status: status.wire())
    }

    private func logActivity(_ parameters: PaceAPI.LogActivity.Parameters) throws(VarlinkError)
        -> PaceAPI.ActivityReply
    {
        let events = try perform(
            .logActivity(
                activity: parameters.kind, intensity: Wire.intensity(parameters.intensity),
                start: try Self.instant(parameters.startedAt, "startedAt"),
                durationSeconds: parameters.durationSeconds),
            confirmed: parameters.confirmed ?? false)
        for event in events {
            if case .activityLogged(let logged) = event.payload {
                return .init(activity: Wire.logged(logged, settings: store.settings), status: status.wire())
            }
        }
        throw VarlinkError(PaceAPI.LogUnavailable(reason: "the activity was not recorded"))
    }

    private func importEvents(_ call: ImportEventsCall) throws(VarlinkError) -> PaceAPI.ImportEvents.Reply {
        let now = clock.now()
        var decoded: [Event] = []
        decoded.reserveCapacity(call.events.count)
        for (index, read) in call.events.enumerated() {
            let event: Event
            do {
                event = try read.get()
            } catch {
                throw VarlinkError(PaceAPI.InvalidEvent(index: index, reason: "not a Pace event: \(error)"))
            }
            // The check every event passes before it is written (the store makes it again as it records).
            do throws(Event.OutOfRange) {
                try event.validate(recordedAt: now)
            } catch {
                throw VarlinkError(PaceAPI.InvalidEvent(index: index, reason: error.message))
            }
            decoded.append(event)
        }
        let imported: EventStore.Imported
        do {
            imported = try store.importEvents(decoded, more: call.more ?? false)
        } catch {
            if case .outOfRange(let index, let error) = error {
                throw VarlinkError(PaceAPI.InvalidEvent(index: index, reason: error.message))
            }
            throw VarlinkError(error)
        }
        return .init(imported: imported.imported, skipped: imported.skipped, status: status.wire(at: now))
    }
}

/// The parameters of an `ImportEvents` call (`PaceAPI.ImportEvents.Parameters`: `events`, `more`), each event
/// decoded straight from the call's text.
///
/// An event is read from the tokens the call was scanned into by the log's fast path (``EventCodec``), which decides
/// for every event in the log's own shape (a `pace export`, `pace log dump`); any other is read as a JSON value and
/// decoded from that (``EventCodec/decode(_:)-(JSONValue)``), as every event was before. Both give the same event
/// for the same text: the fast path is held to `JSONDecoder` (`EventCodecFastPathTests`).
struct ImportEventsCall: Decodable, JSONReadable {
    /// Each event of the call, in its order, or why it is not a Pace event.
    var events: [Result<Event, any Error>]
    /// More batches of the same file follow.
    var more: Bool?

    private init(events: [Result<Event, any Error>], more: Bool?) {
        self.events = events
        self.more = more
    }

    /// The parameters as `PaceAPI.ImportEvents.Parameters` decode them, each event decoded from its JSON value.
    init(from decoder: any Decoder) throws {
        let parameters = try PaceAPI.ImportEvents.Parameters(from: decoder)
        self.init(events: parameters.events.map(Self.event), more: parameters.more)
    }

    /// The parameters, read as ``init(from:)`` reads them; `nil` where that must decide.
    static func read(_ value: JSONValueView) -> ImportEventsCall? {
        value.object { fields in
            guard let events = fields.value("events", { $0.array(event) }), let more = fields.optionalBool("more")
            else { return nil }
            return ImportEventsCall(events: events, more: more)
        }
    }

    private static func event(_ value: JSONValueView) -> Result<Event, any Error>? {
        if let event = EventCodec.fastEvent(value) { return .success(event) }
        return JSONValue.read(value).map(event)
    }

    private static func event(_ value: JSONValue) -> Result<Event, any Error> {
        Result { try EventCodec.decode(value) }
    }
}
