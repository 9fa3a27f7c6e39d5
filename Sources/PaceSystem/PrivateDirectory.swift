import SystemPackage

/// A directory that holds private data (health records, a control socket): owned by the current user
/// and closed to everyone else.
package enum PrivateDirectory {
    /// Why a directory cannot be used.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        /// Something other than a directory (a file, a symbolic link) sits at the path.
        case notADirectory(path: String)
        /// The directory belongs to another user.
        case ownedByAnotherUser(path: String, owner: UInt32)
        /// Group or other users may read, write or enter the directory.
        case accessibleToOthers(path: String, mode: UInt32)
        /// The directory could not be created or inspected.
        case system(SystemError)

        package var description: String {
            switch self {
            case .notADirectory(let path):
                return "\(path) is not a directory; move it away so Pace can create its directory there"
            case .ownedByAnotherUser(let path, let owner):
                return "\(path) belongs to user \(owner), not to you (user \(Syscall.userID)); refusing to use it"
            case .accessibleToOthers(let path, let mode):
                let octal = String(mode & 0o777, radix: 8)
                return "\(path) is open to other users (mode \(octal)); run `chmod 700 \(path)` and start again"
            case .system(let error):
                return error.description
            }
        }
    }

    /// Makes sure `path` is a private directory, creating it (mode 0700) when missing.
    ///
    /// A directory this call creates is set to 0700 whatever the umask. An existing one is accepted only when
    /// it is a real directory (not a symbolic link), owned by the current user, with no group or other
    /// permission bits; it is never silently changed.
    ///
    /// - Parameters:
    ///   - path: The directory.
    ///   - createParents: Also create missing parent directories (each 0700, as the XDG base directory
    ///     specification asks). Parents that exist are left as they are.
    /// - Throws: ``Problem``.
    package static func prepare(_ path: String, createParents: Bool) throws(Problem) {
        if createParents {
            var prefix = ""
            for part in path.split(separator: "/", omittingEmptySubsequences: true).dropLast() {
                prefix += "/" + part
                if try status(prefix) == nil { try createPrivate(prefix) }
            }
        }
        if try status(path) == nil { try createPrivate(path) }
        guard let info = try status(path) else {
            throw .system(SystemError("lstat", errno: .noSuchFileOrDirectory, path: path))
        }
        try check(info, path: path)
    }

    /// Checks that `path`, if anything is there, is a private directory (as ``prepare(_:createParents:)`` requires),
    /// changing nothing.
    ///
    /// - Returns: Whether something exists at `path`.
    /// - Throws: ``Problem``.
    package static func inspect(_ path: String) throws(Problem) -> Bool {
        guard let info = try status(path) else { return false }
        try check(info, path: path)
        return true
    }

    private static func status(_ path: String) throws(Problem) -> Stat? {
        do { return try Syscall.lstat(path) } catch { throw .system(error) }
    }

    private static func createPrivate(_ path: String) throws(Problem) {
        do {
            if try Syscall.mkdir(path, [.ownerReadWriteExecute]) {
                try Syscall.chmod(path, [.ownerReadWriteExecute])
            }
        } catch {
            throw .system(error)
        }
    }

    private static func check(_ info: Stat, path: String) throws(Problem) {
        guard info.type == .directory else { throw .notADirectory(path: path) }
        let owner = info.userID.rawValue
        guard owner == Syscall.userID else { throw .ownedByAnotherUser(path: path, owner: owner) }
        let mode = info.permissions.rawValue
        guard mode & 0o077 == 0 else { throw .accessibleToOthers(path: path, mode: mode) }
    }
}
