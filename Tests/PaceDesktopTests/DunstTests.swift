import FoundationEssentials
import Glibc
import PaceDaemon
import PaceTestSupport
import Testing

/// The real `dunst` notification server, on a private session bus and a virtual X display (`Xvfb`).
@Suite struct DunstTests {
    /// A private X server on a display number it picks itself, started and stopped by pid.
    private final class VirtualDisplay: @unchecked Sendable {
        let process: ChildProcess
        let display: String

        init(in directory: String) throws {
            // -displayfd: Xvfb chooses a free display and writes its number once it accepts clients.
            process = try ChildProcess(
                "/usr/bin/Xvfb", ["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                environment: TestEnvironment.minimal, outputDirectory: directory)
            let process = self.process
            guard poll(timeoutMilliseconds: 10_000, { process.standardOutput.hasSuffix("\n") }) else {
                process.signal(SIGKILL)
                throw TestFailure("Xvfb did not start: \(process.standardError)")
            }
            display = ":" + process.standardOutput.filter(\.isNumber)
        }

        deinit {
            process.signal(SIGTERM)
            if process.wait(timeoutMilliseconds: 5000) == nil {
                process.signal(SIGKILL)
                process.wait()
            }
        }
    }

    private static func dunstctl(_ arguments: [String], bus: PrivateBus) throws -> String {
        var environment = TestEnvironment.minimal
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        let result = try Executables.run("/usr/bin/dunstctl", arguments, environment: environment)
        guard result.status == 0 else { throw TestFailure("dunstctl \(arguments): \(result.standardError)") }
        return result.standardOutput.filter { !$0.isWhitespace }
    }

    @Test func reminderIsDisplayedAndPausingIsDoNotDisturb() async throws {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        let display = try VirtualDisplay(in: fixture.directory.path)
        let configuration = fixture.directory.appending("dunstrc")
        try Data("[global]\n    monitor = 0\n    follow = none\n    idle_threshold = 0\n".utf8)
            .write(to: URL(filePath: configuration))
        var environment = TestEnvironment.minimal
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        environment["DISPLAY"] = display.display
        environment["HOME"] = fixture.directory.path
        let dunst = try ChildProcess(
            "/usr/bin/dunst", ["-config", configuration], environment: environment,
            outputDirectory: fixture.directory.path)
        defer {
            dunst.signal(SIGTERM)
            if dunst.wait(timeoutMilliseconds: 5000) == nil {
                dunst.signal(SIGKILL)
                dunst.wait()
            }
        }

        let desktop = DesktopHarness(environment: fixture.environment)
        #expect(
            await desktop.waitUntil(timeoutMilliseconds: 10_000) { $0.notificationServer?.name == "dunst" },
            "dunst did not answer: \(dunst.standardError)")
        #expect(desktop.run { $0.notificationServer?.supportsActions } == true)
        _ = desktop.run { $0.show(NotificationTests.reminder) }
        #expect(
            await eventually { (try? Self.dunstctl(["count", "displayed"], bus: bus)).flatMap { Int($0) } ?? 0 >= 1 })

        // dunst's pause is its do-not-disturb.
        _ = try Self.dunstctl(["set-paused", "true"], bus: bus)
        #expect(await desktop.waitFor { $0.contains(.hold(doNotDisturb: true, locked: false)) })
        _ = try Self.dunstctl(["set-paused", "false"], bus: bus)
        #expect(await desktop.waitFor { $0.last == .hold(doNotDisturb: false, locked: false) })
        _ = display
    }
}
