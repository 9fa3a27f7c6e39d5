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
    }

    let id: Int
    let peer: UnixSocket.PeerCredentials
    private let descriptor: FileDescriptor
    private let queue: DispatchQueue
    private let limits: Limits
    private let logger: Logger
    private let handle: (VarlinkCall) -> [UInt8]?
    private let onClose: (ClientConnection) -> Void

    private var reader: VarlinkFrameReader
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var writeSourceSuspended = true
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// No more requests are read; the connection closes once pending replies are written.
    private var finishing = false
    private var closed = false

    init(
        id: Int,
        descriptor: FileDescriptor,
        peer: UnixSocket.PeerCredentials,
        queue: DispatchQueue,
        limits: Limits,
        logger: Logger,
        handle: @escaping (VarlinkCall) -> [UInt8]?,
        onClose: @escaping (ClientConnection) -> Void
    ) {
        self.id = id
        self.descriptor = descriptor
        self.peer = peer
        self.queue = queue
        self.limits = limits
        self.logger = logger
        self.handle = handle
        self.onClose = onClose
        self.reader = VarlinkFrameReader(maximumMessageSize: limits.maximumMessageSize)
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
        readSource = nil
        writeSource = nil
        output = []
        onClose(self)
    }

    private var pendingOutputCount: Int { output.count - outputOffset }

    private func readAvailable() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed, !finishing else { return }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count: Int
        do {
            count = try Syscall.retrying("read") {
                chunk.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
            }
        } catch  where error.errno == .wouldBlock {
            return
        } catch {
            logger.debug("client \(id): read failed: \(error)")
            close()
            return
        }
        if count == 0 {
            // The client is done sending; answer what it already sent, then close.
            finishing = true
            readSource?.cancel()
            processMessages()
            if !closed && pendingOutputCount == 0 { close() }
            return
        }
        reader.append(chunk[..<count])
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
                close()
                return
            }
            let call: VarlinkCall
            do {
                call = try VarlinkCall(decoding: Data(message))
            } catch {
                logger.warning("client \(id) (pid \(peer.pid)) sent an invalid message (\(error)); closing it")
                close()
                return
            }
            if let reply = handle(call), !call.oneway {
                send(reply)
            }
        }
    }

    /// Queues `bytes` (one or more NUL-terminated replies) and writes as much as the socket takes.
    func send(_ bytes: [UInt8]) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed else { return }
        if pendingOutputCount + bytes.count > limits.maximumPendingOutput {
            logger.warning("client \(id) (pid \(peer.pid)) is not reading its replies; dropping it")
            close()
            return
        }
        output.append(contentsOf: bytes)
        flush()
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
        }
        output.removeAll(keepingCapacity: output.count <= 64 * 1024)
        outputOffset = 0
        if !writeSourceSuspended {
            writeSourceSuspended = true
            writeSource?.suspend()
        }
        if finishing { close() }
    }
}
