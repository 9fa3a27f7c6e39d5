/// A check-in: how the person is, in a few optional numbers. All fields are optional; one is enough.
///
/// Scales are 0–10. Energy is relative to the person's own usual (5 = "my usual"); fatigue, pain and stress
/// are "how much" (0 none … 10 worst); sleep quality is "how good" (0 worst … 10 best).
package struct CheckIn: Codable, Sendable, Equatable {
    package var energy: Int?
    package var fatigue: Int?
    package var pain: Int?
    package var sleepQuality: Int?
    package var stress: Int?
    /// "Is this a flare?" `nil`: not answered.
    package var flare: Bool?
    /// Free text, for the person and their clinician.
    package var note: String?

    package init(
        energy: Int? = nil, fatigue: Int? = nil, pain: Int? = nil, sleepQuality: Int? = nil, stress: Int? = nil,
        flare: Bool? = nil, note: String? = nil, complete: Bool? = nil
    ) {
        self.energy = energy
        self.fatigue = fatigue
        self.pain = pain
        self.sleepQuality = sleepQuality
        self.stress = stress
        self.flare = flare
        self.note = note
        self.complete = complete
    }

    /// The symptom score the envelope compares with the person's usual: the mean of fatigue and pain,
    /// whichever were given; `nil` when neither was.
    package var symptomScore: Double? {
        let values = [fatigue, pain].compactMap { $0 }
        guard !values.isEmpty else { return nil }
        return Double(values.reduce(0, +)) / Double(values.count)
    }

    /// "What is recorded for today is all of it": the day counts toward calibration even with little activity.
    /// `nil`: not said. Saying it is not an answer (``isAnswered``).
    package var complete: Bool?

    /// No field is set.
    package var isEmpty: Bool {
        !isAnswered && (note ?? "").isEmpty && complete == nil
    }

    /// At least one answer about how the person is: energy, fatigue, pain, sleep quality, stress or flare. Only an
    /// answered check-in counts as a check-in for the envelope (it ends an assumed flare and counts toward
    /// growth); a note alone, or only `complete`, does not.
    package var isAnswered: Bool {
        energy != nil || fatigue != nil || pain != nil || sleepQuality != nil || stress != nil || flare != nil
    }
}
