import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Reminders from a real `paced` to a notification server on a private session bus, and the buttons back:
/// the core decides, the driver shows, the desktop carries it, the answer becomes the CLI's events.
///
/// Bouts are 10 minutes long and the daemon's clock moves only when a test moves it (``ReminderRig``).
@Suite struct ReminderNotificationTests {
    @Test func boutOverItsLimitIsOneNotificationWithThreeActionsAndStopEndsTheBout() async throws {
        let rig = try ReminderRig()
        let watch = try WatchSubscription(rig)
        let walk = try rig.startWalk()
        let startedAt = try #require(Instant(rfc3339: walk.startedAt))
        #expect(walk.limitAt.flatMap { Instant(rfc3339: $0) } == startedAt.adding(seconds: 600))

        try rig.advance(minutes: 9)
        #expect(rig.notifies.isEmpty)
        try rig.advance(minutes: 2)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let notification = try #require(rig.notifies.first)
        #expect(notification.appName == "Pace")
        #expect(notification.summary?.hasSuffix(" min of walking: time to rest") == true)
        #expect(notification.body?.hasPrefix("A rest now keeps the rest of today open: ") == true)
        #expect(notification.body?.hasSuffix(" points left.") == true)
        #expect(notification.actions == ["stop", "Stop", "snooze", "Snooze 5 min", "rest", "Start rest"])
        #expect(notification.hints?["urgency"] == .number(1))
        #expect(notification.hints?["category"] == .text("x-pace.reminder"))
        #expect(notification.replacesID == 0)
        // The same reminder went to Watch subscribers and to the journal, with its id.
        let watched = try #require(watch.nextReminder())
        let watchedID = try #require(watched["id"] as? String)
        #expect(watched["summary"] as? String == notification.summary)
        #expect(watched["body"] as? String == notification.body)
        #expect(rig.reminderLines.count == 1)
        #expect(rig.reminderLines.first?.contains("pace_reminder=\(watchedID)") == true)

        // The clock moving on re-evaluates, and shows nothing more: the reminder is shown once.
        try rig.advance(minutes: 1)
        #expect(rig.notifies.count == 1)
        let shown = try rig.shownReminders()
        #expect(shown.count == 1)
        let id = try #require(shown.first?.reminder)
        #expect(id == watchedID)
        let started = try #require(try rig.events().first { $0.type == "activityStarted" }?.at)
        #expect(id == "bout:\(started)")

        try rig.press("stop", on: notification.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.activity == nil })
        let events = try rig.events()
        let types = events.map(\.type)
        #expect(types.suffix(4) == ["activityStarted", "reminderShown", "reminderActedOn", "activityStopped"])
        #expect(events.last { $0.type == "reminderActedOn" }?.action == "stop")
        #expect(events.last { $0.type == "reminderActedOn" }?.reminder == id)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Servers close a notification once one of its buttons is pressed (reason 2, "dismissed by the user");
    /// that close belongs to the answer and must not be recorded as a second one.
    @Test func closingAfterAnAnswerIsNotADismissal() async throws {
        let rig = try ReminderRig()
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let id = try #require(rig.notifies.first?.id)
        try rig.press("rest", on: id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.rest != nil })
        try #require(rig.server).control("Close", "uu", "\(id)", "2")
        try rig.settleSessionBus()
        let answers = try rig.events().filter { $0.type == "reminderActedOn" }
        #expect(answers.map(\.action) == ["startRest"])

        // A notification closed without an answer is a dismissal, recorded once.
        try rig.call(PaceAPI.EndRest.self, NoParameters())
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(2), "\(rig.standardError)")
        let second = try #require(rig.notifies.last?.id)
        try #require(rig.server).control("Close", "uu", "\(second)", "2")
        try rig.settleSessionBus()
        #expect(try rig.events().filter { $0.type == "reminderActedOn" }.map(\.action) == ["startRest", "dismissed"])
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A notification whose situation is over is taken off the screen, whoever ended it: `pace stop`, or an
    /// answer given with `pace` rather than with the notification's buttons.
    @Test(arguments: ["stop", "answer"])
    func notificationIsClosedWhenTheBoutEndsElsewhere(how: String) async throws {
        let rig = try ReminderRig()
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let id = try #require(rig.notifies.first?.id)
        if how == "stop" {
            try rig.call(PaceAPI.StopActivity.self, .init())
        } else {
            let reminder = try #require(try rig.shownReminders().first?.reminder)
            try rig.call(PaceAPI.AnswerReminder.self, .init(id: reminder, action: "stop"))
        }
        let closes = { try #require(rig.server).calls.filter { $0.call == "CloseNotification" }.map(\.id) }
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? closes()) == [id] }, "\(rig.standardError)")
        // Closed by the daemon: no dismissal is recorded for it.
        try rig.settleSessionBus()
        #expect(try rig.events().filter { $0.type == "reminderActedOn" }.count == (how == "stop" ? 0 : 1))
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func snoozeHoldsTheReminderUntilItEndsThenItComesBackOnce() async throws {
        let rig = try ReminderRig()
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let first = try #require(rig.notifies.first)
        try rig.press("snooze", on: first.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.snoozedUntil != nil })
        let until = try #require(try rig.status().snoozedUntil.flatMap { Instant(rfc3339: $0) })
        let snoozedAt = try rig.now()
        // 5 minutes, by the daemon's clock (which has not moved since the press).
        #expect(abs(until.seconds(since: snoozedAt) - 300) <= 10)

        try rig.advance(minutes: 4)
        #expect(rig.notifies.count == 1)
        #expect(try rig.shownReminders().count == 1)

        try rig.advance(minutes: 2)
        try #require(await rig.waitForNotifies(2), "\(rig.standardError)")
        let again = rig.notifies[1]
        // The snoozed notification was taken off the screen; the same reminder comes back as a new one.
        let closed = try #require(rig.server).calls.filter { $0.call == "CloseNotification" }.map(\.id)
        #expect(closed == [first.id])
        #expect(again.replacesID == 0)
        #expect(again.actions == first.actions)
        let shown = try rig.shownReminders()
        #expect(shown.count == 2)
        #expect(shown[1].reminder == shown[0].reminder)
        #expect(shown[1].at >= until.millisecondsSinceEpoch)
        let events = try rig.events()
        #expect(events.contains { $0.type == "reminderActedOn" && $0.action == "snooze" })
        #expect(events.contains { $0.type == "snoozed" && $0.reminder == shown[0].reminder })

        // It comes back once, not after every snooze length.
        try rig.advance(minutes: 6)
        #expect(rig.notifies.count == 2)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func quietHoursHoldTheReminderUntilTheyEnd() async throws {
        // The daemon's clock starts at 12:00 UTC.
        let rig = try ReminderRig(reminders: ["quiet_hours": #""11:00-12:30""#])
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try rig.advance(minutes: 10)
        #expect(rig.notifies.isEmpty)
        #expect(rig.reminderLines.isEmpty)
        #expect(try rig.shownReminders().isEmpty)
        #expect(try rig.status().nextReminderAt == Instant(rfc3339: TestClockDay.todayAt("12:30"))?.rfc3339)

        try rig.advance(minutes: 10)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let shown = try rig.shownReminders()
        #expect(shown.count == 1)
        let quietEnd = try #require(Instant(rfc3339: TestClockDay.todayAt("12:30")))
        #expect(shown.first.map { $0.at >= quietEnd.millisecondsSinceEpoch } == true)
        try rig.advance(minutes: 1)
        #expect(rig.notifies.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func doNotDisturbHoldsTheReminderAndItComesOnceWhenLifted() async throws {
        let rig = try ReminderRig()
        let server = try #require(rig.server)
        try server.control("SetInhibited", "b", "true")
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.doNotDisturb == true })
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try rig.advance(minutes: 5)
        #expect(rig.notifies.isEmpty)
        #expect(try rig.shownReminders().isEmpty)

        try server.control("SetInhibited", "b", "false")
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        // The daemon logs the reminder once it has sent it: the line may come a moment after the server saw it.
        #expect(await eventually { rig.lineIndex(of: "pace_event=reminder") != nil })
        let released = try #require(rig.lineIndex(of: "notification server shows notifications again"))
        let reminder = try #require(rig.lineIndex(of: "pace_event=reminder"))
        #expect(released < reminder)
        try rig.advance(minutes: 1)
        #expect(rig.notifies.count == 1)
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func lockedSessionHoldsTheReminderAndItComesOnceUnlocked() async throws {
        let rig = try ReminderRig(desktop: .all)
        let logind = try #require(rig.logind)
        try logind.setLockedHint(true)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.locked == true })
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try rig.advance(minutes: 5)
        #expect(rig.notifies.isEmpty)
        #expect(try rig.shownReminders().isEmpty)

        try logind.setLockedHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        // The daemon logs the reminder once it has sent it: the line may come a moment after the server saw it.
        #expect(await eventually { rig.lineIndex(of: "pace_event=reminder") != nil })
        let unlocked = try #require(rig.lineIndex(of: "session unlocked"))
        let reminder = try #require(rig.lineIndex(of: "pace_event=reminder"))
        #expect(unlocked < reminder)
        try rig.advance(minutes: 1)
        #expect(rig.notifies.count == 1)
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A reminder already due when `paced` starts (a bout left running through a restart) reaches the
    /// desktop, though the daemon decides before its session bus connection is ready.
    @Test func reminderDueAtStartUpReachesTheDesktop() async throws {
        let rig = try ReminderRig()
        try rig.startWalk()
        #expect(rig.daemon.stop() == .exited(0))
        try rig.clock.advance(seconds: 11 * 60)
        try rig.daemon.start()
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// … and one due at start-up while the notification server holds notifications waits until it stops.
    @Test func reminderDueAtStartUpWaitsForDoNotDisturbToEnd() async throws {
        let rig = try ReminderRig()
        let server = try #require(rig.server)
        try rig.startWalk()
        #expect(rig.daemon.stop() == .exited(0))
        try server.control("SetInhibited", "b", "true")
        try rig.clock.advance(seconds: 11 * 60)
        try rig.daemon.start()
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.doNotDisturb == true })
        try rig.advance(minutes: 1)
        #expect(rig.notifies.isEmpty)
        try server.control("SetInhibited", "b", "false")
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// … and one due at start-up while the session is locked waits until it is unlocked.
    @Test func reminderDueAtStartUpWaitsForTheSessionToBeUnlocked() async throws {
        let rig = try ReminderRig(desktop: .all)
        let logind = try #require(rig.logind)
        try rig.startWalk()
        #expect(rig.daemon.stop() == .exited(0))
        try logind.setLockedHint(true)
        try rig.clock.advance(seconds: 11 * 60)
        try rig.daemon.start()
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.health())?.desktop?.locked == true })
        try rig.advance(minutes: 1)
        #expect(rig.notifies.isEmpty)
        try logind.setLockedHint(false)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }
}

/// Times of the rig's day: the daemon's clock starts at 12:00 UTC of the machine's date.
enum TestClockDay {
    /// `HH:MM` today as RFC 3339 in UTC.
    static func todayAt(_ time: String) -> String {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        let milliseconds = TestClock.todayUTC(hour: parts[0], minute: parts[1])
        return Instant(millisecondsSinceEpoch: milliseconds).rfc3339
    }
}
