/// One policy in one cell, summarised over its patients (and paired with the fixed budget on the same ones).
struct CellSummary: Sendable {
    var scenario: Scenario
    var policy: Policy
    var patients: Int
    /// Mean flare days per 90 scored days.
    var flareDays: Double
    /// Mean flare episodes per 90 days.
    var flareEpisodes: Double
    /// Paired difference in flare days against the fixed budget on the same patients: mean and 95 % interval.
    var versusFixed: PairedDifference?
    /// (F − A) ÷ (F − O): the share of the oracle's gain over the fixed budget this policy captures.
    var oracleShare: Double?
    /// Mean coefficient of variation of daily load.
    var loadCV: Double
    /// Mean boom days per 90 days.
    var boomDays: Double
    /// Mean total load as a share of the fixed budget's (1 = the same).
    var loadShareOfFixed: Double?
    /// Mean daily load over scored days 61–90, as a share of the fixed budget's.
    var lateLoadShareOfFixed: Double?
    /// Mean daily load over the scored days, in effort points.
    var dailyLoad: Double
    /// Reminders requested per day.
    var remindersPerDay: Double
    /// Mean |E − K| ÷ K.
    var trackingError: Double

    init(
        scenario: Scenario, policy: Policy, outcomes: [PatientOutcome], fixed: [PatientOutcome]?,
        oracle: [PatientOutcome]?
    ) {
        self.scenario = scenario
        self.policy = policy
        patients = outcomes.count
        let n = Double(max(1, outcomes.count))
        let days = Double(PatientRun.scoredDays)
        func mean(_ values: [PatientOutcome], _ value: (PatientOutcome) -> Double) -> Double {
            values.reduce(0) { $0 + value($1) } / Double(max(1, values.count))
        }
        flareDays = mean(outcomes) { Double($0.flareDays) }
        flareEpisodes = mean(outcomes) { Double($0.flareEpisodes) }
        loadCV = mean(outcomes, \.loadCV)
        boomDays = mean(outcomes) { Double($0.boomDays) }
        dailyLoad = mean(outcomes, \.load) / days
        remindersPerDay = outcomes.reduce(0) { $0 + Double($1.reminders) } / (n * days)
        trackingError = mean(outcomes, \.trackingError)
        if let fixed, policy != .fixed {
            versusFixed = PairedDifference(zip(outcomes, fixed).map { Double($0.flareDays - $1.flareDays) })
        }
        if let fixed {
            loadShareOfFixed = mean(outcomes, \.load) / max(1e-9, mean(fixed, \.load))
            lateLoadShareOfFixed = mean(outcomes, \.lateLoad) / max(1e-9, mean(fixed, \.lateLoad))
            if let oracle {
                let fixedFlares = mean(fixed) { Double($0.flareDays) }
                let gain = fixedFlares - mean(oracle) { Double($0.flareDays) }
                if gain > 0 { oracleShare = (fixedFlares - flareDays) / gain }
            }
        }
    }
}

/// The mean of paired differences with a normal-approximation 95 % interval.
struct PairedDifference: Sendable {
    var mean: Double
    var low: Double
    var high: Double

    init(_ differences: [Double]) {
        let n = Double(max(1, differences.count))
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)
        self.mean = mean
        let half = 1.96 * (variance / n).squareRoot()
        low = mean - half
        high = mean + half
    }
}
