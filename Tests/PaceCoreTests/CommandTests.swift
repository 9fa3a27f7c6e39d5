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
        #expect(timeline.attempt(.stopActivity)?.code == .noActivityRunning)
        #expect(timeline.attempt(.endRest)?.code == .restNotRunning)
        #expect(timeline.attempt(.endFlare)?.code == .flareNotActive)
        #expect(timeline.attempt(.startActivity(activity: "juggling"))?.code == .unknownActivityKind)
        #expect(timeline.attempt(.checkIn(CheckIn()))?.code == .invalidValue)
        #expect(timeline.attempt(.checkIn(CheckIn(energy: 11))) == .invalidValue("energy", ""))
        #expect(timeline.attempt(.checkIn(CheckIn(pain: -1))) == .invalidValue("pain", ""))
        #expect(timeline.attempt(.startRest(plannedSeconds: 5)) == .invalidValue("duration", ""))
        #expect(timeline.attempt(.startFlare(until: timeline.now)) == .invalidValue("until", ""))
        #expect(timeline.attempt(.snooze(seconds: 0)) == .invalidValue("duration", ""))
        #expect(timeline.attempt(.reminderActedOn(ReminderID("bout:1"), .stop))?.code == .unknownReminder)
        #expect(timeline.attempt(.requestTrialIncrease)?.code == .trialIncreaseUnavailable)
        #expect(
            timeline.attempt(.logActivity(activity: "walk", start: timeline.now, durationSeconds: 600))
                == .invalidValue("start", ""))
        #expect(
            timeline.attempt(
                .logActivity(activity: "walk", start: timeline.now.adding(seconds: -600), durationSeconds: 0))
                == .invalidValue("duration", ""))
        timeline.run(.startActivity(activity: "walk"))
        let running = timeline.attempt(.startActivity(activity: "yoga"))
        #expect(running?.code == .activityAlreadyRunning)
        #expect(running?.message == "Walking is running since 10:00; stop it first (pace stop).")
        timeline.wait(minutes: 30)
        #expect(
            timeline.attempt(
                .logActivity(activity: "yoga", start: timeline.now.adding(seconds: -900), durationSeconds: 600))?
                .code == .overlapsRunningActivity)
        #expect(timeline.log.count == 1)  // nothing but the start was ever recorded
        timeline.run(.stopActivity)
        timeline.calibrate()
        #expect(timeline.attempt(.answerCalibration(badDayMinutes: 20))?.code == .calibrationFinished)
    }

    @Test func errorCodesAreVarlinkErrorNames() {
        #expect(PaceError.Code.noActivityRunning.rawValue == "NoActivityRunning")
        #expect(PaceError.Code.allCases.allSatisfy { $0.rawValue.first!.isUppercase && !$0.rawValue.contains(" ") })
    }

    @Test func startingARestStopsTheBout() {
        var timeline = Timeline("2026-11-25T09:00:00Z")
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 10)
        #expect(
            timeline.run(.startRest(plannedSeconds: 600)).map(\.payload.type) == ["activityStopped", "restStarted"])
        #expect(timeline.status.bout == nil)
        #expect(timeline.status.rest?.plannedSeconds == 600)
        #expect(timeline.attempt(.startRest())?.code == .restAlreadyRunning)
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

    @Test func aTrialIncreaseRaisesTodaysBudgetOnceAWeek() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        let before = timeline.status.budget.points
        timeline.run(.requestTrialIncrease)
        #expect(close(timeline.status.budget.points, before * 1.05))
        #expect(timeline.status.base.lastChange?.reason == .trialIncrease)
        let again = timeline.attempt(.requestTrialIncrease)
        #expect(again?.code == .trialIncreaseUnavailable)
        #expect(again?.message.contains("7 days") == true)
        timeline.wait(minutes: 7 * 24 * 60)
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.run(.requestTrialIncrease)
        #expect(close(timeline.status.base.points, before * 1.05 * 1.05))
    }
}
