import Testing

@testable import PaceCore

/// The away question is a reminder like the others: the planner asks it within the one budget (a slot of the day,
/// the minimum gap, quiet hours and a snooze hold it), once, and only while there is something to ask.
@Suite struct AwayQuestionPlannerTests {
    /// Calibrated (budget 48 min of walking), 10:00 CET on the first day after, checked in.
    private func calibrated(_ settings: PaceSettings = PaceSettings()) -> Timeline {
        var timeline = Timeline("2026-11-02T09:00:00Z", settings: settings)
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 5)))
        return timeline
    }

    private func at(_ timeline: Timeline, _ hhmm: String, nextDay: Bool = false) -> Instant {
        let boundary = timeline.state.settings.dayBoundary
        var start = boundary.start(of: timeline.status.date, utcOffsetSeconds: timeline.utcOffsetSeconds)
        if nextDay { start = start.adding(seconds: 86_400) }
        let time = ClockTime(text: hhmm)!
        return boundary.next(time, after: start.adding(seconds: -1), utcOffsetSeconds: timeline.utcOffsetSeconds)
    }

    private func decision(_ timeline: Timeline, _ away: TimeAway?) -> ReminderDecision {
        timeline.state.reminders(now: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds, away: away)
    }

    /// Shows what is due with `away` (records it, as the daemon does).
    private func show(_ timeline: inout Timeline, _ away: TimeAway?) -> [Reminder] {
        let due = decision(timeline, away).due
        for reminder in due { timeline.run(.reminderShown(reminder.id, covers: reminder.covers)) }
        return due
    }

    @Test func backAfterATimeAwayAsksOnceWithTheKindsAndRestAndTheirRealTimes() throws {
        var timeline = calibrated()
        let away = TimeAway(
            start: at(timeline, "10:05"), end: at(timeline, "10:50"), kinds: ["walk", "cognitive", "x"])
        timeline.now = at(timeline, "10:50")
        let question = try #require(show(&timeline, away).first)
        #expect(question.kind == .awayQuestion)
        #expect(question.id == away.reminderID)
        #expect(question.title == "You were away 45 min (10:05–10:50). What was it?")
        #expect(question.answers.map(\.label) == ["walk", "cognitive", "Rest"])
        #expect(question.answers.count <= Reminder.maximumButtons)
        #expect(
            question.answers[0].effect == .logActivity(activity: "walk", start: away.start, durationSeconds: 45 * 60))
        #expect(question.answers[2].effect == .rest(start: away.start, end: away.end))
        #expect(question.typed == "`pace log KIND 45m --at 10:05`.")
        #expect(question.staysUntilAnswered)
        // Asked once: no repeat without news.
        timeline.now = at(timeline, "11:30")
        #expect(decision(timeline, away).due.isEmpty)
        #expect(decision(timeline, away).stale.isEmpty)
        // Answered (what it was recorded with its times): nothing left to ask, the notification is stale.
        timeline.run(
            .logActivity(activity: "cognitive", intensity: .light, start: away.start, durationSeconds: 45 * 60))
        #expect(decision(timeline, away).stale == [away.reminderID])
        // A newer time away is news: asked, and the old question goes.
        let later = TimeAway(start: at(timeline, "12:00"), end: at(timeline, "12:40"), kinds: ["walk"])
        timeline.now = at(timeline, "12:40")
        #expect(decision(timeline, later).due.map(\.id) == [later.reminderID])
    }

    @Test func quietHoursHoldTheQuestionUntilTheyEndThenAskItIfStillRelevant() throws {
        var timeline = calibrated()
        // Back at 22:40, in quiet hours (22:00–08:00): held, not dropped; the status says until when.
        let away = TimeAway(start: at(timeline, "21:30"), end: at(timeline, "22:40"), kinds: ["walk"])
        timeline.now = at(timeline, "22:40")
        var held = decision(timeline, away)
        #expect(held.due.isEmpty)
        #expect(held.held == .quietHours)
        #expect(held.heldUntil == at(timeline, "08:00", nextDay: true))
        #expect(held.nextWakeAt.map { $0 <= held.heldUntil! } == true)
        // At 08:00 the next pacing day, it is asked.
        timeline.now = at(timeline, "08:00", nextDay: true)
        #expect(show(&timeline, away).map(\.id) == [away.reminderID])

        // The same night, but the walk was logged meanwhile: nothing to ask when quiet hours end.
        var logged = calibrated()
        logged.now = at(logged, "22:40")
        held = decision(logged, away)
        #expect(held.held == .quietHours)
        logged.run(.logActivity(activity: "walk", start: away.start, durationSeconds: 30 * 60))
        logged.now = at(logged, "08:00", nextDay: true)
        #expect(decision(logged, away).due.isEmpty)
        #expect(decision(logged, away).held == nil)
    }

    @Test func aQuestionNotAskedWithinTwelveHoursIsNotAsked() {
        var settings = PaceSettings()
        settings.reminders.quietHours = .init(start: ClockTime(hour: 10, minute: 30), end: ClockTime(hour: 23))
        var timeline = calibrated(settings)
        let away = TimeAway(start: at(timeline, "10:00"), end: at(timeline, "10:40"), kinds: ["walk"])
        timeline.now = at(timeline, "10:40")
        #expect(decision(timeline, away).held == .quietHours)
        timeline.now = at(timeline, "23:00")
        #expect(decision(timeline, away).due.isEmpty)
    }

    @Test func itTakesASlotOfTheDayAndWaitsForTheGap() {
        var settings = PaceSettings()
        settings.reminders.maximumPerDay = 3
        var timeline = calibrated(settings)
        // A bout reminder shown at 10:16: the question at 10:30 waits for the 20-minute gap.
        timeline.run(.startActivity(activity: "walk"))
        timeline.now = at(timeline, "10:16")
        #expect(timeline.showDueReminders().map(\.kind) == [.boutLimit])
        timeline.run(.stopActivity)
        let away = TimeAway(start: at(timeline, "10:17"), end: at(timeline, "10:40"), kinds: ["walk"])
        timeline.now = at(timeline, "10:40")
        // One shown, two kept for the 90 % and 100 % reminders still to come: no slot for the question today.
        #expect(decision(timeline, away).held == .dailyLimit)

        var roomy = calibrated()
        roomy.run(.startActivity(activity: "walk"))
        roomy.now = at(roomy, "10:16")
        #expect(roomy.showDueReminders().map(\.kind) == [.boutLimit])
        roomy.run(.stopActivity)
        roomy.now = at(roomy, "10:30")
        let short = TimeAway(start: at(roomy, "10:17"), end: at(roomy, "10:30"), kinds: ["walk"])
        let held = decision(roomy, short)
        #expect(held.held == .minimumGap)
        #expect(held.heldUntil == at(roomy, "10:36"))
        roomy.now = at(roomy, "10:36")
        #expect(show(&roomy, short).map(\.kind) == [.awayQuestion])
    }

    @Test func aSnoozeHoldsIt() {
        var timeline = calibrated()
        timeline.run(.snooze(seconds: 30 * 60))
        let away = TimeAway(start: at(timeline, "09:00"), end: at(timeline, "10:00"), kinds: ["walk"])
        #expect(decision(timeline, away).held == .snoozed)
        timeline.now = at(timeline, "10:30")
        #expect(decision(timeline, away).due.map(\.kind) == [.awayQuestion])
    }

    @Test func aBoutLeftRunningAsksWhetherItWentOnOrStoppedWhenThePersonLeft() throws {
        var settings = PaceSettings()
        settings.reminders.maximumBoutMinutes = 600
        settings.reminders.boutRemindersPerDay = 0
        var timeline = calibrated(settings)
        timeline.run(.startActivity(activity: "cognitive", intensity: .light))
        let away = TimeAway(start: at(timeline, "10:20"), end: at(timeline, "11:05"), kinds: ["walk"])
        timeline.now = at(timeline, "11:05")
        let question = try #require(show(&timeline, away).first)
        #expect(question.kind == .awayQuestion)
        #expect(question.title.hasPrefix("You were away 45 min (10:20–11:05). Did the "))
        #expect(question.answers.map(\.label) == ["It went on", "Stopped at 10:20"])
        #expect(question.answers.map(\.effect) == [.keepActivity, .stopActivity(at: away.start)])
        #expect(question.typed == "If it stopped then: `pace stop --at 10:20`.")
        // "It went on" records nothing and the question stays answered; stopped (then), it is stale.
        timeline.now = at(timeline, "11:10")
        #expect(decision(timeline, away).stale.isEmpty)
        #expect(decision(timeline, away).due.isEmpty)
        timeline.apply(try timeline.state.events(for: .stopActivity, now: timeline.now, utcOffsetSeconds: 3600))
        #expect(decision(timeline, away).stale == [away.reminderID])
    }

    @Test func nothingIsAskedWhileARestRunsOrForABoutBegunWhileAway() {
        var timeline = calibrated()
        let away = TimeAway(start: at(timeline, "09:00"), end: at(timeline, "10:00"), kinds: ["walk"])
        timeline.run(.startRest())
        #expect(decision(timeline, away).due.isEmpty)
        timeline.run(.endRest)
        timeline.run(.startActivity(activity: "walk", intensity: nil))
        // The walk began at 10:00, after the person left: nothing to say about it.
        #expect(
            decision(timeline, TimeAway(start: at(timeline, "09:00"), end: at(timeline, "10:01"), kinds: []))
                .due.isEmpty)
    }
}
