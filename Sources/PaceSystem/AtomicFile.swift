package import SystemPackage

/// A file that appears whole or not at all: written under a temporary name, made durable, then renamed into place.
package enum AtomicFile {
    /// The suffix of the temporary file beside the final one; whoever owns the directory removes leftovers with it
    /// (the event log does when it opens).
    package static let temporarySuffix = ".tmp"

    /// Creates or replaces `path` with a file holding `bytes`, so that a crash at any moment leaves the old file (or
    /// none) or the new one at `path`, never a part of it.
    ///
    /// The bytes go to `path` + ``temporarySuffix`` (created or truncated, never through a symbolic link, never
    /// blocking), which gets `permissions` whatever the umask (`fchmod`), is written (`pwrite`) and synced (`fsync`:
    /// data and metadata), then renamed over `path` (`rename`); a sync of the directory (`fsync`) makes the rename
    /// stay. On failure the temporary file is removed and `path` is left as it was.
    ///
    /// - Parameters:
    ///   - path: The final file.
    ///   - bytes: Its contents.
    ///   - permissions: Its permission bits.
    /// - Returns: The new file, open for writing; the caller closes it (or keeps it, to append).
    /// - Throws: ``SystemError`` from the call that failed (`ENOSPC` from `pwrite` on a full disk, …).
    package static func create(
        _ path: String,
        contents bytes: [UInt8],
        permissions: FilePermissions = [.ownerReadWrite]
    ) throws(SystemError) -> FileDescriptor {
        let temporary = path + temporarySuffix
        var opened: FileDescriptor?
        do {
            // O_NONBLOCK: a FIFO at the temporary name fails the call (ENXIO) instead of hanging it.
            let fd = try Syscall.open(
                temporary, .writeOnly, options: [.create, .truncate, .noFollow, .nonBlocking], permissions: permissions)
            opened = fd
            try Syscall.fchmod(fd, permissions, path: temporary)
            try Syscall.writeFully(fd, bytes, at: 0, path: temporary)
            try Syscall.fsync(fd, path: temporary)
            try Syscall.rename(temporary, to: path)
            try Syscall.syncDirectory(directory(of: path))
            return fd
        } catch {
            try? opened?.close()
            try? Syscall.unlink(temporary)
            throw error
        }
    }

    /// `/a/b/c` → `/a/b`; `/c` → `/`; `c` → `.`.
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
