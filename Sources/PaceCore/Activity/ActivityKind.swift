/// A kind of activity and what a minute of it costs, in effort points.
///
/// Physical kinds carry a MET value from the 2011 Compendium of Physical Activities (Ainsworth et al.,
/// MSSE 43:1575) at moderate intensity; a minute costs MET × intensity factor − 1 points, so sitting still
/// costs nothing. Cognitive and social effort, which METs do not measure, carry a rate per intensity instead.
/// Every weight is editable, and people can define their own kinds.
package struct ActivityKind: Codable, Sendable, Equatable {
    /// The name people type (`pace start walk`): lowercase, no spaces.
    package var name: String
    /// The words used in sentences ("20 min of walking").
    package var label: String
    /// Other names accepted for this kind.
    package var aliases: [String]
    /// METs at moderate intensity, for physical kinds.
    package var met: Double?
    /// Points per minute for each intensity, for kinds METs do not describe (cognitive, social).
    package var pointsPerMinute: RatesByIntensity?

    /// A physical kind with a MET value at moderate intensity.
    package init(name: String, label: String? = nil, aliases: [String] = [], met: Double) {
        self.name = name
        self.label = label ?? name
        self.aliases = aliases
        self.met = met
        self.pointsPerMinute = nil
    }

    /// A kind with a fixed rate per intensity.
    package init(name: String, label: String? = nil, aliases: [String] = [], pointsPerMinute: RatesByIntensity) {
        self.name = name
        self.label = label ?? name
        self.aliases = aliases
        self.met = nil
        self.pointsPerMinute = pointsPerMinute
    }

    /// Effort points per minute at a given intensity, never negative.
    package func pointsPerMinute(at intensity: Intensity, factors: IntensityFactors) -> Double {
        if let rates = pointsPerMinute { return max(0, rates[intensity]) }
        return max(0, (met ?? 1) * factors[intensity] - 1)
    }

    /// Points per minute by intensity.
    package struct RatesByIntensity: Codable, Sendable, Equatable {
        package var light: Double
        package var moderate: Double
        package var vigorous: Double

        package init(light: Double, moderate: Double, vigorous: Double) {
            self.light = light
            self.moderate = moderate
            self.vigorous = vigorous
        }

        package subscript(intensity: Intensity) -> Double {
            switch intensity {
            case .light: light
            case .moderate: moderate
            case .vigorous: vigorous
            }
        }
    }
}

extension ActivityKind {
    /// Cognitive and social sessions: 0.3, 0.6 or 1.0 points a minute (light, moderate, demanding).
    private static let mentalEffort = RatesByIntensity(light: 0.3, moderate: 0.6, vigorous: 1.0)

    /// The built-in kinds. METs are the 2011 Compendium's; codes in comments.
    package static let builtIn: [ActivityKind] = [
        // 17151 walking, 2.0 mph, level, slow pace: the reference activity, 1.8 points a minute.
        ActivityKind(name: "walk", label: "walking", aliases: ["walking"], met: 2.8),
        // 02120 water aerobics, water calisthenics.
        ActivityKind(
            name: "water-exercise", label: "water exercise",
            aliases: ["water-aerobics", "swimming", "hydrotherapy", "pool"], met: 5.5),
        // 15670 tai chi, qigong, general.
        ActivityKind(name: "tai-chi", label: "tai chi", aliases: ["taichi", "qigong"], met: 3.0),
        // 02150 yoga, Hatha.
        ActivityKind(name: "yoga", met: 2.5),
        // 02101 stretching, mild.
        ActivityKind(name: "stretching", aliases: ["stretch"], met: 2.3),
        // 05020/05021 multiple household tasks, light effort (2.8); moderate effort (3.5) is ×1.25.
        ActivityKind(name: "housework", aliases: ["cleaning", "chores"], met: 2.8),
        // 08245 gardening, general, moderate effort.
        ActivityKind(name: "gardening", aliases: ["garden"], met: 3.8),
        // 01010 bicycling, leisure, < 10 mph.
        ActivityKind(name: "cycling", aliases: ["bike", "bicycle"], met: 4.0),
        // 05060 food shopping, standing or walking.
        ActivityKind(name: "shopping", met: 2.3),
        // 05050 cooking or food preparation, standing.
        ActivityKind(name: "cooking", met: 2.0),
        // Effort METs do not measure: thinking, screens, paperwork; people, calls, visits.
        ActivityKind(
            name: "cognitive", label: "cognitive effort", aliases: ["mental", "work", "reading"],
            pointsPerMinute: mentalEffort),
        ActivityKind(
            name: "social", label: "social effort", aliases: ["visit", "call"], pointsPerMinute: mentalEffort),
    ]
}
