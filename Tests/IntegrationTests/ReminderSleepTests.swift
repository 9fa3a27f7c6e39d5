import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

/// A suspend as a real `paced` lives through it: logind on a test system bus says the machine sleeps, the
/// process is frozen, the wall clock moves past several deadlines, the process thaws and logind says it woke.
@Suite struct ReminderSleepTests {
    /// Leaves calibration: three recorded days (an hour's walk each) before today, with a three-day calibration,
    /// so the budget reminders (90 %, 100 %) are on. The base is 80 % of those days: 86.4 points, 48 minutes of
    /// walking; 90 % of it is reached after 43.2 minutes of walking.
    private static func leaveCalibration(_ rig: ReminderRig) throws {
        let now = try rig.now()
        for daysAgo in 1...3 {
            let start = now.adding(seconds: -Int64(daysAgo) * 86_400 - 2 * 3600)
            try rig.call(
                PaceAPI.LogActivity.self, .init(kind: "walk", startedAt: start.rfc3339, durationSeconds: 3600))
        }
    }

    @Test func overdueRemindersAfterASuspendAreOneCoalescedReminderAndRepeatedSignalsChangeNothing() async throws {
        let rig = try ReminderRig(desktop: .all, configuration: "[budget]\ncalibration_days = 3\n")
        let logind = try #require(rig.logind)
        try Self.leaveCalibration(rig)
        let status = try rig.status()
        try #require(status.mode == .normal && !status.provisional, "still calibrating: \(status)")
        #expect(abs(status.budget - 86.4) < 0.01)
        try rig.startWalk()
        let pacingDay = status.pacingDay

        // The lid closes: logind announces the sleep, then the kernel freezes the process.
        try logind.prepareForSleep(true)
        #expect(await eventually(timeoutMilliseconds: 20_000) { !rig.lines(containing: "going to sleep").isEmpty })
        kill(rig.daemon.pid, SIGSTOP)
        // 44 minutes asleep: past the bout's limit (10 min) and the 90 % mark (43.2 min), not yet 100 % (48 min).
        try rig.clock.advance(seconds: 44 * 60)
        try logind.prepareForSleep(false)
        let thawed = Monotonic.milliseconds()
        kill(rig.daemon.pid, SIGCONT)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let latency = Monotonic.milliseconds() - thawed
        print("ReminderSleepTests: the coalesced reminder reached the notification server \(latency) ms after resume")

        let shown = try rig.shownReminders()
        #expect(shown.count == 1)
        let reminder = try #require(shown.first)
        #expect(reminder.reminder?.hasPrefix("bout:") == true)
        #expect(reminder.covers == ["budget90:\(pacingDay)"])
        let notification = try #require(rig.notifies.first)
        #expect(notification.body?.hasSuffix(" 90 % of today's budget is used.") == true)
        #expect(rig.reminderLines.count == 1)
        #expect(rig.reminderLines.first?.contains("pace_reminder_covers=1") == true)

        // logind repeats itself, and a whole sleep passes without time passing: nothing more is shown.
        try logind.prepareForSleep(false)
        try logind.prepareForSleep(true)
        try logind.prepareForSleep(false)
        try rig.settleSystemBus()
        #expect(rig.lines(containing: "the machine woke up; reminders re-evaluated").count == 2)
        #expect(rig.notifies.count == 1)
        #expect(try rig.shownReminders().count == 1)

        // What was folded into the coalesced reminder does not swallow what comes later: 100 % at 48 minutes.
        try rig.advance(minutes: 5)
        try #require(await rig.waitForNotifies(2), "\(rig.standardError)")
        #expect(try rig.shownReminders().last?.reminder == "budget100:\(pacingDay)")
        #expect(rig.daemon.stop() == .exited(0))
    }
}
