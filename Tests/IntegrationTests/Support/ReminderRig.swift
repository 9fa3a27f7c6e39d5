import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport

/// A real `paced` with a desktop of its own — private session and system buses, the Python notification
/// server and test logind — and a test clock, for the end-to-end reminder tests.
///
/// The daemon's clock starts at 12:00 UTC of the machine's date (TZ=UTC), so quiet hours and the pacing day
/// (which starts at 04:00) do not depend on when the tests run, and moves only when a test says so. The
/// configuration switches off everything a test did not ask for (quiet hours, the morning prompt) and makes
/// bouts exactly 10 minutes long; everything is stopped by pid when the rig goes away.
final class ReminderRig: @unchecked Sendable {
    /// Which parts of a desktop the daemon finds.
    struct Desktop: OptionSet {
        let rawValue: Int
        /// A private session bus …
        static let sessionBus = Desktop(rawValue: 1)
        /// … with the Python notification server on it.
        static let notificationServer = Desktop(rawValue: 2)
        /// A private system bus with the test logind.
        static let logind = Desktop(rawValue: 4)
        /// A private system bus with the fake BlueZ and its heart-rate sensor (`Tests/DBus/test_bluez.py`).
        static let bluez = Desktop(rawValue: 8)

        static let notifications: Desktop = [.sessionBus, .notificationServer]
        static let all: Desktop = [.sessionBus, .notificationServer, .logind]
    }

    /// The `[reminders]` keys every rig starts from; a test overrides or adds keys.
    static let baseReminders = [
        "quiet_hours": #""off""#,
        "morning_checkin": #""off""#,
        "minimum_gap": #""1m""#,
        "snooze": #""5m""#,
        "shortest_bout": #""10m""#,
        "longest_bout": #""10m""#,
    ]

    /// Buses, the offset file, the servers' records.
    let directory = TemporaryDirectory(prefix: "pace-rem")
    let clock: TestClock
    let daemon: DaemonProcess
    private(set) var sessionBus: PrivateBus?
    private(set) var systemBus: PrivateBus?
    private(set) var server: TestNotificationServer?
    private(set) var logind: TestLogind?
    private(set) var bluez: TestBlueZ?

    /// Starts the buses and servers in `desktop`, then `paced`; returns once the daemon is ready (and, with a
    /// notification server, once the daemon has heard from it).
    ///
    /// - Parameters:
    ///   - reminders: `[reminders]` keys (TOML values) over ``baseReminders``.
    ///   - configuration: More TOML after the `[reminders]` table.
    ///   - environment: More environment for the daemon.
    ///   - serverCapabilities: What the Python notification server says it can do.
    ///   - notifySocket: What the fake BlueZ answers `AcquireNotify` with.
    init(
        desktop: Desktop = .notifications, reminders: [String: String] = [:], configuration: String = "",
        environment: [String: String] = [:], serverCapabilities: [String] = ["actions", "body"],
        notifySocket: TestBlueZ.NotifySocket = .offered, start: Bool = true
    ) throws {
        clock = TestClock(path: directory.appending("clock-offset"))
        // Bus addresses always name sockets in the rig's directory, never the machine's buses, even when the
        // rig starts no bus: then the daemon watches for a socket that never comes.
        var variables = clock.environment
        variables["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=\(directory.appending("session.sock"))"
        variables["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=\(directory.appending("system.sock"))"
        for (key, value) in environment { variables[key] = value }
        daemon = try DaemonProcess(extraEnvironment: variables)

        let keys = Self.baseReminders.merging(reminders) { $1 }
        let text =
            "[reminders]\n" + keys.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
            + configuration
        let folder = daemon.root.appending("config/pace")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(filePath: folder + "/config.toml"))
        try clock.start(at: TestClock.todayUTC(hour: 12))

        if desktop.contains(.sessionBus) {
            let bus = try PrivateBus(in: directory.path, name: "session.sock", kind: "session")
            sessionBus = bus
            if desktop.contains(.notificationServer) {
                server = try TestNotificationServer(on: bus, in: directory.path, capabilities: serverCapabilities)
            }
        }
        if !desktop.isDisjoint(with: [.logind, .bluez]) {
            let bus = try PrivateBus(in: directory.path, name: "system.sock", kind: "system")
            systemBus = bus
            if desktop.contains(.logind) { logind = try TestLogind(on: bus, in: directory.path) }
            if desktop.contains(.bluez) {
                bluez = try TestBlueZ(on: bus, in: directory.path, notifySocket: notifySocket)
            }
        }
        if start { try startDaemon() }
    }

    deinit {
        daemon.stop(signal: SIGKILL)
        server?.stop()
        bluez?.stop()
        sessionBus?.stop()
        systemBus?.stop()
        directory.remove()
    }

    /// Starts `paced` and waits until it is ready and, when a notification server runs, has heard from it.
    func startDaemon() throws {
        try daemon.start()
        if server != nil {
            guard poll(timeoutMilliseconds: 20_000, { (try? health().desktop?.notificationServer) != nil }) else {
                throw TestFailure("paced did not find the notification server: \(standardError)")
            }
        }
    }

    /// Kills the session bus (SIGKILL: its socket stays behind, stale) and the notification server with it.
    func killSessionBus() throws {
        let bus = try requireSessionBus()
        bus.kill()
        server?.stop()
        server = nil
    }

    /// Starts a new session bus at the same address, with a new notification server on it.
    func restartSessionBus() throws {
        let bus = try requireSessionBus()
        try bus.start()
        server = try TestNotificationServer(on: bus, in: directory.path)
    }

    private func requireSessionBus() throws -> PrivateBus {
        guard let sessionBus else { throw TestFailure("this rig has no session bus") }
        return sessionBus
    }

    // MARK: - Talking to the daemon

    /// Calls `method` on a new connection (so no connection sits idle across a slow test).
    @discardableResult
    func call<Method: VarlinkMethod>(_ method: Method.Type, _ parameters: Method.Parameters) throws -> Method.Reply {
        try PaceClient(socketPath: daemon.socketPath, timeoutMilliseconds: 20_000).call(method, parameters)
    }

    func status() throws -> PaceAPI.Status {
        try call(PaceAPI.GetStatus.self, NoParameters()).status
    }

    func health() throws -> PaceAPI.Health {
        try call(PaceAPI.GetHealth.self, NoParameters()).health
    }

    /// The daemon's clock now, as it answers `GetStatus`.
    func now() throws -> Instant {
        let text = try status().now
        guard let now = Instant(rfc3339: text) else { throw TestFailure("not a time: \(text)") }
        return now
    }

    /// Starts a walk (moderate: 1.8 points a minute) and returns it.
    @discardableResult
    func startWalk() throws -> PaceAPI.Activity {
        try call(PaceAPI.StartActivity.self, .init(kind: "walk")).activity
    }

    // MARK: - Time

    /// Moves the daemon's clock on by `minutes` and returns once the daemon has re-evaluated its reminders
    /// for it: the driver's "the wall clock changed … reminders re-evaluated" line is on standard error
    /// (written in the same queue item as the evaluation), and a `GetStatus` answered after that line proves
    /// the item finished.
    func advance(minutes: Int64) throws {
        try advance(seconds: minutes * 60)
    }

    /// Moves the daemon's clock on by `seconds` (see ``advance(minutes:)``).
    func advance(seconds: Int64) throws {
        let marker = "the wall clock changed (the test clock offset moved"
        let before = lines(containing: marker).count
        try clock.advance(seconds: seconds)
        guard poll(timeoutMilliseconds: 20_000, { lines(containing: marker).count > before }) else {
            throw TestFailure("paced did not notice the clock moving \(seconds) s: \(standardError)")
        }
        _ = try status()
    }

    // MARK: - Barriers

    /// Returns once every signal the notification server sent before now has been handled by the daemon.
    ///
    /// Signals from one sender arrive in order, so the server's do-not-disturb going on and off again — which
    /// the daemon logs — comes after them; a `GetStatus` answered after the second log line proves the
    /// handlers queued before it ran. Turning do-not-disturb on and off re-evaluates reminders: use this
    /// only where that is harmless.
    func settleSessionBus() throws {
        let server = try requireServer()
        let held = "notification server holds notifications"
        let released = "notification server shows notifications again"
        let (heldBefore, releasedBefore) = (lines(containing: held).count, lines(containing: released).count)
        try server.control("SetInhibited", "b", "true")
        try server.control("SetInhibited", "b", "false")
        guard
            poll(
                timeoutMilliseconds: 20_000,
                {
                    lines(containing: held).count > heldBefore && lines(containing: released).count > releasedBefore
                })
        else { throw TestFailure("paced did not follow do-not-disturb: \(standardError)") }
        _ = try status()
    }

    /// Returns once every signal the test logind sent before now has been handled by the daemon, by locking
    /// and unlocking the session (see ``settleSessionBus()``).
    func settleSystemBus() throws {
        guard let logind else { throw TestFailure("this rig has no logind") }
        let (locked, unlocked) = ("session locked", "session unlocked")
        let (lockedBefore, unlockedBefore) = (lines(containing: locked).count, lines(containing: unlocked).count)
        try logind.setLockedHint(true)
        try logind.setLockedHint(false)
        guard
            poll(
                timeoutMilliseconds: 20_000,
                {
                    lines(containing: locked).count > lockedBefore && lines(containing: unlocked).count > unlockedBefore
                })
        else { throw TestFailure("paced did not follow the session lock: \(standardError)") }
        _ = try status()
    }

    private func requireServer() throws -> TestNotificationServer {
        guard let server else { throw TestFailure("this rig has no notification server") }
        return server
    }

    // MARK: - What happened

    /// Everything the daemon logged (it logs to standard error outside systemd).
    var standardError: String { daemon.process?.standardError ?? "" }

    /// The daemon's log lines that contain `text`, in order.
    func lines(containing text: String) -> [String] {
        standardError.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    /// The reminders the daemon logged (the journal's `PACE_EVENT=reminder` entries).
    var reminderLines: [String] { lines(containing: "pace_event=reminder") }

    /// The index of the first log line containing `text`, if any.
    func lineIndex(of text: String) -> Int? {
        standardError.split(separator: "\n").firstIndex { $0.contains(text) }
    }

    /// `Notify` calls the notification server received.
    var notifies: [RecordedCall] { server?.notifies ?? [] }

    /// Waits until the notification server has received `count` `Notify` calls.
    func waitForNotifies(_ count: Int, timeoutMilliseconds: Int64 = 20_000) async -> Bool {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { notifies.count >= count }
    }

    /// Presses the button `key` of the notification with the server's `id`, as a person would.
    func press(_ key: String, on id: UInt32?) throws {
        try requireServer().control("InvokeAction", "us", "\(id ?? 0)", key)
    }

    /// The event log, oldest first, as `paced --dump-log` prints it.
    func events() throws -> [LoggedEvent] {
        let result = try Executables.run("paced", ["--dump-log"], environment: daemon.environment)
        guard result.status == 0 else { throw TestFailure("paced --dump-log: \(result.standardError)") }
        return try result.standardOutput.split(separator: "\n").map {
            try JSONDecoder().decode(LoggedEvent.self, from: Data($0.utf8))
        }
    }

    /// The `reminderShown` events in the log.
    func shownReminders() throws -> [LoggedEvent] {
        try events().filter { $0.type == "reminderShown" }
    }
}

/// One event of the log, with the fields the reminder tests look at (docs/events.md).
struct LoggedEvent: Decodable, Sendable {
    var type: String
    /// Milliseconds since the epoch, by the daemon's clock.
    var at: Int64
    var reminder: String?
    var covers: [String]?
    var action: String?
    var until: Int64?
    var source: String?
    /// The device the event came from through a sync folder; `nil` for this device's own.
    var device: String?
    var activity: String?
    var start: Int64?
    var durationSeconds: Int?
    var pointsPerMinute: Double?
    var energy: Int?
    var flare: Bool?
}
