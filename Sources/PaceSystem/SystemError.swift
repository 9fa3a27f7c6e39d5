package import SystemPackage

/// A system call that failed: which call, on which path (if any), and the `errno` it set.
///
/// Every raw call in Pace goes through ``Syscall`` and fails with this one type, so callers can
/// switch on ``errno`` (`.noSpace`, `.readOnlyFileSystem`, …) and people read one consistent message.
package struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The C function that failed, for example `"open"` or `"fdatasync"`.
    package var call: String
    /// The error the call reported.
    package var errno: Errno
    /// The file or socket path involved, when there is one.
    package var path: String?

    /// Creates an error for `call` failing with `errno` on `path`.
    package init(_ call: String, errno: Errno, path: String? = nil) {
        self.call = call
        self.errno = errno
        self.path = path
    }

    /// `"connect /run/user/1000/pace/pace.sock: Connection refused"`.
    package var description: String {
        if let path { return "\(call) \(path): \(errno.description)" }
        return "\(call): \(errno.description)"
    }
}
