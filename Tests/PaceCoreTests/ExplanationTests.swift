import Testing

@testable import PaceCore

/// `pace why`: every budget number with its reason, in plain sentences.
@Suite struct ExplanationTests {
    @Test func aFlareReportedThisMorningHalvesTodaysBudget() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 3, flare: true)))
        let why = timeline.explanation
        #expect(why.mode == .flare)
        #expect(why.flare == .reported)
        #expect(close(why.budget.points, why.base.points / 2))
        #expect(why.sentences.first == "Today's budget is half your usual: you reported a flare this morning.")
    }

    @Test func aCutSaysWhenAndWhy() {
        var timeline = Timeline("2026-11-02T09:00:00Z")  // a Monday
        timeline.calibrate(minutes: 60)  // the base is set on Sunday night
        for _ in 0..<3 {  // Monday to Wednesday: inside the budget, and using it
            timeline.run(.checkIn(CheckIn(energy: 5)))
            timeline.run(
                .logActivity(activity: "walk", start: timeline.now.adding(seconds: -3600), durationSeconds: 46 * 60))
            timeline.wait(minutes: 24 * 60)
        }
        timeline.run(.checkIn(CheckIn(energy: 2, flare: true)))  // Thursday
        timeline.wait(minutes: 3 * 24 * 60)  // Sunday
        timeline.run(.checkIn(CheckIn(energy: 5)))
        let why = timeline.explanation
        #expect(why.lastBaseChange?.reason == .cutAfterFlareInsideBudget)
        #expect(why.lastBaseChange?.date.iso8601 == "2026-11-12")
        #expect(
            why.sentences.contains("Your base was lowered 15 % on Thursday because a flare followed 3 days inside it."))
    }

    @Test func theEnergyRatingIsExplained() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 4)))
        let why = timeline.explanation
        #expect(why.energyFactor == 0.8)
        #expect(why.energySource == .today(rating: 4, usual: 5))
        #expect(why.sentences[0] == "Today's budget is 69 points (about 38 min of walking).")
        #expect(
            why.sentences[1]
                == "You rated your energy 4 against a usual 5, so it is 80 % of your base of 86 points (about 48 min "
                + "of walking).")
    }

    @Test func whatWouldMakeTheBaseGrowIsSaid() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 5)))
        var why = timeline.explanation
        var growth = try! #require(why.growth)
        #expect(growth.toleratedOverspendDays == 0)
        #expect(growth.flareFreeDays == 0)  // calibration days are not in the window
        // Right after calibration there is no evidence yet, for growth or for a trial.
        #expect(!why.trialIncreaseAvailable)
        #expect(!why.sentences.contains { $0.contains("small trial increase") })
        #expect(why.sentences.contains { $0.hasPrefix("Your base grows only on evidence, never on time alone") })
        #expect(why.trialIncreaseAvailable == (timeline.attempt(.requestTrialIncrease) == nil))

        timeline.live(days: 17)
        why = timeline.explanation
        growth = try! #require(why.growth)
        #expect(growth.flareFreeDays == 17)
        #expect(growth.checkIns == 17)
        #expect(why.trialIncreaseAvailable)
        #expect(why.sentences.last?.contains("small trial increase") == true)
        #expect(
            why.sentences.contains {
                $0.contains("17 days in a row recorded and without a flare (now 17), 10 check-ins among them (now 17)")
            })
        #expect(timeline.attempt(.requestTrialIncrease) == nil)
    }

    @Test func aProvisionalBudgetIsLabelledAsSuch() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.run(.answerCalibration(badDayMinutes: 25))
        let why = timeline.explanation
        #expect(why.mode == .calibrating)
        #expect(why.provisional == .badDayAnswer)
        #expect(why.sentences[0].hasPrefix("Pace is still learning your days: 0 of 7 recorded."))
        #expect(why.sentences[0].contains("45 points (about 25 min of walking) is provisional"))
    }

    @Test func anAssumedFlareSaysAMissingCheckInIsNotAGoodDay() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(flare: true)))
        timeline.wait(minutes: 24 * 60)
        timeline.run(.startActivity(activity: "walk"))
        let why = timeline.explanation
        #expect(why.flare == .assumed(daysAgo: 1))
        #expect(why.sentences[0].contains("you reported a flare yesterday and have not checked in since"))
    }
}
