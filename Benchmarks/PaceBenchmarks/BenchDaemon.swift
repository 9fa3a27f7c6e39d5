import Glibc
import PaceLog
import PaceTestSupport

/// A real `paced` in its own XDG directories under the benchmark's root, as a user would run it (no watchdog:
/// `WATCHDOG_USEC` is not set, so the daemon has no periodic work at all).
final class BenchDaemon {
    let root: String
    let environment: [String: String]
    let notify: NotifyListener
    let executable: String
    private(set) var process: ChildProcess?

    var socketPath: String { root + "/runtime/pace/pace.sock" }
    var stateDirectory: String { root + "/state/pace" }
    var logDirectory: String { EventLog.directory(inStateDirectory: stateDirectory) }
    var pid: Int32 { process?.pid ?? 0 }

    /// - Parameters:
    ///   - root: An empty directory for this daemon's files.
    ///   - sessionBus: The session bus to connect to (the peers' bus), or `nil` for none.
    ///   - extraEnvironment: Variables set beside (or instead of) those above: a system bus, a test clock.
    init(
        root: String, executable: String, sessionBus: String? = nil, extraEnvironment: [String: String] = [:]
    ) throws {
        self.root = root
        self.executable = executable
        mkdir(root, 0o700)
        for name in ["runtime", "state", "config", "home", "output"] { mkdir(root + "/" + name, 0o700) }
        notify = try NotifyListener(path: root + "/notify.sock")
        var environment = [
            "HOME": root + "/home",
            "XDG_RUNTIME_DIR": root + "/runtime",
            "XDG_STATE_HOME": root + "/state",
            "XDG_CONFIG_HOME": root + "/config",
            "NOTIFY_SOCKET": notify.path,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TZ": "Europe/Berlin",
        ]
        environment["DBUS_SESSION_BUS_ADDRESS"] = sessionBus ?? "unix:path=\(root)/runtime/no-bus"
        // No system bus either: the daemon then watches for its socket with inotify, which costs no wakeups.
        environment["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=\(root)/runtime/no-system-bus"
        self.environment = environment.merging(extraEnvironment) { $1 }
    }

    /// Starts `paced` and waits for `READY=1`.
    /// - Returns: Nanoseconds from just before `posix_spawn` to the arrival of `READY=1`.
    @discardableResult
    func start() throws -> Double {
        let begin = Measure.nanoseconds()
        let process = try ChildProcess(executable, [], environment: environment, outputDirectory: root + "/output")
        self.process = process
        let messages = notify.receive(until: "READY=1", timeoutMilliseconds: 120_000)
        let ready = Measure.nanoseconds()
        guard messages.last?.split(separator: "\n").contains("READY=1") == true else {
            process.signal(SIGKILL)
            process.wait()
            throw BenchFailure("paced did not become ready: \(process.standardError)")
        }
        return Double(ready - begin)
    }

    /// Stops the daemon with SIGTERM (it writes its snapshot on the way out).
    func stop() {
        guard let process else { return }
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 20_000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
        self.process = nil
    }

    /// Reads what the daemon sent to `NOTIFY_SOCKET` since (`STATUS=` after each change), as systemd would: a
    /// datagram queue nobody reads fills up, and then the daemon's send blocks it.
    func drainNotifications() {
        while notify.receive(timeoutMilliseconds: 0) != nil {}
    }

    /// Removes the snapshot, so the next start replays the whole log.
    func removeSnapshot() { unlink(logDirectory + "/snapshot") }

    /// What the daemon wrote to standard error.
    var standardError: String { process?.standardError ?? "" }
}
