import FoundationEssentials
import Glibc
import PaceSystem

/// A real `paced` in a private temporary XDG environment, started and stopped by pid.
package final class DaemonProcess: @unchecked Sendable {
    /// The temporary home: `runtime/`, `state/`, `config/`, and the notify socket.
    package let root: TemporaryDirectory
    /// The environment the daemon runs with; give it to `pace` too.
    package let environment: [String: String]
    /// The daemon's `NOTIFY_SOCKET`.
    package let notify: NotifyListener
    /// Everything the daemon sent to `NOTIFY_SOCKET` up to and including `READY=1`.
    package private(set) var notifications: [String] = []
    /// The running (or last) daemon process.
    package private(set) var process: ChildProcess?
    /// The daemon's clock (the test hook), when the test pinned it: see ``init(clockAtUTCHour:extraEnvironment:)``.
    package let clock: TestClock?

    /// `$XDG_RUNTIME_DIR/pace/pace.sock`.
    package var socketPath: String { root.appending("runtime/pace/pace.sock") }
    /// `$XDG_STATE_HOME/pace`.
    package var stateDirectory: String { root.appending("state/pace") }

    /// Writes a config file that turns the morning check-in prompt off; call it before ``start()``. Between 09:00
    /// and 15:00 paced records that prompt's `reminderShown` as it starts: a test that counts what the log holds,
    /// on the machine's clock, then counts only its own events whatever the time it runs at.
    package func turnMorningCheckInOff() throws {
        mkdir(root.appending("config"), 0o700)
        mkdir(root.appending("config/pace"), 0o700)
        try Data("[reminders]\nmorning_checkin = \"off\"\n".utf8).write(
            to: URL(filePath: root.appending("config/pace/config.toml")))
    }
    /// The daemon's pid.
    package var pid: Int32 { process?.pid ?? 0 }

    /// Prepares a fresh environment; nothing runs yet.
    ///
    /// - Parameters:
    ///   - hour: When given, the daemon's clock (``clock``, the test hook) reads `hour`:00 UTC of today's date
    ///     (by the machine's UTC clock) when the daemon starts, and runs on from there: what depends on the time of
    ///     day does not depend on when the test runs. `pace` still reads the machine's clock.
    ///   - extraEnvironment: Variables to set (a value) or remove (`nil`).
    package init(clockAtUTCHour hour: Int? = nil, extraEnvironment: [String: String?] = [:]) throws {
        root = TemporaryDirectory(prefix: "paced")
        mkdir(root.appending("runtime"), 0o700)
        mkdir(root.appending("output"), 0o700)
        notify = try NotifyListener(path: root.appending("notify.sock"))
        var environment = [
            "HOME": root.appending("home"),
            "XDG_RUNTIME_DIR": root.appending("runtime"),
            "XDG_STATE_HOME": root.appending("state"),
            "XDG_CONFIG_HOME": root.appending("config"),
            "NOTIFY_SOCKET": notify.path,
            // Never the machine's own buses: a test that wants a desktop passes private bus addresses.
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + root.appending("no-session-bus"),
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=" + root.appending("no-system-bus"),
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        ]
        if let hour {
            let clock = TestClock(path: root.appending("clock-offset"))
            try clock.start(at: TestClock.todayUTC(hour: hour))
            for (key, value) in clock.environment { environment[key] = value }
            self.clock = clock
        } else {
            clock = nil
        }
        for (key, value) in extraEnvironment { environment[key] = value }
        self.environment = environment
    }

    deinit {
        process = nil
        root.remove()
    }

    /// Starts `paced` (or `executable` with `arguments`) and waits until the daemon reports `READY=1`.
    ///
    /// - Throws: ``DaemonFailure`` with the daemon's stderr when it exits or stays silent for the timeout.
    package func start(
        executable: String = Executables.path("paced"),
        arguments: [String] = [],
        waitForReady: Bool = true,
        timeoutMilliseconds: Int32 = 30_000
    ) throws {
        let process = try ChildProcess(
            executable, arguments, environment: environment, outputDirectory: root.appending("output"))
        self.process = process
        guard waitForReady else { return }
        notifications = notify.receive(until: "READY=1", timeoutMilliseconds: timeoutMilliseconds)
        guard notifications.last?.split(separator: "\n").contains("READY=1") == true else {
            process.signal(SIGKILL)
            process.wait()
            throw DaemonFailure(description: "paced did not become ready: \(process.standardError)")
        }
    }

    /// Sends `signal` and waits for the daemon to exit.
    /// - Returns: How it ended, or `nil` if it was still running after `timeoutMilliseconds` (it is then killed).
    @discardableResult
    package func stop(signal: Int32 = SIGTERM, timeoutMilliseconds: Int64 = 30_000) -> ChildProcess.Termination? {
        guard let process else { return nil }
        process.signal(signal)
        let termination = process.wait(timeoutMilliseconds: timeoutMilliseconds)
        if termination == nil {
            process.signal(SIGKILL)
            process.wait()
        }
        return termination
    }

    /// Runs `pace` against this daemon.
    package func pace(_ arguments: String...) throws -> Executables.Result {
        try Executables.run("pace", arguments, environment: environment)
    }
}

/// The daemon under test misbehaved.
package struct DaemonFailure: Error, CustomStringConvertible {
    package var description: String
}
