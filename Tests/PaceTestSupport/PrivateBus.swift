import FoundationEssentials
import Glibc

/// A private `dbus-daemon` on a socket in a test's temporary directory, started and stopped by pid.
///
/// Its configuration has no service directories, so nothing on the machine (dunst, for one) is ever
/// D-Bus-activated into a test, and it never touches the machine's own buses.
package final class PrivateBus: @unchecked Sendable {
    /// The socket file.
    package let socketPath: String
    /// `unix:path=…`, for `DBUS_SESSION_BUS_ADDRESS` or `DBUS_SYSTEM_BUS_ADDRESS`.
    package var address: String { "unix:path=\(socketPath)" }
    private let directory: String
    private let kind: String
    private(set) var process: ChildProcess?

    /// Starts a bus listening at `directory/name` and waits until it accepts connections.
    ///
    /// - Parameter kind: `session` or `system`; only the name in the configuration differs.
    package init(in directory: String, name: String, kind: String = "session") throws {
        self.directory = directory
        self.socketPath = directory + "/" + name
        self.kind = kind
        try start()
    }

    deinit {
        stop()
    }

    /// Starts the bus (again) at the same socket path.
    package func start() throws {
        let configuration = directory + "/\(kind)-bus.conf"
        let text = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>\(kind)</type>
              <listen>unix:path=\(socketPath)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """
        try Data(text.utf8).write(to: URL(filePath: configuration))
        let process = try ChildProcess(
            "/usr/bin/dbus-daemon", ["--config-file=\(configuration)", "--nofork", "--nopidfile", "--print-address=1"],
            environment: TestEnvironment.minimal, outputDirectory: directory)
        self.process = process
        // The address is printed once the socket listens.
        let ready = poll(timeoutMilliseconds: 30_000) { process.standardOutput.contains("unix:path=") }
        guard ready else {
            throw TestFailure("dbus-daemon did not start: \(process.standardError)")
        }
    }

    /// Stops the bus with SIGTERM (it removes its socket) and waits for it.
    package func stop() {
        guard let process else { return }
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
        self.process = nil
    }

    /// Kills the bus with SIGKILL, as a crash would: the socket file stays behind, stale.
    package func kill() {
        guard let process else { return }
        process.signal(SIGKILL)
        process.wait()
        self.process = nil
    }
}

/// Environments and helpers shared by the desktop tests.
package enum TestEnvironment {
    /// Enough for the programs the tests start.
    package static var minimal: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": "/tmp",
        ]
    }

    /// `Tests`, the folder of the test targets and of the scripts they run.
    package static let tests: String = {
        var path = #filePath
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    /// `Tests/DBus`, where the Python test servers live.
    package static let scripts = tests + "/DBus"
}

/// Waits (sleeping briefly between tries) until `condition` holds.
/// - Returns: Whether it held before the timeout.
package func poll(timeoutMilliseconds: Int64, _ condition: () -> Bool) -> Bool {
    let deadline = Monotonic.milliseconds() + timeoutMilliseconds
    while !condition() {
        if Monotonic.milliseconds() >= deadline { return false }
        usleep(5_000)
    }
    return true
}

/// Waits without blocking a thread of Swift's cooperative pool until `condition` holds.
/// - Returns: Whether it held before the timeout.
package func eventually(timeoutMilliseconds: Int64 = 30_000, _ condition: () -> Bool) async -> Bool {
    let deadline = Monotonic.milliseconds() + timeoutMilliseconds
    while !condition() {
        if Monotonic.milliseconds() >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// A test precondition that failed, with what to look at.
package struct TestFailure: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

extension TestEnvironment {
    /// `Tests/Clock`, where the clock helpers live.
    package static var clockScripts: String { String(scripts.dropLast("DBus".count)) + "Clock" }
}
