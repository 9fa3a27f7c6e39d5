/// The adaptive energy envelope of ENVELOPE.md section B: a capacity estimate learned from outcomes.
///
/// A value that walks through pacing days one at a time. Each morning ``budget(for:provisional:)`` answers
/// "how much today?" from the base and whatever the day has said so far (energy rating, flare); each night
/// ``close(_:load:on:)`` records the day and applies the only two rules that move the base:
///
/// - **cut** (× 0.85, never below the floor) when a flare is newly reported although the three days before
///   all stayed inside their budget and one of them used it — the budget was too high;
/// - **growth** (× 1.05, never above the ceiling, at most once in 7 days) when, over the last 17 calendar days
///   (all after calibration, every one recorded and flare-free) with at least 10 answered check-ins, at least 2
///   days went over the budget and a check-in within the 3 days after each said "no flare" while none was
///   reported.
///
/// Nothing else moves it: not time, not missing days, not an ignored reminder; missing is unknown, never good.
/// `PaceState`, the simulator and `pace-sim step` all drive this same type, so the study measures the code
/// people run.
package struct Envelope: Codable, Sendable, Equatable {
    /// The rules' numbers.
    package private(set) var parameters: EnvelopeParameters
    /// Calibrating (a provisional budget) or adapting (the rules above).
    package private(set) var phase: Phase = .calibrating
    /// The base envelope B in effort points; 0 until calibration ends.
    package private(set) var base = 0.0
    /// B0, the base calibration produced; floor and ceiling are fractions of it.
    package private(set) var initialBase = 0.0
    /// The person's usual energy rating (the anchor), learned from the calibration week; when the week had no
    /// rating and the scale defines no usual (``EnvelopeParameters/usualEnergyRating`` `nil`), from the first
    /// ratings after it.
    package private(set) var usualEnergy: Double?
    /// The person's usual symptom score, learned from the calibration week.
    package private(set) var usualSymptom: Double?
    /// The latest change of the base.
    package private(set) var lastChange: BaseChange?
    /// Outstanding exertion debt (only when the setting is on).
    package private(set) var debt = 0.0
    /// The last closed day.
    package private(set) var lastClosed: CivilDate?
    /// The most recent closed days, oldest first, as many as the rules look back on.
    package private(set) var recent: [DaySummary] = []

    private var calibration: [CalibrationDay] = []
    /// The ratings the usual rating is the median of: the calibration week's, then, while
    /// ``learningUsualEnergy``, the first ones after it (the name is kept for the snapshots).
    private var calibrationEnergies: [Double] = []
    private var symptomReference: [Double] = []
    /// Calibration ended without symptom scores: the first scores after it set the usual score.
    private var learningUsualSymptom = false
    private var lastEnergyRating: Double?
    private var daysSinceEnergy = 0
    private var lastFlare = false
    private var daysSinceFlareNews = 0
    private var lastGrowth: CivilDate?

    /// Calibrating or adapting.
    package enum Phase: String, Codable, Sendable, Equatable {
        /// The first recorded days of normal life: the budget shown is provisional.
        case calibrating
        /// The base is set and moves only by the cut and growth rules.
        case adapting
    }

    /// One closed day as the rules remember it.
    package struct DaySummary: Codable, Sendable, Equatable {
        package var date: CivilDate
        package var load: Double
        /// The day's final budget; `nil` for calibration days, which the rules do not judge.
        package var budget: Double?
        /// A flare day, reported or assumed.
        package var flare: Bool
        /// A flare reported by the day's own data.
        package var flareReported: Bool
        /// An answered check-in that day (``DayObservation/checkedIn``).
        package var checkedIn: Bool
        /// Anything was recorded that day; an empty day breaks a flare-free run.
        package var recorded: Bool
        /// A check-in that day said "no flare".
        package var flareDenied: Bool

        package init(
            date: CivilDate, load: Double, budget: Double?, flare: Bool, flareReported: Bool, checkedIn: Bool,
            recorded: Bool = true, flareDenied: Bool = false
        ) {
            self.date = date
            self.load = load
            self.budget = budget
            self.flare = flare
            self.flareReported = flareReported
            self.checkedIn = checkedIn
            self.recorded = recorded
            self.flareDenied = flareDenied
        }
    }

    private struct CalibrationDay: Codable, Sendable, Equatable {
        var load: Double
        var flare: Bool
    }

    /// A new envelope, calibrating.
    package init(parameters: EnvelopeParameters = EnvelopeParameters()) {
        self.parameters = parameters
    }

    /// Calibration ended without an energy rating, on a scale that defines no usual: the first ratings after it (on
    /// days without a reported flare, as in calibration) set the usual rating, as many as calibration has days.
    /// Derived rather than stored: after calibration the ratings are kept only while learning.
    private var learningUsualEnergy: Bool {
        phase == .adapting && parameters.usualEnergyRating == nil
            && (usualEnergy == nil || !calibrationEnergies.isEmpty)
            && calibrationEnergies.count < parameters.calibrationDays
    }

    /// The lowest the base may go: `floorFraction` × B0.
    package var floor: Double { parameters.floorFraction * initialBase }
    /// The highest the base may go: `ceilingFraction` × B0.
    package var ceiling: Double { parameters.ceilingFraction * initialBase }
    /// Complete days (recorded and looking complete) seen so far in the calibration (0 once adapting).
    package var calibrationDaysRecorded: Int { phase == .calibrating ? calibration.count : 0 }

    // MARK: - Morning

    /// The budget for the day after ``lastClosed``, given what that day has said so far.
    ///
    /// Pure: call it as often as the day's data changes.
    /// - Parameters:
    ///   - observation: The day's check-in and flare reports so far (its `recorded` flag is not used).
    ///   - provisional: While calibrating and before two days are known, the budget to show (the person's
    ///     "bad day" answer or a built-in start).
    /// - Returns: The budget and the reasons behind it.
    package func budget(for observation: DayObservation, provisional: (points: Double, isAnswer: Bool)) -> DayBudget {
        let flare = flareSource(for: observation)
        switch phase {
        case .calibrating:
            let base: Double
            let source: DayBudget.ProvisionalSource
            if calibration.count >= 2 {
                base = max(parameters.minimumBase, parameters.initialFraction * calibrationMedian())
                source = .firstDays
            } else {
                base = provisional.points
                source = provisional.isAnswer ? .badDayAnswer : .builtIn
            }
            let points = flare.isFlare ? parameters.flareFactor * base : base
            return DayBudget(
                points: points, base: base, provisional: source, energyFactor: 1, energySource: .usual, flare: flare,
                debt: 0)
        case .adapting:
            let (factor, energySource) = energyFactor(for: observation)
            var points = base * factor
            if flare.isFlare { points = min(points, parameters.flareFactor * base) }
            var appliedDebt = 0.0
            if parameters.exertionDebt.enabled, debt > 0 {
                let reduced = max(parameters.minimumEnergyFactor * base, points - debt)
                appliedDebt = max(0, points - reduced)
                points = reduced
            }
            return DayBudget(
                points: points, base: base, provisional: nil, energyFactor: factor, energySource: energySource,
                flare: flare, debt: appliedDebt)
        }
    }

    private func energyFactor(for observation: DayObservation) -> (Double, DayBudget.EnergySource) {
        // A rating means something only against a usual: with none known yet, no factor.
        guard let usual = usualEnergy ?? parameters.usualEnergyRating else { return (1, .usual) }
        if let rating = observation.energy {
            return (clampedFactor(rating / usual), .today(rating: rating, usual: usual))
        }
        guard let last = lastEnergyRating else { return (1, .usual) }
        let daysAgo = daysSinceEnergy + 1
        var fade = 1.0
        for _ in 0..<daysAgo { fade *= parameters.energyFadePerDay }
        let factor = 1 + fade * (clampedFactor(last / usual) - 1)
        return (clamp(factor), .faded(rating: last, usual: usual, daysAgo: daysAgo))
    }

    private func clampedFactor(_ ratio: Double) -> Double {
        let step = parameters.energyFactorStep
        return clamp(step > 0 ? (ratio / step).rounded() * step : ratio)
    }

    private func clamp(_ factor: Double) -> Double {
        min(parameters.maximumEnergyFactor, max(parameters.minimumEnergyFactor, factor))
    }

    private func flareSource(for observation: DayObservation) -> DayBudget.FlareSource {
        if observation.flareLifted { return .none }
        if observation.flareReported { return .reported }
        if observation.checkedIn {
            if let score = observation.symptom, let usual = usualSymptom, phase == .adapting,
                score >= usual + parameters.symptomFlareMargin
            {
                return .symptoms(score: score, usual: usual)
            }
            return .none
        }
        let daysAgo = daysSinceFlareNews + 1
        return lastFlare && daysAgo <= parameters.assumedFlareDays ? .assumed(daysAgo: daysAgo) : .none
    }

    // MARK: - Night

    /// What closing a day decided.
    package struct Verdict: Sendable, Equatable {
        /// The day's final budget.
        package var budget: DayBudget
        /// The change of the base that night, if any.
        package var change: BaseChange?
        /// The growth rule's progress as the rule judged it that night (`nil` while calibrating).
        package var growth: GrowthProgress?
    }

    /// Closes the day after ``lastClosed``: records it and applies the cut and growth rules.
    ///
    /// - Parameters:
    ///   - observation: Everything the day said (check-ins, flare reports).
    ///   - load: The day's logged load in effort points.
    ///   - date: The day's date; callers close days in order, one at a time, without gaps.
    ///   - provisional: As for ``budget(for:provisional:)``.
    /// - Returns: The day's final budget and any change of the base.
    @discardableResult
    package mutating func close(
        _ observation: DayObservation, load: Double, on date: CivilDate,
        provisional: (points: Double, isAnswer: Bool) = (0, false)
    ) -> Verdict {
        let budget = self.budget(for: observation, provisional: provisional)
        let load = max(0, load)
        let wasAdapting = phase == .adapting
        let summary = DaySummary(
            date: date, load: load, budget: wasAdapting ? budget.points : nil, flare: budget.flare.isFlare,
            flareReported: budget.flare.isReportedToday, checkedIn: observation.checkedIn,
            recorded: observation.recorded, flareDenied: observation.flareDenied)
        var change: BaseChange?
        var growth: GrowthProgress?
        if wasAdapting {
            let progress = growthProgress(today: summary)
            growth = progress
            change = cutOrGrow(today: summary, growth: progress)
            if parameters.exertionDebt.enabled {
                debt =
                    debt * parameters.exertionDebt.decayPerDay
                    + parameters.exertionDebt.weight * max(0, load - budget.points)
            }
        } else {
            if observation.recorded, observation.complete {
                calibration.append(CalibrationDay(load: load, flare: observation.flareReported))
                if let energy = observation.energy, !observation.flareReported {
                    calibrationEnergies.append(energy)
                }
            }
        }
        if wasAdapting, learningUsualEnergy, let energy = observation.energy, !observation.flareReported {
            calibrationEnergies.append(energy)
            let usual = median(calibrationEnergies)
            usualEnergy = usual > 0 ? usual : nil
        }
        if let symptom = observation.symptom {
            if !wasAdapting {
                symptomReference.append(symptom)
            } else if learningUsualSymptom {
                symptomReference.append(symptom)
                usualSymptom = median(symptomReference)
                learningUsualSymptom = symptomReference.count < parameters.calibrationDays
            }
        }
        updateTrackers(observation, flare: budget.flare)
        recent.append(summary)
        let keep = max(parameters.growthWindowDays, parameters.cutLookbackDays + 1)
        if recent.count > keep { recent.removeFirst(recent.count - keep) }
        lastClosed = date
        if !wasAdapting, calibration.count >= parameters.calibrationDays {
            change = finishCalibration(on: date)
        }
        if let change { lastChange = change }
        return Verdict(budget: budget, change: change, growth: growth)
    }

    private mutating func updateTrackers(_ observation: DayObservation, flare: DayBudget.FlareSource) {
        if let energy = observation.energy {
            lastEnergyRating = energy
            daysSinceEnergy = 0
        } else if lastEnergyRating != nil {
            daysSinceEnergy += 1
        }
        if observation.flareLifted {
            lastFlare = false
            daysSinceFlareNews = 0
        } else if flare.isReportedToday {
            lastFlare = true
            daysSinceFlareNews = 0
        } else if observation.checkedIn {
            lastFlare = false
            daysSinceFlareNews = 0
        } else {
            daysSinceFlareNews += 1
        }
    }

    private mutating func finishCalibration(on date: CivilDate) -> BaseChange {
        let start = max(parameters.minimumBase, parameters.initialFraction * calibrationMedian())
        phase = .adapting
        initialBase = start
        base = start
        usualEnergy = calibrationEnergies.isEmpty ? nil : median(calibrationEnergies)
        if let energy = usualEnergy, energy <= 0 { usualEnergy = nil }
        usualSymptom = symptomReference.isEmpty ? nil : median(symptomReference)
        learningUsualSymptom = symptomReference.isEmpty
        calibration = []
        calibrationEnergies = []
        return BaseChange(date: date, from: 0, to: start, reason: .calibrated)
    }

    /// The median calibration load, leaving out flare days unless fewer than two would remain.
    private func calibrationMedian() -> Double {
        let calm = calibration.filter { !$0.flare }.map(\.load)
        return median(calm.count >= 2 ? calm : calibration.map(\.load))
    }

    private mutating func cutOrGrow(today: DaySummary, growth: GrowthProgress) -> BaseChange? {
        if today.flareReported, shouldCut(today: today) {
            let next = max(floor, parameters.cutFactor * base)
            guard next < base else { return nil }
            defer { base = next }
            return BaseChange(date: today.date, from: base, to: next, reason: .cutAfterFlareInsideBudget)
        }
        if growth.isSatisfied {
            let next = min(ceiling, parameters.growthFactor * base)
            guard next > base else { return nil }
            defer {
                base = next
                lastGrowth = today.date
            }
            return BaseChange(date: today.date, from: base, to: next, reason: .grownAfterToleratedOverspend)
        }
        return nil
    }

    private func shouldCut(today: DaySummary) -> Bool {
        let lookback = parameters.cutLookbackDays
        guard lookback > 0, recent.count >= lookback, let yesterday = recent.last,
            yesterday.checkedIn, !yesterday.flareReported
        else { return false }
        let before = recent.suffix(lookback)
        var usedIt = false
        for day in before {
            guard let budget = day.budget, day.load <= parameters.insideTolerance * budget else { return false }
            if day.load >= parameters.usedThreshold * budget { usedIt = true }
        }
        return usedIt
    }

    // MARK: - Growth

    /// How far the growth rule is from being met, for explanations ("what would make it grow").
    package struct GrowthProgress: Codable, Sendable, Equatable {
        /// Consecutive calendar days up to the day judged, after calibration, each recorded and without a flare
        /// (reported or assumed); at most the window.
        package var flareFreeDays: Int
        /// Flare-free days the rule needs (the whole window).
        package var flareFreeDaysNeeded: Int
        /// Answered check-ins within the window.
        package var checkIns: Int
        package var checkInsNeeded: Int
        /// Days in the window that went over the budget, followed within 3 days by a check-in saying "no flare"
        /// and by no reported flare (only days whose 3 following days are closed count).
        package var toleratedOverspendDays: Int
        package var toleratedOverspendDaysNeeded: Int
        /// Days until the weekly cap allows another increase (0 when it does).
        package var daysUntilAllowed: Int
        /// The base is already at its ceiling.
        package var atCeiling: Bool

        /// Every condition of the growth rule holds.
        package var isSatisfied: Bool {
            flareFreeDays >= flareFreeDaysNeeded && checkIns >= checkInsNeeded
                && toleratedOverspendDays >= toleratedOverspendDaysNeeded && daysUntilAllowed == 0 && !atCeiling
        }
    }

    /// The growth rule's progress as of the last closed day, or as of `today` if given (not yet closed).
    ///
    /// The rule itself (``close(_:load:on:provisional:)``), the trial increase and `pace why` all read this, so
    /// the counts `pace why` shows are the counts the rule used. The window is the calendar days
    /// `judged − 16 … judged` that came after calibration; a day missing from it (never closed) or with nothing
    /// recorded ends the flare-free run, since missing is unknown, never good.
    package func growthProgress(today: DaySummary? = nil) -> GrowthProgress {
        // The closed days and `today`, without copying them (the rule runs at every day's end).
        let count = recent.count + (today == nil ? 0 : 1)
        func day(_ index: Int) -> DaySummary { index < recent.count ? recent[index] : today! }
        let size = parameters.growthWindowDays
        // The window, `first..<count`: calendar days within it, judged by the rules (not calibration days).
        var first = count
        if count > 0 {
            let judged = day(count - 1).date
            while first > 0, day(first - 1).budget != nil, judged.days(since: day(first - 1).date) < size {
                first -= 1
            }
        }
        var flareFree = 0
        var expected = first < count ? day(count - 1).date : nil
        for index in (first..<count).reversed() {
            let summary = day(index)
            guard summary.date == expected, summary.recorded, !summary.flare else { break }
            flareFree += 1
            expected = summary.date.adding(days: -1)
        }
        var checkIns = 0
        var tolerated = 0
        for index in first..<count {
            if day(index).checkedIn { checkIns += 1 }
            if isToleratedOverspend(at: index, before: count, day) { tolerated += 1 }
        }
        var waiting = 0
        if let lastGrowth, let judged = count > 0 ? day(count - 1).date : lastClosed {
            waiting = max(0, parameters.growthMinimumIntervalDays - judged.days(since: lastGrowth))
        }
        return GrowthProgress(
            flareFreeDays: flareFree, flareFreeDaysNeeded: size, checkIns: checkIns,
            checkInsNeeded: parameters.growthMinimumCheckIns, toleratedOverspendDays: tolerated,
            toleratedOverspendDaysNeeded: parameters.growthMinimumOverspendDays, daysUntilAllowed: waiting,
            atCeiling: phase == .adapting && base >= ceiling)
    }

    /// Whether day `index` (of the days `day` gives, up to `count`) is a tolerated overspend: a recorded day that
    /// went over its budget, whose following `overspendSettleDays` calendar days are all closed, with no flare
    /// reported in them and a check-in among them that said "no flare". Silence after an overspent day is unknown,
    /// not tolerance.
    private func isToleratedOverspend(at index: Int, before count: Int, _ day: (Int) -> DaySummary) -> Bool {
        let overspent = day(index)
        let settle = parameters.overspendSettleDays
        guard overspent.recorded, let budget = overspent.budget,
            overspent.load > parameters.overspendThreshold * budget,
            settle > 0, index + settle < count
        else { return false }
        var denied = false
        for offset in 1...settle {
            let after = day(index + offset)
            guard after.date.days(since: overspent.date) == offset, !after.flareReported else { return false }
            denied = denied || after.flareDenied
        }
        return denied
    }

    // MARK: - Trial increase

    /// Why a trial increase cannot be made now.
    package enum TrialRefusal: Error, Sendable, Equatable {
        case calibrating
        case atCeiling
        case tooSoon(daysToWait: Int)
        case flare
        /// The same flare-free days and check-ins as growth are not there yet (the overspend is not needed).
        case notEnoughEvidence(flareFreeDays: Int, flareFreeDaysNeeded: Int, checkIns: Int, checkInsNeeded: Int)
    }

    /// Raises the base by the growth factor at the person's request: a deliberate, small trial for someone who
    /// always stops in time and so never shows the overspend the growth rule needs.
    ///
    /// It counts as growth for the weekly cap, and never goes above the ceiling. It needs the evidence growth
    /// needs apart from the overspend: as of the last closed day, ``growthProgress(today:)``'s flare-free days
    /// and check-ins.
    /// - Parameters:
    ///   - date: The day it is asked for (it applies from that day's budget on).
    ///   - flareToday: Whether that day is a flare day.
    /// - Throws: `TrialRefusal` while calibrating, at the ceiling, within a week of the last increase, on a
    ///   flare day, or without the flare-free days and check-ins growth needs.
    package mutating func increaseOnTrial(on date: CivilDate, flareToday: Bool) throws(TrialRefusal) -> BaseChange {
        guard phase == .adapting else { throw .calibrating }
        guard base < ceiling else { throw .atCeiling }
        if let lastGrowth, date.days(since: lastGrowth) < parameters.growthMinimumIntervalDays {
            throw .tooSoon(daysToWait: parameters.growthMinimumIntervalDays - date.days(since: lastGrowth))
        }
        guard !flareToday else { throw .flare }
        let progress = growthProgress()
        guard progress.flareFreeDays >= progress.flareFreeDaysNeeded, progress.checkIns >= progress.checkInsNeeded
        else {
            throw .notEnoughEvidence(
                flareFreeDays: progress.flareFreeDays, flareFreeDaysNeeded: progress.flareFreeDaysNeeded,
                checkIns: progress.checkIns, checkInsNeeded: progress.checkInsNeeded)
        }
        let change = BaseChange(
            date: date, from: base, to: min(ceiling, parameters.growthFactor * base), reason: .trialIncrease)
        base = change.to
        lastGrowth = date
        lastChange = change
        return change
    }
}

/// The median of `values`; 0 for none.
package func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
