import Logging
import PaceProtocol
import PaceSystem
import SystemPackage

/// Accepts clients on the daemon's Unix socket and hands their calls to one handler.
///
/// Peers are checked with `SO_PEERCRED`: only the same user (or root) may talk to a user's pacing daemon. At the
/// connection limit the longest-idle non-streaming client makes room for the new one, so a flood of idle
/// connections cannot lock a well-behaved client out. `Watch` streams never idle out, so they have a smaller limit
/// of their own: a stream beyond it closes the oldest stream whose client is not reading (or else the oldest), and
/// whatever streams hold, most connections stay free for clients that call and go.
@DaemonActor
final class VarlinkServer {
    /// Server-wide limits.
    struct Limits {
        /// Most clients connected at once.
        var maximumConnections = 512
        /// Most of them following a `Watch` stream: fewer, so that streams never take the room of other clients.
        var maximumStreams = 64
        var connection = ClientConnection.Limits()

        init() {}

        /// The limits the configuration sets.
        init(_ settings: Configuration.ServerSettings) {
            maximumConnections = settings.maximumConnections
            maximumStreams = Self.maximumStreams(forConnections: maximumConnections)
            let components = settings.idleTimeout.components
            connection.idleTimeoutMilliseconds =
                components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        }

        /// An eighth of the connections, at most 64 (a status bar or two and `pace watch` in a few terminals need a
        /// handful), at least 1.
        static func maximumStreams(forConnections connections: Int) -> Int {
            min(64, max(1, connections / 8))
        }
    }

    private enum State {
        /// Created; not accepting yet.
        case idle
        case accepting(IOWatch)
        /// Stopped accepting; `completion` runs once the last client has closed.
        case draining(completion: () -> Void)
        case stopped
    }

    private let listener: FileDescriptor
    /// The socket file to remove on shutdown; `nil` when systemd owns it.
    private let socketPath: String?
    /// Applies to connections accepted from now on (a reloaded configuration changes them).
    var limits: Limits
    private let logger: Logger
    private let handle: ClientConnection.CallHandler
    private let readBuffer = SharedReadBuffer()
    private let gate: ReplyGate
    private var state = State.idle
    private var connections: [Int: ClientConnection] = [:]
    private var nextConnectionID = 1
    /// Called when a connection closes, so subscriptions can be dropped.
    var onConnectionClosed: ((ClientConnection) -> Void)?

    /// - Parameters:
    ///   - listener: A listening, non-blocking socket.
    ///   - socketPath: The socket file to unlink when the server stops, if the daemon created it.
    ///   - gate: Holds the replies that wait for a group of changes to be durable.
    ///   - handle: Answers each call (see ``ClientConnection/CallHandler``).
    init(
        listener: FileDescriptor,
        socketPath: String?,
        limits: Limits = Limits(),
        logger: Logger,
        gate: ReplyGate,
        handle: @escaping ClientConnection.CallHandler
    ) {
        self.listener = listener
        self.gate = gate
        self.socketPath = socketPath
        self.limits = limits
        self.logger = logger
        self.handle = handle
    }

    /// The number of clients connected now.
    var connectionCount: Int { connections.count }

    /// Starts accepting clients.
    /// - Throws: ``SystemError`` when the listening socket cannot be watched.
    func start() throws(SystemError) {
        guard case .idle = state else { return }
        state = .accepting(try IOWatch(listener, for: .readable) { [weak self] _ in self?.acceptPending() })
    }

    /// Stops accepting, removes the socket file, lets every client receive the replies already produced,
    /// then calls `completion` (on the loop) once all clients are closed.
    func stop(completion: @escaping () -> Void) {
        switch state {
        case .idle, .accepting:
            break
        case .draining, .stopped:
            return
        }
        if case .accepting(let watch) = state { watch.cancel() }
        try? listener.close()
        if let socketPath { try? Syscall.unlink(socketPath) }
        state = .draining(completion: completion)
        for connection in connections.values {
            if connection.isStreaming { connection.close() } else { connection.finish() }
        }
        checkDrained()
    }

    private func acceptPending() {
        // Accept everything pending; a burst of clients costs one wakeup.
        while case .accepting = state {
            let descriptor: FileDescriptor
            do {
                guard let accepted = try UnixSocket.accept(listener) else { return }
                descriptor = accepted
            } catch {
                // EMFILE and friends: the pending client stays queued; log and retry on the next event.
                logger.error("cannot accept a client: \(error)")
                return
            }
            admit(descriptor)
        }
    }

    private func admit(_ descriptor: FileDescriptor) {
        let peer: UnixSocket.PeerCredentials
        do {
            peer = try UnixSocket.peerCredentials(descriptor)
        } catch {
            logger.warning("cannot identify a client, refusing it: \(error)")
            try? descriptor.close()
            return
        }
        guard peer.uid == Syscall.userID || peer.uid == 0 else {
            logger.warning("refused a client of user \(peer.uid) (pid \(peer.pid)): only the owner may connect")
            try? descriptor.close()
            return
        }
        if connections.count >= limits.maximumConnections && !evictIdleConnection() {
            logger.warning(
                "refused a client (pid \(peer.pid)): \(limits.maximumConnections) clients are connected and streaming")
            try? descriptor.close()
            return
        }
        let id = nextConnectionID
        nextConnectionID += 1
        let connection = ClientConnection(
            id: id,
            descriptor: descriptor,
            peer: peer,
            limits: limits.connection,
            logger: logger,
            readBuffer: readBuffer,
            gate: gate,
            handle: handle,
            onStreaming: { [weak self] streaming in self?.makeRoom(for: streaming) },
            onClose: { [weak self] closed in
                guard let self else { return }
                connections[closed.id] = nil
                onConnectionClosed?(closed)
                checkDrained()
            }
        )
        connections[id] = connection
        connection.start()
    }

    /// Closes the non-streaming client that has been quiet the longest.
    /// - Returns: `false` when every client is streaming.
    private func evictIdleConnection() -> Bool {
        let candidate = connections.values.filter { !$0.isStreaming }.min { $0.lastActivity < $1.lastActivity }
        guard let candidate else { return false }
        logger.notice(
            "connection limit reached: closing client \(candidate.id) (pid \(candidate.peer.pid)), idle longest")
        candidate.close()
        return true
    }

    /// Keeps the streams within their limit now that `newcomer` follows one: closes the oldest stream whose client
    /// has not read what it was sent (a client that never reads its stream), or else the oldest stream.
    private func makeRoom(for newcomer: ClientConnection) {
        var oldestFirst = connections.values.filter { $0.isStreaming && $0 !== newcomer }
            // Streams begun in the same millisecond in the order their clients came.
            .sorted { ($0.streamingSince, $0.id) < ($1.streamingSince, $1.id) }
        // More than one only after a reload lowered the limit.
        while oldestFirst.count >= limits.maximumStreams, !oldestFirst.isEmpty {
            let stalled = oldestFirst.firstIndex { $0.hasUnreadOutput }
            let victim = oldestFirst.remove(at: stalled ?? 0)
            logger.notice(
                """
                \(limits.maximumStreams) clients follow Watch streams: closing client \(victim.id) \
                (pid \(victim.peer.pid)), \(stalled == nil ? "the oldest stream" : "the oldest stream not reading"), \
                for client \(newcomer.id)
                """)
            victim.close()
        }
    }

    private func checkDrained() {
        guard connections.isEmpty, case .draining(let completion) = state else { return }
        state = .stopped
        completion()
    }
}
