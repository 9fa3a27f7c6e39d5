import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Questions answered in the notification: the check-in prompts' buttons record the check-in `pace checkin`
/// would; a stop-and-rest reminder stays until it is answered or the bout ends; a server without buttons gets
/// the command to type; a second press, or a key Pace never offered, records nothing.
///
/// The daemon's clock starts at 12:00 UTC (``ReminderRig``); the prompts are set a few minutes later.
@Suite struct ReminderAnswerTests {
    @Test(arguments: [("energy-low", 3), ("energy-usual", 5), ("energy-good", 7)])
    func morningPromptButtonsRecordAnEnergyCheckIn(key: String, energy: Int) async throws {
        let rig = try ReminderRig(reminders: ["morning_checkin": #""12:05""#])
        try rig.advance(minutes: 6)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let prompt = try #require(rig.notifies.first)
        #expect(prompt.summary == "Energy today?")
        #expect(prompt.actions == ["energy-low", "Low", "energy-usual", "Usual", "energy-good", "Good"])
        #expect(prompt.body?.contains("pace checkin") == false)
        try rig.press(key, on: prompt.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.checkIns())?.count == 1 })
        #expect(try rig.checkIns().map(\.energy) == [energy])
        // Answered: the prompt is over, and does not come back.
        try rig.advance(minutes: 2)
        #expect(rig.notifies.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test(arguments: [("flare", true), ("no-flare", false)])
    func eveningPromptButtonsRecordAFlareAnswer(key: String, flare: Bool) async throws {
        let rig = try ReminderRig(reminders: ["evening_checkin": #""12:05""#])
        try rig.advance(minutes: 6)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let prompt = try #require(rig.notifies.first)
        #expect(prompt.summary == "How was today?")
        #expect(prompt.actions == ["flare", "Flare", "no-flare", "OK"])
        try rig.press(key, on: prompt.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.checkIns())?.count == 1 })
        #expect(try rig.checkIns().map(\.flare) == [flare])
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A server that keeps the notification after a press and reports it pressed again, or reports a key Pace
    /// never offered: no second event, one log line each.
    @Test func secondPressAndUnknownKeyRecordNothing() async throws {
        let rig = try ReminderRig(reminders: ["morning_checkin": #""12:05""#])
        try rig.advance(minutes: 6)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let id = try #require(rig.notifies.first?.id)
        try rig.press("energy-make-it-up", on: id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                rig.lines(containing: "unknown action energy-make-it-up").count == 1
            }, "\(rig.standardError)")
        #expect(try rig.checkIns().isEmpty)

        try rig.press("energy-usual", on: id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.checkIns())?.count == 1 })
        try rig.press("energy-usual", on: id)
        try rig.press("energy-good", on: id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                rig.lines(containing: "was already answered or closed").count == 2
            }, "\(rig.standardError)")
        try rig.settleSessionBus()
        #expect(try rig.checkIns().map(\.energy) == [5])
        #expect(rig.lines(containing: "unknown action").count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A server that shows no buttons gets the question with the command to type.
    @Test func serverWithoutActionsGetsTheCommandToType() async throws {
        let rig = try ReminderRig(reminders: ["morning_checkin": #""12:05""#], serverCapabilities: ["body"])
        try rig.advance(minutes: 6)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let prompt = try #require(rig.notifies.first)
        #expect(prompt.summary == "Energy today?")
        #expect(prompt.actions == [])
        #expect(prompt.body?.hasSuffix("`pace checkin --energy N`.") == true)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// The stop-and-rest reminder has no timeout, at most three buttons, and paced closes it when the bout ends;
    /// the next one replaces whatever Pace still shows instead of stacking.
    @Test func stopAndRestStaysUntilTheBoutEndsAndRemindersReplaceEachOther() async throws {
        let rig = try ReminderRig(reminders: ["morning_checkin": #""12:15""#])
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let reminder = try #require(rig.notifies.first)
        #expect(reminder.expireTimeout == 0)
        #expect((reminder.actions?.count ?? 0) / 2 <= 3)
        try rig.call(PaceAPI.StopActivity.self, .init())
        let closes = { try #require(rig.server).calls.filter { $0.call == "CloseNotification" }.map(\.id) }
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? closes()) == [reminder.id] })

        // The prompt, which does not stay, uses the server's timeout.
        try rig.advance(minutes: 5)
        try #require(await rig.waitForNotifies(2), "\(rig.standardError)")
        let prompt = rig.notifies[1]
        #expect(prompt.expireTimeout == -1)
        #expect(prompt.replacesID == 0)
        // A bout reminder while the prompt is still on screen takes its place.
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(3), "\(rig.standardError)")
        #expect(rig.notifies[2].replacesID == prompt.id)
        #expect(rig.daemon.stop() == .exited(0))
    }
}

extension ReminderRig {
    /// The `checkIn` events in the log.
    func checkIns() throws -> [LoggedEvent] {
        try events().filter { $0.type == "checkIn" }
    }
}
