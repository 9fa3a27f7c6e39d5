import PaceProtocol

extension PaceAPI.Day {
    /// The day's check-ins as one: each rating as last given that day (the one the budget rules count), a flare
    /// when any check-in reported one, and every note, oldest first; `nil` when there was no check-in.
    var checkIn: PaceAPI.CheckInRecord? {
        guard var combined = checkIns.first else { return nil }
        for later in checkIns.dropFirst() {
            combined.at = later.at ?? combined.at
            combined.energy = later.energy ?? combined.energy
            combined.fatigue = later.fatigue ?? combined.fatigue
            combined.pain = later.pain ?? combined.pain
            combined.sleep = later.sleep ?? combined.sleep
            combined.stress = later.stress ?? combined.stress
            if let flare = later.flare { combined.flare = (combined.flare ?? false) || flare }
        }
        let notes = checkIns.compactMap(\.note).filter { !$0.isEmpty }
        combined.note = notes.isEmpty ? nil : notes.joined(separator: " / ")
        return combined
    }
}
