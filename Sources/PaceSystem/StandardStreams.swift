import Glibc
import SystemPackage

/// Writes to file descriptor 1 without going through C's `stdout` (a shared mutable global that Swift 6 rightly
/// refuses to touch from arbitrary threads), a whole text at once, so a pipe reader gets every line as it happens.
package enum StandardOutput {
    /// Writes `text` as it is (`write(2)` until done); a line should end with `"\n"`. Errors (a closed standard
    /// output, a reader that went away) are ignored.
    package static func write(_ text: String) {
        writeAll(.standardOutput, text)
    }

    /// Whether standard output is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardOutput) }
}

/// Writes to file descriptor 2 without going through C's `stderr` (a shared mutable global that
/// Swift 6 rightly refuses to touch from arbitrary threads).
package enum StandardError {
    /// Writes `text` as it is (`write(2)` until done); a line should end with `"\n"`. Errors (a closed stderr) are
    /// ignored.
    package static func write(_ text: String) {
        writeAll(.standardError, text)
    }

    /// Whether standard error is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardError) }
}

/// Reads file descriptor 0.
package enum StandardInput {
    /// Whether standard input is a terminal (`isatty(3)`).
    package static var isTerminal: Bool { Syscall.isTerminal(.standardInput) }
}

/// Writes all of `text` to `fd` with `write(2)`, retrying on `EINTR`, until done or the first error, which ends it.
///
/// Not swift-system's `FileDescriptor.writeAll`: it goes through a `Result<Int, Errno>`, whose type the first call in
/// a process builds at run time from its mangled name, scanning the executable's conformance records for `Errno:
/// Error` (230,000 instructions, a fifth of what `pace status` runs).
private func writeAll(_ fd: FileDescriptor, _ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var done = 0
        while done < bytes.count {
            let written = try? Syscall.retrying("write") {
                Glibc.write(fd.rawValue, bytes.baseAddress! + done, bytes.count - done)
            }
            guard let written, written > 0 else { return }
            done += written
        }
    }
}
