import Foundation
import Glibc
import PaceCore
import PaceDaemon
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

/// Reminders when the desktop is missing or goes away: they still reach `Watch` subscribers and the journal,
/// the daemon keeps serving, and the desktop gets them again once a bus and a notification server are back.
@Suite struct ReminderWithoutDesktopTests {
    @Test func withoutAnySessionBusWatchGetsTheReminder() async throws {
        let rig = try ReminderRig(desktop: [])
        let watcher = try WatchSubscription(rig)
        let walk = try rig.startWalk()
        try rig.advance(minutes: 11)
        let reminder = try #require(watcher.nextReminder(), "\(rig.standardError)")
        #expect(reminder["kind"] as? String == "bout")
        #expect((reminder["id"] as? String)?.hasPrefix("bout:") == true)
        #expect((reminder["summary"] as? String)?.hasSuffix(" min of walking: time to rest") == true)
        #expect(reminder["actions"] as? [String] == ["stop", "snooze", "startRest"])
        #expect(reminder["dueAt"] as? String == walk.limitAt)
        // And the journal's line, with the fields `journalctl PACE_EVENT=reminder` finds.
        #expect(rig.reminderLines.count == 1)
        #expect(rig.reminderLines.first?.contains("pace_reminder=\(reminder["id"] as? String ?? "?")") == true)
        let desktop = try #require(try rig.health().desktop)
        #expect(!desktop.sessionBus && desktop.notificationServer == nil)
        // Watch gets it once.
        try rig.advance(minutes: 1)
        #expect(watcher.nextReminder(timeoutMilliseconds: 300) == nil)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func sessionBusDyingMidRunIsSurvivedAndNotificationsResumeOnANewOne() async throws {
        let rig = try ReminderRig()
        let watcher = try WatchSubscription(rig)
        try rig.startWalk()
        try rig.killSessionBus()
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { !rig.lines(containing: "lost the session bus").isEmpty })

        // The socket is served as before.
        let asked = Monotonic.milliseconds()
        let status = try rig.status()
        print("ReminderWithoutDesktopTests: GetStatus answered in \(Monotonic.milliseconds() - asked) ms without a bus")
        #expect(status.activity != nil)

        try rig.advance(minutes: 11)
        let reminder = try #require(watcher.nextReminder(), "\(rig.standardError)")
        let id = try #require(reminder["id"] as? String)
        #expect(rig.reminderLines.count == 1)
        #expect(try rig.health().desktop?.sessionBus == false)

        // A new bus at the same address, a new server on it: the reminder nobody saw on the desktop comes now,
        // once, without being recorded or announced again.
        try rig.restartSessionBus()
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let late = try #require(rig.notifies.first)
        #expect(late.actions == ["stop", "Stop", "snooze", "Snooze 5 min", "rest", "Start rest"])
        #expect(try rig.shownReminders().map(\.reminder) == [id])
        #expect(rig.reminderLines.count == 1)
        #expect(watcher.nextReminder(timeoutMilliseconds: 300) == nil)

        // Its buttons work, and the next reminder is shown as usual.
        try rig.press("stop", on: late.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.activity == nil })
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(2), "\(rig.standardError)")
        #expect(try rig.shownReminders().count == 2)
        #expect(rig.notifies.count == 2)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// An undelivered reminder whose situation has passed by the time a desktop appears is not shown late.
    @Test func undeliveredReminderThatNoLongerAppliesIsNotShownLate() async throws {
        let rig = try ReminderRig()
        try rig.startWalk()
        try rig.killSessionBus()
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { !rig.lines(containing: "lost the session bus").isEmpty })
        try rig.advance(minutes: 11)
        #expect(rig.reminderLines.count == 1)
        try rig.call(PaceAPI.StopActivity.self, .init())
        try rig.restartSessionBus()
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.notificationServer != nil })
        // The server's arrival was handled: the session bus is settled after it.
        try rig.settleSessionBus()
        #expect(rig.notifies.isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Under systemd the reminder is a journal entry that `journalctl --user -u paced PACE_EVENT=reminder` finds,
    /// with the reminder's `MESSAGE_ID`; here paced runs beside a journald of the test's own.
    @Test(.enabled(if: PrivateJournal.isAvailable, "needs root, systemd-journald and unshare"))
    func withoutADesktopTheReminderIsAJournalEntry() async throws {
        let rig = try ReminderRig(desktop: [], start: false)
        let journal = PrivateJournal()
        let shell = #"JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); export JOURNAL_STREAM; exec "$0""#
        try journal.start(
            "/usr/bin/systemd-cat", ["-t", "paced-stderr", "/bin/sh", "-c", shell, Executables.path("paced")],
            environment: rig.daemon.environment)
        let pid = try #require(journal.commandPID)
        let ready = rig.daemon.notify.receive(until: "READY=1", timeoutMilliseconds: 20_000)
        try #require(ready.last?.contains("READY=1") == true, "\(journal.process?.standardError ?? "")")
        let watcher = try WatchSubscription(rig)
        try rig.startWalk()
        try rig.clock.advance(seconds: 11 * 60)
        let reminder = try #require(watcher.nextReminder(), "\(journal.process?.standardError ?? "")")
        kill(pid, SIGTERM)
        #expect(journal.process?.wait(timeoutMilliseconds: 20_000) == .exited(0))

        let entries = try journal.entries(["SYSLOG_IDENTIFIER=paced", "PACE_EVENT=reminder"])
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["MESSAGE_ID"] == MessageID.reminder.hex)
        #expect(entry["PACE_REMINDER"] == reminder["id"] as? String)
        #expect(entry["MESSAGE"] == reminder["summary"] as? String)
        #expect(entry["PRIORITY"] == "5")
        #expect(entry["PACE_BUDGET_LEFT"] != nil)
    }
}
