/// How hard an activity was, as the person logs it: `light`, `moderate` or `vigorous`.
///
/// For physical activities it scales the Compendium MET value (see ``IntensityFactors``); cognitive and social
/// effort have a rate per intensity instead. Encodes as its raw value.
package enum Intensity: String, Codable, Sendable, Equatable, CaseIterable {
    case light
    case moderate
    case vigorous
}

/// The multipliers that turn an activity's MET value at moderate intensity into light or vigorous.
///
/// ENVELOPE.md B: ×0.8 light, ×1.0 moderate, ×1.25 hard.
package struct IntensityFactors: Codable, Sendable, Equatable {
    package var light = 0.8
    package var moderate = 1.0
    package var vigorous = 1.25

    package init(light: Double = 0.8, moderate: Double = 1.0, vigorous: Double = 1.25) {
        self.light = light
        self.moderate = moderate
        self.vigorous = vigorous
    }

    /// The factor for `intensity`.
    package subscript(intensity: Intensity) -> Double {
        switch intensity {
        case .light: light
        case .moderate: moderate
        case .vigorous: vigorous
        }
    }
}

extension IntensityFactors {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        light = try c.value(.light, or: defaults.light)
        moderate = try c.value(.moderate, or: defaults.moderate)
        vigorous = try c.value(.vigorous, or: defaults.vigorous)
    }
}
