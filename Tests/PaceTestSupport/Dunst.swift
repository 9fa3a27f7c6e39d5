import FoundationEssentials
import Glibc

/// The real `dunst` notification server on a private session bus and a ``VirtualDisplay``, started and
/// stopped by pid, with `dunstctl` to ask it what it shows.
package final class Dunst: @unchecked Sendable {
    package let process: ChildProcess
    package let bus: PrivateBus

    /// Starts dunst on `bus`, drawing on `display`; it owns its bus name a moment later (wait for a client to
    /// see it answer).
    package init(on bus: PrivateBus, display: VirtualDisplay, in directory: String) throws {
        self.bus = bus
        let configuration = directory + "/dunstrc"
        try Data("[global]\n    monitor = 0\n    follow = none\n    idle_threshold = 0\n".utf8)
            .write(to: URL(filePath: configuration))
        var environment = TestEnvironment.minimal
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        environment["DISPLAY"] = display.display
        environment["HOME"] = directory
        process = try ChildProcess(
            "/usr/bin/dunst", ["-config", configuration], environment: environment, outputDirectory: directory)
    }

    deinit {
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }

    /// Runs `dunstctl ARGUMENTS…` against this dunst and returns its output without white space.
    package func control(_ arguments: [String]) throws -> String {
        var environment = TestEnvironment.minimal
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        let result = try Executables.run("/usr/bin/dunstctl", arguments, environment: environment)
        guard result.status == 0 else { throw TestFailure("dunstctl \(arguments): \(result.standardError)") }
        return result.standardOutput.filter { !$0.isWhitespace }
    }

    /// `dunstctl count displayed`, or `nil` when dunst does not answer.
    package var displayedCount: Int? {
        (try? control(["count", "displayed"])).flatMap { Int($0) }
    }
}
