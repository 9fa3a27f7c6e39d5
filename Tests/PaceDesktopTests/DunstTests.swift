import FoundationEssentials
import Glibc
import PaceDaemon
import PaceTestSupport
import Testing

/// The real `dunst` notification server, on a private session bus and a virtual X display (`Xvfb`).
@Suite(.screenshotOnIssue) struct DunstTests {
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

    /// What a failing dunst test leaves behind: a PNG of the virtual screen, in the known folder, named in the issue.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/import"), "needs ImageMagick's import"))
    func aFailingTestSavesAScreenshotOfTheDisplay() async throws {
        let fixture = DesktopFixture()
        let display = try VirtualDisplay(in: fixture.directory.path)
        let shots = VirtualDisplay.screenshotsOfCurrentTest()
        try #require(shots.count == 1, "\(shots)")
        let path = try #require(shots[0].split(separator: ": ").last.map(String.init))
        #expect(path.hasPrefix(VirtualDisplay.screenshotFolder + "/"))
        let bytes = try #require(FileManager.default.contents(atPath: path))
        // A PNG of the 800×600 screen.
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes.count > 100)
        try FileManager.default.removeItem(atPath: path)
        // Through the trait: an issue the test records takes one too.
        let before = (try? FileManager.default.contentsOfDirectory(atPath: VirtualDisplay.screenshotFolder)) ?? []
        withKnownIssue { Issue.record("a failure, on purpose") }
        let after = try FileManager.default.contentsOfDirectory(atPath: VirtualDisplay.screenshotFolder)
        let new = Set(after).subtracting(before).filter { $0.hasPrefix("aFailingTestSavesAScreenshotOfTheDisplay") }
        #expect(new.count == 1, "\(after)")
        for name in new { try FileManager.default.removeItem(atPath: VirtualDisplay.screenshotFolder + "/" + name) }
        withExtendedLifetime(display) {}
    }
}
