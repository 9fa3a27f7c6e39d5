import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// "What were you doing?": away from the desk (logind's `IdleHint` on the test logind), back after 20 min or more,
/// one notification asks what it was, and one press records it with its real times, late. The question is a
/// reminder: quiet hours hold it until they end; a bout left running gets asked whether it went on.
@Suite struct AwayQuestionTests {
    /// A rig with two walks recorded (so walk is the kind used most), idle from then on, by the daemon's account.
    /// The minutes a "You were away N min (…)" question names.
    private static func awayMinutes(_ summary: String?) -> Int? {
        guard let summary, summary.hasPrefix("You were away ") else { return nil }
        return Int(summary.dropFirst("You were away ".count).prefix { $0.isNumber })
    }

    private func awayRig() throws -> (ReminderRig, TestLogind) {
        let rig = try ReminderRig(desktop: .all)
        let logind = try #require(rig.logind)
        for _ in 0..<2 {
            try rig.startWalk()
            try rig.advance(minutes: 1)
            try rig.call(PaceAPI.StopActivity.self, .init())
        }
        try logind.setIdleHint(true)
        // Locking and unlocking after it proves the daemon has seen the idle hint; the session stays idle.
        try rig.settleSystemBus()
        return (rig, logind)
    }

    @Test func backAfterLongAwayAsksOnceAndRestRecordsTheRealTimes() async throws {
        let (rig, logind) = try awayRig()
        let awayFrom = try rig.now()
        try rig.advance(minutes: 45)
        try logind.setIdleHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let backAt = try rig.now()
        let question = try #require(rig.notifies.first)
        #expect(question.summary?.hasPrefix("You were away 45 min (") == true, "\(question.summary ?? "")")
        #expect(question.summary?.hasSuffix("). What was it?") == true)
        #expect(question.actions?.count == 6)
        #expect(question.actions?.prefix(2) == ["kind:walk", "walk"])
        #expect(question.actions?.suffix(2) == ["rest", "Rest"])
        #expect(question.expireTimeout == 0)

        try rig.press("rest", on: question.id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.events())?.contains { $0.type == "restEnded" } == true
            }, "\(rig.standardError)")
        let events = try rig.events()
        let started = try #require(events.last { $0.type == "restStarted" })
        let ended = try #require(events.last { $0.type == "restEnded" })
        // The rest's own times, not the time of the press: from going idle to coming back.
        #expect(
            started.at >= awayFrom.millisecondsSinceEpoch - 60_000
                && started.at <= awayFrom.millisecondsSinceEpoch + 60_000)
        // (The status gives whole seconds.)
        #expect(ended.at < backAt.millisecondsSinceEpoch + 1000)
        #expect(ended.at - started.at >= 45 * 60_000)
        #expect(try rig.status().rest == nil)

        // A second press records nothing more, and says so once.
        try rig.press("rest", on: question.id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { rig.lines(containing: "was already answered").count == 1 })
        #expect(try rig.events().filter { $0.type == "restStarted" }.count == 1)
        #expect(rig.notifies.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func aKindPressLogsTheActivityWithItsTimes() async throws {
        let (rig, logind) = try awayRig()
        try rig.advance(minutes: 30)
        try logind.setIdleHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let question = try #require(rig.notifies.first)
        try rig.press("kind:somewhere-else", on: question.id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { rig.lines(containing: "unknown action").count == 1 })
        try rig.press("kind:walk", on: question.id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.events())?.contains { $0.type == "activityLogged" } == true
            }, "\(rig.standardError)")
        let logged = try #require(try rig.events().first { $0.type == "activityLogged" })
        #expect(logged.activity == "walk")
        #expect((logged.durationSeconds ?? 0) >= 30 * 60)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// GNOME's idle monitor, where it exists, says away and back too; away began a minute before it said so.
    @Test func gnomeIdleMonitorSaysAwayAndBack() async throws {
        let rig = try ReminderRig(desktop: .all, start: false)
        let monitor = try TestIdleMonitor(on: try #require(rig.sessionBus), in: rig.directory.path)
        try rig.startDaemon()
        try #require(
            await eventually { rig.lines(containing: "following GNOME's idle monitor").count == 1 },
            "\(rig.standardError)")
        try monitor.setIdle(true)
        try rig.settleSystemBus()
        try rig.advance(minutes: 25)
        try monitor.setIdle(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(rig.notifies.first?.summary?.hasPrefix("You were away 26 min (") == true, "\(rig.notifies)")
        #expect(rig.daemon.stop() == .exited(0))
        withExtendedLifetime(monitor) {}
    }

    /// Idle signals that flap, and a short time away, ask nothing.
    @Test func flappingAndShortAbsencesAskNothing() async throws {
        let (rig, logind) = try awayRig()
        for _ in 0..<10 {
            try logind.setIdleHint(false)
            try logind.setIdleHint(true)
        }
        try rig.advance(minutes: 5)
        try logind.setIdleHint(false)
        try rig.settleSystemBus()
        try rig.settleSessionBus()
        #expect(rig.notifies.isEmpty)
        #expect(rig.lines(containing: "You were away").isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// logind's `IdleSinceHint` dates the absence, also when paced starts during it.
    @Test func logindSaysWhenTheSessionWentIdleEvenBeforePacedStarted() async throws {
        let rig = try ReminderRig(desktop: .all, start: false)
        let logind = try #require(rig.logind)
        // Idle for 30 min already when paced starts (its clock starts at 12:00).
        try logind.setIdleHint(true, sinceMilliseconds: TestClock.todayUTC(hour: 11, minute: 30))
        try rig.startDaemon()
        try rig.settleSystemBus()
        try rig.advance(minutes: 5)
        try logind.setIdleHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(rig.notifies.first?.summary == "You were away 35 min (11:30–12:05). What was it?", "\(rig.notifies)")
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Going idle while paced runs: logind sends `IdleSinceHint` with `IdleHint`, and its time is taken.
    @Test func theIdleSinceHintThatComesWithTheChangeIsTaken() async throws {
        let rig = try ReminderRig(desktop: .all)
        let logind = try #require(rig.logind)
        let now = try rig.now()
        try logind.setIdleHint(true, sinceMilliseconds: now.millisecondsSinceEpoch - 20 * 60_000)
        try rig.settleSystemBus()
        try rig.advance(minutes: 10)
        try logind.setIdleHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(rig.notifies.first?.summary?.hasPrefix("You were away 30 min (11:40–12:10)") == true, "\(rig.notifies)")
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// GNOME's idle monitor may come after paced connected (GNOME Shell starting), idle already, and go again.
    @Test func anIdleMonitorThatComesLaterIsFollowedAndItsGoingIsNoReturn() async throws {
        let rig = try ReminderRig(desktop: .all)
        let bus = try #require(rig.sessionBus)
        // It comes idle already: paced asks how long, and the absence began a minute ago.
        let monitor = try TestIdleMonitor(on: bus, in: rig.directory.path, idle: true)
        try #require(
            await eventually { rig.lines(containing: "following GNOME's idle monitor").count == 1 },
            "\(rig.standardError)")
        try rig.settleSessionBus()
        try rig.advance(minutes: 25)
        try monitor.setIdle(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        // The absence began when the monitor came; the test's own steps add real minutes on a loaded machine.
        #expect(Self.awayMinutes(rig.notifies.first?.summary).map { (26...36).contains($0) } == true, "\(rig.notifies)")

        // Idle again, then GNOME Shell goes: no "you were away", however long.
        try monitor.setIdle(true)
        try rig.settleSessionBus()
        try rig.advance(minutes: 40)
        monitor.stop()
        try #require(
            await eventually { rig.lines(containing: "that time away is not asked about").count == 1 },
            "\(rig.standardError)")
        #expect(rig.lines(containing: "GNOME's idle monitor left the session bus").count == 1)
        try rig.settleSystemBus()
        #expect(rig.notifies.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Back in quiet hours: the question is held, the status says until when, and it is asked when they end.
    @Test func quietHoursHoldTheQuestionAndItIsAskedWhenTheyEnd() async throws {
        // Quiet from 12:30 (the rig's clock starts at 12:00) to 14:00.
        let rig = try ReminderRig(desktop: .all, reminders: ["quiet_hours": #""12:30-14:00""#])
        let logind = try #require(rig.logind)
        try logind.setIdleHint(true)
        try rig.settleSystemBus()
        try rig.advance(minutes: 40)
        try logind.setIdleHint(false)
        try #require(
            await eventually { rig.lines(containing: "waits its turn among the reminders").count == 1 },
            "\(rig.standardError)")
        _ = try rig.status()
        #expect(rig.notifies.isEmpty)
        let held = try #require(try rig.status().remindersHeld)
        #expect(held.reason == "quietHours")
        #expect(held.until?.hasSuffix("T14:00:00Z") == true, "\(held)")
        try rig.advance(minutes: 80)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(rig.notifies.first?.summary?.hasPrefix("You were away 40 min (12:00–12:40)") == true)
        #expect(try rig.shownReminders().map(\.reminder).contains { $0?.hasPrefix("away:") == true })
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A bout left running while away: back, one notification asks whether it went on; [Stopped at …] stops it
    /// when the person left.
    @Test func aBoutLeftRunningIsAskedAboutAndStoppedWhenThePersonLeft() async throws {
        let rig = try ReminderRig(
            desktop: .all, reminders: ["longest_bout": #""4h""#, "shortest_bout": #""4h""#, "bout_reminders": "0"])
        let logind = try #require(rig.logind)
        try rig.call(PaceAPI.StartActivity.self, .init(kind: "cognitive"))
        try rig.advance(minutes: 10)
        let left = try rig.now()
        try logind.setIdleHint(true)
        try rig.settleSystemBus()
        try rig.advance(minutes: 30)
        try logind.setIdleHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let question = try #require(rig.notifies.first)
        #expect(question.summary?.hasPrefix("You were away 30 min (12:10–12:40). Did the ") == true, "\(question)")
        #expect(question.actions == ["bout-went-on", "It went on", "bout-stopped", "Stopped at 12:10"])
        try rig.press("bout-stopped", on: question.id)
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.events())?.contains { $0.type == "activityStopped" } == true
            }, "\(rig.standardError)")
        let stopped = try #require(try rig.events().last { $0.type == "activityStopped" })
        #expect(abs(stopped.at - left.millisecondsSinceEpoch) < 60_000)
        #expect(try rig.status().activity == nil)
        // A second press changes nothing.
        try rig.press("bout-stopped", on: question.id)
        #expect(await eventually { rig.lines(containing: "was already answered").count == 1 })
        #expect(try rig.events().filter { $0.type == "activityStopped" }.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Do not disturb holds the question too; it is asked when do-not-disturb ends.
    @Test func doNotDisturbHoldsTheQuestionUntilItEnds() async throws {
        let (rig, logind) = try awayRig()
        let server = try #require(rig.server)
        try server.control("SetInhibited", "b", "true")
        try #require(await eventually { rig.lines(containing: "notification server holds notifications").count == 1 })
        try rig.advance(minutes: 30)
        try logind.setIdleHint(false)
        try #require(await eventually { rig.lines(containing: "waits its turn among the reminders").count == 1 })
        try rig.settleSystemBus()
        #expect(rig.notifies.isEmpty)
        #expect(try rig.status().remindersHeld?.reason == "doNotDisturb")
        try server.control("SetInhibited", "b", "false")
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        // Away since paced saw the idle hint: the test's own steps add real minutes on a loaded machine.
        #expect(Self.awayMinutes(rig.notifies.first?.summary).map { (30...40).contains($0) } == true, "\(rig.notifies)")
        #expect(rig.daemon.stop() == .exited(0))
    }
}
