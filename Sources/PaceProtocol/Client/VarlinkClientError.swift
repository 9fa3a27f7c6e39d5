/// Why a call to `paced` did not produce a reply.
package struct VarlinkClientError: Error, Equatable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    package enum Code: Equatable, Sendable {
        /// Nothing listens at the socket path (not there, or refused): the daemon is not running.
        case daemonUnavailable
        /// The socket exists but may not be used (permissions).
        case permissionDenied
        /// The socket may belong to another user (its directory or its server is not the client's own): nothing
        /// was sent.
        case untrustedSocket(SocketTrust.Problem)
        /// The daemon did not answer within the timeout.
        case timedOut
        /// The daemon closed the connection before replying.
        case connectionClosed
        /// The reply was not valid Varlink or did not have the expected shape.
        case malformedReply
        /// The daemon replied with a Varlink error.
        case remote(VarlinkError)
        /// Another system error on the socket.
        case system
    }

    package var code: Code
    /// The socket path the client used.
    package var socketPath: String
    /// Detail for people: the system error or what was wrong with the reply.
    package var detail: String

    package init(_ code: Code, socketPath: String, detail: String = "") {
        self.code = code
        self.socketPath = socketPath
        self.detail = detail
    }

    package var description: String {
        switch code {
        case .daemonUnavailable: return "paced is not running (nothing listens on \(socketPath))"
        case .permissionDenied: return "not allowed to use \(socketPath): \(detail)"
        case .untrustedSocket(let problem): return "refusing to use \(socketPath): \(problem)"
        case .timedOut: return "paced did not answer in time on \(socketPath)"
        case .connectionClosed: return "paced closed the connection on \(socketPath) without replying"
        case .malformedReply: return "paced sent a reply Pace does not understand: \(detail)"
        case .remote(let error): return error.description
        case .system: return "cannot talk to paced on \(socketPath): \(detail)"
        }
    }
}
