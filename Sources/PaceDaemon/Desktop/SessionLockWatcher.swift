import Logging
import PaceCore
import PaceSystem

/// Follows whether the person's session is locked, from two sources, either of which may be missing:
/// - logind on the system bus: the `LockedHint` property of this process's session (screen lockers set it);
/// - `org.freedesktop.ScreenSaver` on the session bus: `GetActive` and `ActiveChanged` (KDE, xfce, others).
///
/// The session is found as `XDG_SESSION_ID` says (`GetSession`), else the session of this process
/// (`GetSessionByPID`), else the user's graphical session (`User.Display`) — which is the one that matters
/// for `paced` running as a systemd user service, outside any session.
///
@DaemonActor
final class SessionLockWatcher {
    static let logind = "org.freedesktop.login1"
    static let managerPath = "/org/freedesktop/login1"
    static let managerInterface = "org.freedesktop.login1.Manager"
    static let sessionInterface = "org.freedesktop.login1.Session"
    static let screenSaver = "org.freedesktop.ScreenSaver"
    static let screenSaverPath = "/org/freedesktop/ScreenSaver"

    private let logger: Logger
    private let sessionID: String?
    private let processID: UInt32
    private let userID: UInt32
    private let callTimeout: Duration
    private var systemGeneration = 0
    private var sessionGeneration = 0
    private var lockedHint = false
    /// logind's `IdleHint` of the session: nobody has touched the desktop for a while.
    private var idleHint = false
    /// logind's `IdleSinceHint`: when the session last went idle, in microseconds since the epoch (0: unknown).
    private var idleSinceHint: UInt64 = 0
    private var screenSaverActive = false
    /// Asking logind for the session and its `LockedHint`, or the screen saver whether it is active.
    private var askingLogind = false
    private var askingScreenSaver = false

    /// `isLocked` changed.
    var onChange: (() -> Void)?
    /// ``isKnown`` became true.
    var onKnown: (() -> Void)?

    /// - Parameters:
    ///   - sessionID: `XDG_SESSION_ID`, when set.
    ///   - processID: This process, for `GetSessionByPID`.
    ///   - userID: This user, for `GetUser`.
    init(
        logger: Logger, sessionID: String?, processID: UInt32, userID: UInt32,
        callTimeout: Duration
    ) {
        self.logger = logger
        self.sessionID = sessionID.flatMap { $0.isEmpty ? nil : $0 }
        self.processID = processID
        self.userID = userID
        self.callTimeout = callTimeout
    }

    /// Whether the session is locked (or the screen saver is active) as far as anything tells.
    var isLocked: Bool { lockedHint || screenSaverActive }

    /// Whether logind says the session is idle.
    var isIdle: Bool { idleHint }

    /// When the session went idle, as logind says (`IdleSinceHint`), while it is idle and logind knows.
    var idleSince: Instant? {
        guard idleHint, idleSinceHint > 0, idleSinceHint < UInt64(Int64.max) else { return nil }
        return Instant(millisecondsSinceEpoch: Int64(idleSinceHint / 1000))
    }

    /// ``isIdle`` changed.
    var onIdleChange: (() -> Void)?

    /// Whether ``isLocked`` is known: no question to logind or the screen saver is waiting for an answer.
    var isKnown: Bool { !askingLogind && !askingScreenSaver }

    // MARK: - logind

    /// Finds the session on a (new) system bus connection and follows its `LockedHint`.
    func attachSystem(_ connection: BusConnection) {
        systemGeneration += 1
        let generation = systemGeneration
        askingLogind = true
        findSession(on: connection) { [weak self] path in
            guard let self else { return }
            guard generation == systemGeneration else { return }
            guard let path else { return answered(logind: true) }
            logger.debug("following the lock state of logind session \(path)")
            let rule = BusMatchRule.propertiesChanged(
                sender: Self.logind, path: path, interface: Self.sessionInterface)
            connection.addMatch(rule) { [weak self] message in
                guard let self else { return }
                guard generation == systemGeneration else { return }
                if let locked = message[1]?.dictionary?["LockedHint"]?.bool {
                    setLockedHint(locked)
                } else if message[2]?.strings?.contains("LockedHint") == true {
                    readLockedHint(connection, path: path, generation: generation)
                }
                // logind sends IdleSinceHint with IdleHint: take the time first, so the change reports it.
                let changed = message[1]?.dictionary
                if let since = changed?["IdleSinceHint"]?.uint64 { idleSinceHint = since }
                if let idle = changed?["IdleHint"]?.bool { setIdleHint(idle) }
            }
            readLockedHint(connection, path: path, generation: generation)
            readIdleHint(connection, path: path, generation: generation)
        }
    }

    /// The system bus went away: nothing says the session is locked any more.
    func detachSystem() {
        systemGeneration += 1
        setLockedHint(false)
        setIdleHint(false)
        answered(logind: true)
    }

    private func findSession(on connection: BusConnection, _ found: @escaping (String?) -> Void) {
        let byUser = { [weak self] in
            guard let self else { return }
            let user = BusMethodCall(
                destination: Self.logind, path: Self.managerPath, interface: Self.managerInterface,
                member: "GetUser", arguments: [.uint32(userID)], allowsAutoStart: false)
            connection.call(user, timeout: callTimeout) { [weak self] result in
                guard let self else { return }
                guard case .success(let reply) = result, let userPath = reply[0]?.string else {
                    logger.debug("logind knows no session for this process or user; lock state unknown")
                    return found(nil)
                }
                let display = BusMethodCall.getProperty(
                    destination: Self.logind, path: userPath, interface: "org.freedesktop.login1.User",
                    name: "Display")
                connection.call(display, timeout: callTimeout) { result in
                    // `Display` is `(so)`: the session id and its object path; an empty id means none.
                    guard case .success(let reply) = result, case .structure(let fields) = reply[0]?.unwrapped,
                        fields.count == 2, fields[0].string?.isEmpty == false, let path = fields[1].string
                    else { return found(nil) }
                    found(path)
                }
            }
        }
        let first: BusMethodCall
        if let sessionID {
            first = BusMethodCall(
                destination: Self.logind, path: Self.managerPath, interface: Self.managerInterface,
                member: "GetSession", arguments: [.string(sessionID)], allowsAutoStart: false)
        } else {
            first = BusMethodCall(
                destination: Self.logind, path: Self.managerPath, interface: Self.managerInterface,
                member: "GetSessionByPID", arguments: [.uint32(processID)], allowsAutoStart: false)
        }
        connection.call(first, timeout: callTimeout) { result in
            if case .success(let reply) = result, let path = reply[0]?.string {
                found(path)
            } else {
                byUser()
            }
        }
    }

    private func readLockedHint(_ connection: BusConnection, path: String, generation: Int) {
        let call = BusMethodCall.getProperty(
            destination: Self.logind, path: path, interface: Self.sessionInterface, name: "LockedHint")
        connection.call(call, timeout: callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == systemGeneration else { return }
            if case .success(let reply) = result, let locked = reply[0]?.unwrapped.bool { setLockedHint(locked) }
            answered(logind: true)
        }
    }

    private func readIdleHint(_ connection: BusConnection, path: String, generation: Int) {
        let call = BusMethodCall.getProperty(
            destination: Self.logind, path: path, interface: Self.sessionInterface, name: "IdleHint")
        connection.call(call, timeout: callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == systemGeneration else { return }
            guard case .success(let reply) = result, let idle = reply[0]?.unwrapped.bool else { return }
            guard idle else { return setIdleHint(false) }
            // Idle already (paced started, or the bus came, during the absence): since when?
            let since = BusMethodCall.getProperty(
                destination: Self.logind, path: path, interface: Self.sessionInterface, name: "IdleSinceHint")
            connection.call(since, timeout: callTimeout) { [weak self] result in
                guard let self, generation == systemGeneration else { return }
                if case .success(let reply) = result, let since = reply[0]?.unwrapped.uint64 { idleSinceHint = since }
                setIdleHint(true)
            }
        }
    }

    private func setIdleHint(_ idle: Bool) {
        guard idle != idleHint else { return }
        idleHint = idle
        logger.debug(idle ? "logind says the session is idle" : "logind says the session is in use again")
        onIdleChange?()
    }

    private func setLockedHint(_ locked: Bool) {
        let before = isLocked
        lockedHint = locked
        if isLocked != before { changed() }
    }

    // MARK: - Screen saver

    /// Follows `org.freedesktop.ScreenSaver` on a (new) session bus connection, where a desktop provides it.
    func attachSession(_ connection: BusConnection) {
        sessionGeneration += 1
        let generation = sessionGeneration
        askingScreenSaver = true
        let rule = BusMatchRule(
            sender: Self.screenSaver, path: Self.screenSaverPath, interface: Self.screenSaver, member: "ActiveChanged")
        connection.addMatch(rule) { [weak self] message in
            guard let self else { return }
            guard generation == sessionGeneration, let active = message[0]?.bool else { return }
            setScreenSaverActive(active)
        }
        let call = BusMethodCall(
            destination: Self.screenSaver, path: Self.screenSaverPath, interface: Self.screenSaver,
            member: "GetActive", allowsAutoStart: false)
        connection.call(call, timeout: callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == sessionGeneration else { return }
            // Most desktops have no screen saver service: an error is an answer too.
            if case .success(let reply) = result, let active = reply[0]?.bool { setScreenSaverActive(active) }
            answered(logind: false)
        }
    }

    /// The session bus went away.
    func detachSession() {
        sessionGeneration += 1
        setScreenSaverActive(false)
        answered(logind: false)
    }

    private func setScreenSaverActive(_ active: Bool) {
        let before = isLocked
        screenSaverActive = active
        if isLocked != before { changed() }
    }

    /// A question to logind (or the screen saver) was answered, or will not be.
    private func answered(logind: Bool) {
        let before = isKnown
        if logind { askingLogind = false } else { askingScreenSaver = false }
        if isKnown && !before { onKnown?() }
    }

    private func changed() {
        logger.info("session \(isLocked ? "locked" : "unlocked")")
        onChange?()
    }
}
