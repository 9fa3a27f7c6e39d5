import Dispatch
import FoundationEssentials
import Logging
import PaceDaemon
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

/// A real ``Desktop`` on its own serial queue, with every handler recording into ``events``.
final class DesktopHarness: @unchecked Sendable {
    let queue = DispatchQueue(label: "io.pace.test.desktop")
    let desktop: Desktop
    private let recorded = Mutex<[DesktopEvent]>([])
    /// The notification server's name after each ``Desktop/onNotificationServerChanged`` (`nil`: none).
    private let servers = Mutex<[String?]>([])
    /// ``Desktop/isDoNotDisturb`` and ``Desktop/isLocked`` each time ``Desktop/onHoldsKnown`` was called.
    private let known = Mutex<[DesktopEvent]>([])
    /// ``Desktop/knowsHolds`` just after ``Desktop/start()``, read before the queue could take any answer.
    private(set) var knewHoldsAtStart = false

    /// Starts a desktop with exactly `environment` (give it private bus addresses, never the machine's).
    init(environment: [String: String], options: Desktop.Options = DesktopHarness.fastOptions) {
        desktop = Desktop(queue: queue, logger: DesktopHarness.logger, environment: environment, options: options)
        queue.sync {
            // Weak: the desktop reports the notifications it drops while the harness goes away.
            desktop.onAction = { [weak self] handle, key in self?.record(.action(handle, key)) }
            desktop.onClosed = { [weak self] handle, reason in self?.record(.closed(handle, reason)) }
            desktop.onHoldChanged = { [weak self, unowned desktop] in
                self?.record(.hold(doNotDisturb: desktop.isDoNotDisturb, locked: desktop.isLocked))
            }
            desktop.onSleep = { [weak self] in self?.record(.sleep) }
            desktop.onResume = { [weak self] in self?.record(.resume) }
            desktop.onClockChange = { [weak self] change in self?.record(.clock(change)) }
            desktop.onNotificationServerChanged = { [weak self, unowned desktop] in
                self?.servers.withLock { $0.append(desktop.notificationServer?.name) }
            }
            desktop.onHoldsKnown = { [weak self, unowned desktop] in
                self?.known.withLock {
                    $0.append(.hold(doNotDisturb: desktop.isDoNotDisturb, locked: desktop.isLocked))
                }
            }
            desktop.start()
            knewHoldsAtStart = desktop.knowsHolds
        }
    }

    deinit {
        let desktop = self.desktop
        queue.sync { desktop.stop() }
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

    private func record(_ event: DesktopEvent) {
        recorded.withLock { $0.append(event) }
    }

    /// Everything reported so far.
    var events: [DesktopEvent] { recorded.withLock { $0 } }

    /// The server names ``Desktop/onNotificationServerChanged`` saw so far.
    var serverChanges: [String?] { servers.withLock { $0 } }

    /// The holds as they were each time ``Desktop/onHoldsKnown`` was called (as `.hold` events).
    var holdsKnown: [DesktopEvent] { known.withLock { $0 } }

    /// Runs `body` on the desktop's queue and returns its result.
    func run<Result>(_ body: (Desktop) throws -> Result) rethrows -> Result {
        try queue.sync { try body(desktop) }
    }

    /// Waits until `condition` holds for what the desktop reported.
    func waitFor(timeoutMilliseconds: Int64 = 30_000, _ condition: ([DesktopEvent]) -> Bool) async -> Bool {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { condition(events) }
    }

    /// Waits until `condition` holds for the desktop's state (read on its queue).
    func waitUntil(timeoutMilliseconds: Int64 = 30_000, _ condition: @escaping (Desktop) -> Bool) async -> Bool {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { run(condition) }
    }
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
