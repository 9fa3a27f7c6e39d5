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

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment: [String] = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(ends[1])
        guard result == 0 else {
            close(ends[0])
            throw SystemError("posix_spawn", errno: .init(rawValue: result), path: executable)
        }
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
        let fd = open(errorPath, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }
}
