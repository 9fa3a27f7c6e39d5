import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// "What were you doing?": away from the desk (logind's `IdleHint` on the test logind), back after 20 min or more,
/// one notification asks what it was, and one press records it with its real times, late.
@Suite struct AwayQuestionTests {
    /// A rig with two walks recorded (so walk is the kind used most), idle from then on, by the daemon's account.
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
        #expect(rig.lines(containing: "asked what it was").isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
    }
}
