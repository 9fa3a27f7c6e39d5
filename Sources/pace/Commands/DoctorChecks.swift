import PaceCore
import PaceProtocol
import PaceSystem
import SystemPackage

/// What every `pace doctor` check may look at; the daemon check fills in ``status`` for the checks after it.
final class DoctorContext {
    let environment: [String: String]
    let socketPath: String
    let now: Instant
    let zone: LocalZone
    /// The daemon's status, once the daemon check has reached it.
    var status: PaceAPI.Status?
    /// The daemon's own view of its log, config and desktop connection (`GetHealth`), once reached.
    var health: PaceAPI.Health?

    init(environment: [String: String], socketPath: String, now: Instant, zone: LocalZone) {
        self.environment = environment
        self.socketPath = socketPath
        self.now = now
        self.zone = zone
    }

    /// `$HOME`, for the defaults of the XDG directories.
    var home: String { environment["HOME"] ?? "/" }

    /// `$XDG_CONFIG_HOME` or `~/.config`.
    var configHome: String { absolute(environment["XDG_CONFIG_HOME"]) ?? home + "/.config" }

    /// `$XDG_STATE_HOME` or `~/.local/state`.
    var stateHome: String { absolute(environment["XDG_STATE_HOME"]) ?? home + "/.local/state" }

    private func absolute(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/") else { return nil }
        return path
    }
}

/// One check of `pace doctor`. The list is ``all``. While paced runs, the checks use what it reports about
/// itself (`GetHealth`); without it they look at the files and the session bus themselves.
struct DoctorCheck: Sendable {
    var name: String
    var run: @Sendable (DoctorContext) -> DoctorResult

    /// Every check, in the order shown: the daemon first, because the others use what it reports.
    static let all = [daemon, log, config, inbox, units, notifications, heartRate, sync]

    /// The daemon answers on its socket.
    static let daemon = DoctorCheck(name: "daemon") { context in
        do throws(VarlinkClientError) {
            let client = try PaceClient(socketPath: context.socketPath, timeoutMilliseconds: 3000)
            let status = try client.status()
            context.status = status
            // An older paced without GetHealth still answers the rest; the checks then look for themselves.
            context.health = try? client.call(PaceAPI.GetHealth.self, NoParameters()).health
            var uptime = ""
            if let started = Instant(rfc3339: status.startedAt), let now = Instant(rfc3339: status.now) {
                uptime = ", up \(DurationText.describe(seconds: max(0, now.seconds(since: started))))"
            }
            return DoctorResult(
                name: "daemon", outcome: .passed,
                detail: "paced \(status.version) is running (pid \(status.pid)\(uptime)) on \(context.socketPath)")
        } catch {
            let failure = ClientFailure(error)
            if case .daemonUnavailable = error.code {
                return DoctorResult(
                    name: "daemon", outcome: .failed, detail: "paced is not running (nothing on \(context.socketPath))",
                    fix: "start it with `systemctl --user start paced.socket`, or `make run` in the source tree")
            }
            if case .untrustedSocket(let problem) = error.code {
                return DoctorResult(
                    name: "daemon", outcome: .failed,
                    detail: "the socket \(context.socketPath) may belong to another user; nothing was sent to it",
                    fix: "\(problem)")
            }
            return DoctorResult(
                name: "daemon", outcome: .failed, detail: failure.message(now: context.now, zone: context.zone),
                fix: "see `journalctl --user -u paced`")
        }
    }

    /// The directory holding the event log exists and is private.
    static let log = DoctorCheck(name: "log") { context in
        let directory = context.status?.stateDirectory ?? context.stateHome + "/pace"
        let info: Stat?
        do {
            info = try Syscall.lstat(directory)
        } catch {
            return DoctorResult(
                name: "log", outcome: .failed, detail: "cannot look at \(directory): \(error)",
                fix: "check the permissions of its parent directories")
        }
        guard let info else {
            return DoctorResult(
                name: "log", outcome: .warning, detail: "no event log yet (\(directory) does not exist)",
                fix: "paced creates it when it first starts")
        }
        guard info.type == .directory else {
            return DoctorResult(
                name: "log", outcome: .failed, detail: "\(directory) is not a directory",
                fix: "move it away so paced can create its state directory there")
        }
        guard info.userID.rawValue == Syscall.userID else {
            return DoctorResult(
                name: "log", outcome: .failed,
                detail: "\(directory) belongs to another user (uid \(info.userID.rawValue))",
                fix: "use your own state directory (XDG_STATE_HOME)")
        }
        let mode = info.permissions.rawValue & 0o777
        guard mode & 0o077 == 0 else {
            return DoctorResult(
                name: "log", outcome: .failed,
                detail: "\(directory) is open to other users (mode \(String(mode, radix: 8)))",
                fix: "run `chmod 700 \(directory)`")
        }
        guard let log = context.health?.log else {
            return DoctorResult(name: "log", outcome: .passed, detail: "event log in \(directory), private (mode 700)")
        }
        return logHealth(log, directory: directory)
    }

    /// What paced says about its log: it refuses appends, an append failed, it repaired damage, or all is well.
    static func logHealth(_ log: PaceAPI.LogHealth, directory: String) -> DoctorResult {
        if let refusal = log.appendRefusal {
            return DoctorResult(
                name: "log", outcome: .failed, detail: "the event log takes no new events: \(refusal)",
                fix: "update Pace (`make install` in a newer source tree), then `systemctl --user restart paced`")
        }
        if let failure = log.lastAppendError {
            return DoctorResult(
                name: "log", outcome: .failed, detail: "the last write to the event log failed: \(failure)",
                fix: "free some space or fix the permissions of \(log.directory); nothing was recorded then, "
                    + "so record it again")
        }
        if !log.problems.isEmpty {
            return DoctorResult(
                name: "log", outcome: .warning,
                detail: "paced repaired or skipped parts of the event log when it opened it: "
                    + log.problems.joined(separator: "; "),
                fix: "what was skipped stays in the log; `paced --check-log` lists it, and "
                    + "`journalctl --user -u paced -p warning` has the details")
        }
        if log.unreadableEvents > 0 {
            let records = log.unreadableEvents == 1 ? "1 record" : "\(log.unreadableEvents) records"
            return DoctorResult(
                name: "log", outcome: .warning,
                detail: "\(records) in the event log are not events this Pace reads, or hold values out of range "
                    + "(kept, not counted)",
                fix: "update Pace if another machine with a newer one shares this log")
        }
        // Not `segments`: paced counts them when it opens the log, so a fresh log would show none.
        let records = log.records == 1 ? "1 record" : "\(log.records) records"
        return DoctorResult(
            name: "log", outcome: .passed, detail: "event log in \(directory), private (mode 700): \(records)")
    }

    /// The sync folder (docs/sync.md): skipped while sync is off; what paced could not read, write or reconcile.
    static let sync = DoctorCheck(name: "sync") { context in
        guard let health = context.health else {
            return DoctorResult(name: "sync", outcome: .skipped, detail: "sync: paced is not running")
        }
        guard let sync = health.sync else {
            return DoctorResult(name: "sync", outcome: .skipped, detail: "sync: off (no [sync] folder configured)")
        }
        return syncHealth(sync)
    }

    /// What paced says about its sync folder.
    static func syncHealth(_ sync: PaceAPI.SyncHealth) -> DoctorResult {
        let others = sync.devices.count - 1
        let summary =
            "\(sync.name) (\(sync.device)) syncs through \(sync.folder) with \(others) other device\(others == 1 ? "" : "s")"
        guard sync.problems.isEmpty else {
            return DoctorResult(
                name: "sync", outcome: .warning, detail: summary + ": " + sync.problems.joined(separator: "; "),
                fix: "the local record is unharmed; `journalctl --user -u paced -g sync` has the details")
        }
        return DoctorResult(name: "sync", outcome: .passed, detail: summary)
    }

    /// The config file is valid, as `paced --check-config` sees it.
    static let config = DoctorCheck(name: "config") { context in
        // The file the running paced reads (it may have been given --config); else where paced would look.
        let file = context.health?.configFile ?? context.configHome + "/pace/config.toml"
        if context.health?.configFile != nil && !Syscall.exists(file) {
            return DoctorResult(
                name: "config", outcome: .passed, detail: "no config file (\(file)); built-in defaults apply")
        }
        let candidates = [
            Subprocess.ownDirectory().map { $0 + "/paced" },
            Subprocess.find("paced", path: context.environment["PATH"]),
        ]
        guard let paced = candidates.compactMap({ $0 }).first(where: Subprocess.isExecutable) else {
            return DoctorResult(
                name: "config", outcome: .skipped,
                detail: "cannot check \(file): paced is neither next to pace nor on PATH")
        }
        let arguments = ["--check-config"] + (context.health?.configFile.map { ["--config", $0] } ?? [])
        guard let result = Subprocess.run(paced, arguments) else {
            return DoctorResult(name: "config", outcome: .skipped, detail: "cannot run \(paced) --check-config")
        }
        if result.status == 0 {
            let exists = Syscall.exists(file)
            return DoctorResult(
                name: "config", outcome: .passed,
                detail: exists ? "config \(file) is valid" : "no config file (\(file)); built-in defaults apply")
        }
        let firstLine = (result.error + result.output).split(separator: "\n").first.map(String.init) ?? ""
        if result.status == 64 && firstLine.lowercased().contains("unknown option") {
            return DoctorResult(
                name: "config", outcome: .skipped, detail: "this paced cannot check its config yet (no --check-config)")
        }
        return DoctorResult(
            name: "config", outcome: .failed, detail: firstLine.isEmpty ? "config \(file) is not valid" : firstLine,
            fix: "edit \(file) (the example in config/ documents every key)")
    }

    /// The systemd user units are installed and the socket enabled, so paced starts with the session.
    static let units = DoctorCheck(name: "units") { context in
        let userDirectory = context.configHome + "/systemd/user"
        let directories = [
            userDirectory, "/etc/systemd/user", context.home + "/.local/share/systemd/user",
            "/usr/local/lib/systemd/user", "/usr/lib/systemd/user",
        ]
        guard
            let found = directories.first(where: {
                Syscall.exists($0 + "/paced.service") && Syscall.exists($0 + "/paced.socket")
            })
        else {
            return DoctorResult(
                name: "units", outcome: .warning,
                detail: "the systemd units are not installed, so paced will not start by itself",
                fix: "install the pace package, or run `make install` in the source tree, then "
                    + "`systemctl --user enable --now paced.socket`")
        }
        // Enabled by the user (`systemctl --user enable`), or for every user: the Debian package does that in
        // /etc/systemd/user, as `systemctl --global enable` would.
        let enabled = [userDirectory, "/etc/systemd/user"].contains { directory in
            ["sockets.target.wants", "default.target.wants"].contains {
                Syscall.exists("\(directory)/\($0)/paced.socket")
            }
        }
        guard enabled else {
            return DoctorResult(
                name: "units", outcome: .warning, detail: "units installed in \(found) but paced.socket is not enabled",
                fix: "run `systemctl --user enable --now paced.socket`")
        }
        return DoctorResult(
            name: "units", outcome: .passed, detail: "units installed in \(found); paced.socket is enabled")
    }

    /// A notification server is on the session bus, so reminders reach the desktop.
    static let notifications = DoctorCheck(name: "notifications") { context in
        let withoutDesktop = "reminders go only to the journal and to `pace watch`"
        if context.health != nil {
            return desktopHealth(context.health?.desktop)
        }
        let runtime = context.environment["XDG_RUNTIME_DIR"]
        let hasBus =
            !(context.environment["DBUS_SESSION_BUS_ADDRESS"] ?? "").isEmpty
            || (runtime.map { Syscall.exists($0 + "/bus") } ?? false)
        guard hasBus else {
            return DoctorResult(
                name: "notifications", outcome: .warning, detail: "no session bus here",
                fix: "\(withoutDesktop); run Pace in your desktop session for notifications")
        }
        guard let busctl = Subprocess.find("busctl", path: context.environment["PATH"]) else {
            return DoctorResult(
                name: "notifications", outcome: .skipped, detail: "cannot ask the session bus (busctl not found)")
        }
        let dbus = ["--user", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus"]
        let owner = Subprocess.run(busctl, dbus + ["NameHasOwner", "s", "org.freedesktop.Notifications"])
        if owner?.status == 0 && owner?.output.hasPrefix("b true") == true {
            return DoctorResult(name: "notifications", outcome: .passed, detail: "a notification server is running")
        }
        guard owner?.status == 0 else {
            return DoctorResult(
                name: "notifications", outcome: .warning, detail: "cannot reach the session bus",
                fix: "\(withoutDesktop) until it is back")
        }
        let activatable = Subprocess.run(busctl, dbus + ["ListActivatableNames"])
        if activatable?.output.contains("\"org.freedesktop.Notifications\"") == true {
            return DoctorResult(
                name: "notifications", outcome: .passed, detail: "a notification server starts when needed")
        }
        return DoctorResult(
            name: "notifications", outcome: .warning, detail: "no notification server on the session bus",
            fix: "install one (your desktop's, or dunst or mako); until then \(withoutDesktop)")
    }

    /// The import inbox, when one is configured: whether paced follows it, and what became of the latest file.
    static let inbox = DoctorCheck(name: "inbox") { context in
        guard context.status != nil else {
            return DoctorResult(name: "inbox", outcome: .skipped, detail: "import inbox: paced is not running")
        }
        guard let inbox = context.health?.inbox else {
            return DoctorResult(
                name: "inbox", outcome: .skipped, detail: "import inbox: off (no [import] inbox configured)")
        }
        return inboxResult(inbox)
    }

    /// What paced says about its import inbox.
    static func inboxResult(_ inbox: PaceAPI.InboxHealth) -> DoctorResult {
        let folder = "import inbox \(inbox.directory)"
        guard inbox.watching else {
            return DoctorResult(
                name: "inbox", outcome: .warning, detail: "\(folder): \(inbox.problem ?? "not followed")",
                fix: "create the folder or correct [import] inbox; see `journalctl --user -u paced`")
        }
        if let last = inbox.recent.first, last.outcome == "refused" {
            return DoctorResult(
                name: "inbox", outcome: .warning, detail: "\(folder): \(last.name) was refused: \(last.detail)",
                fix: "replace or remove it; paced tries it again when it changes")
        }
        var detail = "\(folder) is followed"
        if inbox.imported + inbox.refused > 0 {
            detail += "; since paced started \(inbox.imported) imported, \(inbox.refused) refused"
        }
        if let last = inbox.recent.first { detail += "; last \(last.name): \(last.detail)" }
        if inbox.waiting > 0 { detail += "; \(inbox.waiting) waiting" }
        return DoctorResult(name: "inbox", outcome: .passed, detail: detail)
    }

    /// The heart-rate sensor, when one is configured: what paced sees of it through BlueZ.
    static let heartRate = DoctorCheck(name: "heart rate") { context in
        guard let status = context.status else {
            return DoctorResult(name: "heart rate", outcome: .skipped, detail: "heart rate: paced is not running")
        }
        guard status.heartRate != nil else {
            return DoctorResult(
                name: "heart rate", outcome: .skipped, detail: "heart rate: off (no [heart_rate] device configured)")
        }
        let reading: PaceAPI.HeartRate
        do throws(VarlinkClientError) {
            let client = try PaceClient(socketPath: context.socketPath, timeoutMilliseconds: 3000)
            reading = try client.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate
        } catch {
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "paced did not say what its heart-rate sensor does",
                fix: "see `journalctl --user -u paced`")
        }
        return heartRateResult(reading)
    }

    /// What paced says about its heart-rate sensor.
    static func heartRateResult(_ reading: PaceAPI.HeartRate) -> DoctorResult {
        let sensor = reading.deviceName ?? reading.device ?? "the sensor"
        var dropped = ""
        if reading.rejectedFrames > 0 {
            dropped = "; \(reading.rejectedFrames) malformed frames dropped (\(HeartRateText.journalNote))"
        }
        switch reading.sensor {
        case "reading":
            let battery = reading.batteryPercent.map { ", battery \($0) %" } ?? ""
            return DoctorResult(
                name: "heart rate", outcome: .passed, detail: "reading heart rate from \(sensor)\(battery)\(dropped)")
        case "noSystemBus":
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "no system bus to reach Bluetooth on",
                fix: "heart rate needs the system D-Bus (dbus or dbus-broker)")
        case "noBluetooth":
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "the Bluetooth service (BlueZ) is not running",
                fix: "start it: `systemctl start bluetooth`")
        case "noAdapter":
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "BlueZ has no Bluetooth adapter",
                fix: "plug one in, or check `bluetoothctl list`")
        case "adapterOff":
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "Bluetooth is switched off",
                fix: "switch it on in your desktop's settings, or `bluetoothctl power on`")
        case "searching":
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "\(sensor) is not paired or not known to BlueZ",
                fix:
                    "pair it in your desktop's Bluetooth settings (or `bluetoothctl pair \(reading.device ?? "ADDRESS")`)"
            )
        default:
            return DoctorResult(
                name: "heart rate", outcome: .warning, detail: "\(reading.sensorText): \(sensor)\(dropped)",
                fix: "wear the sensor (it sleeps without skin contact) and keep it in range")
        }
    }

    /// What paced says about its desktop connection.
    static func desktopHealth(_ desktop: PaceAPI.DesktopHealth?) -> DoctorResult {
        let withoutDesktop = "reminders go only to the journal and to `pace watch`"
        guard let desktop else {
            return DoctorResult(
                name: "notifications", outcome: .warning, detail: "paced has no desktop connection",
                fix: "\(withoutDesktop); start paced from your desktop session "
                    + "(`systemctl --user start paced.socket`) for notifications")
        }
        guard desktop.sessionBus else {
            return DoctorResult(
                name: "notifications", outcome: .warning, detail: "paced cannot reach the session bus",
                fix: "\(withoutDesktop) until it can; paced reconnects by itself")
        }
        guard let server = desktop.notificationServer else {
            return DoctorResult(
                name: "notifications", outcome: .warning, detail: "no notification server on the session bus",
                fix: "install one (your desktop's, or dunst or mako); until then \(withoutDesktop)")
        }
        var detail = "notifications go to \(server)"
        detail += desktop.actions ? ", with buttons" : " (no buttons there: answer with `pace answer`)"
        if desktop.doNotDisturb { detail += "; do not disturb is on, so reminders wait until it is off" }
        return DoctorResult(name: "notifications", outcome: .passed, detail: detail)
    }
}
