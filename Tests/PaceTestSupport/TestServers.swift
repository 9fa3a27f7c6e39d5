import FoundationEssentials
import Glibc

/// One of the Python test servers in `Tests/DBus`, started and stopped by pid.
package final class PythonServer: @unchecked Sendable {
    package let process: ChildProcess

    /// Starts `script` with `arguments` and waits until it prints "ready" (it owns its bus names then).
    package init(_ script: String, _ arguments: [String], outputDirectory: String) throws {
        process = try ChildProcess(
            "/usr/bin/python3", [TestEnvironment.scripts + "/" + script] + arguments,
            environment: TestEnvironment.minimal, outputDirectory: outputDirectory)
        guard poll(timeoutMilliseconds: 30_000, { process.standardOutput.contains("ready") }) else {
            process.signal(SIGKILL)
            throw TestFailure("\(script) did not start: \(process.standardError)")
        }
    }

    deinit {
        stop()
    }

    package func stop() {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }
}

/// `Tests/DBus/notification_server.py`: records calls, emits signals when asked.
package final class TestNotificationServer: @unchecked Sendable {
    package let bus: PrivateBus
    package let recordPath: String
    private let server: PythonServer

    package init(
        on bus: PrivateBus, in directory: String, capabilities: [String] = ["actions", "body"],
        silent: Bool = false, screenSaver: Bool = false
    ) throws {
        self.bus = bus
        recordPath = directory + "/notifications-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        var arguments = ["--address", bus.address, "--record", recordPath]
        arguments += ["--capabilities", capabilities.joined(separator: ",")]
        if silent { arguments.append("--silent") }
        if screenSaver { arguments.append("--screensaver") }
        server = try PythonServer("notification_server.py", arguments, outputDirectory: directory)
    }

    package func stop() { server.stop() }

    /// Every call recorded so far.
    package var calls: [RecordedCall] {
        guard let data = FileManager.default.contents(atPath: recordPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(RecordedCall.self, from: Data($0.utf8))
        }
    }

    package var notifies: [RecordedCall] { calls.filter { $0.call == "Notify" } }

    /// Calls a method of the test control interface with `busctl`.
    package func control(_ method: String, _ signature: String, _ arguments: String...) throws {
        let target = ["org.freedesktop.Notifications", "/org/freedesktop/Notifications", "io.pace.Test"]
        try busctl(bus.address, ["call"] + target + [method, signature] + arguments)
    }

    package func screenSaver(active: Bool) throws {
        let target = ["org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "io.pace.Test"]
        try busctl(bus.address, ["call"] + target + ["SetScreenSaverActive", "b", active ? "true" : "false"])
    }
}

/// `Tests/DBus/test_logind.py` on a test system bus.
package final class TestLogind: @unchecked Sendable {
    package let bus: PrivateBus
    private let server: PythonServer

    package init(on bus: PrivateBus, in directory: String, sessionID: String = "c1") throws {
        self.bus = bus
        server = try PythonServer(
            "test_logind.py", ["--address", bus.address, "--session", sessionID, "--uid", "\(getuid())"],
            outputDirectory: directory)
    }

    private static let target = ["org.freedesktop.login1", "/org/freedesktop/login1", "io.pace.Test"]

    package func prepareForSleep(_ sleeping: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["EmitPrepareForSleep", "b", sleeping ? "true" : "false"])
    }

    package func setLockedHint(_ locked: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetLockedHint", "b", locked ? "true" : "false"])
    }
}

/// Runs `busctl --address=ADDRESS ARGUMENTS…` and fails the test if it fails.
package func busctl(_ address: String, _ arguments: [String]) throws {
    let result = try Executables.run(
        "/usr/bin/busctl", ["--address=\(address)", "--quiet"] + arguments, environment: TestEnvironment.minimal)
    guard result.status == 0 else {
        throw TestFailure("busctl \(arguments.joined(separator: " ")) failed: \(result.standardError)")
    }
}

/// One line of the notification server's record.
package struct RecordedCall: Decodable, Sendable {
    package var call: String
    package var id: UInt32?
    package var appName: String?
    package var replacesID: UInt32?
    package var appIcon: String?
    package var summary: String?
    package var body: String?
    package var actions: [String]?
    package var hints: [String: HintValue]?
    package var hintTypes: [String: String]?
    package var expireTimeout: Int32?
}

/// A hint value as the server recorded it.
package enum HintValue: Decodable, Equatable, Sendable {
    case number(Int)
    case text(String)
    case flag(Bool)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
