import FoundationEssentials
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

    @Test func withoutRatingsInCalibrationPacesScaleSaysFiveIsUsual() {
        // Pace's check-in asks for energy 0–10 with "5 = your usual": that is the usual until the person's own.
        var driver = EnvelopeDriver()
        for _ in 0..<7 { driver.day(.noCheckIn, load: 100) }
        #expect(driver.envelope.usualEnergy == nil)
        #expect(driver.budget(.checkIn(energy: 3)).energySource == .today(rating: 3, usual: 5))
        #expect(close(driver.budget(.checkIn(energy: 3)).energyFactor, 0.6))
    }

    @Test func aScaleWithoutAUsualLearnsItFromTheRatingsAfterCalibration() {
        // Issue 21, item 10: ratings on another scale (perceived capacity, 30–120 points) were divided by 5, so
        // a week without ratings left the factor stuck at 1.2 for good.
        var parameters = EnvelopeParameters()
        parameters.usualEnergyRating = nil
        var driver = EnvelopeDriver(parameters: parameters)
        for _ in 0..<7 { driver.day(.noCheckIn, load: 100) }
        // No usual yet: a rating has nothing to be compared with, so no factor.
        #expect(driver.budget(.checkIn(energy: 60)).energyFactor == 1)
        #expect(driver.budget(.checkIn(energy: 60)).energySource == .usual)
        driver.day(.checkIn(energy: 60), load: 80)
        #expect(driver.envelope.usualEnergy == 60)
        #expect(close(driver.budget(.checkIn(energy: 48)).energyFactor, 0.8))
        // A flare day's rating is left out, as in calibration; the others count until a week of them.
        driver.day(.checkIn(energy: 10, flare: true), load: 20)
        #expect(driver.envelope.usualEnergy == 60)
        for rating in [80.0, 70, 50, 90, 100, 100, 100, 100] { driver.day(.checkIn(energy: rating), load: 80) }
        #expect(driver.envelope.usualEnergy == 80)  // the median of 60, 80, 70, 50, 90, 100, 100
        #expect(close(driver.budget(.checkIn(energy: 40)).energyFactor, 0.6))

        // A usual from the calibration week stays: nothing after it is learned.
        var calibrated = EnvelopeDriver(parameters: parameters)
        for _ in 0..<7 { calibrated.day(.checkIn(energy: 50), load: 100) }
        calibrated.day(.checkIn(energy: 100), load: 100)
        #expect(calibrated.envelope.usualEnergy == 50)
        #expect(close(calibrated.budget(.checkIn(energy: 40)).energyFactor, 0.8))
    }

    @Test func noUsualEnergyRatingSurvivesARoundTrip() throws {
        var parameters = EnvelopeParameters()
        parameters.usualEnergyRating = nil
        let decoded = try JSONDecoder().decode(EnvelopeParameters.self, from: try JSONEncoder().encode(parameters))
        #expect(decoded == parameters)
        #expect(try JSONDecoder().decode(EnvelopeParameters.self, from: Data("{}".utf8)).usualEnergyRating == 5)
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

    @Test func toleratedOverspendAfterSeventeenFlareFreeDaysGrowsTheBaseFivePercent() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        // Over budget on two days, a "no flare" check-in every day: the base grows once 17 days after calibration
        // are seen without a flare, and then not again within a week. Calibration days are not in the window.
        var changes: [Int: BaseChange] = [:]
        var growth: [Int: Envelope.GrowthProgress] = [:]
        for day in 0..<22 {
            let load = day == 2 || day == 5 ? 100.0 : 70
            let verdict = driver.day(.checkIn(energy: 5, flare: false), load: load)
            changes[day] = verdict.change
            growth[day] = verdict.growth
        }
        #expect(changes.count == 1)
        #expect(changes[16]?.reason == .grownAfterToleratedOverspend)
        #expect(close(driver.envelope.base, 84))
        // The night before, everything but the full window was there.
        #expect(growth[15]?.flareFreeDays == 16)
        #expect(growth[15]?.toleratedOverspendDays == 2)
        #expect(growth[16]?.isSatisfied == true)
    }

    @Test func overspendIsToleratedOnlyWhenACheckInSaidNoFlareWithinThreeDays() {
        // Overspent days followed by answered check-ins that say nothing about flares: not evidence.
        func run(_ after: DayObservation) -> (Envelope.GrowthProgress, BaseChange?) {
            var driver = EnvelopeDriver()
            driver.calibrate()
            var changes: [BaseChange] = []
            for day in 0..<17 {
                let overspent = day == 2 || day == 5
                let observation: DayObservation = day == 3 || day == 6 ? after : .checkIn(energy: 5)
                if let change = driver.day(observation, load: overspent ? 100 : 70).change { changes.append(change) }
            }
            return (driver.envelope.growthProgress(), changes.first)
        }
        let silent = run(.checkIn(energy: 5))
        #expect(silent.0.toleratedOverspendDays == 0)
        #expect(silent.1 == nil)
        let denied = run(.checkIn(energy: 5, flare: false))
        #expect(denied.0.toleratedOverspendDays == 2)
        #expect(denied.1?.reason == .grownAfterToleratedOverspend)
        // A "no flare" answer and a flare reported in the same 3 days: not tolerated.
        var reported = DayObservation.checkIn(energy: 5, flare: false)
        reported.flareReported = true
        #expect(run(reported).0.toleratedOverspendDays == 0)
    }

    @Test func anOverspentDayCountsOnlyOnceItsThreeFollowingDaysAreClosed() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        for day in 0..<17 { driver.day(.checkIn(energy: 5, flare: false), load: day == 13 ? 100 : 70) }
        // Day 13's following days are 14, 15 and 16: all closed.
        #expect(driver.envelope.growthProgress().toleratedOverspendDays == 1)
        var late = EnvelopeDriver()
        late.calibrate()
        for day in 0..<17 { late.day(.checkIn(energy: 5, flare: false), load: day == 14 ? 100 : 70) }
        #expect(late.envelope.growthProgress().toleratedOverspendDays == 0)
    }

    @Test func aDayWithNothingRecordedBreaksTheFlareFreeRunAndIsNeverTolerated() {
        var driver = EnvelopeDriver()
        driver.calibrate()
        var grown: [Int] = []
        for day in 0..<30 {
            let observation: DayObservation = day == 10 ? .nothingRecorded : .checkIn(energy: 5, flare: false)
            let load = day == 2 || day == 5 || day == 12 || day == 15 ? 100.0 : 70
            if driver.day(observation, load: load).change != nil { grown.append(day) }
            if (10...26).contains(day) { #expect(driver.envelope.growthProgress().flareFreeDays == day - 10) }
        }
        // Without the empty day the base would grow on day 16; with it, not while the day is in the 17-day
        // window (days 10…26), and on day 27, the first night after it.
        #expect(grown == [27])
    }

    @Test func anEmptyCheckInIsNotACheckIn() {
        // A day whose check-ins hold no answer is not checked in: it does not end an assumed flare.
        var record = DayRecord(date: CivilDate(year: 2026, month: 1, day: 1))
        record.recorded = true
        record.checkIns = [CheckIn(note: "tired"), CheckIn(complete: true)]
        let observation = record.observation(flareModeAtEnd: false)
        #expect(!observation.checkedIn)
        #expect(observation.complete)  // the person said so
        var driver = EnvelopeDriver()
        driver.calibrate()
        driver.day(.checkIn(energy: 2, flare: true), load: 20)
        #expect(driver.budget(observation).flare == .assumed(daysAgo: 1))
        record.checkIns.append(CheckIn(stress: 4))
        #expect(record.observation(flareModeAtEnd: false).checkedIn)
        #expect(driver.budget(record.observation(flareModeAtEnd: false)).flare == .none)
    }

    @Test func onlyCompleteDaysCountTowardsCalibration() {
        var driver = EnvelopeDriver()
        driver.day(.checkIn(energy: 5), load: 100)
        let before = driver.budget(.noCheckIn)
        for _ in 0..<3 { driver.day(.incomplete, load: 20) }
        #expect(driver.envelope.calibrationDaysRecorded == 1)
        #expect(driver.budget(.noCheckIn) == before)
        for _ in 0..<6 { driver.day(.noCheckIn, load: 100) }
        #expect(driver.envelope.phase == .adapting)
        #expect(close(driver.envelope.base, 80))  // the short days are not in the median
    }

    @Test func aTrialIncreaseNeedsTheFlareFreeDaysAndCheckInsOfGrowth() throws {
        var driver = EnvelopeDriver()
        driver.calibrate()
        #expect(
            throws: Envelope.TrialRefusal.notEnoughEvidence(
                flareFreeDays: 0, flareFreeDaysNeeded: 17, checkIns: 0, checkInsNeeded: 10)
        ) {
            try driver.envelope.increaseOnTrial(on: driver.date, flareToday: false)
        }
        // 17 flare-free days, but only 9 check-ins among them.
        for day in 0..<17 { driver.day(day < 8 ? .noCheckIn : .checkIn(energy: 5, flare: false), load: 70) }
        #expect(
            throws: Envelope.TrialRefusal.notEnoughEvidence(
                flareFreeDays: 17, flareFreeDaysNeeded: 17, checkIns: 9, checkInsNeeded: 10)
        ) {
            try driver.envelope.increaseOnTrial(on: driver.date, flareToday: false)
        }
        driver.day(.checkIn(energy: 5, flare: false), load: 70)
        // No overspend is needed.
        #expect(driver.envelope.growthProgress().toleratedOverspendDays == 0)
        #expect(try driver.envelope.increaseOnTrial(on: driver.date, flareToday: false).reason == .trialIncrease)
        // A flare restarts the count.
        var flared = EnvelopeDriver()
        flared.calibrate()
        for day in 0..<20 { flared.day(.checkIn(energy: 5, flare: day == 12), load: 70) }
        #expect(
            throws: Envelope.TrialRefusal.notEnoughEvidence(
                flareFreeDays: 7, flareFreeDaysNeeded: 17, checkIns: 17, checkInsNeeded: 10)
        ) {
            try flared.envelope.increaseOnTrial(on: flared.date, flareToday: false)
        }
    }

    @Test func trialIncreaseRespectsTheWeeklyCapAndTheCeiling() throws {
        var driver = EnvelopeDriver()
        driver.calibrate()
        for _ in 0..<17 { driver.day(.checkIn(energy: 5, flare: false), load: 50) }
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
            for _ in 0..<7 { driver.day(.checkIn(energy: 5, flare: false), load: 50) }
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
