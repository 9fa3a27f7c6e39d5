/// The heart rate above which effort is exertion, and where the number comes from, for `pace hr` and `pace why`.
///
/// In order: the threshold set from an exercise test; else the Workwell Foundation's estimate of the anaerobic
/// threshold from age, ``HeartRateSettings/ageFactor`` × (220 − age); else resting heart rate + 15 (Workwell's
/// estimate when neither a test nor an age is at hand); else none, and heart rate is shown but raises nothing.
package struct HeartRateThreshold: Sendable, Equatable {
    package enum Basis: Sendable, Equatable {
        /// Set by the person (an exercise test).
        case set
        /// `factor` × (220 − `age`).
        case age(Int, factor: Double)
        /// Resting heart rate + 15; `learned` when the resting rate came from quiet readings.
        case resting(Int, learned: Bool)
    }

    package var beatsPerMinute: Int
    package var basis: Basis

    /// What Workwell adds to the resting heart rate when nothing better is known.
    package static let restingMargin = 15

    /// The threshold `settings` give, with `learnedResting` (bpm) when the person set no resting rate.
    package static func resolve(_ settings: HeartRateSettings, learnedResting: Int? = nil) -> HeartRateThreshold? {
        if let set = settings.thresholdBeatsPerMinute { return HeartRateThreshold(beatsPerMinute: set, basis: .set) }
        if let age = settings.age {
            let estimate = (settings.ageFactor * Double(220 - age)).rounded()
            return HeartRateThreshold(beatsPerMinute: Int(estimate), basis: .age(age, factor: settings.ageFactor))
        }
        if let resting = settings.restingBeatsPerMinute {
            return HeartRateThreshold(beatsPerMinute: resting + restingMargin, basis: .resting(resting, learned: false))
        }
        if let resting = learnedResting {
            return HeartRateThreshold(beatsPerMinute: resting + restingMargin, basis: .resting(resting, learned: true))
        }
        return nil
    }

    /// Where the number comes from, in words: "set by you", "0.6 × (220 − 45)", "resting 62 + 15".
    package var explanation: String {
        switch basis {
        case .set: "set by you (an exercise test)"
        case .age(let age, let factor): "estimated as \(Self.text(factor)) × (220 − \(age)), your age"
        case .resting(let resting, let learned):
            "estimated as your resting heart rate \(resting)\(learned ? " (learned)" : "") + \(Self.restingMargin)"
        }
    }

    private static func text(_ factor: Double) -> String {
        let hundredths = Int((factor * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)."
            + (fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0" : "") + "\(fraction)")
    }
}
