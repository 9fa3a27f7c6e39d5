/// Where `paced` listens and where clients look for it.
///
/// `$XDG_RUNTIME_DIR/pace/pace.sock`, the place systemd's `paced.socket` creates (`%t/pace/pace.sock`).
/// Without `XDG_RUNTIME_DIR` (a plain `su` shell, a cron job) the fallback is `/tmp/pace-UID/pace.sock`,
/// a directory the daemon creates 0700 and refuses to use when anyone else owns or can enter it (and `pace`, see
/// ``SocketTrust``, refuses to send anything there then).
package enum SocketLocation {
    /// The socket's file name inside the runtime directory.
    package static let fileName = "pace.sock"

    /// The directory that holds the socket.
    ///
    /// - Parameters:
    ///   - environment: The process environment (`XDG_RUNTIME_DIR` is read).
    ///   - userID: The current user, for the fallback directory's name.
    /// - Returns: The directory, and whether it is the `/tmp` fallback rather than the runtime directory.
    package static func directory(environment: [String: String], userID: UInt32) -> (path: String, isFallback: Bool) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return (trimmingTrailingSlashes(runtime) + "/pace", false)
        }
        return ("/tmp/pace-\(userID)", true)
    }

    /// The default socket path (see ``directory(environment:userID:)``).
    package static func defaultPath(environment: [String: String], userID: UInt32) -> String {
        directory(environment: environment, userID: userID).path + "/" + fileName
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}
