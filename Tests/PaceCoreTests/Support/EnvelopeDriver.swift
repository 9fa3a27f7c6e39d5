@testable import PaceCore

/// Drives an `Envelope` day by day, the way `PaceState` and the simulator do, and keeps what it said.
struct EnvelopeDriver {
    var envelope: Envelope
    var date = CivilDate(year: 2026, month: 1, day: 1)
    /// Each closed day: the budget it had, the load, the base after its night, and any change.
    var days: [(budget: DayBudget, load: Double, baseAfter: Double, change: BaseChange?)] = []

    init(parameters: EnvelopeParameters = EnvelopeParameters()) {
        envelope = Envelope(parameters: parameters)
    }

    /// Today's budget given `observation`.
    func budget(_ observation: DayObservation) -> DayBudget {
        envelope.budget(for: observation, provisional: (50, false))
    }

    /// Closes a day.
    @discardableResult
    mutating func day(_ observation: DayObservation, load: Double) -> Envelope.Verdict {
        let verdict = envelope.close(observation, load: load, on: date, provisional: (50, false))
        days.append((verdict.budget, load, envelope.base, verdict.change))
        date = date.adding(days: 1)
        return verdict
    }

    /// Seven calibration days with these loads, each with a check-in at the usual energy 5.
    mutating func calibrate(_ loads: [Double] = [100, 100, 100, 100, 100, 100, 100]) {
        for load in loads { day(.checkIn(energy: 5, symptom: 3), load: load) }
    }
}
