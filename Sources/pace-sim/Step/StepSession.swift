/// What `pace-sim step` keeps between lines: one patient's ``Stepper``, or with `--batch` one per patient id.
///
/// Each line gets one answer line. A line that cannot be taken is answered with
/// `{"error": "field: reason", "field": "…", "line": n}` (and `"patient"` in batch mode when the line named
/// one) and changes nothing; the run goes on, and ends with a non-zero status.
struct StepSession {
    let settings: StepSettings
    /// Every line names its patient, and each patient has its own envelope.
    let batch: Bool
    /// Lines read so far, blank ones included (error replies say which line).
    private(set) var lines = 0
    /// Lines refused so far.
    private(set) var refused = 0
    /// The one patient without `--batch`.
    private(set) var single: Stepper
    /// Each patient's state with `--batch`: only its envelope and the day it is on.
    private(set) var patients: [String: Stepper] = [:]

    init(settings: StepSettings, batch: Bool = false) {
        self.settings = settings
        self.batch = batch
        single = Stepper(parameters: settings.parameters)
    }

    /// The answer to one input line, or `nil` for a blank line (which is skipped).
    mutating func handle(_ line: String) -> String? {
        lines += 1
        guard !line.allSatisfy(\.isWhitespace) else { return nil }
        do throws(StepRefusal) {
            let input = try StepInput.read(line, energyScale: settings.energyScale)
            return JSON.object(try step(input)).text
        } catch {
            refused += 1
            var reply: [String: JSON] = ["error": .string(error.message), "line": .number(Double(lines))]
            if let field = error.field { reply["field"] = .string(field) }
            if batch, let patient = StepInput.patient(in: line) { reply["patient"] = .string(patient) }
            return JSON.object(reply).text
        }
    }

    private mutating func step(_ input: StepInput) throws(StepRefusal) -> [String: JSON] {
        guard batch else {
            if input.patient != nil {
                throw StepRefusal(field: "patient", "a line names its patient only with --batch")
            }
            return try single.step(input, settings)
        }
        guard let id = input.patient else {
            throw StepRefusal(
                field: "patient", #"missing: with --batch every line names its patient ("patient": "p1")"#)
        }
        // In place: the patient's envelope is not copied. A refused line leaves it as it was.
        var reply = try patients[id, default: Stepper(parameters: settings.parameters)].step(input, settings)
        reply["patient"] = .string(id)
        return reply
    }
}
