import Testing

@testable import PaceCore

@Suite struct EnvelopeTests {
    @Test func calibrationWeekSetsTheBaseAtEightyPercentOfItsMedianDay() {
        var driver = EnvelopeDriver()
        driver.calibrate([80, 120, 100, 90, 110, 60, 140])
        #expect(driver.envelope.phase == .adapting)
        #expect(close(driver.envelope.base, 80))  // 0.8 × median 100
        #expect(close(driver.envelope.floor, 64))
        #expect(close(driver.envelope.ceiling, 120))
        #expect(driver.days.last?.change?.reason == .calibrated)
        #expect(driver.envelope.usualEnergy == 5)
    }

    @Test func calibrationLeavesOutFlareDaysUnlessTooFewRemain() {
        var driver = EnvelopeDriver()
        for load in [100.0, 100, 100, 100] { driver.day(.checkIn(energy: 5), load: load) }
        for load in [20.0, 20, 20] { driver.day(.checkIn(energy: 2, flare: true), load: load) }
        #expect(close(driver.envelope.base, 80))

        var flaring = EnvelopeDriver()
        flaring.day(.checkIn(energy: 5), load: 100)
        for load in [10.0, 20, 30, 40, 50, 60] { flaring.day(.checkIn(energy: 2, flare: true), load: load) }
        #expect(close(flaring.envelope.base, 0.8 * 40))  // one calm day is too few: all seven, median 40
    }

    @Test func emptyDaysDoNotCountTowardsCalibration() {
        var driver = EnvelopeDriver()
        for _ in 0..<6 { driver.day(.noCheckIn, load: 100) }
        for _ in 0..<5 { driver.day(.nothingRecorded, load: 0) }
        #expect(driver.envelope.phase == .calibrating)
        driver.day(.noCheckIn, load: 100)
        #expect(driver.envelope.phase == .adapting)
        #expect(close(driver.envelope.base, 80))
    }

    @Test func provisionalBudgetComesFromTheAnswerThenTheFirstDays() {
        var driver = EnvelopeDriver()
        var budget = driver.envelope.budget(for: .noCheckIn, provisional: (30, true))
        #expect(budget.provisional == .badDayAnswer)
        #expect(budget.points == 30)
        #expect(driver.envelope.budget(for: .noCheckIn, provisional: (45, false)).provisional == .builtIn)
        driver.day(.noCheckIn, load: 100)
        driver.day(.noCheckIn, load: 60)
        budget = driver.envelope.budget(for: .noCheckIn, provisional: (30, true))
        #expect(budget.provisional == .firstDays)
        #expect(close(budget.points, 64))  // 0.8 × median(100, 60)
    }

    @Test func aFlareCutsTodaysBudgetAtOnceWithoutTouchingTheBase() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        let normal = driver.budget(.checkIn(energy: 5))
        let flare = driver.budget(.checkIn(energy: 5, flare: true))
        #expect(close(normal.points, 80))
        #expect(close(flare.points, 40))
        #expect(flare.flare == .reported)
        // Even a high rating cannot lift a flare day above half the base.
        #expect(close(driver.budget(.checkIn(energy: 8, flare: true)).points, 40))
        // Closing the flare day records it and leaves the base alone: three days inside budget did not come first.
        let verdict = driver.day(.checkIn(energy: 5, flare: true), load: 30)
        #expect(close(verdict.budget.points, 40))
        #expect(verdict.change == nil)
        #expect(driver.envelope.base == 80)
        #expect(close(driver.budget(.checkIn(energy: 5)).points, 80))
        // During calibration too: half the provisional budget.
        let calibrating = EnvelopeDriver()
        #expect(close(calibrating.budget(DayObservation(flareReported: true)).points, 25))
    }

    @Test func symptomsWellAboveUsualCountAsAFlare() {
        var driver = EnvelopeDriver()
        driver.calibrate()  // usual symptom score 3
        #expect(driver.budget(.checkIn(energy: 5, symptom: 5.5)).flare == .none)
        #expect(driver.budget(.checkIn(energy: 5, symptom: 6)).flare == .symptoms(score: 6, usual: 3))
    }

    @Test func energyRatingScalesTheBudgetInStepsWithinLimits() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        #expect(close(driver.budget(.checkIn(energy: 4)).points, 64))  // 0.8
        #expect(close(driver.budget(.checkIn(energy: 6)).points, 96))  // 1.2, the most
        #expect(close(driver.budget(.checkIn(energy: 10)).points, 96))
        #expect(close(driver.budget(.checkIn(energy: 0)).points, 24))  // 0.3, the least
    }

    @Test func aMissingRatingFadesBackToUsual() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        driver.day(.checkIn(energy: 3), load: 40)  // r = 0.6
        var expected = [1 + 0.7 * -0.4, 1 + 0.49 * -0.4, 1 + 0.343 * -0.4]
        for _ in 0..<3 {
            let budget = driver.budget(.noCheckIn)
            #expect(close(budget.energyFactor, expected.removeFirst()))
            driver.day(.noCheckIn, load: 40)
        }
    }

    @Test func aReportedFlareIsAssumedForTwoDaysWithoutNews() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        driver.day(.checkIn(energy: 2, flare: true), load: 20)
        #expect(driver.budget(.noCheckIn).flare == .assumed(daysAgo: 1))
        driver.day(.noCheckIn, load: 20)
        #expect(driver.budget(.noCheckIn).flare == .assumed(daysAgo: 2))
        driver.day(.noCheckIn, load: 20)
        #expect(driver.budget(.noCheckIn).flare == .none)
        // News ends the assumption at once.
        #expect(driver.budget(.checkIn(energy: 5)).flare == .none)
    }

    @Test func flareAfterDaysInsideTheBudgetCutsTheBaseByFifteenPercent() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        for _ in 0..<3 { driver.day(.checkIn(energy: 5), load: 78) }  // inside 80, and used it
        let verdict = driver.day(.checkIn(energy: 2, flare: true), load: 30)
        #expect(verdict.change?.reason == .cutAfterFlareInsideBudget)
        #expect(close(driver.envelope.base, 68))
    }

    @Test func flareAfterOverspendingNeverCutsTheBase() {
        // The reminder was ignored: the flare says nothing about the budget being too high.
        var driver = EnvelopeDriver()
        driver.calibrate()
        driver.day(.checkIn(energy: 5), load: 78)
        driver.day(.checkIn(energy: 5), load: 140)
        driver.day(.checkIn(energy: 5), load: 78)
        let verdict = driver.day(.checkIn(energy: 2, flare: true), load: 30)
        #expect(verdict.change == nil)
        #expect(driver.envelope.base == 80)
    }

    @Test func cutsStopAtTheFloor() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        for _ in 0..<6 {
            for _ in 0..<3 { driver.day(.checkIn(energy: 5), load: driver.budget(.checkIn(energy: 5)).points) }
            driver.day(.checkIn(energy: 2, flare: true), load: 10)
        }
        #expect(close(driver.envelope.base, driver.envelope.floor))
    }

    @Test func toleratedOverspendAfterTwoFlareFreeWeeksGrowsTheBaseFivePercent() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        // Over budget on two days, no flare after them, check-ins every day: the base grows once 17 days
        // without a flare are seen (calibration included) and both days are 3 days old, and then not again
        // within a week.
        var changes: [Int: BaseChange] = [:]
        for day in 0..<16 {
            let load = day == 2 || day == 5 ? 100.0 : 70
            changes[day] = driver.day(.checkIn(energy: 5), load: load).change
        }
        #expect(changes.count == 1)
        #expect(changes[9]?.reason == .grownAfterToleratedOverspend)
        #expect(close(driver.envelope.base, 84))
    }

    @Test func trialIncreaseRespectsTheWeeklyCapAndTheCeiling() throws {
        var driver = EnvelopeDriver()
        driver.calibrate()
        #expect(throws: Envelope.TrialRefusal.flare) {
            try driver.envelope.increaseOnTrial(on: driver.date, flareToday: true)
        }
        let change = try driver.envelope.increaseOnTrial(on: driver.date, flareToday: false)
        #expect(change.reason == .trialIncrease)
        #expect(close(driver.envelope.base, 84))
        #expect(throws: Envelope.TrialRefusal.tooSoon(daysToWait: 7)) {
            try driver.envelope.increaseOnTrial(on: driver.date, flareToday: false)
        }
        for _ in 0..<20 {
            for _ in 0..<7 { driver.day(.checkIn(energy: 5), load: 50) }
            _ = try? driver.envelope.increaseOnTrial(on: driver.date, flareToday: false)
        }
        #expect(close(driver.envelope.base, driver.envelope.ceiling))
        #expect(throws: Envelope.TrialRefusal.atCeiling) {
            try driver.envelope.increaseOnTrial(on: driver.date.adding(days: 30), flareToday: false)
        }
    }

    @Test func exertionDebtDecaysAsSpecifiedWhenEnabled() {
        var parameters = EnvelopeParameters()
        parameters.exertionDebt = .init(enabled: true, weight: 0.3, decayPerDay: 0.5)
        var driver = EnvelopeDriver(parameters: parameters)
        driver.calibrate()
        driver.day(.checkIn(energy: 5), load: 120)  // 40 over → debt 12
        #expect(close(driver.envelope.debt, 12))
        #expect(close(driver.budget(.checkIn(energy: 5)).points, 68))
        #expect(close(driver.budget(.checkIn(energy: 5)).debt, 12))
        for day in 1...5 {
            driver.day(.checkIn(energy: 5), load: 0)
            #expect(close(driver.envelope.debt, 12 * pow2(-day)))
        }
        // Off by default: overspending leaves no debt.
        var plain = EnvelopeDriver()
        plain.calibrate()
        plain.day(.checkIn(energy: 5), load: 120)
        #expect(plain.envelope.debt == 0)
        #expect(close(plain.budget(.checkIn(energy: 5)).points, 80))
    }

    @Test func growthProgressSaysWhatIsMissing() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        for _ in 0..<5 { driver.day(.noCheckIn, load: 50) }
        let progress = driver.envelope.growthProgress()
        #expect(progress.checkInsNeeded == 10)
        #expect(progress.toleratedOverspendDays == 0)
        #expect(!progress.isSatisfied)
    }
}

/// 2 to the power `exponent`.
func pow2(_ exponent: Int) -> Double {
    var value = 1.0
    for _ in 0..<abs(exponent) { value *= 2 }
    return exponent >= 0 ? value : 1 / value
}
