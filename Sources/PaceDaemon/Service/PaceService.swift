import Dispatch
import FoundationEssentials
import Logging
import PaceCore
import PaceLog
import PaceProtocol
import PaceSystem

/// The daemon's domain side: the event log, the state replayed from it, and the requests that change it.
///
/// Every change follows one path (``perform(_:at:)``): the core turns a command into events or a typed error,
/// the events are appended and made durable, and only then applied to the state and answered. Nothing is ever
/// acknowledged before its bytes are on disk, and the state never holds an event the log does not.
///
/// Confined to the daemon's queue.
final class PaceService: @unchecked Sendable {
    /// How many events may follow the last snapshot before a new one is written.
    static let snapshotInterval = 500

    /// The daemon's options; replaced when the configuration is reloaded.
    var options: Daemon.Options
    let queue: DispatchQueue
    let logger: Logger
    let startedAt: Instant
    /// ``startedAt`` as every status reports it, written once.
    private let startedAtText: String
    let watchers: WatchHub
    /// Called on the queue after changes of state (to publish `STATUS=`, re-plan reminders, …); after the reply
    /// when a client's call made them (see ``changed()``).
    var onChange: (() -> Void)?

    private(set) var state: PaceState {
        didSet { generation &+= 1 }
    }
    /// Counts changes of ``state``, so a kept ``queryState(at:utcOffsetSeconds:)`` is never stale.
    private var generation = 0
    private var movedOn: (generation: Int, date: CivilDate, offset: Int, state: PaceState)?
    let log: EventLog
    /// The open log's report from start-up, for `pace doctor`.
    private(set) var recovery: RecoveryReport
    /// Records in the log that are not events this Pace understands (skipped in replay, kept in the log).
    private(set) var unreadableEvents = 0
    private var eventsSinceSnapshot = 0
    /// A client's call is being handled (``answering(_:)``).
    private var answeringCall = false
    /// ``changed()`` has queued its announcement, which has not run yet.
    private var changePending = false
    /// Why the last append failed; cleared by the next one that succeeds.
    private(set) var lastAppendError: String?
    /// The desktop connection's state, for `GetHealth` (set by the daemon once the desktop layer runs).
    var desktopHealth: (() -> PaceAPI.DesktopHealth)?

    private init(
        options: Daemon.Options, queue: DispatchQueue, logger: Logger, startedAt: Instant, log: EventLog,
        recovery: RecoveryReport
    ) {
        self.options = options
        self.queue = queue
        self.logger = logger
        self.startedAt = startedAt
        self.startedAtText = startedAt.rfc3339
        self.log = log
        self.recovery = recovery
        self.state = PaceState(settings: options.settings)
        self.watchers = WatchHub(queue: queue)
    }

    /// Opens the event log in `stateDirectory` and rebuilds the state: the snapshot (when it matches the log and
    /// the settings) plus the events after it, or every event.
    ///
    /// Damage found on the way is reported to the log output and kept for `pace doctor`; it is never fatal.
    /// - Throws: ``Daemon/StartupError`` when the log cannot be opened at all.
    static func open(
        stateDirectory: String, options: Daemon.Options, queue: DispatchQueue, logger: Logger, startedAt: Instant
    ) throws(Daemon.StartupError) -> PaceService {
        let directory = EventLog.directory(inStateDirectory: stateDirectory)
        let log: EventLog
        let report: RecoveryReport
        do {
            (log, report) = try EventLog.open(directory: directory)
        } catch {
            throw Daemon.StartupError(description: "cannot open the event log: \(error)", status: .cannotCreate)
        }
        let service = PaceService(
            options: options, queue: queue, logger: logger, startedAt: startedAt, log: log, recovery: report)
        service.report(report)
        service.rebuild(useSnapshot: true)
        return service
    }

    private func report(_ report: RecoveryReport) {
        for issue in report.issues {
            var metadata: Logger.Metadata = ["log_path": "\(issue.path)"]
            if let offset = issue.offset { metadata["log_offset"] = "\(offset)" }
            if issue.isDamage {
                metadata.merge(MessageID.logCorruptionRecovered.metadata) { _, new in new }
                logger.error("\(issue.description)", metadata: metadata)
            } else {
                logger.notice("\(issue.description)", metadata: metadata)
            }
        }
        if let refusal = report.appendRefusal {
            logger.error("\(refusal)")
        }
    }

    /// Replays the log into a fresh state with the current settings.
    private func rebuild(useSnapshot: Bool) {
        var state = PaceState(settings: options.settings)
        var from = LogPosition.beginning
        if useSnapshot {
            switch log.latestSnapshot() {
            case .found(let snapshot):
                do {
                    let saved = try StateSnapshot.decode(snapshot.bytes)
                    if saved.settings == options.settings {
                        state = saved
                        from = snapshot.position
                    } else {
                        logger.info("the snapshot was made with other settings; replaying the log")
                    }
                } catch {
                    logger.notice("\(error.description); replaying the log")
                }
            case .missing:
                break
            case .ignored(let issue):
                logger.notice("\(issue.description); replaying the log")
            }
        }
        var unreadable = 0
        let outcome = LogReplay.replay(log, from: from, into: &state) { position, error in
            unreadable += 1
            if unreadable <= 10 {
                logger.warning("skipped a record at \(position) that is not a Pace event: \(error)")
            }
        }
        if let error = outcome.readError { logger.error("could not read the whole event log: \(error)") }
        let replayed = outcome.replayed
        movedOn = nil
        self.state = state
        self.unreadableEvents = unreadable
        self.eventsSinceSnapshot = replayed
        logger.info("replayed \(replayed) events\(from == .beginning ? "" : " after the snapshot at \(from)")")
        if replayed >= Self.snapshotInterval { writeSnapshot() }
    }

    /// Writes a snapshot of the state at the log's end (best effort: a failure costs only start-up time).
    func writeSnapshot() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard log.access == .readWrite, let bytes = try? StateSnapshot.encode(state) else { return }
        do {
            try log.writeSnapshot(bytes, at: log.endPosition)
            eventsSinceSnapshot = 0
        } catch {
            logger.warning("could not write a snapshot: \(error)")
        }
    }

    /// New settings (a reloaded configuration): the state is rebuilt from the log, because settings such as the
    /// day's start hour change how every event is counted.
    func reconfigure(_ options: Daemon.Options) {
        dispatchPrecondition(condition: .onQueue(queue))
        let settingsChanged = options.settings != self.options.settings
        self.options = options
        guard settingsChanged else { return }
        rebuild(useSnapshot: false)
        writeSnapshot()
        changed()
    }

    // MARK: - Changing state

    /// Turns `command` into events, makes them durable, applies them, and tells everyone who follows.
    ///
    /// - Parameters:
    ///   - command: What the person asked for.
    ///   - time: When it happened, if not now (a start given with `--at`); it must not be in the future.
    /// - Returns: The events recorded.
    /// - Throws: The core's ``PaceError`` as its `io.pace.Daemon` error, or `LogUnavailable` when the log cannot
    ///   be written — in which case nothing changed.
    ///   - names: Wire names of parameters whose names in the core differ (`duration` → `durationSeconds`).
    ///   - details: Values for the error's parameters that the command carries (`kind`, `id`).
    @discardableResult
    func perform(
        _ command: Command,
        at time: Instant? = nil,
        names: [String: String] = [:],
        details: [String: String] = [:]
    ) throws(VarlinkError) -> [Event] {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = WallClock.now()
        let at = time ?? now
        let events: [Event]
        do {
            events = try state.events(for: command, now: at, utcOffsetSeconds: WallClock.utcOffsetSeconds(at: at))
        } catch {
            throw Self.varlinkError(error, state: state, names: names, details: details)
        }
        try record(events, now: now)
        return events
    }

    /// Appends `events` (made durable with one `fdatasync`), then applies them.
    func record(_ events: [Event], now: Instant) throws(VarlinkError) {
        guard !events.isEmpty else { return }
        do {
            _ = try log.append(events.map(EventCodec.encode), at: now)
            lastAppendError = nil
        } catch {
            logger.error("could not record \(events.count) event(s): \(error)")
            lastAppendError = error.description
            throw VarlinkError(PaceAPI.LogUnavailable(reason: error.description))
        }
        // Dropped first: a moved-on state that shares the days with `state` would make applying copy them all.
        movedOn = nil
        for event in events { state.apply(event) }
        eventsSinceSnapshot += events.count
        if eventsSinceSnapshot >= Self.snapshotInterval { writeSnapshot() }
        changed()
    }

    /// A connection closed: forget its subscriptions.
    func connectionClosed(_ connection: ClientConnection) {
        watchers.remove(connection)
    }

    /// Handles a client's call: what follows a change it makes — the `Watch` status, the reminder decision,
    /// `STATUS=` — waits until the call is answered (see ``changed()``).
    func answering(_ body: () -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        answeringCall = true
        defer { answeringCall = false }
        body()
    }

    /// Tells watchers and the daemon that the state changed.
    ///
    /// A change is made durable and applied before its caller replies. During a client's call
    /// (``answering(_:)``) what follows from it need not hold that reply up: it runs in a work item of its own,
    /// queued behind the current one (which writes the reply), and changes made before it runs are told once —
    /// followers see the latest state, which is all a status says. Changes from anywhere else (a reminder's button,
    /// the timer, a reload) are told at once, as the driver expects.
    func changed() {
        guard answeringCall else { return announceChange() }
        guard !changePending else { return }
        changePending = true
        queue.async { [weak self] in
            // Already told, if a change outside a call came first.
            guard let self, self.changePending else { return }
            self.announceChange()
        }
    }

    /// The `Watch` status, then ``onChange`` (reminders, `STATUS=`).
    private func announceChange() {
        dispatchPrecondition(condition: .onQueue(queue))
        changePending = false
        // The status is computed only for someone who follows: most changes have no watcher.
        if watchers.count > 0 { watchers.broadcast(PaceAPI.Watch.Reply(status: status(at: WallClock.now()))) }
        onChange?()
    }

    /// The core's error as the Varlink error of the same name, with its message.
    static func varlinkError(
        _ error: PaceError, state: PaceState, names: [String: String], details: [String: String]
    ) -> VarlinkError {
        let field = error.field ?? "parameters"
        return Wire.error(
            error, running: state.activity, parameter: names[field] ?? field, kind: details["kind"] ?? "",
            reminder: details["id"] ?? "")
    }

    // MARK: - Reading state

    /// The state to answer questions about `now` with: ``state`` moved on to the pacing day of `now`.
    ///
    /// Before the day's first event every query would otherwise begin the new day on a copy of every day's
    /// record (a year of them: most of a `GetStatus`); the moved-on state is kept until the state changes, the
    /// day changes or the UTC offset does, and answers every query exactly as ``state`` would.
    func queryState(at now: Instant, utcOffsetSeconds offset: Int) -> PaceState {
        let date = state.day(now: now, utcOffsetSeconds: offset)
        if let movedOn, movedOn.generation == generation, movedOn.date == date, movedOn.offset == offset {
            return movedOn.state
        }
        let state = state.movedOn(to: now, utcOffsetSeconds: offset)
        movedOn = (generation, date, offset, state)
        return state
    }

    /// The core's reminder decision now.
    func reminders(at now: Instant) -> ReminderDecision {
        let offset = WallClock.utcOffsetSeconds(at: now)
        return queryState(at: now, utcOffsetSeconds: offset).reminders(now: now, utcOffsetSeconds: offset)
    }

    /// The core's status now.
    func coreStatus(at now: Instant) -> PaceStatus {
        let offset = WallClock.utcOffsetSeconds(at: now)
        return queryState(at: now, utcOffsetSeconds: offset).status(now: now, utcOffsetSeconds: offset)
    }

    /// The status as `io.pace.Daemon` reports it.
    func status(at now: Instant) -> PaceAPI.Status {
        let status = coreStatus(at: now)
        let reminders = reminders(at: now)
        return PaceAPI.Status(
            version: ProductInfo.version,
            pid: Int(Syscall.processID),
            startedAt: startedAtText,
            now: now.rfc3339,
            pacingDay: status.date.iso8601,
            dayStartHour: options.settings.dayStartHour,
            stateDirectory: options.locations.stateDirectory,
            mode: Wire.mode(status.mode),
            provisional: status.isProvisional,
            calibrationDaysRecorded: status.calibrationDaysRecorded,
            calibrationDaysNeeded: status.calibrationDaysNeeded,
            base: Wire.points(status.base.points),
            budget: Wire.points(status.budget.points),
            used: Wire.points(status.used.points),
            left: Wire.points(status.left.points),
            over: Wire.points(status.over.points),
            referenceActivity: status.referenceActivity,
            referenceLabel: status.referenceLabel,
            leftMinutes: Int(status.left.referenceMinutes.rounded(.down)),
            activity: status.bout.map(Wire.activity),
            rest: status.rest.map(Wire.rest),
            snoozedUntil: status.snoozedUntil?.rfc3339,
            flareUntil: status.flareMode?.until?.rfc3339,
            nextReminderAt: reminders.nextWakeAt?.rfc3339
        )
    }

    /// How the log (and, once running, the desktop connection) is doing.
    func health() -> PaceAPI.Health {
        PaceAPI.Health(
            log: PaceAPI.LogHealth(
                directory: log.directory, segments: log.segmentCount, records: log.recordCount,
                unreadableEvents: unreadableEvents, problems: recovery.issues.map(\.description),
                appendRefusal: log.appendRefusal?.description, lastAppendError: lastAppendError),
            configFile: options.configuration.map(\.path),
            desktop: desktopHealth?())
    }

    /// One line for `systemctl status`: "42 of 110 points left · walking 12 min".
    func summary(at now: Instant) -> String {
        let status = coreStatus(at: now)
        var parts = [
            "\(Int(status.left.points.rounded())) of \(Int(status.budget.points.rounded())) points left"
                + (status.isProvisional ? " (calibrating)" : "")
        ]
        if status.mode == .flare { parts.append("flare day") }
        if let bout = status.bout {
            parts.append("\(bout.label) \(DurationText.describe(seconds: bout.elapsedSeconds))")
        }
        if let rest = status.rest { parts.append("resting \(DurationText.describe(seconds: rest.elapsedSeconds))") }
        return parts.joined(separator: " · ")
    }
}
