import FoundationEssentials
import Glibc
import PaceSystem

/// A real `paced` in a private temporary XDG environment, started and stopped by pid.
package final class DaemonProcess: @unchecked Sendable {
    /// The temporary root: the XDG directories (``Layout``), the notify socket and the daemon's output.
    package let root: TemporaryDirectory
    /// Where the XDG directories are under ``root``.
    package let layout: Layout
    /// The environment the daemon runs with; give it to `pace` too.
    package let environment: [String: String]
    /// The daemon's `NOTIFY_SOCKET`. A test that runs many commands reads it or drains it: the daemon sends its
    /// status on every change, and once the socket is full its send blocks, as under a service manager
    /// that stopped reading.
    package let notify: NotifyListener
    /// Everything the daemon sent to `NOTIFY_SOCKET` up to and including `READY=1`.
    package private(set) var notifications: [String] = []
    /// The running (or last) daemon process.
    package private(set) var process: ChildProcess?
    /// The daemon's clock (the test hook), when the test pinned it: see ``init(clockAtUTCHour:extraEnvironment:)``.
    package let clock: TestClock?

    /// Where the daemon's XDG directories are.
    package enum Layout: Sendable {
        /// `runtime/`, `state/`, `config/` and `home/` side by side under ``root``, named by the XDG variables.
        case scratch
        /// As on a person's machine: `home/ana` with the XDG defaults under it (`~/.local/state`, `~/.config`, no
        /// XDG variables set) and the runtime directory `run/user/1000`, so that every path reads as it would
        /// there once ``root`` is taken off its front.
        case personal

        var runtime: String { self == .scratch ? "runtime" : "run/user/1000" }
        var state: String { self == .scratch ? "state" : "home/ana/.local/state" }
        var config: String { self == .scratch ? "config" : "home/ana/.config" }
        var home: String { self == .scratch ? "home" : "home/ana" }
    }

    /// `$XDG_RUNTIME_DIR/pace/pace.sock`.
    package var socketPath: String { root.appending(layout.runtime + "/pace/pace.sock") }
    /// `$XDG_STATE_HOME/pace`.
    package var stateDirectory: String { root.appending(layout.state + "/pace") }

    /// Writes a config file that turns the morning check-in prompt off; call it before ``start()``. Between 09:00
    /// and 15:00 paced records that prompt's `reminderShown` as it starts: a test that counts what the log holds,
    /// on the machine's clock, then counts only its own events whatever the time it runs at.
    package func turnMorningCheckInOff() throws {
        try PrivateDirectory.prepare(root.appending(layout.config + "/pace"), createParents: true)
        try Data("[reminders]\nmorning_checkin = \"off\"\n".utf8).write(
            to: URL(filePath: root.appending(layout.config + "/pace/config.toml")))
    }
    /// The daemon's pid.
    package var pid: Int32 { process?.pid ?? 0 }

    /// Prepares a fresh environment; nothing runs yet.
    ///
    /// - Parameters:
    ///   - hour: When given, the daemon's clock (``clock``, the test hook) reads `hour`:00 UTC of today's date
    ///     (by the machine's UTC clock) when the daemon starts, and runs on from there: what depends on the time of
    ///     day does not depend on when the test runs. `pace`, run with ``environment``, reads the same clock.
    ///   - extraEnvironment: Variables to set (a value) or remove (`nil`).
    ///   - instant: When given (milliseconds since the epoch), the daemon's clock reads it when the daemon starts.
    ///   - layout: Where the XDG directories are.
    package init(
        clockAtUTCHour hour: Int? = nil, clockAt instant: Int64? = nil, layout: Layout = .scratch,
        extraEnvironment: [String: String?] = [:]
    ) throws {
        root = TemporaryDirectory(prefix: "paced")
        self.layout = layout
        mkdir(root.appending("output"), 0o700)
        notify = try NotifyListener(path: root.appending("notify.sock"))
        var environment = [
            "HOME": root.appending(layout.home),
            "XDG_RUNTIME_DIR": root.appending(layout.runtime),
            "NOTIFY_SOCKET": notify.path,
            // Never the machine's own buses: a test that wants a desktop passes private bus addresses.
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + root.appending("no-session-bus"),
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=" + root.appending("no-system-bus"),
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        ]
        if layout == .scratch {
            environment["XDG_STATE_HOME"] = root.appending(layout.state)
            environment["XDG_CONFIG_HOME"] = root.appending(layout.config)
        }
        try PrivateDirectory.prepare(root.appending(layout.runtime), createParents: true)
        if let start = instant ?? hour.map({ TestClock.todayUTC(hour: $0) }) {
            let clock = TestClock(path: root.appending("clock-offset"))
            try clock.start(at: start)
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
