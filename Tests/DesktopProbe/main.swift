// pace-desktop-probe: the desktop layer alone, for tests that need it in a process of its own (idle wakeups,
// the test clock offset) and for trying it by hand on a real desktop:
//
//   swift run pace-desktop-probe --notify "Time to rest"   # show a notification, print what happens to it
//   swift run pace-desktop-probe --arm-in 5000             # arm a wall-clock timer 5 s ahead
//
// It prints one line per event on standard output ("ready …", "action 1 stop", "closed 1 dismissed",
// "sleep", "resume", "hold dnd=false locked=true", "clock resume step=0 suspended=5000", "fired …") and
// logs to standard error (debug with PACE_PROBE_DEBUG=1). It runs until killed.
import Glibc
import Logging
import PaceCore
import PaceDaemon
import PaceSystem

/// The probe's state, on the daemon's loop.
@DaemonActor
final class Probe {
    let clock = SystemClock()
    let armIn: Int64?
    let notify: String?
    let desktop: Desktop
    var timer: WallClockTimer?
    var readyCheck: LoopTimer?
    static var running: Probe?

    init(arguments: [String], environment: [String: String]) {
        var arguments = arguments[...]
        var armIn: Int64?
        var notify: String?
        while let argument = arguments.popFirst() {
            switch argument {
            case "--arm-in": armIn = arguments.popFirst().flatMap { Int64($0) }
            case "--notify": notify = arguments.popFirst()
            default: Probe.fail("usage: pace-desktop-probe [--arm-in MILLISECONDS] [--notify SUMMARY]")
            }
        }
        self.armIn = armIn
        self.notify = notify
        desktop = Desktop(clock: clock, logger: Logger(label: "pace-desktop-probe"), environment: environment)
    }

    nonisolated static func emit(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    nonisolated static func fail(_ message: String) -> Never {
        let bytes = Array((message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(64)
    }

    func start() {
        let desktop = self.desktop
        desktop.onAction = { handle, key in Probe.emit("action \(handle.rawValue) \(key)") }
        desktop.onClosed = { handle, reason in Probe.emit("closed \(handle.rawValue) \(reason)") }
        desktop.holdChanged.listen { [unowned desktop] in
            Probe.emit("hold dnd=\(desktop.isDoNotDisturb) locked=\(desktop.isLocked)")
        }
        desktop.sleeping.listen { Probe.emit("sleep") }
        desktop.resumed.listen { Probe.emit("resume") }
        desktop.clockChanged.listen { change in
            Probe.emit(
                "clock \(change.cause) step=\(change.stepMilliseconds) suspended=\(change.suspendedMilliseconds)")
        }
        desktop.start()
        if let armIn {
            do {
                let clock = self.clock
                let timer = try desktop.makeWallClockTimer {
                    Probe.emit("fired \(clock.now().millisecondsSinceEpoch)")
                }
                let deadline = Instant(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch + armIn)
                timer.arm(at: deadline)
                self.timer = timer
                Probe.emit("armed \(deadline.millisecondsSinceEpoch)")
            } catch {
                Probe.fail("cannot make a timer: \(error)")
            }
        }
        checkReady(attempt: 0)
    }

    /// Says "ready" once the buses there are have answered: a bus that is there connects within
    /// milliseconds, so one not connected after 200 ms is taken as absent (the desktop still finds it later).
    /// A session bus counts once its notification server answered (at most 5 s). No polling after that.
    private func checkReady(attempt: Int) {
        let sessionDone =
            desktop.isSessionBusConnected ? desktop.notificationServer != nil || attempt >= 100 : attempt >= 4
        let systemDone = desktop.isSystemBusConnected || attempt >= 4
        guard sessionDone && systemDone else {
            readyCheck = LoopTimer { [unowned self] in checkReady(attempt: attempt + 1) }
            readyCheck?.schedule(after: .milliseconds(50))
            return
        }
        Probe.emit("ready session=\(desktop.isSessionBusConnected) system=\(desktop.isSystemBusConnected)")
        if let notify {
            let actions: [DesktopNotification.Action] = [
                .init(key: "stop", label: "Stop"), .init(key: "snooze", label: "Snooze 5 min"),
                .init(key: "rest", label: "Start rest"),
            ]
            let notification = DesktopNotification(
                summary: notify, body: "A trial notification from pace-desktop-probe.", actions: actions)
            Probe.emit("shown \(desktop.show(notification).rawValue)")
        }
    }
}

LoggingSystem.bootstrap { label in
    var handler = StderrLogHandler(label: label)
    if getenv("PACE_PROBE_DEBUG") != nil { handler.logLevel = .debug }
    return handler
}
var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let text = String(cString: pointer)
    if let equals = text.firstIndex(of: "=") {
        environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    entry += 1
}
let arguments = Array(CommandLine.arguments.dropFirst())
let fixedEnvironment = environment
Task { @DaemonActor in
    let probe = Probe(arguments: arguments, environment: fixedEnvironment)
    probe.start()
    // Kept for good: the probe runs until killed.
    Probe.running = probe
}
ProcessSignals.parkForever()
