import Dispatch
import FoundationEssentials
import Glibc
import Logging
import PaceProtocol
import PaceSystem
import SystemPackage

/// One client on the socket: its buffers, its Dispatch sources and its Varlink framing.
///
/// Confined to the daemon's queue: every method runs there, which `dispatchPrecondition` checks.
/// All I/O is non-blocking, so a client that stops reading or sends half a message never stalls others.
final class ClientConnection: @unchecked Sendable {
    /// Limits that keep one client from hurting the daemon or the others.
    struct Limits {
        /// Largest incoming message, not counting the NUL.
        var maximumMessageSize = 64 * 1024
        /// Most bytes of replies waiting for a client that does not read; past it the client is dropped.
        var maximumPendingOutput = 1024 * 1024
        /// A connection that neither sends nor receives for this long is closed, unless it is streaming.
        var idleTimeoutMilliseconds: Int64 = 60_000
    }

    /// Answers calls; it may reply at once, later (streams) or never (oneway).
    typealias CallHandler = (VarlinkCall, ClientConnection) -> Void

    let id: Int
    let peer: UnixSocket.PeerCredentials
    private let descriptor: FileDescriptor
    private let queue: DispatchQueue
    private let limits: Limits
    private let logger: Logger
    private let readBuffer: SharedReadBuffer
    private let handle: CallHandler
    private let onClose: (ClientConnection) -> Void

    private var reader: VarlinkFrameReader
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var idleTimer: (any DispatchSourceTimer)?
    private var writeSourceSuspended = true
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// No more requests are read; the connection closes once pending replies are written.
    private var finishing = false
    private(set) var closed = false
    /// Monotonic milliseconds of the last byte read or written.
    private(set) var lastActivity: Int64
    /// A `more` call is being answered with a stream; the connection takes no further calls and never idles out.
    private(set) var isStreaming = false

    init(
        id: Int,
        descriptor: FileDescriptor,
        peer: UnixSocket.PeerCredentials,
        queue: DispatchQueue,
        limits: Limits,
        logger: Logger,
        readBuffer: SharedReadBuffer,
        handle: @escaping CallHandler,
        onClose: @escaping (ClientConnection) -> Void
    ) {
        self.id = id
        self.descriptor = descriptor
        self.peer = peer
        self.queue = queue
        self.limits = limits
        self.logger = logger
        self.readBuffer = readBuffer
        self.handle = handle
        self.onClose = onClose
        self.reader = VarlinkFrameReader(maximumMessageSize: limits.maximumMessageSize)
        self.lastActivity = MonotonicClock.milliseconds()
    }

    /// Starts reading requests.
    func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        let read = DispatchSource.makeReadSource(fileDescriptor: descriptor.rawValue, queue: queue)
        let write = DispatchSource.makeWriteSource(fileDescriptor: descriptor.rawValue, queue: queue)
        read.setEventHandler { [unowned self] in self.readAvailable() }
        write.setEventHandler { [unowned self] in self.flush() }
        // The descriptor is closed only once both sources are cancelled, so neither watches a reused fd.
        let group = DispatchGroup()
        group.enter()
        group.enter()
        read.setCancelHandler { group.leave() }
        write.setCancelHandler { group.leave() }
        let descriptor = self.descriptor
        group.notify(queue: queue) { try? descriptor.close() }
        readSource = read
        writeSource = write
        read.resume()
        armIdleTimer(after: limits.idleTimeoutMilliseconds)
    }

    /// Marks the connection as streaming replies to a `more` call.
    func beginStreaming() {
        dispatchPrecondition(condition: .onQueue(queue))
        isStreaming = true
        idleTimer?.cancel()
        idleTimer = nil
    }

    /// Stops reading new requests and closes once every reply already produced has been written.
    func finish() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed else { return }
        finishing = true
        readSource?.cancel()
        if pendingOutputCount == 0 { close() }
    }

    /// Closes at once, dropping unwritten replies.
    func close() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed else { return }
        closed = true
        readSource?.cancel()
        if let writeSource {
            if writeSourceSuspended { writeSource.resume() }
            writeSource.cancel()
        }
        idleTimer?.cancel()
        readSource = nil
        writeSource = nil
        idleTimer = nil
        output = []
        onClose(self)
    }

    /// Queues `bytes` (one or more NUL-terminated replies) and writes as much as the socket takes.
    ///
    /// A client whose unread replies exceed the limit is dropped: memory stays bounded whatever it does.
    func send(_ bytes: [UInt8]) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed else { return }
        if pendingOutputCount + bytes.count > limits.maximumPendingOutput {
            logger.warning("client \(id) (pid \(peer.pid)) is not reading its replies; dropping it")
            close()
            return
        }
        if pendingOutputCount == 0 {
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
        }
        output.append(contentsOf: bytes)
        flush()
    }

    /// Sends a last error reply and closes once it is written.
    func fail(with error: VarlinkError) {
        send(VarlinkReply.encode(error))
        finish()
    }

    private var pendingOutputCount: Int { output.count - outputOffset }

    private func readAvailable() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed, !finishing else { return }
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
        lastActivity = MonotonicClock.milliseconds()
        if count == 0 {
            // The client is done sending: answer what it sent, then close, unless it is following a stream
            // (`… | socat - UNIX:…` half-closes after its call); a stream ends when a write fails.
            readSource?.cancel()
            processMessages()
            if !closed && !isStreaming {
                finishing = true
                if pendingOutputCount == 0 { close() }
            }
            return
        }
        reader.append(readBuffer.bytes[..<count])
        processMessages()
    }

    private func processMessages() {
        while !closed {
            let message: ArraySlice<UInt8>
            do {
                guard let next = try reader.nextMessage() else { return }
                message = next
            } catch {
                logger.warning(
                    "client \(id) (pid \(peer.pid)) sent a message over \(limits.maximumMessageSize) bytes; closing it")
                fail(with: VarlinkError(PaceAPI.RequestTooLarge(limit: limits.maximumMessageSize)))
                return
            }
            if isStreaming {
                logger.warning("client \(id) (pid \(peer.pid)) sent a call while streaming; closing it")
                close()
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
        }
    }

    private func flush() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed else { return }
        while pendingOutputCount > 0 {
            let written: Int
            do {
                written = try Syscall.retrying("send") {
                    output[outputOffset...].withUnsafeBytes {
                        Glibc.send(descriptor.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch  where error.errno == .wouldBlock {
                if writeSourceSuspended {
                    writeSourceSuspended = false
                    writeSource?.resume()
                }
                return
            } catch {
                logger.debug("client \(id): write failed: \(error)")
                close()
                return
            }
            outputOffset += written
            lastActivity = MonotonicClock.milliseconds()
        }
        // Keep a small buffer for the next reply; give a large one back.
        output.removeAll(keepingCapacity: output.count <= 64 * 1024)
        outputOffset = 0
        if !writeSourceSuspended {
            writeSourceSuspended = true
            writeSource?.suspend()
        }
        if finishing { close() }
    }

    /// One timer per connection, armed for when it would become idle; it re-arms itself if there was
    /// activity meanwhile, so busy connections cost no timer work per message.
    private func armIdleTimer(after milliseconds: Int64) {
        idleTimer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(Int(milliseconds)), leeway: .milliseconds(250))
        timer.setEventHandler { [unowned self] in
            guard !self.closed, !self.isStreaming else { return }
            let idle = MonotonicClock.milliseconds() - self.lastActivity
            if idle >= self.limits.idleTimeoutMilliseconds {
                self.logger.debug("client \(self.id) idle for \(idle) ms; closing it")
                self.close()
            } else {
                self.armIdleTimer(after: self.limits.idleTimeoutMilliseconds - idle)
            }
        }
        idleTimer = timer
        timer.resume()
    }
}
