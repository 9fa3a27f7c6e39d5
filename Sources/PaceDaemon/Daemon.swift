import Dispatch
import FoundationEssentials
import Glibc
package import Logging
package import PaceCore
import PaceLog
import PaceProtocol
import PaceSystem
import SystemPackage

/// The `paced` service: owns the state directory and the socket, and answers clients.
///
/// One serial queue owns all mutable state; sockets, signals and timers are Dispatch sources on it.
/// The type is confined to that queue, which `dispatchPrecondition` checks where it matters.
package final class Daemon: @unchecked Sendable {
    /// What the daemon is started with.
    package struct Options: Sendable {
        /// Where state and socket live.
        package var locations: DaemonLocations
        /// Every tunable of the core (day start, activity kinds, envelope, reminders); the config file replaces
        /// the built-in defaults at start-up and on every reload.
        package var settings: PaceSettings
        /// Limits of the socket server (`[server]` in the config file).
        package var server = Configuration.ServerSettings()
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

    /// The signals the daemon acts on; they arrive as Dispatch events on the queue.
    private static let handledSignals = [SIGTERM, SIGINT, SIGHUP]

    var options: Options
    let queue = DispatchQueue(label: "io.pace.daemon")
    let logger: Logger
    private let startedAt: Instant
    let signals = SignalWatcher()
    private var stateDirectory: StateDirectory?
    var server: VarlinkServer?
    var service: PaceService?
    private var desktop: Desktop?
    private var reminders: ReminderDriver?
    private var watchdog: Watchdog?
    /// Where clients reach the daemon, for the service status: a path or "the socket systemd passed".
    var servingOn = ""
    /// The last `STATUS=` sent, so an unchanged summary is not sent again.
    var publishedStatus = ""
    private(set) var stopping = false

    package init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
        self.startedAt = WallClock.now()
    }

    /// Starts the daemon and serves until SIGTERM or SIGINT; never returns.
    ///
    /// A start-up failure is logged (one line per reason: each config problem has its own) and exits with its
    /// ``ExitStatus``.
    package func run() -> Never {
        SignalWatcher.blockInAllThreads(Self.handledSignals + (options.testHooks ? TestHooks.signals : []))
        queue.async {
            do throws(StartupError) {
                try self.start()
            } catch {
                self.logger.error("\(error.description)")
                exit(error.status.rawValue)
            }
        }
        SignalWatcher.parkMainThread()
    }

    private func start() throws(StartupError) {
        dispatchPrecondition(condition: .onQueue(queue))
        // Everything the daemon creates is private: the socket, the log, the snapshots.
        umask(0o077)
        SignalWatcher.ignoreBrokenPipes()
        ResourceLimits.raiseOpenFileLimit()
        if let interval = Watchdog.requestedInterval() { watchdog = Watchdog(interval: interval, queue: queue) }
        try loadConfigurationAtStartUp()

        let locations = options.locations
        do {
            stateDirectory = try StateDirectory.open(locations.stateDirectory)
        } catch {
            switch error {
            case .locked: throw StartupError(description: error.description, status: .alreadyRunning)
            default: throw StartupError(description: error.description, status: .cannotCreate)
            }
        }

        // READY=1 only once the log is open and replayed.
        let service = try PaceService.open(
            stateDirectory: locations.stateDirectory, options: options, queue: queue, logger: logger,
            startedAt: startedAt)
        let desktop = Desktop(queue: queue, logger: logger, environment: ProcessInfo.processInfo.environment)
        let reminders = ReminderDriver(service: service, desktop: desktop, logger: logger)
        service.onChange = { [unowned self, unowned reminders] in
            reminders.evaluate()
            self.publishStatus()
        }
        service.desktopHealth = { [unowned reminders] in reminders.health() }

        let listener: FileDescriptor
        let ownSocketPath: String?
        do {
            if let passed = try SocketActivation.listeningSocket() {
                try Syscall.setNonBlocking(passed)
                (listener, ownSocketPath) = (passed, nil)
            } else {
                (listener, ownSocketPath) = (try SocketBinder.bind(locations.socketPath), locations.socketPath)
            }
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError(description: "\(error)", status: .failure)
        }
        let router = MethodRouter(
            queue: queue, logger: logger,
            declaredMethods: Set(InterfaceDescription.served.flatMap(\.methodNames)))
        service.register(on: router)
        let server = VarlinkServer(
            listener: listener,
            socketPath: ownSocketPath,
            queue: queue,
            limits: VarlinkServer.Limits(options.server),
            logger: logger,
            handle: { [unowned service] call, connection in
                service.answering { router.handle(call, from: connection) }
            }
        )
        server.onConnectionClosed = { [unowned service] connection in service.connectionClosed(connection) }
        self.service = service
        self.server = server
        self.desktop = desktop
        self.reminders = reminders
        server.start()
        desktop.start()
        do {
            try reminders.start()
        } catch {
            throw StartupError(description: "cannot create the reminder timer: \(error)", status: .failure)
        }

        signals.watch(SIGTERM, on: queue) { [unowned self] in self.shutdown(reason: "SIGTERM") }
        signals.watch(SIGINT, on: queue) { [unowned self] in self.shutdown(reason: "SIGINT") }
        signals.watch(SIGHUP, on: queue) { [unowned self] in self.reloadConfiguration() }
        if options.testHooks { TestHooks.install(on: self) }

        servingOn = ownSocketPath == nil ? "the socket systemd passed" : locations.socketPath
        logger.info("serving on \(servingOn), state in \(locations.stateDirectory)")
        announceReady()
        // Replaying the log or decoding the snapshot peaks at about four times the memory the state keeps (a
        // year of history: 3.3 MB of heap, 0.8 MB in use), and glibc keeps the freed pages resident. Once, after
        // READY=1, so start-up is not delayed; idle memory is what the daemon holds all day.
        Heap.releaseFreePages()
    }

    /// Stops accepting clients, lets replies in flight reach their clients, removes the socket, exits 0.
    private func shutdown(reason: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopping else { return }
        stopping = true
        logger.info("stopping (\(reason))")
        ServiceManager.stopping()
        service?.writeSnapshot()
        let finish: @Sendable () -> Void = { exit(ExitStatus.success.rawValue) }
        // A client that never reads its reply must not hold the daemon up for long.
        queue.asyncAfter(deadline: .now() + .seconds(2), execute: finish)
        if let server {
            server.stop(completion: finish)
        } else {
            finish()
        }
    }
}
