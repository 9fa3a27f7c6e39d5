import PaceProtocol
import PaceSystem
import SystemPackage

/// Creates the daemon's listening socket in a private directory, replacing a stale socket but never
/// taking over one that a live process serves.
enum SocketBinder {
    /// Binds and listens on `path` (its directory 0700, the socket 0600).
    ///
    /// - Throws: ``Daemon/StartupError`` naming the problem and what to do.
    static func bind(_ path: String) throws(Daemon.StartupError) -> FileDescriptor {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        do {
            // The runtime directory (`$XDG_RUNTIME_DIR`) exists already; only `pace/` below it is ours.
            try PrivateDirectory.prepare(directory.isEmpty ? "/" : directory, createParents: false)
        } catch {
            throw Daemon.StartupError(description: "cannot use the socket directory: \(error)", status: .cannotCreate)
        }
        do {
            switch try UnixSocket.probe(path) {
            case .none:
                break
            case .staleSocket:
                try Syscall.unlink(path)
            case .liveSocket:
                throw Daemon.StartupError(
                    description: "another paced is already serving on \(path)", status: .alreadyRunning)
            case .notASocket:
                throw Daemon.StartupError(
                    description: "\(path) exists and is not a socket; move it away", status: .cannotCreate)
            }
            let listener = try UnixSocket.listen(at: path)
            try Syscall.chmod(path, [.ownerRead, .ownerWrite])
            return listener
        } catch let error as Daemon.StartupError {
            throw error
        } catch {
            throw Daemon.StartupError(description: "cannot listen on \(path): \(error)", status: .cannotCreate)
        }
    }
}
