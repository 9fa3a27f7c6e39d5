import SystemPackage

/// Reading a small file whole (an identity, a device's `device` file, the inbox's ledger): never through a
/// symbolic link, never blocking on a FIFO or a device, never more than a limit.
package enum SmallFile {
    /// The limit when the caller names none: 1 MiB.
    package static let defaultLimit = 1 << 20

    /// The file's bytes, or `nil` when it is missing, unreadable, not a regular file or larger than `limit`.
    package static func read(_ path: String, limit: Int = defaultLimit) -> [UInt8]? {
        guard let fd = try? Syscall.open(path, .readOnly, options: [.noFollow, .nonBlocking]) else { return nil }
        defer { try? fd.close() }
        guard let status = try? Syscall.fstat(fd, path: path), status.type == .regular, status.size <= limit else {
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.size))
        guard let count = try? bytes.withUnsafeMutableBytes({ try Syscall.readFully(fd, into: $0, at: 0, path: path) })
        else { return nil }
        return Array(bytes.prefix(count))
    }
}
