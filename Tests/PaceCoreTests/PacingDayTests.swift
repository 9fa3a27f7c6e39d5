import Testing

@testable import PaceCore

/// Pacing days across DST, time-zone changes, day boundaries and clock jumps: no negative or double-counted
/// minutes, no missed or reopened day.
@Suite struct PacingDayTests {
    private func day(_ timeline: Timeline, _ date: String) -> DayHistory? {
        let wanted = CivilDate(iso8601: date)!
        return timeline.state.history(
            from: wanted, through: wanted, now: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds
        ).first
    }

    @Test func springForwardDayHasTwentyThreeHoursAndCountsRealMinutes() {
        // Europe/Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z.
        var timeline = Timeline("2026-03-29T00:30:00Z", utcOffsetSeconds: 3600)  // 01:30 CET
        timeline.run(.startActivity(activity: "walk"))
        timeline.set("2026-03-29T01:30:00Z")  // 03:30 CEST: one real hour later
        timeline.utcOffsetSeconds = 7200
        timeline.run(.stopActivity)
        #expect(timeline.status.date.iso8601 == "2026-03-28")
        #expect(timeline.status.dayEndsAt == Instant(rfc3339: "2026-03-29T02:00:00Z"))
        #expect(day(timeline, "2026-03-28")?.activeSeconds == 3600)
        timeline.set("2026-03-29T02:00:00Z")  // 04:00 CEST: the new day
        #expect(timeline.status.date.iso8601 == "2026-03-29")
        // The 28th began at 04:00 CET (03:00Z) and ended at 04:00 CEST (02:00Z): 23 hours.
        let start = timeline.state.settings.dayBoundary.start(
            of: CivilDate(iso8601: "2026-03-28")!, utcOffsetSeconds: 3600)
        #expect(Instant(rfc3339: "2026-03-29T02:00:00Z")!.seconds(since: start) == 23 * 3600)
    }

    @Test func fallBackDayHasTwentyFiveHoursAndTheRepeatedHourCountsOnce() {
        // Europe/Berlin 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z; 02:30 happens twice.
        var timeline = Timeline("2026-10-25T00:30:00Z", utcOffsetSeconds: 7200)  // 02:30 CEST
        timeline.run(.startActivity(activity: "walk"))
        timeline.set("2026-10-25T01:30:00Z")  // 02:30 CET
        timeline.utcOffsetSeconds = 3600
        timeline.run(.stopActivity)
        #expect(day(timeline, "2026-10-24")?.activeSeconds == 3600)
        #expect(close(day(timeline, "2026-10-24")!.used, 60 * 1.8))
        timeline.set("2026-10-25T02:59:00Z")  // 03:59 CET: still the 24th, 25 hours after it began
        #expect(timeline.status.date.iso8601 == "2026-10-24")
        timeline.set("2026-10-25T03:00:00Z")
        #expect(timeline.status.date.iso8601 == "2026-10-25")
    }

    @Test func aBoutOverTheDayBoundaryIsSplitBetweenTheDays() {
        var timeline = Timeline("2026-11-25T02:30:00Z")  // 03:30 CET, still the 24th
        timeline.run(.startActivity(activity: "walk"))
        timeline.set("2026-11-25T03:30:00Z")  // 04:30 CET
        #expect(timeline.status.used.referenceMinutes == 30)
        timeline.run(.stopActivity)
        #expect(day(timeline, "2026-11-24")?.activeSeconds == 1800)
        #expect(day(timeline, "2026-11-25")?.activeSeconds == 1800)
        #expect(close(timeline.status.used.points, 30 * 1.8))
    }

    @Test func aLoggedActivityOverTheBoundaryIsSplitToo() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(
            .logActivity(activity: "walk", start: Instant(rfc3339: "2026-11-25T02:00:00Z")!, durationSeconds: 7200))
        #expect(day(timeline, "2026-11-24")?.activeSeconds == 3600)  // 03:00–04:00 CET
        #expect(day(timeline, "2026-11-25")?.activeSeconds == 3600)
    }

    @Test func flyingWestNeverReopensAFinishedDay() {
        var timeline = Timeline("2026-11-26T05:00:00Z")  // 06:00 CET on the 26th
        timeline.run(.checkIn(CheckIn(energy: 5)))
        // In New York (-05:00) it is 03:00, which by the clock would be the 25th.
        timeline.set("2026-11-26T08:00:00Z")
        timeline.utcOffsetSeconds = -5 * 3600
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 30)
        timeline.run(.stopActivity)
        #expect(timeline.status.date.iso8601 == "2026-11-26")
        #expect(day(timeline, "2026-11-26")?.activeSeconds == 1800)
        #expect(day(timeline, "2026-11-25") == nil)
    }

    @Test func flyingEastEndsTheDayEarlyAndSplitsARunningBout() {
        var timeline = Timeline("2026-11-26T18:00:00Z")  // 19:00 CET on the 26th
        timeline.run(.startActivity(activity: "walk"))
        // Tokyo (+09:00): 05:00 on the 27th, the new day began at 04:00 local = 19:00Z.
        timeline.set("2026-11-26T20:00:00Z")
        timeline.utcOffsetSeconds = 9 * 3600
        timeline.run(.stopActivity)
        #expect(day(timeline, "2026-11-26")?.activeSeconds == 3600)
        #expect(day(timeline, "2026-11-27")?.activeSeconds == 3600)
    }

    @Test func aBackwardClockJumpCountsNoNegativeMinutes() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startActivity(activity: "walk"))
        timeline.set("2026-11-25T08:30:00Z")  // NTP pulled the clock back half an hour
        #expect(timeline.status.bout?.elapsedSeconds == 0)
        #expect(timeline.status.used.points == 0)
        timeline.set("2026-11-25T08:40:00Z")
        timeline.run(.stopActivity)
        #expect(timeline.status.used.points == 0)
        #expect(day(timeline, "2026-11-25")?.activeSeconds == 0)
    }

    @Test func aBackwardClockJumpOverTheBoundaryStaysInTheCurrentDay() {
        var timeline = Timeline("2026-11-25T03:10:00Z")  // 04:10 CET: the 25th has begun
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.set("2026-11-25T02:50:00Z")  // 03:50 by the clock: the 24th
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 20)
        timeline.run(.stopActivity)
        #expect(timeline.status.date.iso8601 == "2026-11-25")
        #expect(day(timeline, "2026-11-25")?.activeSeconds == 1200)
        #expect(day(timeline, "2026-11-24") == nil)
    }

    @Test func aForgottenTimerCountsAtMostTheLongestBout() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startActivity(activity: "cognitive"))
        timeline.wait(minutes: 10 * 60)
        #expect(timeline.status.bout?.elapsedSeconds == 14_400)  // 240 min
        timeline.run(.stopActivity)
        #expect(day(timeline, "2026-11-25")?.activeSeconds == 14_400)
    }

    @Test func daysWithoutEventsAreKeptAsUnknownDays() {
        var timeline = Timeline("2026-11-20T09:00:00Z")
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.set("2026-11-25T09:00:00Z")
        let history = timeline.state.history(
            from: CivilDate(iso8601: "2026-11-19")!, through: CivilDate(iso8601: "2026-11-30")!, now: timeline.now,
            utcOffsetSeconds: 3600)
        #expect(
            history.map(\.date.iso8601) == [
                "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25",
            ])
        #expect(history.map(\.recorded) == [true, false, false, false, false, false])
        #expect(history.last?.isToday == true)
    }
}
