import FoundationEssentials
import Glibc
import PaceDaemon
import PaceTestSupport
import Testing

/// The real `dunst` notification server, on a private session bus and a virtual X display (`Xvfb`).
@Suite struct DunstTests {
    @Test func reminderIsDisplayedAndPausingIsDoNotDisturb() async throws {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        let display = try VirtualDisplay(in: fixture.directory.path)
        let dunst = try Dunst(on: bus, display: display, in: fixture.directory.path)

        let desktop = DesktopHarness(environment: fixture.environment)
        #expect(
            await desktop.waitUntil(timeoutMilliseconds: 10_000) { $0.notificationServer?.name == "dunst" },
            "dunst did not answer: \(dunst.process.standardError)")
        #expect(desktop.run { $0.notificationServer?.supportsActions } == true)
        _ = desktop.run { $0.show(NotificationTests.reminder) }
        #expect(await eventually { dunst.displayedCount ?? 0 >= 1 })

        // dunst's pause is its do-not-disturb.
        _ = try dunst.control(["set-paused", "true"])
        #expect(await desktop.waitFor { $0.contains(.hold(doNotDisturb: true, locked: false)) })
        _ = try dunst.control(["set-paused", "false"])
        #expect(await desktop.waitFor { $0.last == .hold(doNotDisturb: false, locked: false) })
        withExtendedLifetime((display, dunst)) {}
    }
}
