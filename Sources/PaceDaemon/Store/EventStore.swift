package import Logging
package import PaceCore
package import PaceLog
package import PaceSystem

/// The event log and the state replayed from it: the daemon's one record.
///
/// Every change follows one path (``perform(_:at:)``, ``record(_:)``). Outside a client's call the events are
/// appended and made durable (`fdatasync`), and only then applied to the state. While clients' calls are answered
/// (``grouping(_:)``) the changes of every call answered in the same turn of the loop form a group (group commit):
/// each call's events are checked and applied at once, so the next call sees them, and the group is appended and
/// made durable with one `fdatasync` when the turn is over (``commitPending()``, queued on the loop). Until then the
/// group's replies are held (``onGroupOpened``, ``onGroupClosed``), so nobody learns of a change before its bytes
/// are on disk; if the group cannot be made durable the state is replayed from the log (which holds none of it),
/// and every held reply becomes the error. After each change ``onChange`` runs (the change feed).
///
/// The state is the record's fold of the log (``Ledger``): every event in the record's one order, wherever it
/// stands in the log, corrections applied. Events stamped after the clock's horizon (``WallClock/horizon()``),
/// recorded while the wall clock was wrong, are left out until their time comes, so that none can pin the pacing
/// day in the future; ``catchUp()`` replays again when the horizon moved past one left out, or back before an event
/// the state holds. ``record(_:)`` gives each new event its id, and replays the whole log only when an event
/// belongs before what the ledger can fold in place.
@DaemonActor
package final class EventStore {
    /// Why a command changed nothing.
    package enum Refusal: Error, CustomStringConvertible {
        /// The core refused the command: it does not fit the state, or a value is out of range.
        case refused(PaceError)
        /// Event `index` of those to record has a value outside `EventRanges` (`Event.validate(recordedAt:)`).
        case outOfRange(index: Int, Event.OutOfRange)
        /// The log could not take the events (full disk, read-only file system, …).
        case notRecorded(LogError)

        package var description: String {
            switch self {
            case .refused(let error): error.message
            case .outOfRange(_, let error): error.message
            case .notRecorded(let error): error.description
            }
        }
    }

    /// How many events may follow the last snapshot before a new one is written.
    static let snapshotInterval = 500
    /// How many skipped records replay reports one by one (in the journal and in ``skippedRecords``); the rest are
    /// counted.
    static let reportedSkips = 10

    /// The log itself (read by `GetEvents`, `ImportEvents` and `pace doctor`).
    package let log: EventLog
    /// The settings the state was replayed with.
    package private(set) var settings: PaceSettings
    /// The record: every event of the log, folded in the record's order.
    package private(set) var ledger: Ledger {
        didSet { generation &+= 1 }
    }
    /// The fold of every event of the log.
    package var state: PaceState { ledger.state }
    /// The last id made: its millisecond and sequence, so ids made within one millisecond count up.
    private var lastID: (millisecond: Int64, sequence: Int) = (.min, 0)
    /// An import with more batches to come (``importEvents(_:more:)``).
    var importSession: ImportSession?
    /// Events of an import with more batches to come are in the log but not yet in ``ledger`` (they belong before
    /// what it folds in place): the import's last batch, or whatever comes first, replays the log.
    private var rebuildPending = false
    /// What opening the log found, for `pace doctor`, with what the check of the records a snapshot vouched for
    /// found after start-up (``finishLogCheck()``).
    package private(set) var recovery: RecoveryReport
    /// Records in the log that replay skipped (kept in the log, never applied): not events this Pace understands,
    /// or events with a value outside `EventRanges`.
    package private(set) var unreadableEvents = 0
    /// Events in the log stamped after the horizon at the last replay (left out of the state, kept in the log).
    package private(set) var eventsAhead = 0
    /// The earliest instant of those.
    private var earliestAhead: Instant?
    /// Why replay skipped records, one sentence each with the record's position (the first
    /// ``reportedSkips``), for `GetHealth` and `pace doctor`.
    package private(set) var skippedRecords: [String] = []
    /// Why the last append failed; cleared by the next one that succeeds.
    package private(set) var lastAppendError: String?
    /// Runs after each change of ``state``.
    var onChange: (() -> Void)?
    /// Runs after records were appended to the log and made durable (the sync folder copies this device's).
    var onAppended: (() -> Void)?
    /// Runs once the records a snapshot vouched for have been checked after start-up (``checkLogLater()``).
    var onLogChecked: (() -> Void)?
    /// Runs when a group of changes opens: replies from now on must wait for its `fdatasync`.
    var onGroupOpened: (() -> Void)?
    /// Runs when the open group is durable (`nil`), or could not be made so (the error): the replies held for it
    /// may go, or must become the error.
    var onGroupClosed: ((LogError?) -> Void)?
    /// Since the daemon started: the appends made durable, one `fdatasync` each, and the records in them. More
    /// records than commits is group commit at work (`GetHealth`).
    package private(set) var commits = 0
    package private(set) var committedRecords = 0

    let clock: any WallClock
    private let logger: Logger
    /// Counts changes of ``state``, so whatever is kept about it (``queryState(at:utcOffsetSeconds:)``, the
    /// status of a moment) is never stale.
    package private(set) var generation = 0
    private var movedOn: (generation: Int, date: CivilDate, offset: Int, state: PaceState)?
    private var eventsSinceSnapshot = 0
    /// The check of the records opening left unchecked, while it runs on a thread of its own (``checkLogLater()``).
    private var laterCheck: ForkJoin.Background<EventLog.PendingCheck.Findings>?

    /// The records of the changes applied while clients' calls were answered, waiting for one `fdatasync`, in the
    /// order their events were applied; `nil` when no group waits.
    ///
    /// The state before the group is not kept: keeping it would make applying the group's first event copy every
    /// day of the state (a year of history: most of a write's time). A group that cannot be made durable is rare,
    /// and then the state is replayed from the log, which holds none of it.
    private var group: [[UInt8]]?
    /// Whether changes join the group instead of being committed at once: while a client's call is answered.
    private var isGrouping = false
    /// Whether an import's batch is being recorded (``finishImport()`` leaves the fold to it).
    var isImporting = false

    private init(log: EventLog, recovery: RecoveryReport, settings: PaceSettings, clock: any WallClock, logger: Logger)
    {
        self.log = log
        self.recovery = recovery
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.ledger = Ledger(settings: settings)
    }

    /// Opens the event log in `stateDirectory` and rebuilds the state: the snapshot (when it matches the log and
    /// the settings) plus the events after it, or every event.
    ///
    /// Damage found on the way is reported to the log output and kept for `pace doctor`; it is never fatal.
    ///
    /// With `checkingLaterFrom`, the records a fitting snapshot vouches for (that many bytes or more) are not read now
    /// (``EventLog/open(directory:access:checkingLaterFrom:)``) when the state starts from that snapshot: the daemon
    /// has them checked once it is serving (``checkLogLater()``), and ``finishLogCheck()`` takes in what that found
    /// (`pace doctor` asks for it). A start that replays the whole log checks them first, as without it.
    /// - Throws: ``LogError`` when the log cannot be opened at all.
    package static func open(
        stateDirectory: String, settings: PaceSettings, clock: any WallClock, logger: Logger,
        checkingLaterFrom: Int? = nil
    ) throws(LogError) -> EventStore {
        let (log, report) = try EventLog.open(
            directory: EventLog.directory(inStateDirectory: stateDirectory), checkingLaterFrom: checkingLaterFrom)
        let store = EventStore(log: log, recovery: report, settings: settings, clock: clock, logger: logger)
        store.report(report.issues)
        if let refusal = report.appendRefusal {
            logger.error("\(refusal)")
        }
        store.rebuild(useSnapshot: true)
        return store
    }

    /// Starts checking the records that opening the log left unchecked, if there are any, on a thread of its own;
    /// the daemon calls it once it is serving. When the check ends, what it found is taken in and reported on the
    /// loop (``finishLogCheck()``), and ``onLogChecked`` runs.
    package func checkLogLater() {
        guard let check = log.pendingCheck, laterCheck == nil else { return }
        laterCheck = ForkJoin.Background(
            { check.run() },
            finished: { Task { @DaemonActor [weak self] in self?.finishLogCheck() } })
    }

    /// Checks the records that opening the log left unchecked, if any are left (waiting for the check
    /// ``checkLogLater()`` started, if it runs), and reports what it found as opening's findings are reported: to
    /// the log output, and in ``recovery``. Before `pace doctor` answers, and before the whole log is replayed.
    package func finishLogCheck() {
        guard let pending = log.pendingCheck else {
            laterCheck = nil
            return
        }
        let findings = laterCheck?.join() ?? pending.run()
        laterCheck = nil
        let issues = log.completeCheck(findings)
        report(issues)
        recovery.issues += issues
        recovery.recordCount = log.recordCount
        if let failure = findings.failure {
            logger.error("could not check the whole event log: \(failure)")
        }
        logger.info(
            "checked the \(pending.byteCount) bytes of records before the snapshot: \(issues.isEmpty ? "no damage" : "\(issues.count) thing(s) found, see above")"
        )
        onLogChecked?()
    }

    private func report(_ issues: [RecoveryIssue]) {
        for issue in issues {
            var metadata: Logger.Metadata = ["log_path": "\(issue.path)"]
            if let offset = issue.offset { metadata["log_offset"] = "\(offset)" }
            if issue.isDamage {
                metadata.merge(MessageID.logCorruptionRecovered.metadata) { _, new in new }
                logger.error("\(issue.description)", metadata: metadata)
            } else {
                logger.notice("\(issue.description)", metadata: metadata)
            }
        }
    }

    /// Replays the log into a fresh state with the current settings, leaving out events past the horizon.
    private func rebuild(useSnapshot: Bool) {
        // The ledger replaced is dropped first, so that it is not in memory beside the one replayed.
        movedOn = nil
        self.ledger = Ledger(settings: settings)
        // Weeks before these are folded once, without checkpoints: an event that belongs among them makes a rebuild.
        let recentFrom = clock.now().adding(seconds: -Int64(Ledger.keptCheckpoints + 1) * 7 * 86_400)
        var ledger = Ledger(settings: settings, recentFrom: recentFrom)
        var from = LogPosition.beginning
        let horizon = clock.horizon()
        if useSnapshot {
            switch log.latestSnapshot() {
            case .found(let snapshot):
                do {
                    let saved = try StateSnapshot.decode(snapshot.bytes)
                    if saved.settings != settings {
                        logger.info("the snapshot was made with other settings; replaying the log")
                    } else if let last = saved.state.lastEventAt, last > horizon {
                        logger.notice("the snapshot holds events stamped after \(horizon.rfc3339); replaying the log")
                    } else {
                        ledger = saved
                        ledger.recentFrom = recentFrom
                        from = snapshot.position
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
        // The whole log is read: every record is checked first, as a start without a snapshot checks it.
        if from == .beginning { finishLogCheck() }
        var skipped: [String] = []
        let outcome = LogReplay.replay(log, from: from, into: &ledger, upTo: horizon) { [logger] position, reason in
            guard skipped.count < Self.reportedSkips else { return }
            let sentence = "skipped the record at \(position), \(reason)"
            skipped.append(sentence)
            logger.error("\(sentence)", metadata: ["log_position": "\(position)"])
        }
        if outcome.skipped > skipped.count {
            skipped.append("skipped \(outcome.skipped - skipped.count) more records (paced --check-log lists them)")
            logger.error("\(skipped[skipped.count - 1])")
        }
        if let error = outcome.readError { logger.error("could not read the whole event log: \(error)") }
        if outcome.fromBeginning {
            from = .beginning
            let weeks = Ledger.keptCheckpoints
            logger.notice(
                "the log holds events more than \(weeks) weeks out of time order (an import, or a clock that was behind); read it whole and folded it in the order of the times"
            )
        }
        let replayed = outcome.replayed
        ledger.compact()
        movedOn = nil
        self.ledger = ledger
        self.unreadableEvents = outcome.skipped
        self.skippedRecords = skipped
        self.eventsSinceSnapshot = replayed
        self.eventsAhead = outcome.ahead.count
        self.earliestAhead = outcome.ahead.first?.at
        logger.info("replayed \(replayed) events\(from == .beginning ? "" : " after the snapshot at \(from)")")
        if let earliest = outcome.ahead.first?.at {
            let message =
                "left \(outcome.ahead.count) event(s) stamped after \(horizon.rfc3339), the earliest at \(earliest.rfc3339), "
                + "out of the state: they were recorded while the wall clock was ahead. They stay in the log, and "
                + "count once their time has come"
            logger.warning("\(message)")
        }
    }

    /// Replays the log again if the clock's horizon moved past an event left out, or back before an event the
    /// state holds (a step of the wall clock followed: ``TrustedTime``); tells ``onChange`` if it did.
    ///
    /// Cheap when nothing is to be done (two comparisons): called before every change, and after every clock change.
    package func catchUp() {
        finishImport()
        let horizon = clock.horizon()
        let due = earliestAhead.map { $0 <= horizon } ?? false
        let pinned = state.lastEventAt.map { $0 > horizon } ?? false
        guard due || pinned else { return }
        if due {
            logger.notice("events recorded ahead of the clock are due now; replaying the log")
        } else {
            logger.notice(
                "the state holds events stamped after \(horizon.rfc3339) (the clock went back); replaying the log")
        }
        // The replay reads the log: what waits for its commit goes in first.
        commitPending()
        rebuild(useSnapshot: true)
        onChange?()
    }

    /// Ends an import that said it had more batches, if another change comes first, or a question after
    /// ``ImportSession/patienceSeconds`` without a batch (a client that went away): what it recorded is folded (a
    /// replay of the log, if it needs one). Until then questions are answered from the state before the import.
    private func finishImport(onlyIfAbandoned: Bool = false) {
        guard !isImporting, importSession != nil || rebuildPending else { return }
        if onlyIfAbandoned, let session = importSession,
            clock.now().seconds(since: session.lastBatchAt) < ImportSession.patienceSeconds
        {
            return
        }
        importSession = nil
        guard rebuildPending else { return }
        rebuildPending = false
        commitPending()
        rebuild(useSnapshot: true)
        onChange?()
    }

    /// Ends an import a client gave up on (``ImportSession/patienceSeconds`` without a batch), as any question does.
    package func finishAbandonedImport() {
        finishImport(onlyIfAbandoned: true)
    }

    /// Whether enough events were replayed or recorded since the last snapshot that the next start would be
    /// slower without a new one.
    package var snapshotIsDue: Bool { eventsSinceSnapshot >= Self.snapshotInterval }

    /// Writes a snapshot of the state at the log's end (best effort: a failure costs only start-up time).
    ///
    /// Not while events are left out of the state: a snapshot stands for every event before its position.
    package func writeSnapshot() {
        // The snapshot describes the log's end: what waits for its commit goes first.
        commitPending()
        guard log.access == .readWrite, earliestAhead == nil, !rebuildPending,
            let bytes = try? StateSnapshot.encode(ledger.saved())
        else {
            return
        }
        do {
            try log.writeSnapshot(bytes, at: log.endPosition)
            eventsSinceSnapshot = 0
        } catch {
            logger.warning("could not write a snapshot: \(error)")
        }
    }

    /// New settings (a reloaded configuration): the state is rebuilt from the log, because settings such as the
    /// day's start hour change how every event is counted.
    /// - Returns: Whether the settings changed (and the state with them).
    @discardableResult
    package func reconfigure(_ settings: PaceSettings) -> Bool {
        guard settings != self.settings else { return false }
        commitPending()
        self.settings = settings
        rebuild(useSnapshot: false)
        writeSnapshot()
        onChange?()
        return true
    }

    // MARK: - Changing state

    /// Turns `command` into events with the core, makes them durable, applies them, and tells ``onChange``.
    ///
    /// - Parameters:
    ///   - command: What the person (or the daemon, for a reminder) asked for.
    ///   - time: When it happened, if a little earlier than now (a start given with `--at`).
    ///   - confirmed: Record a typed bout even if it is unlikely as typed (over 3 hours, more than twice today's
    ///     budget, over another typed bout: ``PaceState/implausibility(of:now:)``); otherwise such a command is
    ///     refused. The daemon's own commands (reminders) are confirmed.
    /// - Returns: The events recorded.
    /// - Throws: ``Refusal``; nothing changed.
    @discardableResult
    package func perform(_ command: Command, at time: Instant? = nil, confirmed: Bool = true) throws(Refusal)
        -> [Event]
    {
        catchUp()
        let events: [Event]
        do {
            events = try state.events(for: command, at: time, clock: clock)
        } catch {
            throw .refused(error)
        }
        if !confirmed, let refusal = state.implausibility(of: events, now: clock.now()) { throw .refused(refusal) }
        try record(events)
        return events
    }

    /// Checks `events` (`Event.validate(recordedAt:)`, the one check every source passes) and records them, then
    /// tells ``onChange``: while a client's call is answered (``grouping(_:)``), adds them to the group that waits
    /// for the turn's `fdatasync`; otherwise appends them, with the waiting group if there is one, and makes them
    /// durable with one `fdatasync`. Then applies them.
    /// - Throws: ``Refusal/outOfRange(index:_:)`` or ``Refusal/notRecorded(_:)``; nothing changed.
    package func record(_ events: [Event]) throws(Refusal) {
        try record(events, deferringRebuild: false)
    }

    /// ``record(_:)``; with `deferringRebuild`, events that belong before what the ledger folds in place are made
    /// durable and their fold is left to ``finishImport()`` (an import's last batch, or the next change or question).
    ///
    /// With `checkingClock` false (another device's events), an event stamped after this device's clock is not
    /// refused: the clocks of two machines differ, and replay's horizon folds it once its time has come.
    func record(_ events: [Event], deferringRebuild: Bool, checkingClock: Bool = true) throws(Refusal) {
        guard !events.isEmpty || (rebuildPending && isImporting) else { return }
        catchUp()
        let now = clock.now()
        if events.contains(where: { $0.header.id == nil }), lastID.millisecond >= now.millisecondsSinceEpoch {
            // The ids of one command share a millisecond (`pace undo` takes back such a group), so another command
            // in the same millisecond as the last one takes the next.
            lastID = (lastID.millisecond + 1, -1)
        }
        let events = events.map { identified($0, recordedAt: now) }
        for (index, event) in events.enumerated() {
            do throws(Event.OutOfRange) {
                try event.validate(recordedAt: checkingClock ? now : nil)
            } catch {
                throw .outOfRange(index: index, error)
            }
        }
        let payloads = events.map(EventCodec.encode)
        // Refused before anything is written: appended with a waiting group, they would fail the whole group.
        do {
            try log.checkAppendable(payloads)
        } catch {
            logger.error("could not record \(events.count) event(s): \(error)")
            lastAppendError = error.description
            throw .notRecorded(error)
        }
        // An import's last batch may add nothing: then only the fold below, and no group to open.
        if !payloads.isEmpty, isGrouping {
            if group == nil {
                group = []
                // After every call of this turn of the loop (and before what they queued: the change feed's news).
                DaemonActor.later { [weak self] in self?.commitPending() }
                onGroupOpened?()
            }
            group?.append(contentsOf: payloads)
        } else if !payloads.isEmpty {
            // The caller counts on the events being durable once this returns.
            do { try commit(adding: payloads) } catch { throw .notRecorded(error) }
        }
        // Dropped first: a moved-on state that shares the days with `state` would make applying copy them all.
        movedOn = nil
        var needsRebuild = rebuildPending
        for event in events where !needsRebuild && ledger.add(event, settling: false) == .needsRebuild {
            needsRebuild = true
        }
        if needsRebuild, deferringRebuild {
            // Durable now; folded once, when the import's last batch comes.
            do { try commit(adding: []) } catch { throw .notRecorded(error) }
            rebuildPending = true
            eventsSinceSnapshot += events.count
        } else if needsRebuild {
            rebuildPending = false
            // An event older than what the ledger folds in place (a correction of months ago, an import): the whole
            // log, in the record's order. It reads the log, so the waiting group (these events among them) is made
            // durable first.
            do { try commit(adding: []) } catch { throw .notRecorded(error) }
            rebuild(useSnapshot: false)
        } else {
            ledger.settle()
            eventsSinceSnapshot += events.count
        }
        // After the reply that waits for this change (a snapshot of a year of history takes a millisecond or two);
        // an import's batches leave it to the last one.
        if snapshotIsDue, !deferringRebuild {
            DaemonActor.later { [weak self] in if self?.snapshotIsDue == true { self?.writeSnapshot() } }
        }
        onChange?()
    }

    /// `event` with its id, and the time it is recorded at if that is later than its `at` (a start given with
    /// `--at`). An event that has an id (an import of Pace's own export, or of an old one given the id the log
    /// reader derives) was recorded before, somewhere: it is kept as it is, so it moves between machines intact.
    private func identified(_ event: Event, recordedAt now: Instant) -> Event {
        guard event.header.id == nil else { return event }
        var event = event
        let millisecond = now.millisecondsSinceEpoch
        lastID = millisecond > lastID.millisecond ? (millisecond, 0) : (lastID.millisecond, lastID.sequence + 1)
        event.header.id = .make(at: Instant(millisecondsSinceEpoch: lastID.millisecond), sequence: lastID.sequence)
        if event.header.recordedAt == nil, now.seconds(since: event.at) >= 1 { event.header.recordedAt = now }
        return event
    }

    /// Runs `body` (the answering of a client's call) with changes joining the group of this turn of the loop.
    func grouping(_ body: () -> Void) {
        let outer = isGrouping
        isGrouping = true
        body()
        isGrouping = outer
    }

    /// Appends the waiting group, if any, and makes it durable with one `fdatasync`; on failure the state is replayed
    /// from the log, which holds none of the group. Either way ``onGroupClosed`` tells the replies held for it.
    package func commitPending() {
        try? commit(adding: [])
    }

    /// Appends the waiting group's records and `extra` with one `fdatasync`.
    /// - Throws: ``LogError``; then none of them is recorded, and the group's changes are taken back.
    private func commit(adding extra: [[UInt8]]) throws(LogError) {
        let group = self.group
        self.group = nil
        let payloads = extra.isEmpty ? group ?? [] : (group ?? []) + extra
        guard !payloads.isEmpty else { return }
        do {
            _ = try log.append(payloads, at: clock.now())
            lastAppendError = nil
            commits += 1
            committedRecords += payloads.count
            onAppended?()
        } catch {
            logger.error("could not record \(payloads.count) event(s): \(error)")
            lastAppendError = error.description
            if group != nil {
                // The group's events were applied: back to what the log holds.
                rebuild(useSnapshot: true)
                onGroupClosed?(error)
                onChange?()
            }
            throw error
        }
        if group != nil { onGroupClosed?(nil) }
    }

    // MARK: - Reading state

    /// The state to answer questions about `now` with: ``state`` moved on to the pacing day of `now`.
    ///
    /// Before the day's first event every query would otherwise begin the new day on a copy of every day's
    /// record (a year of them: most of a `GetStatus`); the moved-on state is kept until the state changes, the
    /// day changes or the UTC offset does, and answers every query exactly as ``state`` would.
    package func queryState(at now: Instant, utcOffsetSeconds offset: Int) -> PaceState {
        finishImport(onlyIfAbandoned: true)
        let date = state.day(now: now, utcOffsetSeconds: offset)
        if let movedOn, movedOn.generation == generation, movedOn.date == date, movedOn.offset == offset {
            return movedOn.state
        }
        let state = state.movedOn(to: now, utcOffsetSeconds: offset)
        movedOn = (generation, date, offset, state)
        return state
    }
}
