import SystemPackage

/// Writes to file descriptor 1 without going through C's `stdout` (a shared mutable global that Swift 6 rightly
/// refuses to touch from arbitrary threads), a whole text at once, so a pipe reader gets every line as it happens.
package enum StandardOutput {
    /// Writes `text` as it is (swift-system's `FileDescriptor.writeAll`, `write(2)` until done); a line should end
    /// with `"\n"`. Errors (a closed standard output, a reader that went away) are ignored.
    package static func write(_ text: String) {
        _ = try? FileDescriptor.standardOutput.writeAll(text.utf8)
    }

    /// Whether standard output is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardOutput) }
}

/// Writes to file descriptor 2 without going through C's `stderr` (a shared mutable global that
/// Swift 6 rightly refuses to touch from arbitrary threads).
package enum StandardError {
    /// Writes `text` as it is (swift-system's `FileDescriptor.writeAll`, `write(2)` until done); a line should end
    /// with `"\n"`. Errors (a closed stderr) are ignored.
    package static func write(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }

    /// Whether standard error is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardError) }
}

/// Reads file descriptor 0.
package enum StandardInput {
    /// Whether standard input is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardInput) }
}
