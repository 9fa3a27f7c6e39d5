import FoundationEssentials
import Glibc

/// The real `dunst` notification server on a private session bus and a ``VirtualDisplay``, started and
/// stopped by pid, with `dunstctl` to ask it what it shows.
package final class Dunst: @unchecked Sendable {
    package let process: ChildProcess
    package let bus: PrivateBus
    private let choiceFile: String

    /// Starts dunst on `bus`, drawing on `display`; it owns its bus name a moment later (wait for a client to
    /// see it answer).
    /// - Parameter timeoutSeconds: How long notifications that leave it to the server stay (dunst's own default
    ///   is 10 s for low and normal urgency).
    package init(on bus: PrivateBus, display: VirtualDisplay, in directory: String, timeoutSeconds: Int? = nil) throws {
        self.bus = bus
        let configuration = directory + "/dunstrc"
        choiceFile = directory + "/dmenu-choice"
        // dunst's context menu asks "dmenu" to pick a line `#LABEL (SUMMARY) [ID,KEY]`; this one picks the
        // line of the key written to the choice file, as a person choosing that button would.
        let menu = directory + "/dmenu"
        try Data("#!/bin/sh\nexec grep -F -m 1 \",$(cat '\(choiceFile)')]\"\n".utf8).write(to: URL(filePath: menu))
        chmod(menu, 0o700)
        var text = "[global]\n    monitor = 0\n    follow = none\n    idle_threshold = 0\n    dmenu = \(menu)\n"
        if let timeoutSeconds {
            text += ["urgency_low", "urgency_normal"].map { "[\($0)]\n    timeout = \(timeoutSeconds)\n" }.joined()
        }
        try Data(text.utf8).write(to: URL(filePath: configuration))
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

    /// Presses the button with action key `key` on the notification dunst shows: `dunstctl context` opens
    /// dunst's menu of actions, and the test's dmenu picks that key's line.
    package func press(_ key: String) throws {
        try Data(key.utf8).write(to: URL(filePath: choiceFile))
        _ = try control(["context"])
    }

    /// Shows a notification of another application that leaves its timeout to dunst (`dunstify`).
    package func notify(_ summary: String) throws {
        var environment = TestEnvironment.minimal
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        let result = try Executables.run("/usr/bin/dunstify", ["-a", "witness", summary], environment: environment)
        guard result.status == 0 else { throw TestFailure("dunstify: \(result.standardError)") }
    }

    /// `dunstctl count history`: notifications closed (expired or dismissed), or `nil` when dunst does not answer.
    package var historyCount: Int? {
        (try? control(["count", "history"])).flatMap { Int($0) }
    }

    /// `dunstctl count displayed`, or `nil` when dunst does not answer.
    package var displayedCount: Int? {
        (try? control(["count", "displayed"])).flatMap { Int($0) }
    }
}
