internal import CSystemd
import SystemPackage

/// Sockets passed by systemd (`LISTEN_FDS`, `LISTEN_PID`), read through libsystemd's `sd_listen_fds`.
enum SocketActivation {
    /// Why the passed sockets cannot be used.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The listening socket systemd passed to this process, if any.
    ///
    /// The `LISTEN_*` variables are removed from the environment so no child inherits them.
    ///
    /// - Returns: The socket, or `nil` when the daemon was not socket-activated.
    /// - Throws: ``Problem`` when systemd passed something other than one listening `AF_UNIX` stream socket.
    static func listeningSocket() throws(Problem) -> FileDescriptor? {
        let count = sd_listen_fds(1)
        if count < 0 { throw Problem(description: "cannot read the sockets passed by systemd (error \(-count))") }
        if count == 0 { return nil }
        guard count == 1 else {
            throw Problem(description: "systemd passed \(count) sockets; paced.socket should declare exactly one")
        }
        let fd = SD_LISTEN_FDS_START
        guard sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
            throw Problem(description: "the socket passed by systemd is not a listening Unix stream socket")
        }
        return FileDescriptor(rawValue: fd)
    }
}
