package import SystemPackage

/// A file that holds private data (the event log, a snapshot): a regular file owned by the current user,
/// which nobody else may read or write.
package enum PrivateFile {
    /// Why a file cannot be used.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        /// A directory, a symbolic link, a socket, … sits where a file should be.
        case notARegularFile(path: String)
        /// The file belongs to another user.
        case ownedByAnotherUser(path: String, owner: UInt32)
        /// Group or other users may read or write the file.
        case accessibleToOthers(path: String, mode: UInt32)

        package var description: String {
            switch self {
            case .notARegularFile(let path):
                return "\(path) is not a regular file; move it out of the way so Pace can use its own file there"
            case .ownedByAnotherUser(let path, let owner):
                return "\(path) belongs to user \(owner), not to you (user \(Syscall.userID)); refusing to use it"
            case .accessibleToOthers(let path, let mode):
                let octal = String(mode & 0o777, radix: 8)
                return "\(path) is open to other users (mode \(octal)); run `chmod 600 \(path)` and start again"
            }
        }
    }

    /// Accepts a file only when it is a regular file (not a link), owned by the current user, with no group or
    /// other permission bits. The file is never changed: a person decides what to do with someone else's file.
    ///
    /// - Parameters:
    ///   - status: The file's status, from `fstat` on the open file or `lstat` on its path.
    ///   - path: The file's path, for the message.
    /// - Throws: ``Problem``.
    package static func check(_ status: Stat, path: String) throws(Problem) {
        guard status.type == .regular else { throw .notARegularFile(path: path) }
        let owner = status.userID.rawValue
        guard owner == Syscall.userID else { throw .ownedByAnotherUser(path: path, owner: owner) }
        let mode = status.permissions.rawValue
        guard mode & 0o077 == 0 else { throw .accessibleToOthers(path: path, mode: mode) }
    }
}
