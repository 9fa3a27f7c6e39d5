import FoundationEssentials
import Logging
import PaceProtocol
import PaceSystem
import SystemPackage

/// One client on the socket: its buffers, its watch on the loop and its Varlink framing.
///
/// All I/O is non-blocking, so a client that stops reading or sends half a message never stalls others.
@DaemonActor
final class ClientConnection {
    /// Limits that keep one client from hurting the daemon or the others.
    struct Limits {
        /// Largest incoming message, not counting the NUL.
        var maximumMessageSize = 64 * 1024
        /// Most bytes of replies waiting for a client that does not read; past it the client is dropped. Paged
        /// replies (``PaceAPI/pageBytes``) are a quarter of it, so a client that reads each page before asking for
        /// the next never comes near it.
        var maximumPendingOutput = PaceAPI.maximumReplyBytes
        /// The same for a `Watch` stream, whose replies are a status of half a kilobyte each: one that lets this
        /// much pile up (on top of what the kernel holds for it) is not reading, and the daemon's memory stays
        /// bounded by the number of streams times this.
        var maximumPendingStreamOutput = 64 * 1024
        /// A connection that neither sends nor receives for this long is closed, unless it is streaming.
        var idleTimeoutMilliseconds: Int64 = 60_000
        /// Most calls answered for one client in one turn of the loop; the rest wait for the next turn, after every
        /// other client that is ready had its turn, and nothing more is read from it meanwhile. So one client
        /// sending thousands of calls at once delays the others by one turn (a group of at most this many of its
        /// calls and one `fdatasync`), not by all of its calls.
        var maximumCallsPerTurn = 32
    }

    /// Answers calls; it may reply at once, later (streams) or never (oneway).
    typealias CallHandler = (VarlinkCall, ClientConnection) -> Void

    private enum State: Equatable {
        /// Reading calls and answering them.
        case serving
        /// Answering a `more` call with a stream: no further calls, never idles out. `reading` until the client
        /// half-closes (`… | socat - UNIX:…` does after its call); the stream ends when a write fails.
        case streaming(reading: Bool)
        /// No more calls are read; the connection closes once the replies already produced are written.
        case finishing
        case closed
    }

    let id: Int
    let peer: UnixSocket.PeerCredentials
    private let descriptor: FileDescriptor
    private let limits: Limits
    private let logger: Logger
    private let readBuffer: SharedReadBuffer
    private let gate: ReplyGate
    private let handle: CallHandler
    private let onStreaming: (ClientConnection) -> Void
    private let onClose: (ClientConnection) -> Void

    private var state = State.serving
    private var reader: VarlinkFrameReader
    private var watch: IOWatch?
    private lazy var idleTimer = LoopTimer { [weak self] in self?.idleTimerFired() }
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Replies held by the ``ReplyGate`` until the group of changes before them is durable.
    private var held: [[UInt8]] = []
    private var heldCount = 0
    /// Calls already read wait for the next turn of the loop (``Limits/maximumCallsPerTurn``).
    private var backlogged = false
    /// Calls answered in the turn of the loop numbered ``answeredTurn`` (``DaemonActor/turn``).
    private var answeredInTurn = 0
    private var answeredTurn: UInt64 = 0
    /// The client has sent everything it will (end of stream read); acted on once every call it sent is answered.
    private var endOfInput = false
    /// Monotonic milliseconds of the last byte read or written.
    private(set) var lastActivity: Int64
    /// Monotonic milliseconds when the connection began streaming (0 before).
    private(set) var streamingSince: Int64 = 0

    init(
        id: Int,
        descriptor: FileDescriptor,
        peer: UnixSocket.PeerCredentials,
        limits: Limits,
        logger: Logger,
        readBuffer: SharedReadBuffer,
        gate: ReplyGate,
        handle: @escaping CallHandler,
        onStreaming: @escaping (ClientConnection) -> Void = { _ in },
        onClose: @escaping (ClientConnection) -> Void
    ) {
        self.id = id
        self.descriptor = descriptor
        self.peer = peer
        self.limits = limits
        self.logger = logger
        self.readBuffer = readBuffer
        self.gate = gate
        self.handle = handle
        self.onStreaming = onStreaming
        self.onClose = onClose
        self.reader = VarlinkFrameReader(maximumMessageSize: limits.maximumMessageSize)
        self.lastActivity = Self.milliseconds()
    }

    /// Whether a `more` call is being answered with a stream.
    var isStreaming: Bool {
        if case .streaming = state { return true }
        return false
    }

    /// Whether the connection has closed.
    var isClosed: Bool { state == .closed }

    /// Whether the client has yet to read some of the replies already produced: they wait here, or in the kernel's
    /// buffer of the socket. A client that follows its stream has read everything whenever it waits for more.
    var hasUnreadOutput: Bool {
        guard state != .closed else { return false }
        return pendingOutputCount > 0 || (try? UnixSocket.hasUnreadOutput(descriptor)) == true
    }

    /// Starts reading requests.
    func start() {
        do {
            watch = try IOWatch(descriptor, for: .readable) { [weak self] events in self?.ready(events) }
        } catch {
            logger.warning("client \(id): cannot watch its socket: \(error)")
            close()
            return
        }
        idleTimer.schedule(after: .milliseconds(limits.idleTimeoutMilliseconds))
    }

    /// Marks the connection as streaming replies to a `more` call, and tells the server (which may close another
    /// stream to make room).
    func beginStreaming() {
        guard state == .serving else { return }
        state = .streaming(reading: true)
        streamingSince = Self.milliseconds()
        idleTimer.cancel()
        onStreaming(self)
    }

    /// Stops reading new requests and closes once every reply already produced has been written.
    func finish() {
        guard state != .closed else { return }
        state = .finishing
        if pendingOutputCount == 0 && held.isEmpty { close() } else { updateInterest() }
    }

    /// Closes at once, dropping unwritten replies.
    func close() {
        guard state != .closed else { return }
        state = .closed
        watch?.cancel()
        watch = nil
        try? descriptor.close()
        idleTimer.cancel()
        output = []
        held = []
        heldCount = 0
        onClose(self)
    }

    /// Queues `bytes` (one or more NUL-terminated replies) and writes as much as the socket takes; while the
    /// ``ReplyGate`` holds replies, keeps them until it lets them go.
    ///
    /// A client whose unread replies exceed the limit (a smaller one for a stream) is dropped: memory stays bounded
    /// whatever it does.
    func send(_ bytes: [UInt8]) {
        guard state != .closed else { return }
        let limit = isStreaming ? limits.maximumPendingStreamOutput : limits.maximumPendingOutput
        if pendingOutputCount + heldCount + bytes.count > limit {
            logger.warning("client \(id) (pid \(peer.pid)) is not reading its replies; dropping it")
            close()
            return
        }
        if gate.isHolding {
            if held.isEmpty { gate.register(self) }
            held.append(bytes)
            heldCount += bytes.count
            return
        }
        enqueue(bytes)
        flush()
    }

    /// Sends the replies the ``ReplyGate`` held, or, when their group of changes failed, `failure` in place of each
    /// (a stream, whose updates cannot be taken back, is closed instead).
    func releaseHeldReplies(replacingWith failure: VarlinkError?) {
        let replies = held
        held = []
        heldCount = 0
        guard state != .closed, !replies.isEmpty else { return }
        if let failure {
            if isStreaming {
                close()
                return
            }
            let error = VarlinkReply.encode(failure)
            for _ in replies { enqueue(error) }
        } else {
            for reply in replies { enqueue(reply) }
        }
        flush()
    }

    /// Adds `bytes` to the output waiting to be written.
    private func enqueue(_ bytes: [UInt8]) {
        if pendingOutputCount == 0 {
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
        }
        output.append(contentsOf: bytes)
    }

    /// Sends a last error reply and closes once it is written.
    func fail(with error: VarlinkError) {
        send(VarlinkReply.encode(error))
        finish()
    }

    private var pendingOutputCount: Int { output.count - outputOffset }

    private var isReading: Bool {
        switch state {
        case .serving, .streaming(reading: true): true
        case .streaming(reading: false), .finishing, .closed: false
        }
    }

    /// Watches for what the connection waits for now: calls while reading, room while replies wait.
    private func updateInterest() {
        guard let watch else { return }
        var interest: IOEvents = []
        if isReading && !backlogged { interest.insert(.readable) }
        if pendingOutputCount > 0 { interest.insert(.writable) }
        do {
            try watch.watch(for: interest)
        } catch {
            logger.warning("client \(id): cannot watch its socket: \(error)")
            close()
        }
    }

    private func ready(_ events: IOEvents) {
        let broken = !events.isDisjoint(with: .failure)
        if events.contains(.writable) || (broken && pendingOutputCount > 0) { flush() }
        if isReading && !backlogged && (events.contains(.readable) || broken) { readAvailable() }
        // Hung up for good, with nothing left to read or write: reported on every turn until closed.
        if broken && state != .closed && !isReading && pendingOutputCount == 0 { close() }
    }

    private func readAvailable() {
        let count: Int
        do {
            count = try readBuffer.read(from: descriptor)
        } catch  where error.errno == .wouldBlock {
            return
        } catch {
            logger.debug("client \(id): read failed: \(error)")
            close()
            return
        }
        lastActivity = Self.milliseconds()
        if count == 0 {
            // The client is done sending: answer what it sent, then close (see processMessages()).
            endOfInput = true
        } else {
            reader.append(readBuffer.bytes[..<count])
        }
        processMessages()
    }

    /// Answers the calls read so far, at most ``Limits/maximumCallsPerTurn`` of them in this turn of the loop (the
    /// backlog of the last turn and what is read in this one together).
    private func processMessages() {
        if answeredTurn != DaemonActor.turn {
            answeredTurn = DaemonActor.turn
            answeredInTurn = 0
        }
        while state != .closed {
            guard answeredInTurn < limits.maximumCallsPerTurn else {
                deferRemainingCalls()
                return
            }
            let message: ArraySlice<UInt8>
            do {
                guard let next = try reader.nextMessage() else { break }
                message = next
            } catch {
                logger.warning(
                    "client \(id) (pid \(peer.pid)) sent a message over \(limits.maximumMessageSize) bytes; closing it")
                fail(with: VarlinkError(PaceAPI.RequestTooLarge(limit: limits.maximumMessageSize)))
                return
            }
            switch state {
            case .serving:
                break
            case .streaming:
                logger.warning("client \(id) (pid \(peer.pid)) sent a call while streaming; closing it")
                close()
                return
            case .finishing, .closed:
                return
            }
            let call: VarlinkCall
            do {
                call = try VarlinkCall(decoding: Data(message))
            } catch {
                logger.warning("client \(id) (pid \(peer.pid)) sent an invalid message (\(error)); closing it")
                fail(with: VarlinkError(PaceAPI.MalformedRequest(reason: error.description)))
                return
            }
            handle(call, self)
            answeredInTurn += 1
        }
        guard endOfInput else { return }
        // Every call the client sent is answered: close once the replies are written, unless it follows a stream.
        switch state {
        case .serving:
            finish()
        case .streaming(reading: true):
            state = .streaming(reading: false)
            updateInterest()
        case .streaming(reading: false), .finishing, .closed:
            break
        }
    }

    /// Leaves the calls read but not answered for the next turn of the loop, when every other client that is ready
    /// has had its turn; reads nothing more from this client until they are answered.
    private func deferRemainingCalls() {
        guard !backlogged else { return }
        backlogged = true
        updateInterest()
        DaemonActor.later { [weak self] in
            guard let self, state != .closed else { return }
            backlogged = false
            processMessages()
            if !backlogged { updateInterest() }
        }
    }

    private func flush() {
        guard state != .closed else { return }
        while pendingOutputCount > 0 {
            let written: Int
            do {
                written = try output[outputOffset...].withUnsafeBytes { bytes in
                    Result { () throws(SystemError) in try UnixSocket.send(descriptor, bytes) }
                }.get()
            } catch  where error.errno == .wouldBlock {
                updateInterest()
                return
            } catch {
                logger.debug("client \(id): write failed: \(error)")
                close()
                return
            }
            outputOffset += written
            lastActivity = Self.milliseconds()
        }
        // Keep a small buffer for the next reply; give a large one back.
        output.removeAll(keepingCapacity: output.count <= 64 * 1024)
        outputOffset = 0
        if state == .finishing && held.isEmpty {
            close()
        } else if watch?.interest.contains(.writable) == true {
            updateInterest()
        }
    }

    /// Armed for when the connection would become idle; it re-arms itself if there was activity meanwhile, so busy
    /// connections cost no timer work per message.
    private func idleTimerFired() {
        guard state == .serving || state == .finishing else { return }
        let idle = Self.milliseconds() - lastActivity
        if idle >= limits.idleTimeoutMilliseconds {
            logger.debug("client \(id) idle for \(idle) ms; closing it")
            close()
        } else {
            idleTimer.schedule(after: .milliseconds(limits.idleTimeoutMilliseconds - idle))
        }
    }

    private static func milliseconds() -> Int64 {
        Clocks.monotonicNanoseconds() / 1_000_000
    }
}
