package import PaceSystem
package import SystemPackage

/// Whether a client may send its call to a socket: only to a server of its own user (or root), found in a directory
/// only its own user can enter.
///
/// Without `XDG_RUNTIME_DIR` the socket is `/tmp/pace-UID/pace.sock`, and anyone may create `/tmp/pace-UID` first
/// and listen there; a check-in, note included, would go to them. So before connecting the socket's directory must
/// be a real directory (not a symbolic link) that the client's user owns, with no permission for group or others
/// (what `paced` itself requires of it); after connecting, the server's `SO_PEERCRED` uid must be the client's own
/// or root's. Only then is anything sent.
package enum SocketTrust {
    /// Why a socket is not trusted.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        /// The socket's directory is not a directory, belongs to another user, or others may enter it.
        case directory(PrivateDirectory.Problem)
        /// The process listening on the socket runs as another user.
        case serverOfAnotherUser(uid: UInt32, pid: Int32)

        /// What is wrong, what it means and what to do, for the line after `refusing to use SOCKET: `.
        package var description: String {
            let remedy =
                "set XDG_RUNTIME_DIR (a login session does), or point `pace` at your own paced with --socket PATH"
            switch self {
            case .directory(.notADirectory(let directory)):
                return "\(directory) is not a directory (a symbolic link or a file), so it may lead to another user's "
                    + "server; nothing was sent. Remove it and start paced again, or \(remedy)"
            case .directory(.ownedByAnotherUser(let directory, let owner)):
                return "\(directory) belongs to user \(owner), not to you (user \(Syscall.userID)), so another user "
                    + "may be listening there; nothing was sent. Have it removed (by its owner or root) and start "
                    + "paced again, or \(remedy)"
            case .directory(.accessibleToOthers(let directory, let mode)):
                let octal = String(mode & 0o777, radix: 8)
                return "\(directory) is open to other users (mode \(octal)), so another user may have put a server "
                    + "there; nothing was sent. Remove it (`rm -r \(directory)`) and start paced again, or \(remedy)"
            case .directory(.system(let error)):
                return "cannot look at its directory (\(error)); nothing was sent"
            case .serverOfAnotherUser(let uid, let pid):
                return "the server listening there runs as user \(uid) (pid \(pid)), not as you (user "
                    + "\(Syscall.userID)) or root; nothing was sent. Stop it and start your own paced, or \(remedy)"
            }
        }
    }

    /// The directory that holds `socketPath` (`.` for a bare file name).
    package static func directory(of socketPath: String) -> String {
        guard let slash = socketPath.lastIndex(of: "/") else { return "." }
        return slash == socketPath.startIndex ? "/" : String(socketPath[..<slash])
    }

    /// Checks the directory of `socketPath` before connecting.
    ///
    /// A directory that does not exist passes: connecting then fails, and says that paced is not running.
    ///
    /// - Throws: ``VarlinkClientError`` with `.untrustedSocket` for a directory another user owns or may enter,
    ///   `.system` when `lstat` fails.
    package static func checkDirectory(of socketPath: String) throws(VarlinkClientError) {
        do {
            _ = try PrivateDirectory.inspect(directory(of: socketPath))
        } catch .system(let error) {
            throw VarlinkClientError(.system, socketPath: socketPath, detail: error.description)
        } catch {
            throw VarlinkClientError(.untrustedSocket(.directory(error)), socketPath: socketPath)
        }
    }

    /// Checks who listens on the connected socket `descriptor`, before anything is sent.
    ///
    /// - Throws: ``VarlinkClientError`` with `.untrustedSocket` unless the server runs as the client's user or
    ///   root, `.system` when `getsockopt(SO_PEERCRED)` fails.
    package static func checkServer(_ descriptor: FileDescriptor, socketPath: String) throws(VarlinkClientError) {
        let peer: UnixSocket.PeerCredentials
        do {
            peer = try UnixSocket.peerCredentials(descriptor)
        } catch {
            throw VarlinkClientError(.system, socketPath: socketPath, detail: error.description)
        }
        guard peer.uid == Syscall.userID || peer.uid == 0 else {
            throw VarlinkClientError(
                .untrustedSocket(.serverOfAnotherUser(uid: peer.uid, pid: peer.pid)), socketPath: socketPath)
        }
    }
}
