/// Every number of the adaptive envelope (ENVELOPE.md section B), with the defaults validated in simulation.
///
/// Budgets are in effort points (minutes × (MET − 1)); fractions and factors are plain multipliers.
/// Names are chosen to read well as config keys (`envelope.cut_factor = 0.85`); mapping TOML's snake case
/// onto them is the daemon's job.
package struct EnvelopeParameters: Codable, Sendable, Equatable {
    // MARK: Calibration

    /// Recorded days observed before the envelope starts adapting.
    package var calibrationDays = 7
    /// B0 = this × the median load of the calibration days (the clinical 80 % rule).
    package var initialFraction = 0.8
    /// The base never falls below this × B0, so cuts do not compound to nothing.
    package var floorFraction = 0.8
    /// The base never rises above this × B0.
    package var ceilingFraction = 1.5
    /// The smallest base the calibration may produce, for a week with almost nothing logged.
    package var minimumBase = 10.0

    // MARK: Morning energy rating

    /// The energy factor r = rating ÷ usual rating is rounded to multiples of this.
    package var energyFactorStep = 0.2
    /// r is clamped to `minimumEnergyFactor...maximumEnergyFactor`.
    package var minimumEnergyFactor = 0.3
    package var maximumEnergyFactor = 1.2
    /// Without a new rating, r fades back to 1 by this factor per day: r = 1 + fade^k × (r_last − 1).
    package var energyFadePerDay = 0.7
    /// The usual rating when the calibration week had none, as the rating scale itself defines it: 5 on Pace's
    /// check-in, which asks for energy 0–10 with "5 = your usual". `nil` for a scale that defines no usual (the
    /// simulator's perceived capacity, `pace-sim step --energy-scale open`): nothing is assumed then, the first
    /// ratings after calibration set the usual, and until one has the energy factor is 1.
    package var usualEnergyRating: Double? = 5.0

    // MARK: Flares

    /// On a flare day the budget is at most this × the base.
    package var flareFactor = 0.5
    /// A reported flare is assumed to continue for this many days without news (missing is never "good").
    package var assumedFlareDays = 2
    /// A check-in whose symptom score is at least the usual score plus this counts as a flare.
    package var symptomFlareMargin = 3.0

    // MARK: Cut (a flare although the person stayed inside the budget)

    /// The base is multiplied by this when the cut rule fires.
    package var cutFactor = 0.85
    /// Days before the flare that must all have stayed inside the budget.
    package var cutLookbackDays = 3
    /// "Inside the budget": load ≤ this × budget.
    package var insideTolerance = 1.1
    /// "Used it": load ≥ this × budget, on at least one of the look-back days.
    package var usedThreshold = 0.9

    // MARK: Growth (tolerated overspend)

    /// The base is multiplied by this when the growth rule fires (≤ 5 % a week).
    package var growthFactor = 1.05
    /// Days looked at, today included (t−16 … t): no flare, reported or assumed, in any of them.
    package var growthWindowDays = 17
    /// Check-ins needed within the window: growth needs evidence, never missing data.
    package var growthMinimumCheckIns = 10
    /// "Went over": load > this × budget.
    package var overspendThreshold = 1.1
    /// Days within the window (and old enough to have shown a flare) that went over without one.
    package var growthMinimumOverspendDays = 2
    /// A day that went over counts only once this many days have passed without a flare after it.
    package var overspendSettleDays = 3
    /// At least this many days between two increases of the base (the weekly cap).
    package var growthMinimumIntervalDays = 7

    // MARK: Exertion debt

    /// A fading penalty after overspent days. Off by default: in simulation it raised flares and boom–bust.
    package var exertionDebt = ExertionDebt()

    /// Creates the validated defaults.
    package init() {}

    /// A fading penalty after days that went over budget: deferred work comes back, so it is off by default.
    ///
    /// After each day: debt = debt × `decayPerDay` + `weight` × max(0, load − budget).
    /// Each budget: max(minimumEnergyFactor × base, budget − debt).
    package struct ExertionDebt: Codable, Sendable, Equatable {
        package var enabled = false
        package var weight = 0.3
        package var decayPerDay = 0.5

        package init(enabled: Bool = false, weight: Double = 0.3, decayPerDay: Double = 0.5) {
            self.enabled = enabled
            self.weight = weight
            self.decayPerDay = decayPerDay
        }
    }
}

extension EnvelopeParameters {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        calibrationDays = try c.value(.calibrationDays, or: defaults.calibrationDays)
        initialFraction = try c.value(.initialFraction, or: defaults.initialFraction)
        floorFraction = try c.value(.floorFraction, or: defaults.floorFraction)
        ceilingFraction = try c.value(.ceilingFraction, or: defaults.ceilingFraction)
        minimumBase = try c.value(.minimumBase, or: defaults.minimumBase)
        energyFactorStep = try c.value(.energyFactorStep, or: defaults.energyFactorStep)
        minimumEnergyFactor = try c.value(.minimumEnergyFactor, or: defaults.minimumEnergyFactor)
        maximumEnergyFactor = try c.value(.maximumEnergyFactor, or: defaults.maximumEnergyFactor)
        energyFadePerDay = try c.value(.energyFadePerDay, or: defaults.energyFadePerDay)
        usualEnergyRating = try c.optionalValue(.usualEnergyRating, or: defaults.usualEnergyRating)
        flareFactor = try c.value(.flareFactor, or: defaults.flareFactor)
        assumedFlareDays = try c.value(.assumedFlareDays, or: defaults.assumedFlareDays)
        symptomFlareMargin = try c.value(.symptomFlareMargin, or: defaults.symptomFlareMargin)
        cutFactor = try c.value(.cutFactor, or: defaults.cutFactor)
        cutLookbackDays = try c.value(.cutLookbackDays, or: defaults.cutLookbackDays)
        insideTolerance = try c.value(.insideTolerance, or: defaults.insideTolerance)
        usedThreshold = try c.value(.usedThreshold, or: defaults.usedThreshold)
        growthFactor = try c.value(.growthFactor, or: defaults.growthFactor)
        growthWindowDays = try c.value(.growthWindowDays, or: defaults.growthWindowDays)
        growthMinimumCheckIns = try c.value(.growthMinimumCheckIns, or: defaults.growthMinimumCheckIns)
        overspendThreshold = try c.value(.overspendThreshold, or: defaults.overspendThreshold)
        growthMinimumOverspendDays = try c.value(.growthMinimumOverspendDays, or: defaults.growthMinimumOverspendDays)
        overspendSettleDays = try c.value(.overspendSettleDays, or: defaults.overspendSettleDays)
        growthMinimumIntervalDays = try c.value(.growthMinimumIntervalDays, or: defaults.growthMinimumIntervalDays)
        exertionDebt = try c.value(.exertionDebt, or: defaults.exertionDebt)
    }

    private enum CodingKeys: String, CodingKey {
        case calibrationDays, initialFraction, floorFraction, ceilingFraction, minimumBase
        case energyFactorStep, minimumEnergyFactor, maximumEnergyFactor, energyFadePerDay, usualEnergyRating
        case flareFactor, assumedFlareDays, symptomFlareMargin
        case cutFactor, cutLookbackDays, insideTolerance, usedThreshold
        case growthFactor, growthWindowDays, growthMinimumCheckIns, overspendThreshold, growthMinimumOverspendDays
        case overspendSettleDays, growthMinimumIntervalDays, exertionDebt
    }

    /// Writes every key, `null` for no usual energy rating, so that "none" survives a round trip.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(calibrationDays, forKey: .calibrationDays)
        try c.encode(initialFraction, forKey: .initialFraction)
        try c.encode(floorFraction, forKey: .floorFraction)
        try c.encode(ceilingFraction, forKey: .ceilingFraction)
        try c.encode(minimumBase, forKey: .minimumBase)
        try c.encode(energyFactorStep, forKey: .energyFactorStep)
        try c.encode(minimumEnergyFactor, forKey: .minimumEnergyFactor)
        try c.encode(maximumEnergyFactor, forKey: .maximumEnergyFactor)
        try c.encode(energyFadePerDay, forKey: .energyFadePerDay)
        try c.encode(usualEnergyRating, forKey: .usualEnergyRating)
        try c.encode(flareFactor, forKey: .flareFactor)
        try c.encode(assumedFlareDays, forKey: .assumedFlareDays)
        try c.encode(symptomFlareMargin, forKey: .symptomFlareMargin)
        try c.encode(cutFactor, forKey: .cutFactor)
        try c.encode(cutLookbackDays, forKey: .cutLookbackDays)
        try c.encode(insideTolerance, forKey: .insideTolerance)
        try c.encode(usedThreshold, forKey: .usedThreshold)
        try c.encode(growthFactor, forKey: .growthFactor)
        try c.encode(growthWindowDays, forKey: .growthWindowDays)
        try c.encode(growthMinimumCheckIns, forKey: .growthMinimumCheckIns)
        try c.encode(overspendThreshold, forKey: .overspendThreshold)
        try c.encode(growthMinimumOverspendDays, forKey: .growthMinimumOverspendDays)
        try c.encode(overspendSettleDays, forKey: .overspendSettleDays)
        try c.encode(growthMinimumIntervalDays, forKey: .growthMinimumIntervalDays)
        try c.encode(exertionDebt, forKey: .exertionDebt)
    }
}

extension EnvelopeParameters.ExertionDebt {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        enabled = try c.value(.enabled, or: defaults.enabled)
        weight = try c.value(.weight, or: defaults.weight)
        decayPerDay = try c.value(.decayPerDay, or: defaults.decayPerDay)
    }
}
