import Glibc

/// Times whole processes, start to exit, as a shell would run them.
enum WholeProcess {
    /// Runs `argv` once with `environment`, output to /dev/null.
    /// - Returns: Wall time in nanoseconds and the exit status.
    static func run(_ argv: [String], environment: [String: String]) throws(BenchFailure) -> (Double, Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in arguments + variables { free(pointer) } }
        var pid: pid_t = 0
        let start = Measure.nanoseconds()
        let result = posix_spawn(&pid, argv[0], &actions, nil, arguments, variables)
        guard result == 0 else { throw BenchFailure("cannot start \(argv[0]): error \(result)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let end = Measure.nanoseconds()
        return (Double(end - start), (status >> 8) & 0xFF)
    }

    /// Runs each command `runs` times, taking turns so that all see the same machine, after `warmup` rounds.
    /// - Returns: Wall times in nanoseconds, per command.
    static func compare(
        _ commands: [(argv: [String], environment: [String: String])], runs: Int, warmup: Int
    ) throws(BenchFailure) -> [[Double]] {
        var times = Array(repeating: [Double](), count: commands.count)
        for round in 0..<(warmup + runs) {
            for (index, command) in commands.enumerated() {
                let (time, _) = try run(command.argv, environment: command.environment)
                if round >= warmup { times[index].append(time) }
            }
        }
        return times
    }
}
