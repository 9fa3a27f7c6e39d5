import Glibc
import PaceCore

/// What happened to one virtual patient under one policy over the scored days.
struct PatientOutcome: Sendable {
    /// Scored days that were flare days (the primary outcome).
    var flareDays = 0
    /// Flares that began within the scored days.
    var flareEpisodes = 0
    /// Total load (effort points) over the scored days.
    var load = 0.0
    /// Load over scored days 61–90.
    var lateLoad = 0.0
    /// Coefficient of variation (SD ÷ mean) of daily load over the scored days.
    var loadCV = 0.0
    /// Scored days with load > 1.5 × the median of the 28 days before.
    var boomDays = 0
    /// Reminders the within-day policy would request over the scored days.
    var reminders = 0
    /// Mean of |E − K| ÷ K over the scored days (budgeted policies only).
    var trackingError = 0.0
    /// The adaptive base at the end of calibration and its highest value afterwards.
    var baseStart = 0.0
    var baseHighest = 0.0
}

/// The generative patient of ENVELOPE.md section C, with the choices it lists where the model is silent.
///
/// Day by day: capacity K_t = K̄·exp(x_t) with an AR(1) x (0.7, stationary SD 0.2), × 0.4 during a flare;
/// perceived capacity K̂_t = K_t(1 + 0.15ε); desire want = K̂_t(1.3 + 0.3z) + 0.3·backlog; the person
/// stops at the budget with probability c, otherwise does what they want; overload over three days raises a
/// flare hazard, and a flare starts 1–3 days later and lasts a geometric 3 days on average.
struct PatientRun {
    static let calibrationDays = 7
    static let scoredDays = 90
    static var totalDays: Int { calibrationDays + scoredDays }
    /// Minutes → points for the reference activity (easy walking, 1.8 points a minute), for bout lengths.
    static let referenceRate = 1.8

    let random: SeededRandom
    let patient: Int
    let scenario: Scenario
    let parameters: EnvelopeParameters
    let reminderSettings: ReminderSettings
    /// The morning reading's link to true capacity, and the rule it drives (the morning policies only).
    var morning = MorningModel(link: 0)
    var rule = MorningRule()

    /// Runs the patient under `policy` and measures the outcome.
    func run(_ policy: Policy) -> PatientOutcome {
        let total = Self.totalDays
        var outcome = PatientOutcome()
        var capacityMean = 30 + 90 * random.uniform(patient: patient, day: -1, .patientCapacity)
        var x = 0.2 * random.normal(patient: patient, day: -1, .patientStartState)
        var flare = [Bool](repeating: false, count: total)
        var loads = [Double](repeating: 0, count: total)
        var capacities = [Double](repeating: 0, count: total)
        var backlog = 0.0
        // The energy rating is perceived capacity in points, a scale with no usual of its own: none is assumed.
        var envelope = Envelope(parameters: EnergyScale.open.parameters(parameters))
        var fixedBudget = Double.infinity
        var flareFreeRun = 0
        var loadSum = 0.0
        var loadSquares = 0.0
        var trackingSum = 0.0
        let innovation = (1 - 0.7 * 0.7).squareRoot() * 0.2
        var recent = RecentMedian()

        for t in 0..<total {
            if t > 0 { x = 0.7 * x + innovation * random.normal(patient: patient, day: t, .capacityNoise) }
            let isFlare = flare[t]
            if scenario.trend == .declining, isFlare, t == 0 || !flare[t - 1] { capacityMean *= 0.97 }
            let capacity = capacityMean * exp(x) * (isFlare ? 0.4 : 1)
            capacities[t] = capacity
            let perceived = max(0, capacity * (1 + 0.15 * random.normal(patient: patient, day: t, .perception)))
            let new = max(0, perceived * (1.3 + 0.3 * random.normal(patient: patient, day: t, .desire)))
            let want = new + 0.3 * backlog

            let present = random.uniform(patient: patient, day: t, .checkInMissing) >= scenario.missing
            let symptom = min(
                10, max(0, 3 + (isFlare ? 4 : 0) + random.normal(patient: patient, day: t, .symptomNoise)))
            let observation: DayObservation =
                present ? .checkIn(energy: perceived, symptom: symptom, flare: isFlare) : .noCheckIn

            let calibrating = t < Self.calibrationDays
            var budget = Double.infinity
            var flareNotice = false
            if !calibrating {
                switch policy {
                case .none: budget = .infinity
                case .fixed: budget = fixedBudget
                case .adaptive:
                    let today = envelope.budget(for: observation, provisional: (0, false))
                    budget = today.points
                    flareNotice = today.flare.isFlare
                case .oracle: budget = capacity
                case .morningCombined, .morningAlone:
                    let today = envelope.budget(for: observation, provisional: (0, false))
                    budget = today.points
                    flareNotice = today.flare.isFlare
                    // Only on a day without an energy rating: the reading never overrides the person.
                    if !present {
                        let standardised = min(3, max(-3, log(capacity / capacityMean) / 0.2))
                        let link = morning.link
                        let z =
                            link * standardised
                            + (1 - link * link).squareRoot() * random.normal(patient: patient, day: t, .morningNoise)
                        let factor = rule.factor(zScore: z)
                        if policy == .morningCombined {
                            budget = today.points * factor
                        } else {
                            budget = envelope.base * factor
                            if today.flare.isFlare { budget = min(budget, parameters.flareFactor * envelope.base) }
                        }
                    }
                }
            }
            let obeys = random.uniform(patient: patient, day: t, .compliance) < scenario.compliance
            let load = want <= budget ? want : (obeys ? budget : want)
            loads[t] = load
            backlog = 0.8 * max(0, backlog + new - load)
            if policy == .adaptive || policy == .morningCombined || policy == .morningAlone {
                envelope.close(observation, load: load, on: CivilDate(daysSinceEpoch: Int64(t)))
            }
            if t == Self.calibrationDays - 1 {
                fixedBudget = 0.8 * median(Array(loads[0...t]))
                outcome.baseStart = envelope.base
                outcome.baseHighest = envelope.base
            }
            if !calibrating, policy != .none, policy != .fixed, policy != .oracle {
                outcome.baseHighest = max(outcome.baseHighest, envelope.base)
            }

            // Overload over the last three days raises the hazard of a flare 1–3 days later.
            var overload = 0.5 * max(0, load - capacity)
            if t >= 1 { overload += 0.3 * max(0, loads[t - 1] - capacities[t - 1]) }
            if t >= 2 { overload += 0.2 * max(0, loads[t - 2] - capacities[t - 2]) }
            overload /= capacityMean
            let hazard = 1 - exp(-3 * max(0, overload - 0.1))
            if random.uniform(patient: patient, day: t, .flareTrigger) < hazard {
                let u = random.uniform(patient: patient, day: t, .flareDelay)
                let delay = u < 0.3 ? 1 : (u < 0.8 ? 2 : 3)
                let duration = 1 + Int(log(random.uniform(patient: patient, day: t, .flareDuration)) / log(2.0 / 3.0))
                let first = t + delay
                if first < total {
                    for day in first..<min(total, first + duration) { flare[day] = true }
                }
            }
            flareFreeRun = isFlare ? 0 : flareFreeRun + 1
            if scenario.trend == .improving, flareFreeRun >= 14 { capacityMean *= pow(1.005, 1.0 / 7) }

            guard !calibrating else { continue }
            let scoredDay = t - Self.calibrationDays
            if isFlare {
                outcome.flareDays += 1
                if !flare[t - 1] { outcome.flareEpisodes += 1 }
            }
            outcome.load += load
            if scoredDay >= 60 { outcome.lateLoad += load }
            loadSum += load
            loadSquares += load * load
            if load > 1.5 * recent.median(of: loads, before: t) { outcome.boomDays += 1 }
            if budget.isFinite {
                trackingSum += abs(budget - capacity) / capacity
                outcome.reminders += ReminderPolicy.requestedCount(
                    budget: budget, load: load, flareNotice: flareNotice,
                    boutPoints: ReminderPolicy.boutPoints(
                        budget: budget, pointsPerMinute: Self.referenceRate, settings: reminderSettings),
                    settings: reminderSettings)
            }
        }
        let n = Double(Self.scoredDays)
        let mean = loadSum / n
        let variance = max(0, loadSquares / n - mean * mean)
        outcome.loadCV = mean > 0 ? variance.squareRoot() / mean : 0
        outcome.trackingError = trackingSum / n
        return outcome
    }
}

/// The median of the last 28 days' loads, with one buffer reused day after day (the study computes it
/// ninety times per patient and policy).
private struct RecentMedian {
    private var window = [Double](repeating: 0, count: 28)

    /// The median of `loads[max(0, t − 28)..<t]`.
    mutating func median(of loads: [Double], before t: Int) -> Double {
        let start = max(0, t - 28)
        let count = t - start
        guard count > 0 else { return 0 }
        for index in 0..<count { window[index] = loads[start + index] }
        // Insertion sort: 28 numbers, almost no allocation, fast even in a debug build.
        for i in 1..<max(1, count) {
            let value = window[i]
            var j = i - 1
            while j >= 0, window[j] > value {
                window[j + 1] = window[j]
                j -= 1
            }
            window[j + 1] = value
        }
        let middle = count / 2
        return count % 2 == 1 ? window[middle] : (window[middle - 1] + window[middle]) / 2
    }
}
