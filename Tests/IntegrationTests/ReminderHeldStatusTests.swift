import Foundation
import PaceProtocol
import PaceTestSupport
import Testing

/// An honest status: while a due reminder is held back (quiet hours, do not disturb, a locked session), the
/// status says so and until when, and `pace`, `pace waybar` and `Watch` show it.
@Suite struct ReminderHeldStatusTests {
    private func pace(_ rig: ReminderRig, _ arguments: [String]) throws -> String {
        let result = try Executables.run("pace", arguments, environment: rig.daemon.environment)
        guard result.status == 0 else { throw TestFailure("pace \(arguments): \(result.standardError)") }
        return result.standardOutput
    }

    @Test func quietHoursSayTheReminderIsHeldAndUntilWhen() async throws {
        // The daemon's clock starts at 12:00 UTC.
        let rig = try ReminderRig(reminders: ["quiet_hours": #""11:00-12:30""#])
        try rig.startWalk()
        #expect(try rig.status().remindersHeld == nil)
        try rig.advance(minutes: 11)
        #expect(rig.notifies.isEmpty)
        let held = try #require(try rig.status().remindersHeld)
        #expect(held.reason == "quietHours")
        #expect(held.until == TestClockDay.todayAt("12:30"))
        let line = try pace(rig, [])
        #expect(line.contains("rest due now"))
        #expect(line.contains("reminders held for quiet hours until 12:30"), "\(line)")
        let waybar = try pace(rig, ["waybar", "--once"])
        #expect(waybar.contains("held until 12:30"), "\(waybar)")
        #expect(waybar.contains(#""held""#), "\(waybar)")

        // Once quiet hours end the reminder comes, and nothing is held.
        try rig.advance(minutes: 20)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.status().remindersHeld == nil)
        #expect(try !pace(rig, []).contains("held"))
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func doNotDisturbSaysTheReminderIsHeldAndWatchHearsIt() async throws {
        let rig = try ReminderRig()
        let server = try #require(rig.server)
        try server.control("SetInhibited", "b", "true")
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.doNotDisturb == true })
        try rig.startWalk()
        try rig.advance(minutes: 11)
        #expect(rig.notifies.isEmpty)
        let held = try #require(try rig.status().remindersHeld)
        #expect(held.reason == "doNotDisturb")
        #expect(held.until == nil)
        #expect(try pace(rig, []).contains("reminders held by do not disturb"))

        let watch = try WatchSubscription(rig)
        try server.control("SetInhibited", "b", "false")
        #expect(watch.waitForStatus { $0["remindersHeld"] == nil || $0["remindersHeld"] is NSNull })
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.status().remindersHeld == nil)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func aLockedSessionSaysTheReminderIsHeld() async throws {
        let rig = try ReminderRig(desktop: .all)
        let logind = try #require(rig.logind)
        try logind.setLockedHint(true)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.locked == true })
        try rig.startWalk()
        try rig.advance(minutes: 11)
        #expect(try rig.status().remindersHeld?.reason == "locked")
        #expect(try pace(rig, []).contains("reminders held while the session is locked"))
        try logind.setLockedHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.status().remindersHeld == nil)
        #expect(rig.daemon.stop() == .exited(0))
    }
}
