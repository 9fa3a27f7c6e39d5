import Glibc

/// Runs a helper program (`paced --check-config`, `busctl`) to completion and captures what it prints.
///
/// `posix_spawn` with pipes, read with `poll`, so a chatty child never blocks on a full pipe; a child that
/// runs past the timeout is killed. Used by `pace doctor` only.
enum Subprocess {
    struct Result: Equatable {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `executable` with `arguments` in the current environment.
    ///
    /// - Returns: `nil` when it cannot be started.
    static func run(_ executable: String, _ arguments: [String], timeoutMilliseconds: Int32 = 5000) -> Result? {
        var outputPipe: [Int32] = [0, 0]
        var errorPipe: [Int32] = [0, 0]
        guard pipe(&outputPipe) == 0 else { return nil }
        guard pipe(&errorPipe) == 0 else {
            close(outputPipe[0])
            close(outputPipe[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        for descriptor in outputPipe + errorPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
        }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(outputPipe[1])
        close(errorPipe[1])
        defer {
            close(outputPipe[0])
            close(errorPipe[0])
        }
        guard spawned == 0 else { return nil }

        var output: [UInt8] = []
        var error: [UInt8] = []
        var open = [outputPipe[0], errorPipe[0]]
        var remaining = timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty && remaining > 0 {
            var pollers = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let started = monotonicMilliseconds()
            let ready = poll(&pollers, nfds_t(pollers.count), remaining)
            remaining -= Int32(monotonicMilliseconds() - started)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            for poller in pollers where poller.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(poller.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if poller.fd == outputPipe[0] { output += buffer[..<count] } else { error += buffer[..<count] }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == poller.fd }
                }
            }
        }
        if !open.isEmpty { kill(child, SIGKILL) }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let signal = status & 0x7F
        return Result(
            status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
            output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    /// The first executable called `name` in the directories of `path` (a `PATH` value).
    static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The directory of the running `pace` (from `/proc/self/exe`).
    static func ownDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    private static func monotonicMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
