import Dispatch
import PaceCore

/// The simulated-patient study of ENVELOPE.md section C: the same virtual patients under every policy, for
/// every compliance and missing-data level, plus the trend scenarios and the sanity checks.
struct Study: Sendable {
    /// The study's seed; the same seed prints the same table.
    var seed: UInt64 = 20_261_125
    /// Virtual patients per cell.
    var patients = 1000
    /// The envelope under test (the defaults unless an experiment changes them).
    var parameters = EnvelopeParameters()
    var reminderSettings = ReminderSettings()
    /// Threads to spread patients over.
    var threads = 2

    static let compliances = [0.3, 0.5, 0.7, 0.9]
    static let missingRates = [0.0, 0.2, 0.4]
    /// The cells the pass criteria judge.
    static let judgedCompliances = [0.5, 0.7, 0.9]
    /// Trend scenarios run at the middle missing-data level.
    static let trendMissing = 0.2

    /// Runs `policy` on every patient of `scenario`.
    func outcomes(
        _ scenario: Scenario, _ policy: Policy, morning: MorningModel = MorningModel(link: 0),
        rule: MorningRule = MorningRule()
    ) -> [PatientOutcome] {
        let random = SeededRandom(seed: seed)
        let count = patients
        let parameters = parameters
        let reminderSettings = reminderSettings
        let chunks = max(1, min(threads, count))
        return [PatientOutcome](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            let work = { @Sendable (chunk: Int) in
                var index = chunk
                while index < count {
                    var run = PatientRun(
                        random: random, patient: index, scenario: scenario, parameters: parameters,
                        reminderSettings: reminderSettings)
                    run.morning = morning
                    run.rule = rule
                    (slots.base + index).initialize(to: run.run(policy))
                    index += chunks
                }
            }
            if chunks == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            }
            initialized = count
        }
    }

    /// Runs every policy on `scenario` and summarises each against the fixed budget and the oracle.
    func cell(_ scenario: Scenario, policies: [Policy] = Policy.envelopeStudy) -> [CellSummary] {
        var runs: [Policy: [PatientOutcome]] = [:]
        for policy in policies { runs[policy] = outcomes(scenario, policy) }
        return policies.map { policy in
            CellSummary(
                scenario: scenario, policy: policy, outcomes: runs[policy]!, fixed: runs[.fixed], oracle: runs[.oracle])
        }
    }

    /// The whole study: the grid, the trend scenarios and the sanity checks.
    ///
    /// - Parameters:
    ///   - compliances: The compliance levels of the grid (all four by default; the pass criteria need
    ///     0.5, 0.7 and 0.9).
    ///   - trendPolicies: The policies run on the trend scenarios (criterion 3 needs fixed and adaptive).
    func run(compliances: [Double] = Study.compliances, trendPolicies: [Policy] = Policy.envelopeStudy) -> StudyResults
    {
        var grid: [CellSummary] = []
        for compliance in compliances {
            for missing in Self.missingRates {
                grid += cell(Scenario(compliance: compliance, missing: missing))
            }
        }
        var trends: [CellSummary] = []
        for trend in [Trend.improving, .declining] {
            for compliance in Self.judgedCompliances {
                trends += cell(
                    Scenario(compliance: compliance, missing: Self.trendMissing, trend: trend), policies: trendPolicies)
            }
        }
        let noCompliance = Scenario(compliance: 0, missing: Self.trendMissing)
        let none = outcomes(noCompliance, .none)
        let adaptiveIgnored = outcomes(noCompliance, .adaptive)
        let blind = outcomes(Scenario(compliance: 0.7, missing: 1), .adaptive)
        let sanity = SanityChecks(
            ignoredEqualsNone: zip(none, adaptiveIgnored).allSatisfy {
                $0.flareDays == $1.flareDays && $0.load == $1.load
            },
            patientsWhoseBaseGrewWithoutCheckIns: blind.filter { $0.baseHighest > $0.baseStart + 1e-9 }.count)
        return StudyResults(seed: seed, patients: patients, grid: grid, trends: trends, sanity: sanity)
    }
}

/// The output buffer shared by the worker threads; each writes only the indices of its own chunk.
private struct Slots: @unchecked Sendable {
    let base: UnsafeMutablePointer<PatientOutcome>
}

/// Checks that need no statistics (criterion 6).
struct SanityChecks: Sendable {
    /// With c = 0, every patient under the envelope lived exactly as with no pacing.
    var ignoredEqualsNone: Bool
    /// With every check-in missing, patients whose base rose above its starting value (must be 0).
    var patientsWhoseBaseGrewWithoutCheckIns: Int
}

/// Everything the study measured.
struct StudyResults: Sendable {
    var seed: UInt64
    var patients: Int
    var grid: [CellSummary]
    var trends: [CellSummary]
    var sanity: SanityChecks

    /// The summary of `policy` in `scenario`.
    func summary(_ policy: Policy, _ scenario: Scenario) -> CellSummary? {
        (grid + trends).first { $0.policy == policy && $0.scenario == scenario }
    }
}
