import PaceCore

/// The stepping interface for one patient: an outside evaluator drives PaceCore's real `Envelope` one day at a
/// time (``StepSession`` reads the lines and keeps one `Stepper` per patient).
///
/// - `{"checkIn": {"energy": 4, "symptom": 3, "flare": false}, "load": 62.5}` closes a day: the reply
///   (`"phase": "night"`) has the day's budget, the reminders it requested at that load, any change of the
///   base, and `next`: the next day's budget if no check-in comes, with its reminder plan.
/// - Without `"load"` (or with `"load": null`) the line only opens the day (`"phase": "morning"`): the reply
///   has today's budget and reminder plan, so the evaluator can decide the load; a later line with `"load"`
///   closes the same day (its check-in is kept unless the closing line gives one).
/// - `{"recorded": false}` closes a day on which nothing at all was recorded, at once and with load 0, as the
///   daemon closes an empty day: it is unknown, never a good day.
struct Stepper {
    /// The patient's envelope.
    private(set) var envelope: Envelope
    /// The day the next line is about, counted from 0.
    private var day = 0
    /// What the line that opened the current day said, until a line closes it.
    private var morning: DayObservation?

    init(parameters: EnvelopeParameters) {
        envelope = Envelope(parameters: parameters)
    }

    /// Answers one day's line: opens or closes the current day.
    ///
    /// - Throws: `StepRefusal` for a day with nothing recorded that has a load, a check-in or a morning check-in;
    ///   the state is then unchanged.
    mutating func step(_ input: StepInput, _ settings: StepSettings) throws(StepRefusal) -> [String: JSON] {
        if input.recorded == false {
            try Self.checkNothingRecorded(input, morning: morning)
            return close(.nothingRecorded, load: 0, settings)
        }
        var observation = input.checkIn?.observation ?? morning ?? .noCheckIn
        if input.complete == false { observation.complete = false }
        guard let load = input.load else {
            morning = observation
            let budget = envelope.budget(for: observation, provisional: (settings.provisional, false))
            var reply = settings.describe(budget, day: day)
            reply["phase"] = .string("morning")
            return reply
        }
        return close(observation, load: load, settings)
    }

    /// Refuses a day said to have nothing recorded that has something recorded after all.
    private static func checkNothingRecorded(_ input: StepInput, morning: DayObservation?) throws(StepRefusal) {
        let nothing = "a day with nothing recorded (recorded: false)"
        if input.checkIn != nil { throw StepRefusal(field: "checkIn", "\(nothing) has no check-in") }
        if let load = input.load, load > 0 {
            throw StepRefusal(field: "load", "\(nothing) has no load: it closes with 0, as in the daemon")
        }
        if input.complete == true { throw StepRefusal(field: "complete", "\(nothing) is not complete") }
        if morning?.checkedIn == true {
            throw StepRefusal(field: "recorded", "false, but the line that opened this day gave a check-in")
        }
    }

    private mutating func close(_ observation: DayObservation, load: Double, _ settings: StepSettings) -> [String: JSON]
    {
        let date = CivilDate(daysSinceEpoch: Int64(day))
        let verdict = envelope.close(observation, load: load, on: date, provisional: (settings.provisional, false))
        var reply = settings.describe(verdict.budget, day: day)
        reply["phase"] = .string("night")
        reply["load"] = .number(load)
        reply["recorded"] = .bool(observation.recorded)
        reply["remindersRequested"] = .number(Double(settings.remindersRequested(verdict.budget, load: load)))
        reply["baseAfter"] = .number(envelope.phase == .adapting ? envelope.base : 0)
        reply["change"] =
            verdict.change.map { change in
                .object([
                    "reason": .string(change.reason.rawValue), "from": .number(change.from), "to": .number(change.to),
                ])
            } ?? .null
        day += 1
        morning = nil
        let next = envelope.budget(for: .noCheckIn, provisional: (settings.provisional, false))
        reply["next"] = .object(settings.describe(next, day: day))
        return reply
    }
}

/// What every patient of a `pace-sim step` run shares: the envelope's parameters, the reminder settings, the
/// provisional budget, the reference rate and the energy scale.
struct StepSettings: Sendable {
    /// The parameters each patient's envelope starts with (already adjusted to the energy scale).
    var parameters: EnvelopeParameters
    var reminderSettings = ReminderSettings()
    /// The provisional budget while calibrating (before two days are known).
    var provisional: Double
    /// Points a minute of the reference activity, for bout lengths.
    var pointsPerMinute: Double
    /// The scale of the energy ratings.
    var energyScale: EnergyScale = .checkIn

    /// The budget of a day and the reminders it would request, as JSON fields.
    func describe(_ budget: DayBudget, day: Int) -> [String: JSON] {
        let bout = boutPoints(budget)
        var stops: [JSON] = []
        var reached = bout
        while stops.count < reminderSettings.boutRemindersPerDay, reached < budget.points * (1 - 1e-9) {
            stops.append(.number(reached))
            reached += bout
        }
        let budgetReminders = budgetReminders(budget)
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

    /// How many reminders a day with this budget requests at `load`.
    func remindersRequested(_ budget: DayBudget, load: Double) -> Int {
        ReminderPolicy.requestedCount(
            budget: budget.points, load: load, flareNotice: budget.isFlareDay, boutPoints: boutPoints(budget),
            settings: reminderSettings, budgetReminders: budgetReminders(budget))
    }

    private func boutPoints(_ budget: DayBudget) -> Double {
        ReminderPolicy.boutPoints(budget: budget.points, pointsPerMinute: pointsPerMinute, settings: reminderSettings)
    }

    /// The 90 % and 100 % reminders are off while calibrating unless the settings keep them on.
    private func budgetReminders(_ budget: DayBudget) -> Bool {
        budget.provisional == nil || reminderSettings.budgetRemindersWhileCalibrating
    }

    private static func name(_ flare: DayBudget.FlareSource) -> String {
        switch flare {
        case .none: "none"
        case .reported: "reported"
        case .symptoms: "symptoms"
        case .assumed: "assumed"
        }
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
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends the compact JSON text to `out` (one buffer for a whole reply: `pace-sim step --batch` writes
    /// hundreds of thousands of them).
    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            if !value.isFinite {
                out += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                out += String(Int64(value))
            } else {
                out += String(value)
            }
        case .string(let value): Self.quote(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                Self.quote(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ text: String, to out: inout String) {
        out += "\""
        defer { out += "\"" }
        // Keys and most values need no escape: append them whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out += text
            return
        }
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
    }
}
