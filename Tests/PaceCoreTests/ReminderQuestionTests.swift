import Testing

@testable import PaceCore

/// A question asked outside the planner (the kind of a sensed heart-rate bout) keeps the one reminder budget: the
/// minimum gap after the last reminder, the day's maximum with the budget reminders' slots kept, the quiet hours.
@Suite struct ReminderQuestionTests {
    private func hold(_ timeline: Timeline) -> (hold: ReminderDecision.Hold, until: Instant?)? {
        timeline.state.questionHold(now: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds)
    }

    private func at(_ timeline: Timeline, _ hhmm: String) -> Instant {
        let boundary = timeline.state.settings.dayBoundary
        let start = boundary.start(of: timeline.status.date, utcOffsetSeconds: timeline.utcOffsetSeconds)
        return boundary.next(
            ClockTime(text: hhmm)!, after: start.adding(seconds: -1), utcOffsetSeconds: timeline.utcOffsetSeconds)
    }

    @Test func aQuestionWaitsForTheGapTheDaysMaximumAndTheQuietHours() throws {
        var settings = PaceSettings()
        settings.reminders.quietHours = .init(start: ClockTime(hour: 22), end: ClockTime(hour: 7))
        var timeline = Timeline("2026-11-02T09:00:00Z", settings: settings)
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.now = at(timeline, "10:00")
        #expect(hold(timeline) == nil)

        let gap = Int64(timeline.state.settings.reminders.minimumGapMinutes)
        var asked = 0
        while hold(timeline) == nil, asked < 20 {
            timeline.run(.reminderShown(ReminderID("sensed:\(asked)"), covers: []))
            asked += 1
            // The next question waits for the gap after this one.
            let held = try #require(hold(timeline))
            if held.hold == .dailyLimit { break }
            #expect(held.hold == .minimumGap)
            #expect(held.until == timeline.now.adding(seconds: gap * 60))
            timeline.now = timeline.now.adding(seconds: gap * 60)
        }
        // Six a day, two of them kept for the 90 % and 100 % reminders still to come.
        let maximum = timeline.state.settings.reminders.maximumPerDay
        #expect(asked == maximum - 2)
        #expect(hold(timeline)?.hold == .dailyLimit)
        #expect(
            hold(timeline)?.until
                == timeline.state.settings.dayBoundary.start(
                    of: timeline.status.date.adding(days: 1), utcOffsetSeconds: timeline.utcOffsetSeconds))
        // The planner counts the questions too: the day's reminders have two slots left, both the budget's.
        #expect(timeline.state.days.last?.remindersShown.count == maximum - 2)

        // The next day, in the quiet hours (22:00 to 07:00), it waits for their end.
        timeline.now = at(timeline, "23:00")
        #expect(hold(timeline)?.hold == .quietHours)
        #expect(hold(timeline)?.until == at(timeline, "07:00").adding(seconds: 86_400))
    }
}
