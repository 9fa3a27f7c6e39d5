import FoundationEssentials
import Logging
import PaceDaemon
import PaceSystem
import PaceTestSupport
import Synchronization

/// What a ``Desktop`` reported, in order.
enum DesktopEvent: Equatable, Sendable {
    case action(NotificationHandle, String)
    case closed(NotificationHandle, NotificationCloseReason)
    case hold(doNotDisturb: Bool, locked: Bool)
    case sleep
    case resume
    case clock(ClockChange)
}

/// A real ``Desktop`` on the daemon's loop, with every handler recording into ``events``.
final class DesktopHarness: Sendable {
    /// The desktop's wall clock.
    let clock = SystemClock()
    let desktop: Desktop
    private let log = Log()
    /// ``Desktop/knowsHolds`` just after ``Desktop/start()``, read before the loop could take any answer.
    let knewHoldsAtStart: Bool

    /// Starts a desktop with exactly `environment` (give it private bus addresses, never the machine's).
    init(environment: [String: String], options: Desktop.Options = DesktopHarness.fastOptions) {
        let (desktop, knewHolds) = onDaemonLoop { [clock, log] in
            let desktop = Desktop(
                clock: clock, logger: DesktopHarness.logger, environment: environment, options: options)
            let record: @Sendable (DesktopEvent) -> Void = { event in log.recorded.withLock { $0.append(event) } }
            desktop.onAction = { handle, key in record(.action(handle, key)) }
            desktop.onClosed = { handle, reason in record(.closed(handle, reason)) }
            desktop.holdChanged.listen { [unowned desktop] in
                record(.hold(doNotDisturb: desktop.isDoNotDisturb, locked: desktop.isLocked))
            }
            desktop.sleeping.listen { record(.sleep) }
            desktop.resumed.listen { record(.resume) }
            desktop.clockChanged.listen { change in record(.clock(change)) }
            desktop.notificationServerChanged.listen { [unowned desktop] in
                log.servers.withLock { $0.append(desktop.notificationServer?.name) }
            }
            desktop.holdsKnown.listen { [unowned desktop] in
                log.known.withLock {
                    $0.append(.hold(doNotDisturb: desktop.isDoNotDisturb, locked: desktop.isLocked))
                }
            }
            desktop.start()
            return (desktop, desktop.knowsHolds)
        }
        self.desktop = desktop
        knewHoldsAtStart = knewHolds
    }

    deinit {
        let desktop = self.desktop
        onDaemonLoop { desktop.stop() }
    }

    /// Short timeouts and retries, so failures show in seconds.
    static var fastOptions: Desktop.Options {
        var options = Desktop.Options()
        options.callTimeout = .seconds(2)
        options.firstRetryDelay = .milliseconds(200)
        options.maximumRetryDelay = .seconds(1)
        return options
    }

    /// Quiet unless `PACE_TEST_LOG=1`, then everything on standard error.
    static let logger: Logger = {
        if ProcessInfo.processInfo.environment["PACE_TEST_LOG"] == "1" {
            var logger = Logger(label: "desktop-test") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .debug
            return logger
        }
        return Logger(label: "desktop-test") { _ in SwiftLogNoOpLogHandler() }
    }()

    /// Everything reported so far.
    var events: [DesktopEvent] { log.recorded.withLock { $0 } }

    /// The server names ``Desktop/notificationServerChanged`` sent so far.
    var serverChanges: [String?] { log.servers.withLock { $0 } }

    /// The holds as they were each time ``Desktop/holdsKnown`` was sent (as `.hold` events).
    var holdsKnown: [DesktopEvent] { log.known.withLock { $0 } }

    /// Runs `body` on the daemon's loop and returns its result.
    func run<Result>(_ body: @DaemonActor (Desktop) -> Result) -> Result {
        let desktop = self.desktop
        return onDaemonLoop { body(desktop) }
    }

    /// Runs `body` on the daemon's loop and returns its result, or passes on what it throws.
    func run<Result>(_ body: @DaemonActor (Desktop) throws -> Result) throws -> Result {
        let desktop = self.desktop
        return try onDaemonLoop { try body(desktop) }
    }

    /// Waits until `condition` holds for what the desktop reported.
    func waitFor(timeoutMilliseconds: Int64 = 30_000, _ condition: ([DesktopEvent]) -> Bool) async -> Bool {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { condition(events) }
    }

    /// Waits until `condition` holds for the desktop's state (read on the loop).
    func waitUntil(timeoutMilliseconds: Int64 = 30_000, _ condition: @escaping @DaemonActor (Desktop) -> Bool) async
        -> Bool
    {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { run(condition) }
    }
}

/// What the desktop's handlers report, from the loop, for the test to read.
private final class Log: Sendable {
    let recorded = Mutex<[DesktopEvent]>([])
    /// The notification server's name after each ``Desktop/notificationServerChanged`` (`nil`: none).
    let servers = Mutex<[String?]>([])
    /// ``Desktop/isDoNotDisturb`` and ``Desktop/isLocked`` each time ``Desktop/holdsKnown`` was sent.
    let known = Mutex<[DesktopEvent]>([])
}

/// A test's private directory, buses and servers, cleaned up with it.
final class DesktopFixture: @unchecked Sendable {
    let directory = TemporaryDirectory(prefix: "pace-desk")
    private(set) var session: PrivateBus?
    private(set) var system: PrivateBus?

    deinit {
        session?.stop()
        system?.stop()
        directory.remove()
    }

    /// Starts a private session bus.
    func startSessionBus() throws -> PrivateBus {
        let bus = try PrivateBus(in: directory.path, name: "session.sock", kind: "session")
        session = bus
        return bus
    }

    /// Starts a private "system" bus.
    func startSystemBus() throws -> PrivateBus {
        let bus = try PrivateBus(in: directory.path, name: "system.sock", kind: "system")
        system = bus
        return bus
    }

    /// An environment whose buses are this fixture's (or sockets in its directory that do not exist yet).
    var environment: [String: String] {
        [
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=\(directory.appending("session.sock"))",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(directory.appending("system.sock"))",
        ]
    }
}
