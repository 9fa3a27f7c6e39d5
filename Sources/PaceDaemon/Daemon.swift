import FoundationEssentials
import Glibc
package import Logging
package import PaceCore
import PaceLog
import PaceProtocol
package import PaceSystem
import SystemPackage

/// The `paced` service: owns the state directory and the socket, and puts the parts together — the event store,
/// the endpoint that answers clients, the change feed, the reminder driver and the desktop.
///
/// Everything runs on the daemon's one thread (``EventLoop``), to which every part is isolated (``DaemonActor``);
/// sockets, signals and timers are watched by that loop.
@DaemonActor
package final class Daemon {
    /// What the daemon is started with.
    package struct Options: Sendable {
        /// Where state and socket live.
        package var locations: DaemonLocations
        /// Every tunable of the core (day start, activity kinds, envelope, reminders); the config file replaces
        /// the built-in defaults at start-up and on every reload.
        package var settings: PaceSettings
        /// Limits of the socket server (`[server]` in the config file).
        package var server = Configuration.ServerSettings()
        /// The heart-rate sensor and thresholds (`[heart_rate]`); off unless a device is set.
        package var heartRate = HeartRateSettings()
        /// Back at the desk after this long away, Pace asks what it was; 0: never.
        package var awayQuestionMinutes = 20
        /// Whether Pace shows in the panel (`[desktop] tray`).
        package var showsTray = true
        /// The sync folder (`[sync]`); off unless a folder is set.
        package var sync = SyncSettings()
        /// Minutes at the desk counted as effort of this kind (`[activities] desk_time`); `nil`: not counted.
        package var deskTimeKind: String?
        /// The import inbox and the size limit (`[import]`).
        package var imports = Configuration.ImportSettings()
        /// The config file read at start-up and on SIGHUP; `nil` for the built-in defaults only.
        package var configuration: ConfigurationSource?
        /// Whether the test-only behaviour of ``TestHooks`` is on (`PACE_TEST_HOOKS=1`).
        package var testHooks: Bool

        package init(
            locations: DaemonLocations,
            settings: PaceSettings = PaceSettings(),
            configuration: ConfigurationSource? = nil,
            testHooks: Bool = false
        ) {
            self.locations = locations
            self.settings = settings
            self.configuration = configuration
            self.testHooks = testHooks
        }
    }

    /// Exit statuses, from `sysexits.h` where one fits, so scripts and systemd can tell causes apart.
    package enum ExitStatus: Int32 {
        case success = 0
        case failure = 1
        /// The state directory or socket cannot be created (`EX_CANTCREAT`).
        case cannotCreate = 73
        /// Another `paced` holds the state directory or serves the socket (`EX_TEMPFAIL`).
        case alreadyRunning = 75
        /// The config file cannot be read or has a mistake (`EX_CONFIG`); restarting will not help.
        case badConfiguration = 78
    }

    /// A start-up failure: one line for the person, and the status to exit with.
    package struct StartupError: Error, CustomStringConvertible {
        package var description: String
        package var status: ExitStatus
    }

    /// The parts of a running daemon.
    struct Parts {
        let stateDirectory: StateDirectory
        let store: EventStore
        let status: StatusView
        let feed: ChangeFeed
        let endpoint: Endpoint
        let server: VarlinkServer
        let desktop: Desktop
        let reminders: ReminderDriver
        let tray: TrayController
        let heartRate: HeartRateMonitor
        let away: AwayQuestions
        let deskTime: DeskTime
        let sensedQuestions: SensedBoutQuestions
        let signals: SignalWatcher
        /// Where clients reach the daemon, for the service status: a path or "the socket systemd passed".
        let servingOn: String
    }

    private enum State {
        case starting
        case running(Parts)
        case stopping
    }

    /// The signals the daemon acts on; they arrive on the loop through a `signalfd`.
    private nonisolated static let handledSignals = [SIGTERM, SIGINT, SIGHUP]

    var options: Options
    /// The signals this daemon reads: ``handledSignals`` and, with test hooks on, theirs.
    private nonisolated let signals: [Int32]
    let logger: Logger
    let clock: SystemClock
    private let startedAt: Instant
    private var state = State.starting
    private var watchdog: Watchdog?
    /// The import inbox, when one is configured; replaced when a reload changes it.
    private var inbox: Inbox?
    /// The last `STATUS=` sent, so an unchanged summary is not sent again.
    var publishedStatus = ""
    /// The sync folder, while `[sync] folder` is set.
    var sync: SyncFolder?
    /// Which device the person is at, while a sync folder is followed.
    var presence: PresenceBoard?

    package nonisolated init(options: Options, logger: Logger) {
        self.options = options
        self.signals = Self.handledSignals + (options.testHooks ? TestHooks.signals : [])
        self.logger = logger
        let clock = SystemClock(
            testShift: TestClockShift.current(environment: ProcessInfo.processInfo.environment))
        self.clock = clock
        self.startedAt = clock.now()
    }

    /// The running daemon's parts; `nil` while starting or stopping.
    var parts: Parts? {
        if case .running(let parts) = state { return parts }
        return nil
    }

    /// Starts the daemon and serves until SIGTERM or SIGINT; never returns.
    ///
    /// A start-up failure is logged (one line per reason: each config problem has its own) and exits with its
    /// ``ExitStatus``.
    package nonisolated func run() -> Never {
        // Before the loop's thread starts, so it inherits the mask and the signals wait for the signalfd.
        SignalDescriptor.blockInAllThreads(signals)
        Task { @DaemonActor in
            do throws(StartupError) {
                try self.start()
            } catch {
                self.logger.error("\(error.description)")
                exit(error.status.rawValue)
            }
        }
        ProcessSignals.parkForever()
    }

    private func start() throws(StartupError) {
        // Everything the daemon creates is private: the socket, the log, the snapshots.
        FileCreationMask.set([.ownerReadWriteExecute])
        ProcessSignals.ignore(SIGPIPE)
        ResourceLimits.raiseOpenFileLimit()
        if let interval = Watchdog.requestedInterval() { watchdog = Watchdog(interval: interval) }
        try loadConfigurationAtStartUp()

        let locations = options.locations
        let stateDirectory: StateDirectory
        do {
            stateDirectory = try StateDirectory.open(locations.stateDirectory)
        } catch {
            switch error {
            case .locked: throw StartupError(description: error.description, status: .alreadyRunning)
            default: throw StartupError(description: error.description, status: .cannotCreate)
            }
        }

        // READY=1 only once the log is open and replayed.
        let store: EventStore
        do {
            // The records a fitting snapshot vouches for are checked once the daemon serves, below.
            store = try EventStore.open(
                stateDirectory: locations.stateDirectory, settings: options.settings, clock: clock, logger: logger,
                checkingLaterFrom: EventLog.laterCheckMinimum)
        } catch {
            throw StartupError(description: "cannot open the event log: \(error)", status: .cannotCreate)
        }
        let status = StatusView(
            store: store, clock: clock, stateDirectory: locations.stateDirectory, startedAt: startedAt)
        let feed = ChangeFeed { [unowned status] in status.wire() }
        store.onChange = { [unowned feed] in feed.changed() }
        let endpoint = Endpoint(
            store: store, feed: feed, status: status, clock: clock, configFile: options.configuration?.path)
        let desktop = Desktop(clock: clock, logger: logger, environment: ProcessInfo.processInfo.environment)
        let reminders = ReminderDriver(
            store: store, status: status, feed: feed, desktop: desktop, clock: clock, logger: logger)
        let tray = TrayController(
            store: store, status: status, reminders: reminders, desktop: desktop, clock: clock, logger: logger,
            report: (
                // Beside the socket: the runtime directory, the person's own.
                file: locations.socketPath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                    .joined(separator: "/") + "/report.html",
                // The `pace` installed beside `paced`, else the one on PATH.
                pace: Subprocess.ownDirectory().map { $0 + "/pace" }.flatMap { Subprocess.isExecutable($0) ? $0 : nil }
                    ?? "pace",
                socket: locations.socketPath
            ))
        tray.isShown = options.showsTray
        reminders.onAwaitsAnswerChanged = { [unowned tray] in tray.refresh() }
        feed.listeners = [
            { [unowned reminders] in reminders.evaluate() },
            { [unowned self] in publishStatus() },
            // After the reminder driver: whether a reminder awaits an answer is part of what the tray shows.
            { [unowned tray] in tray.refresh() },
        ]
        endpoint.desktopHealth = { [unowned reminders] in reminders.health() }
        status.desktopHold = { [unowned reminders] in reminders.desktopHold }
        let heartRate = HeartRateMonitor(
            settings: options.heartRate, store: store, desktop: desktop, clock: clock, logger: logger,
            environment: ProcessInfo.processInfo.environment, stateDirectory: locations.stateDirectory)
        let away = AwayQuestions(
            minimumSeconds: Int64(options.awayQuestionMinutes) * 60, store: store, desktop: desktop, clock: clock,
            logger: logger)
        let deskTime = DeskTime(
            kind: options.deskTimeKind, store: store, desktop: desktop, clock: clock, logger: logger)
        let sensedQuestions = SensedBoutQuestions(store: store, desktop: desktop, clock: clock, logger: logger)
        endpoint.heartRate = { [unowned heartRate] in heartRate.wire() }
        status.heartRate = { [unowned heartRate] in heartRate.now() }
        heartRate.onChange = { [unowned feed] in feed.changed() }
        endpoint.heartRateMinutes = { [unowned heartRate] first, last in heartRate.minutes(from: first, through: last) }
        endpoint.takeMorningReading = { [unowned heartRate] rebaseline in
            heartRate.takeMorningReading(rebaseline: rebaseline)
        }

        // Group commit: replies wait while the changes before them wait for their fdatasync.
        let gate = ReplyGate()
        store.onGroupOpened = { [unowned gate] in gate.hold() }
        store.onGroupClosed = { [unowned gate] error in
            gate.release(failure: error.map { VarlinkError(EventStore.Refusal.notRecorded($0)) })
        }
        let (listener, ownSocketPath) = try listeningSocket(locations)
        let server = VarlinkServer(
            listener: listener, socketPath: ownSocketPath, limits: VarlinkServer.Limits(options.server), logger: logger,
            gate: gate, handle: { [unowned endpoint] call, connection in endpoint.handle(call, from: connection) })
        server.onConnectionClosed = { [unowned feed] connection in feed.unfollow(connection) }
        let signals: SignalWatcher
        do {
            try server.start()
            signals = try SignalWatcher(self.signals) { [unowned self] signal in received(signal) }
        } catch {
            throw StartupError(description: "cannot serve: \(error)", status: .failure)
        }
        let servingOn = ownSocketPath == nil ? "the socket systemd passed" : locations.socketPath
        state = .running(
            Parts(
                stateDirectory: stateDirectory, store: store, status: status, feed: feed, endpoint: endpoint,
                server: server, desktop: desktop, reminders: reminders, tray: tray, heartRate: heartRate, away: away,
                deskTime: deskTime, sensedQuestions: sensedQuestions, signals: signals,
                servingOn: servingOn))
        // Presence first: the reminders decide with this device's presence as the signal left it.
        wirePresence(desktop)
        desktop.start()
        do {
            try reminders.start()
        } catch {
            throw StartupError(description: "cannot create the reminder timer: \(error)", status: .failure)
        }
        // The heart-rate alert's buttons come back through the desktop's one handler, which the reminder driver
        // holds: the alert's own notification is answered here, every other one by the driver.
        let reminderAction = desktop.onAction
        desktop.onAction = { [unowned heartRate, unowned sensedQuestions] handle, key in
            if !heartRate.answer(handle, key) && !sensedQuestions.answer(handle, key) {
                reminderAction?(handle, key)
            }
        }
        let reminderClosed = desktop.onClosed
        desktop.onClosed = { [unowned heartRate, unowned sensedQuestions] handle, reason in
            if !heartRate.closed(handle) && !sensedQuestions.closed(handle) {
                reminderClosed?(handle, reason)
            }
        }
        heartRate.onSensedBout = { [unowned sensedQuestions] event in sensedQuestions.recorded(event) }
        tray.start()
        // The away question is a reminder: the planner asks it, within the one budget.
        status.timeAway = { [unowned away] in away.timeAway }
        away.onTimeAway = { [unowned feed] in feed.changed() }
        away.start()
        // Desk time (opt-in) and the sensed-bout question follow the same away and back.
        desktop.awayChanged.listen { [unowned deskTime, unowned sensedQuestions] in
            deskTime.presenceChanged()
            sensedQuestions.awayChanged()
        }
        // The sensed-bout question is asked when do-not-disturb or a lock stops holding reminders.
        desktop.holdChanged.listen { [unowned sensedQuestions] in sensedQuestions.askIfDue() }
        sensedQuestions.start()
        do {
            try deskTime.start()
        } catch {
            throw StartupError(description: "cannot create the desk-time timer: \(error)", status: .failure)
        }
        heartRate.start()
        endpoint.syncHealth = { [unowned self] in sync?.health(now: clock.now()) }
        startSync()
        startInbox()
        if options.testHooks {
            logger.warning("test hooks are on (\(TestHooks.environmentVariable)=1): SIGUSR1 blocks the daemon's loop")
        }

        logger.info("serving on \(servingOn), state in \(locations.stateDirectory)")
        announceReady()
        // After READY=1, so start-up is not delayed: a snapshot after a long replay (the first start after an
        // upgrade, or with a damaged snapshot), then the memory replaying used. Replaying the log or decoding the
        // snapshot peaks at about four times the memory the state keeps (a year of history: 3.3 MB of heap, 0.8 MB
        // in use), and glibc keeps the freed pages resident; idle memory is what the daemon holds all day.
        DaemonActor.later {
            if store.snapshotIsDue { store.writeSnapshot() }
            Heap.releaseFreePages()
        }
        // The records the snapshot vouched for, which opening the log did not read, are checked now, once, on a thread
        // of their own (a ten-year log of ten devices: 123 MB, 169 million instructions that READY=1 waited for);
        // what the check finds is reported as opening reports it. Its buffer, and its code should it end after
        // start-up settled, go back when it ends.
        let settlesAt = Clocks.monotonicNanoseconds() + Self.startUpSettles.components.seconds * 1_000_000_000
        store.onLogChecked = {
            Heap.releaseFreePages()
            if Clocks.monotonicNanoseconds() >= settlesAt { Heap.releaseExecutablePages() }
        }
        store.checkLogLater()
        // Once start-up has settled, the heap its last work freed and the executable's code go back to the kernel.
        // Start-up's code (arguments, configuration, replay, the buses' set-up) never runs again; what a request
        // runs faults back from the page cache. Given back right after READY=1 instead, the code of the buses'
        // set-up, which runs just after it, came back at once with the pages around each fault: 3-4 MB of the
        // 12 MB idle RSS on a session bus (docs/performance.md, fix 19).
        // (Its handler captures nothing: a context released after the code was given back would fault its code back.)
        LoopTimer {
            Heap.releaseFreePages()
            Heap.releaseExecutablePages()
        }.schedule(atMonotonicNanoseconds: settlesAt)
    }

    /// How long after `READY=1` start-up's asynchronous part is over: the buses' handshakes and first calls (the
    /// notification server, the tray's watcher, the idle monitor, logind), which take about a millisecond on a
    /// quiet machine, and reminders evaluated again with what they answered. Shorter than any settling time the
    /// idle benchmark and tests allow before they count wakeups.
    private static let startUpSettles = Duration.seconds(3)

    /// Starts following the sync folder of ``options``, or stops following one no longer set; before READY=1 at
    /// start, so the first answer already counts every device's events.
    func startSync() {
        guard let parts else { return }
        let path = options.sync.folderPath(home: UserAccount.homeDirectory())
        if let sync, sync.folder == path {
            sync.rename(options.sync.name)
            return
        }
        sync = nil
        parts.store.onAppended = nil
        followPresence(in: nil)
        guard let path else { return }
        let folder = SyncFolder(
            folder: path, name: options.sync.name, store: parts.store,
            stateDirectory: options.locations.stateDirectory, logger: logger)
        parts.store.onAppended = { [unowned folder] in folder.logGrew() }
        sync = folder
        folder.start()
        followPresence(in: folder)
        logger.info("sync: this device is \(folder.identity.id) (\(folder.name)), following \(path)")
    }

    /// The inbox the configuration names ([import]), started; one with other settings replaces the running one.
    func startInbox() {
        guard let parts else { return }
        let settings = options.imports.inbox.map {
            Inbox.Settings(
                directory: Inbox.directory($0, home: ProcessInfo.processInfo.environment["HOME"] ?? "/"),
                sizeLimitBytes: Int64(options.imports.sizeLimitMegabytes) * 1024 * 1024)
        }
        guard inbox?.settings != settings else { return }
        inbox = settings.map {
            Inbox(
                settings: $0, stateDirectory: options.locations.stateDirectory,
                socketPath: options.locations.socketPath, clock: clock, logger: logger)
        }
        parts.endpoint.inboxHealth = inbox.map { inbox in { [unowned inbox] in inbox.health() } }
        inbox?.start()
    }

    /// The socket systemd passed, or one of our own at the configured path.
    private func listeningSocket(_ locations: DaemonLocations) throws(StartupError) -> (FileDescriptor, String?) {
        do {
            if let passed = try SocketActivation.listeningSocket() {
                try Syscall.setNonBlocking(passed)
                return (passed, nil)
            }
        } catch {
            throw StartupError(description: "\(error)", status: .failure)
        }
        return (try SocketBinder.bind(locations.socketPath), locations.socketPath)
    }

    private func received(_ signal: Int32) {
        switch signal {
        case SIGTERM: shutdown(reason: "SIGTERM")
        case SIGINT: shutdown(reason: "SIGINT")
        case SIGHUP: reloadConfiguration()
        default: TestHooks.handle(signal, logger: logger)
        }
    }

    /// Stops accepting clients, lets replies in flight reach their clients, removes the socket, exits 0.
    private func shutdown(reason: String) {
        guard case .running(let parts) = state else { return }
        state = .stopping
        logger.info("stopping (\(reason))")
        ServiceManager.stopping()
        parts.heartRate.release()
        parts.store.writeSnapshot()
        let finish: @DaemonActor () -> Void = { exit(ExitStatus.success.rawValue) }
        // A client that never reads its reply must not hold the daemon up for long.
        LoopTimer(handler: finish).schedule(after: .seconds(2))
        parts.server.stop(completion: finish)
    }
}
