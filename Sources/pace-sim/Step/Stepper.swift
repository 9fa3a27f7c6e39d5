import FoundationEssentials
import PaceCore

/// The stepping interface: an outside evaluator drives PaceCore's real `Envelope` one day at a time.
///
/// One JSON object per input line, one JSON object per output line (docs/envelope.md has the full shape):
///
/// - `{"checkIn": {"energy": 4, "symptom": 3, "flare": false}, "load": 62.5}` closes a day: the reply
///   (`"phase": "night"`) has the day's budget, the reminders it requested at that load, any change of the
///   base, and `next`: the next day's budget if no check-in comes, with its reminder plan.
/// - Without `"load"` (or with `"load": null`) the line only opens the day (`"phase": "morning"`): the reply
///   has today's budget and reminder plan, so the evaluator can decide the load; a later line with `"load"`
///   closes the same day (its check-in is kept unless the closing line gives one).
///
/// A line that cannot be read gets `{"error": "…"}` and changes nothing.
struct Stepper {
    private(set) var envelope: Envelope
    let reminderSettings: ReminderSettings
    /// The provisional budget while calibrating (before two days are known).
    let provisional: Double
    /// Points a minute of the reference activity, for bout lengths.
    let pointsPerMinute: Double
    private var day = 0
    private var morning: DayObservation?

    init(
        parameters: EnvelopeParameters, reminderSettings: ReminderSettings = ReminderSettings(), provisional: Double,
        pointsPerMinute: Double
    ) {
        envelope = Envelope(parameters: parameters)
        self.reminderSettings = reminderSettings
        self.provisional = provisional
        self.pointsPerMinute = pointsPerMinute
    }

    /// One day's observations, as read from a line.
    struct Input: Decodable {
        var checkIn: CheckInInput?
        var load: Double?
        /// Whether anything was recorded that day (default true); false is a day with no data at all.
        var recorded: Bool?
        /// Whether the day looks complete (default true); false: it does not count toward calibration.
        var complete: Bool?
    }

    /// A check-in: any field may be missing.
    struct CheckInInput: Decodable {
        var energy: Double?
        /// A symptom score 0–10; or give fatigue and/or pain and their mean is used.
        var symptom: Double?
        var fatigue: Double?
        var pain: Double?
        var flare: Bool?
    }

    /// Handles one input line and returns the output line.
    mutating func handle(_ line: String) -> String {
        let input: Input
        do {
            input = try JSONDecoder().decode(Input.self, from: Data(line.utf8))
        } catch {
            return Self.encode(["error": .string("not a day's observations: \(error)")])
        }
        if let load = input.load, !(load.isFinite && load >= 0) {
            return Self.encode(["error": .string("load must be a number ≥ 0")])
        }
        var observation = input.checkIn.map(Self.observation(from:)) ?? morning ?? .noCheckIn
        if input.complete == false { observation.complete = false }
        if input.recorded == false { observation = .nothingRecorded }
        guard let load = input.load else {
            morning = observation
            let budget = envelope.budget(for: observation, provisional: (provisional, false))
            var reply = describe(budget)
            reply["phase"] = .string("morning")
            return Self.encode(reply)
        }
        let verdict = envelope.close(observation, load: load, on: date, provisional: (provisional, false))
        var reply = describe(verdict.budget)
        reply["phase"] = .string("night")
        reply["load"] = .number(load)
        reply["remindersRequested"] = .number(
            Double(
                ReminderPolicy.requestedCount(
                    budget: verdict.budget.points, load: load, flareNotice: verdict.budget.isFlareDay,
                    boutPoints: boutPoints(verdict.budget), settings: reminderSettings,
                    budgetReminders: verdict.budget.provisional == nil
                        || reminderSettings.budgetRemindersWhileCalibrating)))
        reply["baseAfter"] = .number(envelope.phase == .adapting ? envelope.base : 0)
        reply["change"] =
            verdict.change.map { change in
                .object([
                    "reason": .string(change.reason.rawValue), "from": .number(change.from), "to": .number(change.to),
                ])
            } ?? .null
        day += 1
        morning = nil
        var next = describe(envelope.budget(for: .noCheckIn, provisional: (provisional, false)))
        next["day"] = .number(Double(day))
        reply["next"] = .object(next)
        return Self.encode(reply)
    }

    private var date: CivilDate { CivilDate(daysSinceEpoch: Int64(day)) }

    private func boutPoints(_ budget: DayBudget) -> Double {
        ReminderPolicy.boutPoints(budget: budget.points, pointsPerMinute: pointsPerMinute, settings: reminderSettings)
    }

    /// The budget of the current day and the reminders it would request, as JSON fields.
    private func describe(_ budget: DayBudget) -> [String: JSON] {
        let bout = boutPoints(budget)
        var stops: [JSON] = []
        var reached = bout
        while stops.count < reminderSettings.boutRemindersPerDay, reached < budget.points * (1 - 1e-9) {
            stops.append(.number(reached))
            reached += bout
        }
        let budgetReminders = budget.provisional == nil || reminderSettings.budgetRemindersWhileCalibrating
        let mode = budget.isFlareDay ? "flare" : (budget.provisional != nil ? "calibrating" : "normal")
        return [
            "day": .number(Double(day)),
            "budget": .number(budget.points),
            "base": .number(budget.base),
            "mode": .string(mode),
            "provisional": .bool(budget.provisional != nil),
            "energyFactor": .number(budget.energyFactor),
            "flare": .string(Self.name(budget.flare)),
            "reminders": .object([
                "boutPoints": .number(bout),
                "stopAndRestAt": .array(stops),
                "warningAt": budgetReminders ? .number(reminderSettings.budgetWarningShare * budget.points) : .null,
                "usedUpAt": budgetReminders ? .number(budget.points) : .null,
                "flareNotice": .bool(budget.isFlareDay),
            ]),
        ]
    }

    private static func name(_ flare: DayBudget.FlareSource) -> String {
        switch flare {
        case .none: "none"
        case .reported: "reported"
        case .symptoms: "symptoms"
        case .assumed: "assumed"
        }
    }

    private static func observation(from checkIn: CheckInInput) -> DayObservation {
        var symptom = checkIn.symptom
        if symptom == nil {
            let parts = [checkIn.fatigue, checkIn.pain].compactMap { $0 }
            if !parts.isEmpty { symptom = parts.reduce(0, +) / Double(parts.count) }
        }
        return .checkIn(energy: checkIn.energy, symptom: symptom, flare: checkIn.flare)
    }

    private static func encode(_ object: [String: JSON]) -> String {
        JSON.object(object).text
    }
}

/// A small JSON value with a deterministic rendering (sorted keys, shortest round-tripping numbers).
enum JSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Compact JSON text.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .string(let value): return Self.quote(value)
        case .array(let values): return "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { Self.quote($0) + ":" + members[$0]!.text }.joined(separator: ",")
                + "}"
        }
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
