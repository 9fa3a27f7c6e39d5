import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// The desktop layer alone in a process of its own (`pace-desktop-probe`), for what must be measured from
/// outside or would disturb other tests in this process: idle wakeups and the test clock offset.
@Suite struct ProbeProcessTests {
    /// Starts the probe with `arguments` and `environment` and waits for its "ready" line.
    private static func startProbe(
        _ arguments: [String], environment: [String: String], in directory: String
    ) throws -> ChildProcess {
        let probe = try ChildProcess(
            Executables.path("pace-desktop-probe"), arguments,
            environment: TestEnvironment.minimal.merging(environment) { $1 }, outputDirectory: directory)
        guard poll(timeoutMilliseconds: 30_000, { probe.standardOutput.contains("ready") }) else {
            probe.signal(SIGKILL)
            throw TestFailure("pace-desktop-probe did not get ready: \(probe.standardError)")
        }
        return probe
    }

    private static func lines(_ probe: ChildProcess, starting prefix: String) -> [String] {
        probe.standardOutput.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    /// Writes `text` to `path` atomically, as the offset file's documentation asks.
    private static func writeAtomically(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(filePath: path + ".new"))
        guard rename(path + ".new", path) == 0 else { throw TestFailure("rename \(path): errno \(errno)") }
    }

    @Test func testOffsetMovesTheWallClockFiresTheOverdueTimerAndIsOneClockChange() async throws {
        let fixture = DesktopFixture()
        let offsetFile = fixture.directory.appending("clock-offset")
        var environment = fixture.environment
        environment["PACE_TEST_HOOKS"] = "1"
        environment["PACE_TEST_CLOCK_OFFSET_FILE"] = offsetFile
        // A timer an hour ahead; then the daemon's clock moves two hours on, without anyone sleeping.
        let probe = try Self.startProbe(["--arm-in", "3600000"], environment: environment, in: fixture.directory.path)
        defer {
            probe.signal(SIGTERM)
            probe.wait()
        }
        let armed = try #require(Self.lines(probe, starting: "armed ").first.flatMap { Int64($0.dropFirst(6)) })
        try Self.writeAtomically("7200000\n", to: offsetFile)
        #expect(await eventually { !Self.lines(probe, starting: "fired ").isEmpty })
        let fired = try #require(Self.lines(probe, starting: "fired ").first.flatMap { Int64($0.dropFirst(6)) })
        // The daemon's clock is two hours on: past the deadline, though only seconds really passed.
        #expect(fired >= armed + 3_600_000)
        #expect(fired < armed + 3_600_000 + 60_000)
        #expect(Self.lines(probe, starting: "clock ") == ["clock testOffset step=7200000 suspended=0"])
        // The same offset again is no change; a new one is one more.
        try Self.writeAtomically("7200000", to: offsetFile)
        try Self.writeAtomically("7260000", to: offsetFile)
        #expect(await eventually { Self.lines(probe, starting: "clock ").count == 2 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(Self.lines(probe, starting: "clock ").last == "clock testOffset step=60000 suspended=0")
        #expect(Self.lines(probe, starting: "clock ").count == 2)
        #expect(Self.lines(probe, starting: "fired ").count == 1)
    }

    @Test func offsetFileIsIgnoredWithoutTestHooks() async throws {
        let fixture = DesktopFixture()
        let offsetFile = fixture.directory.appending("clock-offset")
        var environment = fixture.environment
        environment["PACE_TEST_CLOCK_OFFSET_FILE"] = offsetFile
        let probe = try Self.startProbe(["--arm-in", "3600000"], environment: environment, in: fixture.directory.path)
        defer {
            probe.signal(SIGTERM)
            probe.wait()
        }
        try Self.writeAtomically("7200000", to: offsetFile)
        try await Task.sleep(for: .milliseconds(500))
        #expect(Self.lines(probe, starting: "clock ").isEmpty)
        #expect(Self.lines(probe, starting: "fired ").isEmpty)
    }

    /// With both buses connected, a notification server and logind answering, the clock watcher and a
    /// timer armed an hour ahead, the process does not wake up at all; nor does one whose buses do not exist
    /// (their sockets are watched with inotify, in directories that do not exist yet either).
    ///
    /// libdispatch retires an idle worker thread 5 s after its last work item (`_dispatch_worker_thread` waits
    /// on its semaphore with a 5 s timeout, then exits): one wakeup after activity, never a periodic one. So
    /// the measurement starts once the probes have been quiet for 6 s, and if a thread still retires during
    /// the 10 s window (a slow machine), the next window is the one that counts.
    @Test(.timeLimit(.minutes(3)))
    func idleProcessDoesNotWakeUp() async throws {
        let fixture = DesktopFixture()
        let session = try fixture.startSessionBus()
        let system = try fixture.startSystemBus()
        let server = try TestNotificationServer(on: session, in: fixture.directory.path)
        let logind = try TestLogind(on: system, in: fixture.directory.path)
        let connected = try Self.startProbe(
            ["--arm-in", "3600000"], environment: fixture.environment, in: fixture.directory.path)
        let absent = fixture.directory.appending("absent/run")
        let alone = try Self.startProbe(
            ["--arm-in", "3600000"],
            environment: [
                "DBUS_SESSION_BUS_ADDRESS": "unix:path=\(absent)/user/bus",
                "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(absent)/dbus/system_bus_socket",
            ],
            in: fixture.directory.path)
        defer {
            for probe in [connected, alone] {
                probe.signal(SIGTERM)
                probe.wait()
            }
        }
        #expect(Self.lines(connected, starting: "ready") == ["ready session=true system=true"])
        #expect(Self.lines(alone, starting: "ready") == ["ready session=false system=false"])
        try await Task.sleep(for: .seconds(6))
        for window in 1...2 {
            let before = [connected, alone].map { ContextSwitches.byThread($0.pid) }
            try await Task.sleep(for: .seconds(10))
            let after = [connected, alone].map { ContextSwitches.byThread($0.pid) }
            if window == 1 && zip(before, after).contains(where: { Set($0.keys) != Set($1.keys) }) { continue }
            for (name, (earlier, later)) in zip(["connected", "without buses"], zip(before, after)) {
                #expect(Set(later.keys) == Set(earlier.keys), "\(name): threads came or went: \(earlier) → \(later)")
                let woken = ContextSwitches.added(from: earlier, to: later)
                #expect(woken == 0, "\(name): context switches in 10 s: \(earlier) → \(later)")
            }
            break
        }
        _ = (server, logind)
    }
}
