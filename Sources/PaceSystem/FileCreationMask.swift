import Glibc
package import SystemPackage

/// The process's file mode creation mask (`umask(2)`).
package enum FileCreationMask {
    /// Makes every file and directory the process creates from now on have at most `allowed` permissions:
    /// `[.ownerReadWriteExecute]` keeps everything private to the user.
    package static func set(_ allowed: FilePermissions) {
        umask(~allowed.rawValue & 0o777)
    }
}
