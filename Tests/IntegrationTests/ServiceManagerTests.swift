import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// paced and systemd's notify protocol, with a test-owned `NOTIFY_SOCKET` in place of systemd.
@Suite struct ServiceManagerTests {
    @Test func readyCarriesTheStatusAndStoppingFollowsSIGTERM() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let ready = try #require(daemon.notifications.last)
        #expect(assignments(ready) == ["READY=1", "STATUS=81 of 81 points left (calibrating)"])
        // Nothing before READY=1 claims readiness or stopping.
        #expect(daemon.notifications.dropLast().allSatisfy { !$0.contains("READY=1") && !$0.contains("STOPPING") })
        #expect(daemon.stop() == .exited(0))
        let stopping = daemon.notify.receive(until: "STOPPING=1", timeoutMilliseconds: 30_000)
        #expect(stopping.last.map(assignments) == ["STOPPING=1", "STATUS=Stopping"])
    }

    /// systemd may pass an abstract socket (`@name`): paced keeps one socket connected to it for every message.
    @Test func anAbstractNotifySocketGetsEveryMessage() throws {
        let name = "@pace-test-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let abstract = try NotifyListener(path: name)
        let daemon = try DaemonProcess(clockAtUTCHour: 12, extraEnvironment: ["NOTIFY_SOCKET": name])
        try daemon.start(waitForReady: false)
        let ready = abstract.receive(until: "READY=1", timeoutMilliseconds: 30_000)
        #expect(ready.last.map(assignments) == ["READY=1", "STATUS=81 of 81 points left (calibrating)"])
        try SocketActivationTests.expectStatusFollowsWrites(daemon, notify: abstract)
        #expect(daemon.stop() == .exited(0))
        let stopping = abstract.receive(until: "STOPPING=1", timeoutMilliseconds: 30_000)
        #expect(stopping.last.map(assignments) == ["STOPPING=1", "STATUS=Stopping"])
        // Nothing went to the path the daemon would otherwise have used.
        #expect(daemon.notify.receive(timeoutMilliseconds: 0) == nil)
    }

    @Test func watchdogPingsAtHalfTheRequestedInterval() throws {
        // 200 ms asked for: a ping every 100 ms, so about 10 in a second.
        let daemon = try DaemonProcess(extraEnvironment: ["WATCHDOG_USEC": "200000"])
        try daemon.start()
        let pings = countPings(daemon, forMilliseconds: 1000)
        #expect((5...14).contains(pings), "\(pings) pings in 1 s")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func noWatchdogPingsWithoutWatchdogUsec() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(countPings(daemon, forMilliseconds: 500) == 0)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func pingsStopWhileTheDaemonsLoopIsStuck() throws {
        let daemon = try DaemonProcess(extraEnvironment: ["WATCHDOG_USEC": "200000", "PACE_TEST_HOOKS": "1"])
        try daemon.start()
        #expect(countPings(daemon, forMilliseconds: 400) > 0)
        // The test hook blocks the loop for 1.5 s; its log line says when the block began.
        daemon.process?.signal(SIGUSR1)
        let deadline = Monotonic.milliseconds() + 5000
        while daemon.process?.standardError.contains("test hook: blocking") != true
            && Monotonic.milliseconds() < deadline
        {
            usleep(5000)
        }
        #expect(daemon.process?.standardError.contains("test hook: blocking the daemon's loop") == true)
        #expect(countPings(daemon, forMilliseconds: 100) <= 1)  // at most one already on its way
        #expect(countPings(daemon, forMilliseconds: 1000) == 0)
        // Once the loop is free again, so is the watchdog.
        #expect(countPings(daemon, forMilliseconds: 1500) > 0)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func theTestHookIsOffWithoutTheEnvironmentVariable() throws {
        let daemon = try DaemonProcess(extraEnvironment: ["WATCHDOG_USEC": "200000"])
        try daemon.start()
        // SIGUSR1 keeps its default action: it ends the process instead of blocking anything.
        #expect(daemon.stop(signal: SIGUSR1) == .signalled(SIGUSR1))
        #expect(daemon.process?.standardError.contains("test hook") == false)
    }

    @Test func sighupSendsReloadingThenReady() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let config = try writeConfig(daemon, "[day]\nstart_hour = 6\n")
        daemon.process?.signal(SIGHUP)
        let messages = daemon.notify.receive(until: "READY=1", timeoutMilliseconds: 30_000)
        let reloading = try #require(messages.first { $0.contains("RELOADING=1") })
        let fields = assignments(reloading)
        #expect(fields.first == "RELOADING=1")
        #expect(fields.contains { $0.hasPrefix("MONOTONIC_USEC=") && UInt64($0.dropFirst(15)) != nil })
        #expect(fields.contains("STATUS=Reloading \(config)"))
        #expect(messages.last.map(assignments) == ["READY=1", "STATUS=81 of 81 points left (calibrating)"])
        #expect(daemon.process?.standardError.contains("configuration reloaded from \(config)") == true)
        #expect(daemon.stop() == .exited(0))
    }

    private func assignments(_ message: String) -> [String] {
        message.split(separator: "\n").map(String.init)
    }

    /// Counts `WATCHDOG=1` datagrams arriving during the next `milliseconds`.
    private func countPings(_ daemon: DaemonProcess, forMilliseconds milliseconds: Int64) -> Int {
        var pings = 0
        let end = Monotonic.milliseconds() + milliseconds
        while case let remaining = end - Monotonic.milliseconds(), remaining > 0 {
            guard let message = daemon.notify.receive(timeoutMilliseconds: Int32(remaining)) else { break }
            if assignments(message).contains("WATCHDOG=1") { pings += 1 }
        }
        return pings
    }
}

/// Writes `text` to the daemon's `$XDG_CONFIG_HOME/pace/config.toml`.
/// - Returns: The file's path.
@discardableResult
func writeConfig(_ daemon: DaemonProcess, _ text: String) throws -> String {
    let directory = daemon.root.appending("config/pace")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/config.toml"
    try Data(text.utf8).write(to: URL(filePath: path))
    return path
}
