package import Glibc
import SystemPackage

/// Runs a helper program (`paced --check-config`, `busctl`) to completion and captures what it prints.
///
/// ``Spawn`` with its standard output and error on pipes, read with `poll(2)`, so a chatty child never blocks on a
/// full pipe; a child that runs past the timeout is killed (`SIGKILL`) and reaped (`waitpid(2)`).
package enum Subprocess {
    /// How a child ended and what it printed.
    package struct Result: Equatable, Sendable {
        /// The exit status, or 128 + the signal that ended it.
        package var status: Int32
        /// What it wrote to standard output.
        package var output: String
        /// What it wrote to standard error.
        package var error: String

        package init(status: Int32, output: String, error: String) {
            self.status = status
            self.output = output
            self.error = error
        }
    }

    /// Runs `executable` with `arguments` in the current environment, standard input `/dev/null`.
    ///
    /// - Parameters:
    ///   - executable: The program's path (not looked up on `PATH`: see ``find(_:path:)``).
    ///   - arguments: Its arguments, without its name.
    ///   - timeoutMilliseconds: How long it may run; then it is killed and its status is 128 + `SIGKILL`.
    /// - Returns: `nil` when it cannot be started.
    package static func run(_ executable: String, _ arguments: [String], timeoutMilliseconds: Int32 = 5000) -> Result? {
        guard let output = try? Syscall.pipe() else { return nil }
        guard let error = try? Syscall.pipe() else {
            try? output.read.close()
            try? output.write.close()
            return nil
        }
        // The pipes are close-on-exec: the child keeps only the copies dup2 makes on 1 and 2.
        let child = try? Spawn.start(
            executable, arguments, opening: [(0, "/dev/null", O_RDONLY)],
            duplicating: [(output.write.rawValue, 1), (error.write.rawValue, 2)])
        try? output.write.close()
        try? error.write.close()
        defer {
            try? output.read.close()
            try? error.read.close()
        }
        guard let child else { return nil }
        let captured = capture([output.read, error.read], timeoutMilliseconds: timeoutMilliseconds)
        if !captured.finished { kill(child, SIGKILL) }
        return Result(
            status: wait(child), output: String(decoding: captured.bytes[0], as: UTF8.self),
            error: String(decoding: captured.bytes[1], as: UTF8.self))
    }

    /// The first executable called `name` in the directories of `path` (a `PATH` value; `access(2)` with `X_OK`).
    package static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    /// Whether the file at `path` may be run by this process (`access(2)` with `X_OK`).
    package static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// The directory of the running program (`readlink(2)` of `/proc/self/exe`).
    package static func ownDirectory() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
        }
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[..<count], as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// Reads `descriptors` until each reaches its end or `timeoutMilliseconds` have passed (`poll(2)`, then reads
    /// through swift-system's `FileDescriptor.read(into:)`).
    ///
    /// - Returns: What each descriptor gave, in order, and whether all of them ended in time.
    private static func capture(
        _ descriptors: [FileDescriptor],
        timeoutMilliseconds: Int32
    ) -> (bytes: [[UInt8]], finished: Bool) {
        var bytes = [[UInt8]](repeating: [], count: descriptors.count)
        var open = Array(descriptors.indices)
        let deadline = Clocks.monotonicNanoseconds() + Int64(timeoutMilliseconds) * 1_000_000
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty {
            let remaining = (deadline - Clocks.monotonicNanoseconds()) / 1_000_000
            guard remaining > 0 else { break }
            var pollers = open.map { pollfd(fd: descriptors[$0].rawValue, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&pollers, nfds_t(pollers.count), Int32(remaining))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            for (index, poller) in zip(open, pollers) where poller.revents != 0 {
                let count = try? buffer.withUnsafeMutableBytes { try descriptors[index].read(into: $0) }
                if let count, count > 0 {
                    bytes[index] += buffer[..<count]
                } else {
                    open.removeAll { $0 == index }
                }
            }
        }
        return (bytes, open.isEmpty)
    }

    /// Reaps `child` (`waitpid(2)`).
    ///
    /// - Returns: Its exit status, or 128 + the signal that ended it.
    /// Reaps `child` (`waitpid(2)`, blocking): its exit status, or 128 + the signal that ended it.
    package static func wait(_ child: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
