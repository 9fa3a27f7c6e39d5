import PaceSystem

/// Writes to standard output and standard error straight to file descriptors 1 and 2 (PaceSystem's
/// ``StandardOutput`` and ``StandardError``).
///
/// Not through C's `stdout`: Swift 6 rightly refuses to touch that shared global from any thread, and writing
/// whole lines at once means a status bar reading `pace waybar` through a pipe gets every line as it happens.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) {
        StandardOutput.write(text + "\n")
    }

    /// Writes `text` as it is to standard output (for prompts, which end without a newline).
    static func out(_ text: String) {
        StandardOutput.write(text)
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        StandardError.write(text + "\n")
    }
}
