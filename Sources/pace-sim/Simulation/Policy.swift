/// Who sets the daily budget in a simulated run.
enum Policy: String, CaseIterable, Sendable {
    /// No pacing: people do what they want (L = want).
    case none
    /// A constant budget: 0.8 × the calibration week's median load.
    case fixed
    /// The adaptive envelope: PaceCore's `Envelope`, the code people run.
    case adaptive
    /// The true capacity K_t as the budget: the upper bound of any envelope.
    case oracle
}

/// How the simulated people's capacity drifts (ENVELOPE.md C, trend scenarios).
enum Trend: String, CaseIterable, Sendable {
    /// K̄ constant.
    case stable
    /// K̄ × 1.005^(1/7) on each day with no flare in the last 14 days (+0.5 %/week while flare-free).
    case improving
    /// K̄ × 0.97 at each flare onset.
    case declining
}

/// One cell of the study: who the people are and how they behave.
struct Scenario: Hashable, Sendable {
    /// Probability that a stop reminder is obeyed (the person stops at E_t).
    var compliance: Double
    /// Probability that a day's check-in is missing.
    var missing: Double
    var trend: Trend = .stable
}
