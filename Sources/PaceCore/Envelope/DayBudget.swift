/// Today's budget and everything it was computed from, so every number can be explained.
package struct DayBudget: Codable, Sendable, Equatable {
    /// The budget E_t in effort points.
    package var points: Double
    /// The base envelope B the budget starts from (during calibration: the provisional budget).
    package var base: Double
    /// Set while the envelope is still calibrating: where the provisional budget comes from.
    package var provisional: ProvisionalSource?
    /// The energy factor r applied to the base.
    package var energyFactor: Double
    /// Where r comes from.
    package var energySource: EnergySource
    /// Whether today counts as a flare day, and why.
    package var flare: FlareSource
    /// Exertion debt subtracted from the budget (0 unless the setting is on).
    package var debt: Double

    package init(
        points: Double, base: Double, provisional: ProvisionalSource? = nil, energyFactor: Double,
        energySource: EnergySource, flare: FlareSource, debt: Double
    ) {
        self.points = points
        self.base = base
        self.provisional = provisional
        self.energyFactor = energyFactor
        self.energySource = energySource
        self.flare = flare
        self.debt = debt
    }

    /// Where a provisional budget comes from, before calibration ends.
    package enum ProvisionalSource: String, Codable, Sendable, Equatable {
        /// 80 % of the median of the calibration days recorded so far.
        case firstDays
        /// The person's answer to "what does a bad day allow?".
        case badDayAnswer
        /// The built-in starting value, before anything is known.
        case builtIn
    }

    /// Where today's energy factor comes from.
    package enum EnergySource: Codable, Sendable, Equatable {
        /// Today's rating.
        case today(rating: Double, usual: Double)
        /// The last rating, `daysAgo` days ago, fading back towards usual.
        case faded(rating: Double, usual: Double, daysAgo: Int)
        /// No rating yet, still calibrating, or no usual rating known to compare one with: factor 1.
        case usual
    }

    /// Whether today is a flare day, and how that is known.
    package enum FlareSource: Codable, Sendable, Equatable {
        /// Not a flare day.
        case none
        /// Reported today (check-in or flare mode).
        case reported
        /// Today's symptom score is well above the person's usual.
        case symptoms(score: Double, usual: Double)
        /// Reported `daysAgo` days ago with no news since: missing data is never a good day.
        case assumed(daysAgo: Int)

        /// Today counts as a flare day.
        package var isFlare: Bool { self != .none }

        /// Today's own data says flare (not carried over from an earlier day).
        package var isReportedToday: Bool {
            switch self {
            case .reported, .symptoms: true
            case .none, .assumed: false
            }
        }
    }

    /// The budget is capped at `flareFactor` × base today.
    package var isFlareDay: Bool { flare.isFlare }
}
