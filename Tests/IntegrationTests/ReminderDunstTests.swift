import FoundationEssentials
import PaceProtocol
import PaceTestSupport
import Testing

/// A reminder from a real `paced` on the real `dunst`, drawing on a virtual X display.
@Suite(.screenshotOnIssue) struct ReminderDunstTests {
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

/// Answers in the notification, on the real `dunst`: its context menu is how a person without a pointer
/// presses a button (`dunstctl context`).
@Suite(.screenshotOnIssue) struct ReminderDunstAnswerTests {
    private static func start(
        _ reminders: [String: String], timeoutSeconds: Int? = nil
    ) async throws -> (ReminderRig, VirtualDisplay, Dunst) {
        let rig = try ReminderRig(desktop: .sessionBus, reminders: reminders, start: false)
        let bus = try #require(rig.sessionBus)
        let display = try VirtualDisplay(in: rig.directory.path)
        let dunst = try Dunst(on: bus, display: display, in: rig.directory.path, timeoutSeconds: timeoutSeconds)
        try rig.startDaemon()
        try #require(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.health())?.desktop?.notificationServer?.hasPrefix("dunst ") == true
            }, "dunst did not answer: \(dunst.process.standardError)")
        return (rig, display, dunst)
    }

    @Test func morningPromptIsAnsweredWithItsButton() async throws {
        let (rig, display, dunst) = try await Self.start(["morning_checkin": #""12:05""#])
        try rig.advance(minutes: 6)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount ?? 0 >= 1 }, "\(rig.standardError)")
        try dunst.press("energy-good")
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { (try? rig.checkIns())?.count == 1 },
            "\(rig.standardError)\n\(dunst.process.standardError)")
        #expect(try rig.checkIns().map(\.energy) == [7])
        // dunst closes a notification once a button is pressed; the close is no second answer.
        #expect(await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount == 0 })
        #expect(try rig.events().filter { $0.type == "reminderActedOn" }.isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
        withExtendedLifetime(display) {}
    }

    /// The stop-and-rest reminder outlasts a notification that expires with dunst's timeout (1 s here), and
    /// goes when the bout ends.
    @Test func stopAndRestStaysUntilTheBoutEnds() async throws {
        let (rig, display, dunst) = try await Self.start([:], timeoutSeconds: 1)
        try rig.startWalk()
        try rig.advance(minutes: 11)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount ?? 0 >= 1 }, "\(rig.standardError)")
        try dunst.notify("witness")
        // The witness came after the reminder and expired into the history: the reminder outlasted dunst's timeout.
        #expect(await eventually(timeoutMilliseconds: 20_000) { dunst.historyCount ?? 0 >= 1 })
        #expect(dunst.displayedCount == 1)
        try rig.call(PaceAPI.StopActivity.self, .init())
        #expect(await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount == 0 }, "\(rig.standardError)")
        #expect(try rig.events().filter { $0.type == "reminderActedOn" }.isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
        withExtendedLifetime(display) {}
    }
}
