import Testing

@testable import PaceCore

/// "Missing is unknown, never good" (ENVELOPE.md) through `PaceState`: what the person's events make of the
/// envelope's evidence — calendar days, answered check-ins, complete calibration days.
@Suite struct EnvelopeEvidenceTests {
    @Test func oneBackfilledWalkDoesNotSetTheFirstWeeksMedian() throws {
        // Issue 14: "backfilling one 30-minute walk for yesterday turned today's provisional 81 of 81 into 23 of 43
        // … 2 of 7 days recorded".
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.morning()
        timeline.run(.checkIn(CheckIn(energy: 5)))  // a complete first day
        timeline.run(.logActivity(activity: "walk", start: timeline.now.adding(seconds: -3600), durationSeconds: 1200))
        timeline.wait(minutes: 2 * 24 * 60)  // the day after an empty one
        let before = timeline.explanation
        #expect(before.calibrationDaysRecorded == 1)
        #expect(before.provisional == .builtIn)
        #expect(close(before.budget.points, 81))

        let yesterday = timeline.now.adding(seconds: -86_400)
        timeline.run(.logActivity(activity: "walk", start: yesterday, durationSeconds: 30 * 60))
        let after = timeline.explanation
        #expect(timeline.state.days[1].recorded)
        #expect(!timeline.state.days[1].complete)
        #expect(after.calibrationDaysRecorded == 1)
        #expect(after.provisional == .builtIn)
        #expect(after.budget == before.budget)
        #expect(after.sentences[0].hasPrefix("Pace is still learning your days: 1 of 7 recorded."))

        // Another half hour makes it an hour of activity: a day that looks complete, and counts.
        timeline.run(
            .logActivity(activity: "walk", start: yesterday.adding(seconds: 3 * 3600), durationSeconds: 30 * 60))
        let hour = timeline.explanation
        #expect(hour.calibrationDaysRecorded == 2)
        #expect(hour.provisional == .firstDays)
    }

    @Test func aCheckInSayingTheDayIsCompleteCountsAQuietDay() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.morning()
        timeline.run(.logActivity(activity: "walk", start: timeline.now.adding(seconds: -3600), durationSeconds: 600))
        timeline.wait(minutes: 24 * 60)
        #expect(timeline.explanation.calibrationDaysRecorded == 0)  // ten minutes, no check-in: incomplete
        timeline.run(.logActivity(activity: "walk", start: timeline.now.adding(seconds: -3600), durationSeconds: 600))
        timeline.run(.checkIn(CheckIn(complete: true)))
        #expect(timeline.state.days.last?.complete == true)
        #expect(timeline.state.days.last?.checkedIn == false)  // "complete" is not an answer
        timeline.wait(minutes: 24 * 60)
        #expect(timeline.explanation.calibrationDaysRecorded == 1)
    }

    @Test func everyCalendarDayIsClosedSoTheWindowHasNoHoles() throws {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate()
        timeline.live(days: 5)
        timeline.wait(minutes: 6 * 24 * 60)  // nearly a week with nothing recorded
        timeline.run(.checkIn(CheckIn(energy: 5, flare: false)))
        let recent = timeline.state.envelope.recent
        #expect(recent.count == 17)
        #expect(zip(recent, recent.dropFirst()).allSatisfy { $1.date.days(since: $0.date) == 1 })
        #expect(recent.suffix(6).allSatisfy { !$0.recorded && !$0.checkedIn })
        let why = timeline.explanation
        #expect(why.growth?.flareFreeDays == 0)  // yesterday was empty: unknown, not good
        #expect(why.growth?.checkIns == 5)
        #expect(!why.trialIncreaseAvailable)
    }

    @Test func aWeekWithNothingRecordedNeverGrowsTheBase() {
        // Issue 14: after a week with nothing recorded the base grew, and `pace why` counted other check-ins.
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        // Three weeks of "no flare" check-ins with days over budget (an hour's walk is over 1.1 × 80 % of it)…
        timeline.live(days: 16, minutes: 60)
        let base = timeline.status.base.points
        // …then a week with nothing: no growth on any of its nights, whatever the overspend before it.
        timeline.wait(minutes: 8 * 24 * 60)
        timeline.run(.checkIn(CheckIn(energy: 5, flare: false)))
        #expect(timeline.status.base.points == base)
        #expect(timeline.state.days.allSatisfy { $0.verdict?.change?.reason != .grownAfterToleratedOverspend })
    }
}
