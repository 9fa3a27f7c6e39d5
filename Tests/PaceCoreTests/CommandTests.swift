import Testing

@testable import PaceCore

/// The command layer: requests become events, or a typed error before anything is written.
@Suite struct CommandTests {
    @Test func startingResolvesTheKindAndItsRateAndEndsARest() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startRest())
        let events = timeline.run(.startActivity(activity: "Walking", intensity: .vigorous))
        #expect(events.map(\.payload.type) == ["restEnded", "activityStarted"])
        guard case .activityStarted(let start) = events.last?.payload else {
            Issue.record("no start")
            return
        }
        #expect(start.activity == "walk")
        #expect(close(start.pointsPerMinute, 2.8 * 1.25 - 1))
        #expect(events.allSatisfy { $0.at == timeline.now && $0.utcOffsetSeconds == 3600 })
    }

    @Test func cognitiveAndSocialEffortUseTheirOwnRates() {
        let settings = PaceSettings()
        #expect(
            settings.activity(named: "cognitive")?.pointsPerMinute(at: .light, factors: settings.intensityFactors)
                == 0.3)
        #expect(
            settings.activity(named: "social")?.pointsPerMinute(at: .vigorous, factors: settings.intensityFactors)
                == 1.0)
    }

    @Test func peopleCanDefineTheirOwnKinds() {
        var settings = PaceSettings()
        settings.define(ActivityKind(name: "choir", label: "singing in the choir", met: 3.0))
        settings.define(ActivityKind(name: "walk", label: "walking", met: 2.5))
        var timeline = Timeline("2026-11-25T09:00:00Z", settings: settings)
        guard case .activityStarted(let start) = timeline.run(.startActivity(activity: "choir")).first?.payload else {
            Issue.record("no start")
            return
        }
        #expect(close(start.pointsPerMinute, 2.0))
        #expect(close(settings.pointsPerReferenceMinute, 1.5))
    }

    @Test func errorsNameWhatIsWrong() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        #expect(timeline.attempt(.stopActivity)?.kind == .noActivityRunning)
        #expect(timeline.attempt(.endRest)?.kind == .restNotRunning)
        #expect(timeline.attempt(.endFlare)?.kind == .flareNotActive)
        #expect(timeline.attempt(.startActivity(activity: "juggling"))?.kind == .unknownActivityKind("juggling"))
        #expect(timeline.attempt(.checkIn(CheckIn())) == .invalidValue(.parameters, ""))
        #expect(timeline.attempt(.checkIn(CheckIn(energy: 11))) == .invalidValue(.energy, ""))
        #expect(timeline.attempt(.checkIn(CheckIn(pain: -1))) == .invalidValue(.pain, ""))
        #expect(timeline.attempt(.startRest(plannedSeconds: 5)) == .invalidValue(.plannedSeconds, ""))
        #expect(timeline.attempt(.startFlare(until: timeline.now)) == .invalidValue(.until, ""))
        #expect(timeline.attempt(.snooze(seconds: 0)) == .invalidValue(.durationSeconds, ""))
        #expect(
            timeline.attempt(.reminderActedOn(ReminderID("bout:1"), .stop))?.kind
                == .unknownReminder(ReminderID("bout:1")))
        #expect(timeline.attempt(.requestTrialIncrease)?.kind == .trialIncreaseUnavailable)
        #expect(
            timeline.attempt(.logActivity(activity: "walk", start: timeline.now, durationSeconds: 600))
                == .invalidValue(.startedAt, ""))
        #expect(
            timeline.attempt(
                .logActivity(activity: "walk", start: timeline.now.adding(seconds: -600), durationSeconds: 0))
                == .invalidValue(.durationSeconds, ""))
        timeline.run(.startActivity(activity: "walk"))
        let running = timeline.attempt(.startActivity(activity: "yoga"))
        #expect(running?.kind == .activityAlreadyRunning(activity: "walk", startedAt: timeline.now))
        #expect(running?.message == "Walking is running since 10:00; stop it first (pace stop).")
        timeline.wait(minutes: 30)
        #expect(
            timeline.attempt(
                .logActivity(activity: "yoga", start: timeline.now.adding(seconds: -900), durationSeconds: 600))?
                .kind == .overlapsRunningActivity)
        #expect(timeline.log.count == 1)  // nothing but the start was ever recorded
        timeline.run(.stopActivity)
        timeline.calibrate()
        #expect(timeline.attempt(.answerCalibration(badDayMinutes: 20))?.kind == .calibrationFinished)
    }

    @Test func startingARestStopsTheBout() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 10)
        #expect(
            timeline.run(.startRest(plannedSeconds: 600)).map(\.payload.type) == ["activityStopped", "restStarted"])
        #expect(timeline.status.bout == nil)
        #expect(timeline.status.rest?.plannedSeconds == 600)
        #expect(timeline.attempt(.startRest())?.kind == .restAlreadyRunning)
    }

    @Test func answeringAReminderCarriesOutItsButton() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startActivity(activity: "walk"))
        let id = ReminderID("bout:1")
        timeline.run(.reminderShown(id))
        #expect(
            timeline.run(.reminderActedOn(id, .stop)).map(\.payload.type) == ["reminderActedOn", "activityStopped"])
        timeline.run(.startActivity(activity: "walk"))
        #expect(
            timeline.run(.reminderActedOn(id, .startRest)).map(\.payload.type)
                == ["reminderActedOn", "activityStopped", "restStarted"])
        let snooze = timeline.run(.reminderActedOn(id, .snooze))
        #expect(snooze.map(\.payload.type) == ["reminderActedOn", "snoozed"])
        #expect(snooze.last?.payload == .snoozed(.init(until: timeline.now.adding(seconds: 300), reminder: id)))
        #expect(timeline.run(.reminderActedOn(id, .dismissed)).count == 1)
    }

    @Test func aTrialIncreaseNeedsTheEvidenceGrowthNeeds() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        let early = timeline.attempt(.requestTrialIncrease)
        #expect(early?.kind == .trialIncreaseUnavailable)
        #expect(early?.message.contains("17 days in a row recorded and without a flare (now 0)") == true)
        #expect(early?.message.contains("10 check-ins among them (now 0)") == true)
        // Days with activity but no check-in are flare-free, yet not the check-ins growth needs.
        timeline.live(days: 17, checkIn: nil)
        #expect(timeline.attempt(.requestTrialIncrease)?.message.contains("(now 0)") == true)
        timeline.live(days: 10)
        #expect(timeline.attempt(.requestTrialIncrease) == nil)
    }

    @Test func aTrialIncreaseRaisesTodaysBudgetOnceAWeek() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.live(days: 17)
        let before = timeline.status.budget.points
        timeline.run(.requestTrialIncrease)
        #expect(close(timeline.status.budget.points, before * 1.05))
        #expect(timeline.status.base.lastChange?.reason == .trialIncrease)
        let again = timeline.attempt(.requestTrialIncrease)
        #expect(again?.kind == .trialIncreaseUnavailable)
        #expect(again?.message.contains("7 days") == true)
        timeline.live(days: 7)
        timeline.run(.requestTrialIncrease)
        #expect(close(timeline.status.base.points, before * 1.05 * 1.05))
    }

    @Test func aStartOrStopMayBeGivenForALittleEarlier() throws {
        let clock = FixedClock(Instant(rfc3339: "2026-11-25T09:00:00Z")!, utcOffsetSeconds: 3600)
        var state = PaceState()
        let tenMinutesAgo = clock.instant.adding(seconds: -600)
        let started = try state.events(for: .startActivity(activity: "walk"), at: tenMinutesAgo, clock: clock)
        #expect(started.map(\.at) == [tenMinutesAgo])
        for event in started { try state.apply(event) }

        let refusals: [(Command, Instant, PaceError)] = [
            (.stopActivity, clock.instant.adding(seconds: 120), .invalidValue(.endedAt, "")),
            (.stopActivity, clock.instant.adding(seconds: -86_401), .invalidValue(.endedAt, "")),
            // Before the start: the last thing recorded, and the bout's own beginning.
            (.stopActivity, tenMinutesAgo.adding(seconds: -1), .invalidValue(.endedAt, "")),
            (.startRest(), tenMinutesAgo.adding(seconds: -1), .invalidValue(.startedAt, "")),
        ]
        for (command, time, expected) in refusals {
            #expect(throws: expected) { try state.events(for: command, at: time, clock: clock) }
        }
        let stopped = try state.events(for: .stopActivity, at: clock.instant.adding(seconds: -60), clock: clock)
        #expect(stopped.map(\.at) == [clock.instant.adding(seconds: -60)])
    }

    @Test func anEarlierTimeCarriesTheUTCOffsetOfThatTime() throws {
        // 03:30 on the day summer time ended (03:00 CEST became 02:00 CET at 01:00 UTC): half an hour ago
        // was still summer time.
        struct Zone: WallClock {
            func now() -> Instant { Instant(rfc3339: "2026-10-25T01:30:00Z")! }
            func utcOffsetSeconds(at instant: Instant) -> Int {
                instant < Instant(rfc3339: "2026-10-25T01:00:00Z")! ? 7200 : 3600
            }
        }
        let events = try PaceState().events(
            for: .startActivity(activity: "walk"), at: Instant(rfc3339: "2026-10-25T00:50:00Z")!, clock: Zone())
        #expect(events.map(\.utcOffsetSeconds) == [7200])
        let now = try PaceState().events(for: .startActivity(activity: "walk"), clock: Zone())
        #expect(now.map(\.utcOffsetSeconds) == [3600])
    }

    @Test func activitiesAreLoggedUpToAYearBack() throws {
        let clock = FixedClock(Instant(rfc3339: "2026-11-25T09:00:00Z")!, utcOffsetSeconds: 3600)
        let yearAgo = clock.instant.adding(seconds: -366 * 86_400)
        let logged = try PaceState().events(
            for: .logActivity(activity: "walk", start: yearAgo, durationSeconds: 600), clock: clock)
        #expect(logged.count == 1)
        #expect(throws: PaceError.invalidValue(.startedAt, "")) {
            try PaceState().events(
                for: .logActivity(activity: "walk", start: yearAgo.adding(seconds: -1), durationSeconds: 600),
                clock: clock)
        }
    }
}
