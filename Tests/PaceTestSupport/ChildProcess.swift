import FoundationEssentials
import Glibc
import PaceSystem
import SystemPackage

/// A child process started with `posix_spawn`, its output captured in files, stopped by pid.
///
/// Foundation's `Process` is not used: on Linux it mistakes a child that `exec`s (as
/// `systemd-socket-activate` does) for one that exited and then blocks in `waitpid` for good.
package final class ChildProcess: @unchecked Sendable {
    /// The child's pid.
    package let pid: Int32
    private let outputPath: String
    private let errorPath: String
    private var exitStatus: Int32?

    /// How a child ended.
    package enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    private var termination: Termination?

    /// Starts `executable` with `arguments` and exactly `environment`.
    ///
    /// - Parameters:
    ///   - outputDirectory: Where the child's standard output and error files go.
    ///   - standardInput: Text to feed on standard input (through a file), or `nil` for `/dev/null`.
    package init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        outputDirectory: String,
        standardInput: String? = nil
    ) throws {
        let stamp = "\(Monotonic.milliseconds())-\(UInt32.random(in: 0...UInt32.max))"
        outputPath = outputDirectory + "/child-\(stamp).out"
        errorPath = outputDirectory + "/child-\(stamp).err"
        var inputPath = "/dev/null"
        if let standardInput {
            inputPath = outputDirectory + "/child-\(stamp).in"
            try Data(standardInput.utf8).write(to: URL(filePath: inputPath))
        }

        pid = try Spawn.start(
            executable, arguments, environment: environment,
            opening: [
                (0, inputPath, O_RDONLY), (1, outputPath, O_WRONLY | O_CREAT | O_TRUNC),
                (2, errorPath, O_WRONLY | O_CREAT | O_TRUNC),
            ])
    }

    deinit {
        if termination == nil {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
    }

    /// Sends `signal` to the child.
    package func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the child to end.
    /// - Returns: How it ended, or `nil` when it was still running after `timeoutMilliseconds`.
    @discardableResult
    package func wait(timeoutMilliseconds: Int64 = 30_000) -> Termination? {
        if let termination { return termination }
        let deadline = Monotonic.milliseconds() + timeoutMilliseconds
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
                let signalled = status & 0x7F
                termination = signalled == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signalled)
                return termination
            }
            if result < 0 && errno != EINTR { return nil }
            if Monotonic.milliseconds() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Whether the child is still running.
    package var isRunning: Bool {
        termination == nil && wait(timeoutMilliseconds: 0) == nil
    }

    /// Everything the child wrote to standard output so far.
    package var standardOutput: String { Self.read(outputPath) }
    /// Everything the child wrote to standard error so far.
    package var standardError: String { Self.read(errorPath) }

    private static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
