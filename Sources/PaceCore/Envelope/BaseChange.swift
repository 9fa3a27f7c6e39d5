/// A change of the base envelope: when, from what to what, and why.
package struct BaseChange: Codable, Sendable, Equatable {
    /// The pacing day whose night made the change (or on which the person asked for it).
    package var date: CivilDate
    /// The base before, in effort points (0 when calibration set it for the first time).
    package var from: Double
    /// The base after.
    package var to: Double
    /// Why.
    package var reason: Reason

    package init(date: CivilDate, from: Double, to: Double, reason: Reason) {
        self.date = date
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// Why a base changed.
    package enum Reason: String, Codable, Sendable, Equatable {
        /// The calibration week ended: B0 = 80 % of its median day.
        case calibrated
        /// A flare followed days that all stayed inside the budget, so the budget was too high.
        case cutAfterFlareInsideBudget
        /// Days over the budget were followed by no flare, after two flare-free weeks with check-ins.
        case grownAfterToleratedOverspend
        /// The person asked for a small, deliberate trial increase.
        case trialIncrease
    }

    /// The relative change, e.g. −0.15 for a 15 % cut.
    package var relativeChange: Double { from > 0 ? to / from - 1 : 0 }
}
