import Glibc

/// Writes to file descriptor 2 without going through C's `stderr` (a shared mutable global that
/// Swift 6 rightly refuses to touch from arbitrary threads).
package enum StandardError {
    /// Writes `text` as it is; a line should end with `"\n"`. Errors (a closed stderr) are ignored.
    package static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Whether standard error is a terminal.
    package static var isTerminal: Bool { isatty(2) == 1 }
}
