/// What the envelope learns about one pacing day, apart from its load: the check-in and any flare report.
///
/// The simulator and `pace-sim step` build these directly; `PaceState` derives them from the day's events.
/// Missing is unknown, never good (ENVELOPE.md): a day with nothing recorded, or a check-in with no answer in it,
/// is never evidence that the person was well.
package struct DayObservation: Codable, Sendable, Equatable {
    /// Anything at all was recorded that day. An empty day is unknown, not a day of rest: calibration does not
    /// count it and it breaks a flare-free run.
    package var recorded: Bool
    /// The day looks complete: an answered check-in, at least an hour of activity, or the person said that what
    /// is recorded is all of it. Calibration counts only recorded, complete days, so one walk entered afterwards
    /// for an otherwise empty day does not set the first week's median.
    package var complete: Bool
    /// The person answered a check-in that day: at least one of energy, fatigue, pain, sleep quality, stress or
    /// flare (``CheckIn/isAnswered``). A note alone, or an empty check-in, is not one.
    package var checkedIn: Bool
    /// The latest energy rating of the day, on the person's own scale (5 = "my usual" in Pace).
    package var energy: Double?
    /// The latest symptom score of the day, 0–10 (the mean of fatigue and pain, whichever were given).
    package var symptom: Double?
    /// A flare was reported that day: in a check-in, or flare mode was on at some point.
    package var flareReported: Bool
    /// A check-in that day said explicitly that there was no flare (`flare: false`). Only such an answer makes an
    /// overspent day before it a tolerated one; silence does not.
    package var flareDenied: Bool
    /// The day's last word on flares was "it is over" (flare mode switched off after the last report), so no
    /// flare is assumed to carry on into the following days.
    package var flareLifted: Bool

    /// Creates an observation.
    /// Creates an observation. `complete` defaults to `recorded`.
    package init(
        recorded: Bool = true, complete: Bool? = nil, checkedIn: Bool = false, energy: Double? = nil,
        symptom: Double? = nil, flareReported: Bool = false, flareDenied: Bool = false, flareLifted: Bool = false
    ) {
        self.recorded = recorded
        self.complete = recorded && (complete ?? true)
        self.checkedIn = checkedIn
        self.energy = energy
        self.symptom = symptom
        self.flareReported = flareReported
        self.flareDenied = flareDenied
        self.flareLifted = flareLifted
    }

    /// A day with an answered check-in: an energy rating, a symptom score and a flare answer (`nil`: not
    /// answered), any of them missing.
    package static func checkIn(energy: Double?, symptom: Double? = nil, flare: Bool? = nil) -> DayObservation {
        DayObservation(
            recorded: true, complete: true, checkedIn: true, energy: energy, symptom: symptom,
            flareReported: flare == true, flareDenied: flare == false)
    }

    /// A complete day with activity logged but no check-in.
    package static let noCheckIn = DayObservation(recorded: true)

    /// A day with something recorded that does not look complete (a short walk entered afterwards, no check-in).
    package static let incomplete = DayObservation(recorded: true, complete: false)

    /// A day on which nothing at all was recorded.
    package static let nothingRecorded = DayObservation(recorded: false)
}
