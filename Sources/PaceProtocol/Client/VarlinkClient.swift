package import PaceJSON
import PaceSystem
import SystemPackage

/// A blocking Varlink connection with a per-call timeout, for short-lived clients such as `pace`.
///
/// Not for use from several threads at once.
package final class VarlinkClient {
    /// The socket this client is connected to.
    package let socketPath: String
    private let descriptor: FileDescriptor
    /// Replies up to the largest the daemon sends: it keeps no more than that for a client (paged replies are a
    /// quarter of it), so anything larger is not from paced.
    private var reader = VarlinkFrameReader(maximumMessageSize: PaceAPI.maximumReplyBytes)

    /// Connects to the daemon at `socketPath`, if it is the user's own (``SocketTrust``).
    ///
    /// - Parameters:
    ///   - socketPath: The daemon's socket.
    ///   - timeoutMilliseconds: How long any single send or receive may block.
    /// - Throws: ``VarlinkClientError`` with `.daemonUnavailable` when nothing listens there, `.untrustedSocket`
    ///   when the socket's directory or its server belongs to another user (nothing was sent).
    package init(socketPath: String, timeoutMilliseconds: Int = 5000) throws(VarlinkClientError) {
        self.socketPath = socketPath
        try SocketTrust.checkDirectory(of: socketPath)
        let descriptor: FileDescriptor
        do {
            descriptor = try UnixSocket.connect(to: socketPath)
        } catch {
            throw Self.classify(error, socketPath: socketPath)
        }
        do {
            try SocketTrust.checkServer(descriptor, socketPath: socketPath)
        } catch {
            try? descriptor.close()
            throw error
        }
        do {
            try UnixSocket.setTimeout(descriptor, milliseconds: timeoutMilliseconds)
        } catch {
            try? descriptor.close()
            throw Self.classify(error, socketPath: socketPath)
        }
        self.descriptor = descriptor
    }

    deinit {
        try? descriptor.close()
    }

    private struct ReplyHeader: Decodable {
        var error: String?
        var continues: Bool?
    }

    private struct ReplyParameters<Parameters: Decodable>: Decodable {
        var parameters: Parameters?
    }

    /// Calls `method` and waits for its single reply.
    ///
    /// - Parameters:
    ///   - method: The method to call.
    ///   - parameters: Its input parameters.
    /// - Returns: The decoded output parameters.
    /// - Throws: ``VarlinkClientError``; `.remote` carries a Varlink error reply.
    package func call<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ parameters: Method.Parameters
    ) throws(VarlinkClientError) -> Method.Reply {
        try call(method, writing: parameters)
    }

    /// Calls `method` with parameters written by `parameters`, which must write text that `Method.Parameters` reads
    /// (JSON passed through as it was read, for one), and waits for its single reply.
    ///
    /// - Throws: ``VarlinkClientError``; `.remote` carries a Varlink error reply.
    package func call<Method: VarlinkMethod>(
        _ method: Method.Type,
        writing parameters: some JSONWritable
    ) throws(VarlinkClientError) -> Method.Reply {
        try send(Self.call(Method.name, more: false, parameters))
        return try Self.read(try receive(), as: Method.Reply.self, socketPath: socketPath).reply
    }

    /// Calls `method` with `more: true` and hands each reply to `body` until the daemon ends the stream or
    /// `body` returns `false`.
    ///
    /// The per-call timeout applies to the first reply only; afterwards the stream may stay quiet for as long
    /// as nothing happens.
    ///
    /// - Throws: ``VarlinkClientError``; `.connectionClosed` when the daemon goes away mid-stream.
    package func stream<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ parameters: Method.Parameters,
        _ body: (Method.Reply) -> Bool
    ) throws(VarlinkClientError) {
        try send(Self.call(Method.name, more: true, parameters))
        var first = true
        while true {
            let (reply, continues) = try Self.read(try receive(), as: Method.Reply.self, socketPath: socketPath)
            if first {
                first = false
                do {
                    try UnixSocket.setTimeout(descriptor, milliseconds: 0)
                } catch {
                    throw Self.classify(error, socketPath: socketPath)
                }
            }
            if !body(reply) || !continues { return }
        }
    }

    /// The text of a call, NUL-terminated: `{"method":…,"more":true,"parameters":{…}}`, as `JSONEncoder` writes it
    /// with sorted keys, written by the parameters themselves (generated: `JSONWritable`); `nil` when they hold a
    /// number JSON cannot write.
    private static func call(_ method: String, more: Bool, _ parameters: some JSONWritable) -> [UInt8]? {
        JSONOutput.varlinkMessage(parameters) { output in
            output.member("method")
            output.string(method)
            if more {
                output.member("more")
                output.bool(true)
            }
        }
    }

    private func send(_ call: [UInt8]?) throws(VarlinkClientError) {
        guard let call else {
            throw VarlinkClientError(.malformedReply, socketPath: socketPath, detail: "cannot encode the call")
        }
        try send(call)
    }

    /// The reply's parameters as `type`, and whether more replies follow: read by the envelope's and the parameters'
    /// own readers (generated: `JSONReadable`) where they decide, as they do for every reply paced sends but an
    /// error; by ``decode(_:as:socketPath:)`` where they do not.
    ///
    /// - Throws: ``VarlinkClientError``: `.remote` for an error reply, `.malformedReply` for anything not a reply.
    static func read<Reply: Decodable & JSONReadable>(
        _ reply: [UInt8],
        as type: Reply.Type,
        socketPath: String
    ) throws(VarlinkClientError) -> (reply: Reply, continues: Bool) {
        var read: (reply: Reply, continues: Bool)?
        reply.withUnsafeBytes { bytes in
            JSONReader().withObject(bytes) { envelope in
                guard let continues = envelope.optionalBool("continues"),
                    let parameters = envelope.value("parameters", Reply.read), envelope.allRead
                else { return }
                read = (parameters, continues ?? false)
            }
        }
        if let read { return read }
        return try decode(reply, as: type, socketPath: socketPath)
    }

    /// The reply's parameters as `type`, and whether more replies follow, read by the `Decodable` conformances from
    /// one scan of the reply: its header (an error, `continues`), then its parameters.
    ///
    /// - Throws: ``VarlinkClientError``: `.remote` for an error reply, `.malformedReply` for anything not a reply.
    static func decode<Reply: Decodable>(
        _ reply: [UInt8],
        as type: Reply.Type,
        socketPath: String
    ) throws(VarlinkClientError) -> (reply: Reply, continues: Bool) {
        do {
            let document = try JSONDocument(reply)
            let header = try document.decode(ReplyHeader.self)
            if let name = header.error {
                let parameters = (try? document.decode(ReplyParameters<[String: JSONValue]>.self))?.parameters
                throw VarlinkClientError(.remote(VarlinkError(name, parameters ?? [:])), socketPath: socketPath)
            }
            let continues = header.continues ?? false
            if let parameters = try document.decode(ReplyParameters<Reply>.self).parameters {
                return (parameters, continues)
            }
            return (try JSONReader().decode(Reply.self, from: [UInt8(ascii: "{"), UInt8(ascii: "}")]), continues)
        } catch let error as VarlinkClientError {
            throw error
        } catch {
            throw VarlinkClientError(.malformedReply, socketPath: socketPath, detail: VarlinkJSON.describe(error))
        }
    }

    private func send(_ bytes: [UInt8]) throws(VarlinkClientError) {
        var offset = 0
        while offset < bytes.count {
            do {
                let written = try bytes[offset...].withUnsafeBytes { raw in
                    Result { () throws(SystemError) in try UnixSocket.send(descriptor, raw) }
                }.get()
                offset += written
            } catch {
                throw Self.classify(error, socketPath: socketPath)
            }
        }
    }

    private func receive() throws(VarlinkClientError) -> [UInt8] {
        // Not zeroed first (an array of zeros would be): a reply is a few kilobytes, and filling the whole chunk
        // cost 65,000 instructions and sixteen page faults per call.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            do {
                if let message = try reader.nextMessage() { return Array(message) }
            } catch {
                throw VarlinkClientError(.malformedReply, socketPath: socketPath, detail: "reply too large")
            }
            let count: Int
            do {
                count = try UnixSocket.receive(descriptor, into: chunk)
            } catch {
                throw Self.classify(error, socketPath: socketPath)
            }
            if count == 0 { throw VarlinkClientError(.connectionClosed, socketPath: socketPath) }
            reader.append(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    private static func classify(_ error: SystemError, socketPath: String) -> VarlinkClientError {
        switch error.errno {
        case .noSuchFileOrDirectory, .connectionRefused, .notDirectory:
            return VarlinkClientError(.daemonUnavailable, socketPath: socketPath, detail: error.description)
        case .permissionDenied, .notPermitted:
            return VarlinkClientError(.permissionDenied, socketPath: socketPath, detail: error.description)
        case .wouldBlock, .resourceTemporarilyUnavailable, .timedOut:
            return VarlinkClientError(.timedOut, socketPath: socketPath, detail: error.description)
        case .connectionReset, .brokenPipe:
            return VarlinkClientError(.connectionClosed, socketPath: socketPath, detail: error.description)
        default:
            return VarlinkClientError(.system, socketPath: socketPath, detail: error.description)
        }
    }
}
