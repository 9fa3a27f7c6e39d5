/// What the envelope learns about one pacing day, apart from its load: the check-in and any flare report.
///
/// The simulator and `pace-sim step` build these directly; `PaceState` derives them from the day's events.
package struct DayObservation: Codable, Sendable, Equatable {
    /// Anything at all was recorded that day. Calibration counts only such days; an empty day is unknown,
    /// not a day of rest.
    package var recorded: Bool
    /// The person checked in that day (any field).
    package var checkedIn: Bool
    /// The latest energy rating of the day, on the person's own scale (5 = "my usual" in Pace).
    package var energy: Double?
    /// The latest symptom score of the day, 0–10 (the mean of fatigue and pain, whichever were given).
    package var symptom: Double?
    /// A flare was reported that day: in a check-in, or flare mode was on at some point.
    package var flareReported: Bool
    /// The day's last word on flares was "it is over" (flare mode switched off after the last report), so no
    /// flare is assumed to carry on into the following days.
    package var flareLifted: Bool

    /// Creates an observation.
    package init(
        recorded: Bool = true, checkedIn: Bool = false, energy: Double? = nil, symptom: Double? = nil,
        flareReported: Bool = false, flareLifted: Bool = false
    ) {
        self.recorded = recorded
        self.checkedIn = checkedIn
        self.energy = energy
        self.symptom = symptom
        self.flareReported = flareReported
        self.flareLifted = flareLifted
    }

    /// A day with a check-in: an energy rating, a symptom score and a flare answer, any of them missing.
    package static func checkIn(energy: Double?, symptom: Double? = nil, flare: Bool = false) -> DayObservation {
        DayObservation(recorded: true, checkedIn: true, energy: energy, symptom: symptom, flareReported: flare)
    }

    /// A day with activity logged but no check-in.
    package static let noCheckIn = DayObservation(recorded: true)

    /// A day on which nothing at all was recorded.
    package static let nothingRecorded = DayObservation(recorded: false)
}
