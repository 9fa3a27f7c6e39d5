import Glibc
import SystemPackage

/// `posix_spawn(3)` in one place: a child with a fresh signal mask and default dispositions (a parent's ignored or
/// blocked signals must not leak into the programs it starts), its standard streams set up by file actions.
package enum Spawn {
    /// Starts `executable`.
    ///
    /// - Parameters:
    ///   - executable: The program's path (not looked up on `PATH`).
    ///   - arguments: Its arguments, without its name.
    ///   - environment: Exactly the child's environment, or `nil` for this process's own.
    ///   - files: Descriptors to open in the child: (descriptor, path, `open(2)` flags); files are created 0600.
    ///   - duplicates: Descriptors of this process to install in the child (`dup2(2)`): (source, target).
    /// - Returns: The child's pid; the caller reaps it (`waitpid(2)`).
    /// - Throws: ``SystemError`` from `posix_spawn` (`ENOENT` when there is no such program).
    package static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        opening files: [(descriptor: Int32, path: String, flags: Int32)] = [],
        duplicating duplicates: [(source: Int32, target: Int32)] = []
    ) throws(SystemError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for file in files { posix_spawn_file_actions_addopen(&actions, file.descriptor, file.path, file.flags, 0o600) }
        for duplicate in duplicates { posix_spawn_file_actions_adddup2(&actions, duplicate.source, duplicate.target) }

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
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            for pointer in argv + (envp ?? []) { free(pointer) }
        }
        var child: Int32 = 0
        let result =
            if var envp {
                posix_spawn(&child, executable, &actions, &attributes, argv, &envp)
            } else {
                posix_spawn(&child, executable, &actions, &attributes, argv, environ)
            }
        guard result == 0 else { throw SystemError("posix_spawn", errno: .init(rawValue: result), path: executable) }
        return child
    }
}
