import Glibc

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
    /// The adaptive envelope, and on a day without an energy rating the morning reading moves its budget:
    /// the envelope's budget (base × the faded last rating's factor) × ``MorningRule/factor(zScore:)``.
    case morningCombined
    /// On a day without an energy rating, the morning reading alone: base × ``MorningRule/factor(zScore:)``
    /// in place of the faded last rating.
    case morningAlone

    /// The policies of the envelope's study (the morning ones are studied apart: `pace-sim morning`).
    static let envelopeStudy: [Policy] = [.none, .fixed, .adaptive, .oracle]
}

/// The simulated morning reading (issue 15): ln RMSSD's distance from the person's baseline, in baseline SDs,
/// linked to the day's true capacity by ``link`` (a correlation):
///
///     z_t = link · s_t + √(1 − link²) · ε_t,   s_t = clamp(ln(K_t ÷ K̄) ÷ 0.2, −3, 3)
///
/// s_t is the day's standardised log capacity (the AR(1) state, and a flare's × 0.4 clipped at −3 SD); ε_t is
/// independent noise. What `link` is for a real person is not known: published within-person associations of
/// morning HRV with same- or next-day symptoms in ME/CFS and long COVID are modest and noisy, so the study runs
/// a weak (0.3) and a moderate (0.5) link and claims nothing for a stronger one.
struct MorningModel: Hashable, Sendable {
    var link: Double
}

/// The budget rule the morning reading may drive on a day without an energy rating: a factor on the budget,
/// exp(weight · z) clamped to [minimum, maximum]. Only ever lowering by default (maximum 1): a good reading
/// never raises a day the person did not rate, and nothing here touches the base.
struct MorningRule: Hashable, Sendable {
    var weight = 0.1
    var minimum = 0.7
    var maximum = 1.0

    func factor(zScore: Double) -> Double { min(maximum, max(minimum, exp(weight * zScore))) }
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
