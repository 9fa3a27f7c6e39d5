import Glibc

/// The user the process runs as, from the kernel and the password database.
package enum UserAccount {
    /// The home directory the password database gives for the process's real user (`getpwuid(getuid())`), or
    /// `nil` when it has no entry (a container without one, say).
    package static func homeDirectory() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
