import ArgumentParser
import FoundationEssentials
import PaceCore

/// One line of `pace-sim step`'s input: one day's observations (docs/envelope.md has the full shape).
///
/// Reading is strict, because a slip in an evaluator must not quietly change what it measures: a key the step
/// does not know is refused, with the nearest known one (`checkin` → `checkIn`); so is a value of the wrong type,
/// a negative load, or a rating outside its scale. Every refusal names the field at fault.
struct StepInput: Decodable, Equatable {
    /// The patient the line is about: required with `--batch`, refused without it.
    var patient: String?
    /// The day's check-in, `nil` for none.
    var checkIn: CheckIn?
    /// The day's load in effort points; `nil`: the line only opens the day.
    var load: Double?
    /// `false`: nothing at all was recorded that day (the line closes it at once, with load 0).
    var recorded: Bool?
    /// `false`: something was recorded but the day does not look complete (it does not count toward calibration).
    var complete: Bool?

    /// A check-in: any field may be missing.
    struct CheckIn: Decodable, Equatable {
        /// The energy rating, on the scale `--energy-scale` names.
        var energy: Double?
        /// A symptom score 0–10; or give fatigue and/or pain and their mean is used.
        var symptom: Double?
        var fatigue: Double?
        var pain: Double?
        /// `nil`: the flare question was not answered.
        var flare: Bool?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case energy, symptom, fatigue, pain, flare
        }

        init(from decoder: any Decoder) throws {
            try refuseUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue), of: "a check-in")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            energy = try c.decodeIfPresent(Double.self, forKey: .energy)
            symptom = try c.decodeIfPresent(Double.self, forKey: .symptom)
            fatigue = try c.decodeIfPresent(Double.self, forKey: .fatigue)
            pain = try c.decodeIfPresent(Double.self, forKey: .pain)
            flare = try c.decodeIfPresent(Bool.self, forKey: .flare)
        }

        /// The check-in as the envelope sees it: the symptom score, or the mean of fatigue and pain.
        var observation: DayObservation {
            var score = symptom
            if score == nil {
                let parts = [fatigue, pain].compactMap { $0 }
                if !parts.isEmpty { score = parts.reduce(0, +) / Double(parts.count) }
            }
            return .checkIn(energy: energy, symptom: score, flare: flare)
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case checkIn, load, recorded, complete, patient
    }

    init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue), of: "a day")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        patient = try c.decodeIfPresent(String.self, forKey: .patient)
        checkIn = try c.decodeIfPresent(CheckIn.self, forKey: .checkIn)
        load = try c.decodeIfPresent(Double.self, forKey: .load)
        recorded = try c.decodeIfPresent(Bool.self, forKey: .recorded)
        complete = try c.decodeIfPresent(Bool.self, forKey: .complete)
    }

    /// Reads and checks one line.
    ///
    /// - Throws: `StepRefusal` naming the field at fault: a line that is not a JSON object of known keys, a value
    ///   of the wrong type, a load that is not a number ≥ 0, a rating outside its scale.
    static func read(_ line: String, energyScale: EnergyScale) throws(StepRefusal) -> StepInput {
        let input: StepInput
        do {
            input = try JSONDecoder().decode(StepInput.self, from: Data(line.utf8))
        } catch let refusal as StepRefusal {
            throw refusal
        } catch let error as DecodingError {
            throw StepRefusal(error)
        } catch {
            throw StepRefusal(field: nil, "not a day's observations: \(error)")
        }
        if let load = input.load, !(load.isFinite && load >= 0) {
            throw StepRefusal(field: "load", "\(JSON.number(load).text) is not a load: effort points, a number ≥ 0")
        }
        if let checkIn = input.checkIn {
            if let energy = checkIn.energy { try energyScale.check(energy, field: "checkIn.energy") }
            for (name, value) in [("symptom", checkIn.symptom), ("fatigue", checkIn.fatigue), ("pain", checkIn.pain)] {
                if let value, !ratings.contains(value) {
                    throw StepRefusal(field: "checkIn." + name, "\(JSON.number(value).text) is outside 0–10")
                }
            }
        }
        return input
    }

    /// The patient a line names, read leniently (other keys and their values are not looked at), so that the
    /// answer to a refused line still says whose it was.
    static func patient(in line: String) -> String? {
        struct Named: Decodable { var patient: String? }
        return (try? JSONDecoder().decode(Named.self, from: Data(line.utf8)))?.patient
    }

    /// The check-in's scales, as the daemon takes them (`EventRanges.rating`), here with fractions allowed.
    static let ratings = Double(EventRanges.rating.lowerBound)...Double(EventRanges.rating.upperBound)
}

/// The scale of the evaluator's energy ratings (`pace-sim step --energy-scale`).
enum EnergyScale: String, CaseIterable, ExpressibleByArgument {
    /// Pace's check-in, 0–10 with 5 = "my usual": what the daemon takes. Ratings outside it are refused; before
    /// the person's usual is learned, 5 stands for it, as in the daemon.
    case checkIn = "0-10"
    /// Any rating ≥ 0 on the evaluator's own scale, such as perceived capacity in effort points (ENVELOPE.md C).
    /// Such a scale names no usual, so none is assumed: the usual is learned from the ratings, and until one is
    /// known the energy factor is 1.
    case open

    /// Refuses `rating` when it is not on this scale.
    func check(_ rating: Double, field: String) throws(StepRefusal) {
        switch self {
        case .checkIn:
            guard StepInput.ratings.contains(rating) else {
                throw StepRefusal(
                    field: field,
                    "\(JSON.number(rating).text) is outside 0–10, the check-in's scale (5 = usual); for ratings on "
                        + "another scale run with --energy-scale open")
            }
        case .open:
            guard rating.isFinite, rating >= 0 else {
                throw StepRefusal(field: field, "\(JSON.number(rating).text) is not a rating: a number ≥ 0")
            }
        }
    }

    /// The envelope's parameters for ratings on this scale: on an open scale no usual rating is assumed.
    func parameters(_ parameters: EnvelopeParameters) -> EnvelopeParameters {
        guard self == .open else { return parameters }
        var open = parameters
        open.usualEnergyRating = nil
        return open
    }
}

/// A line `pace-sim step` refused, and why; the line changes nothing.
struct StepRefusal: Error, Equatable {
    /// The field at fault, spelt as on the line (`checkIn.energy`); `nil` when it is the line as a whole.
    var field: String?
    /// What is wrong with it.
    var reason: String

    init(field: String?, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    /// A value of the wrong type, or a line that is not JSON.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = Self.path(context.codingPath)
            let expected =
                type == Double.self
                ? "a number" : type == Bool.self ? "true or false" : type == String.self ? "a string" : "an object"
            self.init(field: path, path == nil ? "a line is a JSON object: one day's observations" : "not \(expected)")
        case .dataCorrupted(let context):
            let path = Self.path(context.codingPath)
            self.init(field: path, path == nil ? "not JSON" : "not a valid value")
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), "missing")
        @unknown default:
            self.init(field: nil, "not a day's observations")
        }
    }

    /// "checkIn.energy: -3 is outside 0–10 …", or the reason alone for the line as a whole.
    var message: String { field.map { "\($0): \(reason)" } ?? reason }

    private static func path(_ codingPath: [any CodingKey]) -> String? {
        codingPath.isEmpty ? nil : codingPath.map(\.stringValue).joined(separator: ".")
    }
}

/// Refuses the first key (in sorted order) of the object `decoder` holds that is not `known`, naming the nearest
/// known key when one is close enough to be a typo (the config's "did you mean", `Spelling`).
private func refuseUnknownKeys(in decoder: any Decoder, known: [String], of object: String) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted()
    guard let unknown = keys.first(where: { !known.contains($0) }) else { return }
    let field = (decoder.codingPath.map(\.stringValue) + [unknown]).joined(separator: ".")
    if let guess = Spelling.closest(to: unknown, among: known) {
        throw StepRefusal(field: field, "unknown key; did you mean \(guess)?")
    }
    throw StepRefusal(field: field, "unknown key; \(object) has " + known.joined(separator: ", "))
}

/// Any key of a JSON object, to list them all.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
