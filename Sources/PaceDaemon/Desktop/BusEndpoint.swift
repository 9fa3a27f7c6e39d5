import Logging
import PaceSystem

/// Keeps one bus connected: connects when the bus is there, notices when it goes, and connects again when it
/// comes back, without busy-looping, blocking, or waking up while connected.
///
/// How it waits for a bus that is not there:
/// - the address is one `unix:path=` socket (the usual case): inotify on the socket's directory, so a bus
///   that appears (a new `dbus-daemon` binds its socket) is tried at once; no timer runs while the socket file
///   is missing, so a daemon without a desktop sleeps. While the file exists but refuses us (a bus starting
///   up, a stale socket left by a killed bus, or systemd's socket-activated `$XDG_RUNTIME_DIR/bus` after
///   the broker crashed) it also retries with backoff, 1 s doubling to 60 s.
/// - any other address (abstract socket, TCP, a list): retries with the same backoff.
///
@DaemonActor
final class BusEndpoint {
    /// How quickly to retry.
    struct RetryPolicy: Sendable {
        /// The first retry after a failure or a loss.
        var first: Duration = .seconds(1)
        /// The longest wait between retries.
        var maximum: Duration = .seconds(60)
        /// How long to let a socket that just appeared settle (`bind` comes before `listen`).
        var settle: Duration = .milliseconds(20)
    }

    /// "session bus" or "system bus", for log messages.
    let name: String
    /// Where the bus is; `nil` when there is none to look for (no session bus address at all).
    let address: BusAddress?
    private let logger: Logger
    private let policy: RetryPolicy
    private lazy var retryTimer = LoopTimer { [weak self] in self?.attempt() }
    private var nextDelay: Duration
    private var watcher: FileAppearanceWatcher?
    private var reportedAbsence = false

    private enum State {
        /// Not started, or stopped.
        case stopped
        /// Started, waiting for the bus (or for the next attempt).
        case waiting
        /// The socket connected; authentication or `Hello` pending.
        case connecting(BusConnection)
        case connected(BusConnection)
    }

    private var state = State.stopped

    /// The connection, while the bus is connected and ready.
    var connection: BusConnection? {
        if case .connected(let connection) = state { return connection }
        return nil
    }

    private var connecting: BusConnection? {
        if case .connecting(let connection) = state { return connection }
        return nil
    }

    private var running: Bool {
        if case .stopped = state { return false }
        return true
    }
    /// Called with each new ready connection: subscribe and ask for initial state here.
    var onConnected: ((BusConnection) -> Void)?
    /// Called when a ready connection is lost; everything learned through it is stale now.
    var onDisconnected: (() -> Void)?
    /// Called when an attempt to connect failed after it had begun (authentication or `Hello` failed).
    var onAttemptFailed: (() -> Void)?

    init(name: String, address: BusAddress?, logger: Logger, policy: RetryPolicy = .init()) {
        self.name = name
        self.address = address
        self.logger = logger
        self.policy = policy
        self.nextDelay = policy.first
    }

    isolated deinit {
        retryTimer.cancel()
    }

    /// Whether the bus is connected now.
    var isConnected: Bool { connection != nil }

    /// Whether an attempt to connect is under way (the socket connected, authentication or `Hello` pending).
    var isConnecting: Bool { connecting != nil }

    /// Connects now if the bus is there, else waits for it.
    func start() {
        guard !running else { return }
        state = .waiting
        guard let address else {
            logger.info("no \(name) address (neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set)")
            return
        }
        logger.debug("connecting to the \(name) at \(address)")
        attempt()
    }

    /// Disconnects and stops retrying.
    func stop() {
        let previous = state
        state = .stopped
        retryTimer.cancel()
        watcher?.stop()
        switch previous {
        case .connecting(let candidate):
            candidate.close()
        case .connected(let connection):
            connection.close()
            onDisconnected?()
        case .stopped, .waiting:
            break
        }
    }

    private func attempt() {
        guard running, connection == nil, connecting == nil, let address else { return }
        retryTimer.cancel()
        do {
            let candidate = try BusConnection(address: address.address, name: name, logger: logger)
            candidate.onReady = { [weak self, weak candidate] in
                guard let self, let candidate else { return }
                ready(candidate)
            }
            candidate.onClosed = { [weak self, weak candidate] error in
                guard let self, let candidate else { return }
                closed(candidate, error)
            }
            state = .connecting(candidate)
        } catch {
            if !reportedAbsence {
                reportedAbsence = true
                logger.info("no \(name) yet (\(error)); connecting when it appears")
            } else {
                logger.debug("\(name) still unavailable: \(error)")
            }
            waitForBus()
        }
    }

    private func ready(_ candidate: BusConnection) {
        guard connecting === candidate else { return }
        state = .connected(candidate)
        nextDelay = policy.first
        reportedAbsence = false
        watcher?.stop()
        logger.info("connected to the \(name) at \(address?.address ?? "?")")
        onConnected?(candidate)
    }

    private func closed(_ candidate: BusConnection, _ error: BusError) {
        if connection === candidate {
            state = .waiting
            logger.warning("lost the \(name) (\(error)); reconnecting when it is back")
            onDisconnected?()
        } else if connecting === candidate {
            state = .waiting
            logger.debug("could not finish connecting to the \(name): \(error)")
            onAttemptFailed?()
        } else {
            return
        }
        waitForBus()
    }

    /// Arranges the next attempt: on the socket's appearance, and on a timer while something is there.
    private func waitForBus() {
        guard running, let address else { return }
        guard let path = address.socketPath else {
            retry(after: backoff())
            return
        }
        let watcher =
            self.watcher
            ?? FileAppearanceWatcher(path: path) { [weak self] in self?.socketChanged() }
        self.watcher = watcher
        do {
            try watcher.start()
        } catch {
            // No directory to watch (yet): fall back to the timer.
            logger.debug("cannot watch for the \(name) socket: \(error)")
            retry(after: backoff())
            return
        }
        if Self.exists(path) { retry(after: backoff()) }
    }

    private func socketChanged() {
        guard running, connection == nil, connecting == nil, let path = address?.socketPath else { return }
        guard watcher?.isWatching == true else {
            waitForBus()
            return
        }
        if Self.exists(path) {
            retry(after: policy.settle)
        } else {
            // Gone again: nothing to retry until it reappears.
            retryTimer.cancel()
        }
    }

    private func retry(after delay: Duration) {
        retryTimer.schedule(after: delay)
    }

    private func backoff() -> Duration {
        let delay = nextDelay
        nextDelay = min(nextDelay * 2, policy.maximum)
        return delay
    }

    private static func exists(_ path: String) -> Bool {
        (try? Syscall.lstat(path)) != nil
    }

}
