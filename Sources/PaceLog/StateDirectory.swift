package import PaceSystem

/// The directory that holds Pace's health data, opened for exclusive use by one `paced`.
///
/// The directory is private (0700, owned by the user); opening it takes an exclusive `flock` on
/// `paced.lock` inside it that lasts as long as the process, so two daemons never write one log.
package struct StateDirectory: Sendable {
    /// The lock file's name inside the directory.
    package static let lockFileName = "paced.lock"

    /// The directory, e.g. `~/.local/state/pace`.
    package let path: String
    /// The held lock; released when the process exits.
    package let lock: FileLock

    /// Why the state directory cannot be used.
    package enum OpenError: Error, Equatable, CustomStringConvertible {
        /// The directory is missing and cannot be created, or is not private.
        case unusable(PrivateDirectory.Problem)
        /// Another process holds the lock.
        case locked(lockPath: String, holder: Int32?)
        /// The lock file cannot be opened.
        case lockFailed(SystemError)

        package var description: String {
            switch self {
            case .unusable(let problem):
                return "cannot use the state directory: \(problem)"
            case .locked(let lockPath, let holder):
                let who = holder.map { "paced (pid \($0))" } ?? "another paced"
                return "\(who) is already running: it holds the lock \(lockPath)"
            case .lockFailed(let error):
                return "cannot lock the state directory: \(error)"
            }
        }
    }

    /// Prepares `path` as a private directory (creating it and its parents when missing) and locks it.
    ///
    /// - Throws: ``OpenError``.
    package static func open(_ path: String) throws(OpenError) -> StateDirectory {
        do {
            try PrivateDirectory.prepare(path, createParents: true)
        } catch {
            throw .unusable(error)
        }
        let lockPath = path + "/" + lockFileName
        do {
            return StateDirectory(path: path, lock: try FileLock.acquire(lockPath))
        } catch {
            switch error {
            case .heldByAnotherProcess(let pid): throw .locked(lockPath: lockPath, holder: pid)
            case .system(let error): throw .lockFailed(error)
            }
        }
    }
}
