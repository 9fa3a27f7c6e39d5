import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage

/// A child process whose standard output is a pipe the test reads as the child writes, started with
/// `posix_spawn` (Foundation's `Process` hangs on some children) and stopped by pid.
final class PipedChild {
    let pid: pid_t
    private let output: Int32
    private let errorPath: String
    private var status: Int32?

    /// Starts `executable`; its standard error goes to `errorPath`.
    init(_ executable: String, _ arguments: [String], errorPath: String) throws {
        // Close-on-exec from the start: another test's posix_spawn must never inherit these ends.
        let pipe = try Syscall.pipe()
        let ends = [pipe.read.rawValue, pipe.write.rawValue]
        self.errorPath = errorPath

        let child: Int32
        do {
            child = try Spawn.start(
                executable, arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                opening: [(0, "/dev/null", O_RDONLY), (2, errorPath, O_WRONLY | O_CREAT | O_TRUNC)],
                duplicating: [(ends[1], 1)])
        } catch {
            close(ends[1])
            close(ends[0])
            throw error
        }
        close(ends[1])
        pid = child
        output = ends[0]
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
        close(output)
    }

    /// Reads what the child wrote within `timeoutMilliseconds`.
    /// - Returns: The bytes (possibly none), or `nil` once the child closed its end.
    func read(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, max(0, timeoutMilliseconds))
        guard ready > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR ? [] : nil }
        return count == 0 ? nil : Array(buffer[..<count])
    }

    /// Everything the child writes until it closes its end.
    func readToEnd() -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = read(timeoutMilliseconds: 10_000) { bytes += chunk }
        return bytes
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the child to end and returns how: `.signalled(9)`, `.exited(1)`, …
    func wait() -> ChildProcess.Termination {
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            status = raw
        }
        let raw = status!
        let signalled = raw & 0x7F
        return signalled == 0 ? .exited((raw >> 8) & 0xFF) : .signalled(signalled)
    }

    /// What the child wrote to standard error.
    var standardError: String {
        let fd = open(errorPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }
}
