import Foundation
import PropertyBased
import Testing

@testable import PaceCore

@Suite struct PaceStateTests {
    @Test func statusShowsBudgetUsedAndLeftInPointsAndMinutes() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)  // 108 points a day → base 86.4 points = 48 min of walking
        #expect(timeline.status.mode == .normal)
        #expect(close(timeline.status.budget.points, 86.4))
        #expect(close(timeline.status.budget.referenceMinutes, 48))
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 20)
        let status = timeline.status
        #expect(close(status.used.referenceMinutes, 20))
        #expect(close(status.left.referenceMinutes, 28))
        #expect(status.over.points == 0)
        #expect(status.bout?.label == "walking")
        #expect(status.bout?.limitSeconds == 960)  // 16 min, a third of 48
        timeline.wait(minutes: 40)
        #expect(close(timeline.status.over.referenceMinutes, 12))
        #expect(timeline.status.left.points == 0)
    }

    @Test func calibrationShowsAProvisionalBudget() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        var status = timeline.status
        #expect(status.mode == .calibrating)
        #expect(status.isProvisional)
        #expect(close(status.budget.referenceMinutes, 45))
        timeline.run(.answerCalibration(badDayMinutes: 20))
        status = timeline.status
        #expect(close(status.budget.referenceMinutes, 20))
        #expect(status.calibrationDaysRecorded == 0)
        timeline.calibrate(days: 3, minutes: 50)
        status = timeline.status
        #expect(status.calibrationDaysRecorded == 3)
        #expect(close(status.budget.referenceMinutes, 40))  // 80 % of 50 min
    }

    @Test func flareModeCutsTodaysBudgetAtOnceAndLiftingItRestoresIt() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.startFlare())
        #expect(timeline.status.mode == .flare)
        #expect(close(timeline.status.budget.points, 43.2))
        timeline.wait(minutes: 60)
        timeline.run(.endFlare)
        #expect(timeline.status.mode == .normal)
        #expect(close(timeline.status.budget.points, 86.4))
    }

    @Test func flareModeLastsAcrossDaysUntilItsEnd() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.startFlare(until: timeline.now.adding(seconds: 86_400 + 3600)))
        timeline.wait(minutes: 24 * 60)
        #expect(timeline.status.mode == .flare)
        #expect(timeline.status.flare == .reported)
        timeline.wait(minutes: 120)
        #expect(timeline.status.mode == .normal)
    }

    @Test func answeringNoFlareInACheckInEndsFlareMode() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate()
        timeline.run(.startFlare())
        let events = timeline.run(.checkIn(CheckIn(energy: 5, flare: false)))
        #expect(events.map(\.payload.type) == ["checkIn", "flareEnded"])
        #expect(timeline.status.mode == .normal)
    }

    @Test func replayingTheSameEventsGivesTheSameState() throws {
        let timeline = busyFortnight()
        let replayed = try PaceState(settings: timeline.state.settings, replaying: timeline.log)
        #expect(replayed == timeline.state)
        #expect(replayed.status(now: timeline.now, utcOffsetSeconds: 3600) == timeline.status)
    }

    @Test func aSnapshotPlusTheTailEqualsAFullReplay() throws {
        let timeline = busyFortnight()
        let cut = timeline.log.count / 2
        let snapshot = try JSONEncoder().encode(
            try PaceState(settings: timeline.state.settings, replaying: timeline.log[..<cut]))
        var restored = try JSONDecoder().decode(PaceState.self, from: snapshot)
        for event in timeline.log[cut...] { try restored.apply(event) }
        #expect(restored == timeline.state)
    }

    @Test func anActivityLoggedLateJudgesItsDayAsIfLoggedInTime() {
        // Once a day has been judged, an entry for it re-runs the envelope from that day on (from the start
        // when it is older than the checkpoints); the outcome equals having logged it in time.
        for daysBack in [1, 12] {
            let yogaDay = 14 - daysBack
            var onTime = fortnight(yogaOn: yogaDay)
            var late = fortnight(yogaOn: nil)
            late.run(.logActivity(activity: "yoga", start: yogaStart(late, daysBack: daysBack), durationSeconds: 3600))
            onTime.now = late.now
            let date = late.status.date.adding(days: -daysBack)
            let lateDay = late.state.history(from: date, through: date, now: late.now, utcOffsetSeconds: 3600)
            let onTimeDay = onTime.state.history(from: date, through: date, now: late.now, utcOffsetSeconds: 3600)
            #expect(lateDay == onTimeDay, "\(daysBack) days back")
            #expect(
                late.state.today(now: late.now, utcOffsetSeconds: 3600).envelope
                    == onTime.state.today(now: late.now, utcOffsetSeconds: 3600).envelope, "\(daysBack) days back")
            #expect(close(lateDay.first!.used, 30 * 1.8 + 60 * 1.5))
        }
    }

    /// Calibration, then 14 days of a check-in and a 30-minute walk at 10:00, plus an hour of yoga at 07:00
    /// on day `yogaOn`; the clock ends at 12:00 on the day after.
    private func fortnight(yogaOn: Int?) -> Timeline {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        for day in 0..<14 {
            timeline.run(.checkIn(CheckIn(energy: 5)))
            timeline.run(
                .logActivity(activity: "walk", start: timeline.now.adding(seconds: -1800), durationSeconds: 1800))
            if day == yogaOn {
                timeline.run(
                    .logActivity(
                        activity: "yoga", start: timeline.now.adding(seconds: -3 * 3600), durationSeconds: 3600))
            }
            timeline.wait(minutes: 24 * 60)
        }
        timeline.wait(minutes: 120)
        return timeline
    }

    /// 07:00 on the day `daysBack` before the timeline's 12:00.
    private func yogaStart(_ timeline: Timeline, daysBack: Int) -> Instant {
        timeline.now.adding(seconds: Int64(-86_400 * daysBack - 5 * 3600))
    }

    @Test func randomCommandSequencesReplayDeterministically() async {
        let commands: [Command] = [
            .startActivity(activity: "walk"), .startActivity(activity: "yoga", intensity: .light), .stopActivity,
            .startRest(), .endRest, .checkIn(CheckIn(energy: 3)), .checkIn(CheckIn(energy: 6, pain: 4)),
            .checkIn(CheckIn(flare: true)), .startFlare(), .endFlare, .snooze(), .requestTrialIncrease,
        ]
        let step = zip(Gen<Int>.int(in: 0...(commands.count - 1)), Gen<Int>.int(in: 1...600))
        await propertyCheck(count: 50, input: step.array(of: 10...300)) { steps in
            var timeline = Timeline("2026-11-02T09:00:00Z")
            for (command, minutes) in steps {
                _ = timeline.attempt(commands[command])
                timeline.wait(minutes: Int64(minutes))
            }
            let replayed = try PaceState(settings: timeline.state.settings, replaying: timeline.log)
            #expect(replayed == timeline.state)
            let status = timeline.status
            #expect(status.used.points >= 0 && status.budget.points >= 0)
        }
    }

    /// Two weeks with calibration, bouts, rests, check-ins, a flare and reminders.
    private func busyFortnight() -> Timeline {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 50)
        for day in 0..<7 {
            timeline.run(.checkIn(CheckIn(energy: 4 + day % 3, flare: day == 4 ? true : nil)))
            timeline.run(.startActivity(activity: "walk"))
            timeline.wait(minutes: 25)
            timeline.showDueReminders()
            timeline.run(.startRest(plannedSeconds: 900))
            timeline.wait(minutes: 20)
            timeline.run(.startActivity(activity: "housework", intensity: .vigorous))
            timeline.wait(minutes: 40)
            timeline.showDueReminders()
            timeline.run(.stopActivity)
            timeline.wait(minutes: 23 * 60 - 25)
        }
        return timeline
    }
}
