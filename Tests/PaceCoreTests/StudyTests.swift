import Testing

@testable import PaceCore
@testable import pace_sim

/// The simulated-patient study (ENVELOPE.md C) judged by its six pass criteria (StepTests: the stepping interface).
///
/// The study runs in-process on pace-sim's simulation code, built in debug like every test: 200 patients per
/// cell (the full study has 1,000) on the judged cells only. Every criterion holds at this size for each of
/// the seeds 1–6 and the default seed (checked with `pace-sim study --patients 200 --seed N`); `make simulate`
/// runs the full study in release mode.
@Suite struct StudyTests {
    @Test func theSixPassCriteriaHoldWithAFixedSeed() {
        let study = Study(seed: 20_261_125, patients: 200, threads: 2)
        let results = study.run(compliances: Study.judgedCompliances, trendPolicies: [.none, .fixed, .adaptive])
        let criteria = PassCriteria(results)
        #expect(criteria.verdicts.map(\.number) == [1, 2, 3, 4, 5, 6])
        for verdict in criteria.verdicts {
            #expect(verdict.passed, "\(verdict.number). \(verdict.title)\n\(verdict.details.joined(separator: "\n"))")
        }
    }

    @Test func theSameSeedGivesTheSamePatients() {
        let study = Study(seed: 7, patients: 20, threads: 2)
        let scenario = Scenario(compliance: 0.7, missing: 0.2)
        let first = study.outcomes(scenario, .adaptive).map(\.flareDays)
        #expect(first == study.outcomes(scenario, .adaptive).map(\.flareDays))
        #expect(first == Study(seed: 7, patients: 20, threads: 1).outcomes(scenario, .adaptive).map(\.flareDays))
        #expect(first != Study(seed: 8, patients: 20, threads: 2).outcomes(scenario, .adaptive).map(\.flareDays))
    }

    @Test func theRandomStreamsAreUniform() {
        let random = SeededRandom(seed: 1)
        var sum = 0.0
        var squares = 0.0
        for day in 0..<20_000 {
            let z = random.normal(patient: 3, day: day, .desire)
            sum += z
            squares += z * z
            let u = random.uniform(patient: 3, day: day, .compliance)
            #expect(u > 0 && u < 1)
        }
        #expect(abs(sum / 20_000) < 0.03)
        #expect(abs(squares / 20_000 - 1) < 0.05)
    }
}
