import FoundationEssentials
import PaceProtocol
import PaceTestSupport
import Testing

/// A reminder from a real `paced` on the real `dunst`, drawing on a virtual X display.
@Suite struct ReminderDunstTests {
    @Test func boutReminderIsDisplayedByDunst() async throws {
        let rig = try ReminderRig(desktop: .sessionBus, start: false)
        let bus = try #require(rig.sessionBus)
        let display = try VirtualDisplay(in: rig.directory.path)
        let dunst = try Dunst(on: bus, display: display, in: rig.directory.path)
        try rig.startDaemon()
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.health())?.desktop?.notificationServer?.hasPrefix("dunst ") == true
            }, "dunst did not answer: \(dunst.process.standardError)")
        #expect(try rig.health().desktop?.actions == true)
        #expect(dunst.displayedCount == 0)

        try rig.startWalk()
        try rig.advance(minutes: 11)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount ?? 0 >= 1 }, "\(rig.standardError)")
        #expect(dunst.displayedCount == 1)
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
        withExtendedLifetime((display, dunst)) {}
    }
}
