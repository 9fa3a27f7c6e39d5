import Glibc

/// Writes to standard output and standard error straight to file descriptors 1 and 2.
///
/// Not through C's `stdout`: Swift 6 rightly refuses to touch that shared global from any thread, and writing
/// whole lines at once means a status bar reading `pace waybar` through a pipe gets every line as it happens.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) {
        write(text + "\n", to: 1)
    }

    /// Writes `text` as it is to standard output (for prompts, which end without a newline).
    static func out(_ text: String) {
        write(text, to: 1)
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        write(text + "\n", to: 2)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
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
}
