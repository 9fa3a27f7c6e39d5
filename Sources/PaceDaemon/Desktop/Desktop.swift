package import Logging
import PaceCore
package import PaceSystem

/// The daemon's view of the desktop and the clocks: shows notifications, and tells when reminders should
/// hold (do not disturb, a locked session), when the machine sleeps and wakes, and when the wall clock jumps.
///
/// It decides nothing about reminders; the daemon asks the core what to remind and uses this to say it.
/// Everything here is best effort and never blocks: without a session bus, ``show(_:replacing:)`` reports
/// ``NotificationCloseReason/notDelivered(_:)``; without a system bus, sleep and lock simply go unreported
/// (the clock watcher still notices a resume). Buses that go away are reconnected when they come back.
///
/// Wiring it into the daemon:
/// ```swift
/// let desktop = Desktop(clock: clock, logger: logger, environment: environment)
/// desktop.onAction = { handle, key in … }          // "stop", "snooze", "rest": make the event the CLI would
/// desktop.onClosed = { handle, reason in … }       // forget the handle
/// desktop.holdChanged.listen { … desktop.isDoNotDisturb, desktop.isLocked … }
/// desktop.holdsKnown.listen { … desktop.knowsHolds is true now: show what waited to learn the holds … }
/// desktop.resumed.listen { … re-evaluate once … }      // also sleeping
/// desktop.clockChanged.listen { change in … re-evaluate once … }
/// let timer = try desktop.makeWallClockTimer { … the core's next-wake instant arrived … }
/// desktop.start()
/// timer.arm(at: nextWake)
/// let handle = desktop.show(DesktopNotification(summary: "20 min walking — time to rest", actions: […]))
/// ```
///
/// Every handler runs on the loop, later — never inside the call that caused it — so handlers may call
/// back in freely. A resume is usually reported twice, as ``resumed`` (logind) and as ``clockChanged``
/// with cause ``ClockChange/Cause/resume`` (the kernel): re-evaluating deadlines must be idempotent.
///
@DaemonActor
package final class Desktop {
    /// How the desktop layer behaves.
    package struct Options: Sendable {
        /// The application name notification servers show and group by.
        package var appName = "Pace"
        /// The icon for notifications that name none: a themed icon name or a `file://` URI.
        package var iconName = "appointment-soon"
        /// How long a D-Bus peer has to answer before Pace gives up on the call.
        package var callTimeout: Duration = .seconds(5)
        /// The first retry after a bus was lost or refused a connection; doubles up to ``maximumRetryDelay``.
        package var firstRetryDelay: Duration = .seconds(1)
        package var maximumRetryDelay: Duration = .seconds(60)

        package init() {}
    }

    private let logger: Logger
    private let session: BusEndpoint
    private let system: BusEndpoint
    private let notifications: NotificationClient
    private let lock: SessionLockWatcher
    private let idleMonitor: IdleMonitorWatcher
    private let sleep: SleepWatcher
    private let clock: ClockWatcher
    private let tray: StatusNotifierItem
    private var started = false

    /// An action button was pressed: the notification, and the key of its ``DesktopNotification/Action``.
    package var onAction: ((NotificationHandle, String) -> Void)?
    /// A notification is gone (expired, dismissed, closed, lost with the server) or was never shown.
    package var onClosed: ((NotificationHandle, NotificationCloseReason) -> Void)?
    /// ``isDoNotDisturb`` or ``isLocked`` changed: reminders held for them may be due now.
    package let holdChanged = DesktopSignal<Void>()
    /// ``knowsHolds`` became true: reminders waiting to learn whether they are held may be due now.
    package let holdsKnown = DesktopSignal<Void>()
    /// ``notificationServer`` changed: one answered (a bus or server came back, so a reminder that could not
    /// be delivered may be shown now), or the one known went away.
    package let notificationServerChanged = DesktopSignal<Void>()
    /// ``isAway`` may have changed (reported for every idle or lock signal: check the value).
    package let awayChanged = DesktopSignal<Void>()
    /// A source that said the person is away went quiet (GNOME's idle monitor left the bus while it said idle):
    /// ``isAway`` may be false now without the person having come back.
    package let awayForgotten = DesktopSignal<Void>()
    /// The machine is about to suspend (logind `PrepareForSleep(true)`); sent once per sleep.
    package let sleeping = DesktopSignal<Void>()
    /// The machine woke up (logind `PrepareForSleep(false)`); sent once per sleep.
    package let resumed = DesktopSignal<Void>()
    /// The wall clock jumped (set, resumed from suspend, or moved by the test hook); once per change.
    package let clockChanged = DesktopSignal<ClockChange>()
    /// An entry of the tray's menu was clicked: its ``TrayMenuEntry/action``. The click may come from a menu drawn
    /// before the last ``showInTray(_:)``: check the action still applies.
    package var onTrayAction: ((String) -> Void)?
    /// The tray item was registered with a StatusNotifierWatcher: a panel will read it now.
    package var onTrayRegistered: (() -> Void)?

    /// Prepares the desktop layer; nothing connects or runs until ``start()``.
    ///
    /// - Parameters:
    ///   - clock: The daemon's wall clock; the test hook moves it (see ``ClockWatcher``).
    ///   - environment: The process environment: `DBUS_SESSION_BUS_ADDRESS`, `XDG_RUNTIME_DIR`,
    ///     `DBUS_SYSTEM_BUS_ADDRESS`, `XDG_SESSION_ID`, and the test hook's `PACE_TEST_HOOKS` and
    ///     `PACE_TEST_CLOCK_OFFSET_FILE` (see ``ClockWatcher``).
    package init(clock: SystemClock, logger: Logger, environment: [String: String], options: Options = Options()) {
        self.logger = logger
        let retry = BusEndpoint.RetryPolicy(first: options.firstRetryDelay, maximum: options.maximumRetryDelay)
        session = BusEndpoint(
            name: "session bus", address: BusAddress.session(environment: environment),
            logger: logger, policy: retry)
        system = BusEndpoint(
            name: "system bus", address: BusAddress.system(environment: environment),
            logger: logger, policy: retry)
        notifications = NotificationClient(
            logger: logger,
            settings: .init(appName: options.appName, iconName: options.iconName, callTimeout: options.callTimeout))
        lock = SessionLockWatcher(
            logger: logger, sessionID: environment["XDG_SESSION_ID"],
            processID: UInt32(bitPattern: Syscall.processID), userID: Syscall.userID,
            callTimeout: options.callTimeout)
        sleep = SleepWatcher(logger: logger, callTimeout: options.callTimeout)
        idleMonitor = IdleMonitorWatcher(logger: logger, callTimeout: options.callTimeout)
        self.clock = ClockWatcher(
            clock: clock, logger: logger, testOffsetFile: TestClockShift.file(environment: environment))
        tray = StatusNotifierItem(logger: logger, callTimeout: options.callTimeout)
        wire()
    }

    private func wire() {
        session.onConnected = { [weak self] connection in
            guard let self else { return }
            notifications.attach(connection)
            lock.attachSession(connection)
            idleMonitor.attach(connection)
            tray.attach(connection)
        }
        session.onDisconnected = { [weak self] in
            guard let self else { return }
            notifications.detach()
            lock.detachSession()
            idleMonitor.detach()
            tray.detach()
        }
        system.onConnected = { [weak self] connection in
            guard let self else { return }
            sleep.attach(connection)
            lock.attachSystem(connection)
        }
        system.onDisconnected = { [weak self] in
            guard let self else { return }
            sleep.detach()
            lock.detachSystem()
        }
        notifications.onAction = { [weak self] handle, key in self?.later { $0.onAction?(handle, key) } }
        notifications.onClosed = { [weak self] handle, reason in self?.later { $0.onClosed?(handle, reason) } }
        notifications.onDoNotDisturbChanged = { [weak self] in self?.later { $0.holdChanged.send() } }
        notifications.onServerChanged = { [weak self] in self?.later { $0.notificationServerChanged.send() } }
        lock.onChange = { [weak self] in
            self?.later {
                $0.holdChanged.send()
                $0.awayChanged.send()
            }
        }
        lock.onIdleChange = { [weak self] in self?.later { $0.awayChanged.send() } }
        idleMonitor.onChange = { [weak self] in self?.later { $0.awayChanged.send() } }
        idleMonitor.onVanished = { [weak self] in self?.later { $0.awayForgotten.send() } }
        let known: () -> Void = { [weak self] in self?.later { if $0.knowsHolds { $0.holdsKnown.send() } } }
        notifications.onStateKnown = known
        lock.onKnown = known
        session.onAttemptFailed = known
        system.onAttemptFailed = known
        sleep.onSleep = { [weak self] in self?.later { $0.sleeping.send() } }
        sleep.onResume = { [weak self] in self?.later { $0.resumed.send() } }
        clock.onChange = { [weak self] change in self?.later { $0.clockChanged.send(change) } }
        tray.menu.onAction = { [weak self] action in self?.later { $0.onTrayAction?(action) } }
        tray.onRegistered = { [weak self] in self?.later { $0.onTrayRegistered?() } }
    }

    /// Runs `body` on the loop after whatever is running now, so no handler runs inside a caller's call.
    private func later(_ body: @escaping (Desktop) -> Void) {
        DaemonActor.later { [weak self] in
            guard let self else { return }
            body(self)
        }
    }

    /// Connects to the buses (or starts waiting for them) and starts watching the clock.
    package func start() {
        guard !started else { return }
        started = true
        clock.start()
        session.start()
        system.start()
    }

    /// Disconnects and stops watching; notifications still waiting are reported as not delivered.
    package func stop() {
        guard started else { return }
        started = false
        session.stop()
        system.stop()
        clock.stop()
    }

    // MARK: - Notifications

    /// Shows a notification, or replaces one still on screen with new text (`replaces_id`), so a reminder
    /// about a state that changed is never left stale.
    ///
    /// - Parameters:
    ///   - notification: What to show.
    ///   - replaced: The notification to replace; if it is already gone, this one is shown as a new one.
    /// - Returns: The handle that ``onAction`` and ``onClosed`` report; `replaced` is retired silently once
    ///   the server has replaced it.
    @discardableResult
    package func show(_ notification: DesktopNotification, replacing replaced: NotificationHandle? = nil)
        -> NotificationHandle
    {
        return notifications.show(notification, replacing: replaced)
    }

    /// Closes a notification (`CloseNotification`); ``onClosed`` reports it with
    /// ``NotificationCloseReason/closedByCall`` when the server confirms.
    package func close(_ handle: NotificationHandle) {
        notifications.close(handle)
    }

    /// The notification server now running, once it has answered; `nil` while none is known.
    package var notificationServer: NotificationServerInfo? { notifications.server }

    /// Whether the session bus is connected.
    package var isSessionBusConnected: Bool { session.isConnected }

    /// Whether the system bus is connected.
    package var isSystemBusConnected: Bool { system.isConnected }

    // MARK: - Tray

    /// Shows Pace in the panel (a StatusNotifierItem) with `content`, or updates what it shows: in panels from the
    /// first call (or once the session bus connects) until ``hideTray()``.
    package func showInTray(_ content: TrayContent) {
        tray.update(content)
        tray.show()
    }

    /// Takes Pace out of the panel; ``showInTray(_:)`` puts it back.
    package func hideTray() {
        tray.withdraw()
    }

    /// The StatusNotifierWatcher the tray item is registered with, if any (its unique bus name).
    package var trayWatcher: String? { tray.registeredWith }

    // MARK: - Holds

    /// Whether the notification server holds notifications (its `Inhibited` property, or dunst's `paused`).
    package var isDoNotDisturb: Bool { notifications.isDoNotDisturb }

    /// Whether the session is locked (logind `LockedHint`) or the screen saver is active.
    package var isLocked: Bool { lock.isLocked }

    /// Whether ``isDoNotDisturb`` and ``isLocked`` are known: every bus found has answered whether it holds
    /// notifications (or there is none to ask). False for a moment after ``start()`` and after a bus or a
    /// notification server comes; until then a reminder could reach someone who asked not to be disturbed,
    /// or a locked screen. ``holdsKnown`` tells when it turns true.
    package var knowsHolds: Bool {
        !session.isConnecting && !system.isConnecting && notifications.isStateKnown && lock.isKnown
    }

    /// Whether the person seems away from the desk: logind says the session is idle or locked, GNOME's idle
    /// monitor says nobody touches it, or the screen saver is active.
    package var isAway: Bool { lock.isIdle || idleMonitor.isIdle || lock.isLocked }

    /// When the person left the desk, as well as the desktop tells, for an absence noticed at `now`: logind's
    /// `IdleSinceHint` (right even when paced started or connected during the absence), else as long before `now`
    /// as GNOME's idle monitor says nobody had touched the desktop, else `now`.
    func awaySince(now: Instant) -> Instant {
        var since = now
        if let idle = idleMonitor.idleFor { since = now.adding(seconds: -idle.components.seconds) }
        if let logind = lock.idleSince, logind < since { since = logind }
        return since
    }

    // MARK: - Time

    /// Whether logind last said the machine is going to sleep (and has not said it woke yet).
    package var isAsleep: Bool { sleep.isAsleep }

    /// A one-shot timer at a wall-clock instant, for the core's next-wake instant.
    ///
    /// - Parameter handler: Runs on the loop when the armed deadline arrives.
    /// - Throws: ``SystemError`` when no timer descriptor can be created (out of file descriptors).
    package func makeWallClockTimer(_ handler: @escaping () -> Void) throws(SystemError) -> WallClockTimer {
        return try clock.makeTimer(handler)
    }
}
