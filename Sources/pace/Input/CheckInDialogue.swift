import PaceCore
import PaceProtocol

/// The interactive check-in: a few short questions, one number each, Enter to skip, `q` to stop.
///
/// Mornings ask for energy first, because this morning's energy sets today's budget and is the one answer
/// that matters most; evenings ask how the day went. In the first days, while the budget is still a built-in
/// guess, one more question asks what a bad day allows. Logging is itself effort, so every question can be
/// skipped and the whole thing takes a few keystrokes.
struct CheckInDialogue {
    /// One question and the field it fills.
    struct Question: Equatable {
        enum Field: Equatable {
            case energy, sleep, pain, fatigue, stress, flare
            /// "What does a bad day allow?", in minutes of the reference activity.
            case badDayMinutes
        }

        var field: Field
        var text: String
    }

    /// What an answer line means.
    enum Answer: Equatable {
        case rating(Int)
        case minutes(Int)
        case yes
        case no
        case skip
        case stop
        case invalid(hint: String)
    }

    /// The questions in the order asked.
    let questions: [Question]
    private let glyphs: Glyphs

    /// What the dialogue gathered: a check-in, the bad-day answer, or both.
    struct Answers: Equatable {
        var checkIn: PaceAPI.CheckIn.Parameters?
        var badDayMinutes: Int?
    }

    /// - Parameters:
    ///   - morning: Whether it is morning (from the start of the pacing day to noon).
    ///   - askBadDay: Whether to ask what a bad day allows (only while the budget is a built-in guess).
    ///   - referenceLabel: The reference activity in words, for that question.
    ///   - glyphs: For the range dash.
    init(morning: Bool, askBadDay: Bool = false, referenceLabel: String = "walking", glyphs: Glyphs) {
        self.glyphs = glyphs
        let scale = "0\(glyphs.rangeDash)10"
        let energy = Question(field: .energy, text: "Energy today, \(scale) (5 = your usual)")
        let sleep = Question(field: .sleep, text: "Sleep last night, \(scale) (10 = slept well)")
        let pain = Question(field: .pain, text: "Pain, \(scale) (0 = none)")
        let fatigue = Question(field: .fatigue, text: "Fatigue, \(scale) (0 = none)")
        let stress = Question(field: .stress, text: "Stress today, \(scale) (0 = none)")
        let flare = Question(field: .flare, text: "A flare today? y/n")
        let badDay = Question(
            field: .badDayMinutes, text: "First days: what does a bad day allow? Minutes of \(referenceLabel)")
        questions = (morning ? [energy, sleep, pain] : [fatigue, pain, stress, flare]) + (askBadDay ? [badDay] : [])
    }

    /// Whether `hour` (local, 0–23) counts as morning for a pacing day that begins at `dayStartHour`.
    static func isMorning(hour: Int, dayStartHour: Int) -> Bool {
        if dayStartHour < 12 { return hour >= dayStartHour && hour < 12 }
        return hour >= dayStartHour || hour < 12
    }

    /// The line shown before the first question.
    static let introduction = "Check-in: Enter skips a question, q stops."

    /// Reads one answer line (`nil` is end of input, which stops).
    static func read(_ line: String?, for field: Question.Field) -> Answer {
        guard let line else { return .stop }
        let answer = line.trimmingCharacters(in: " \t\r").lowercased()
        if answer.isEmpty { return .skip }
        if answer == "q" || answer == "quit" || answer == "." { return .stop }
        if field == .flare {
            if ["y", "yes"].contains(answer) { return .yes }
            if ["n", "no"].contains(answer) { return .no }
            return .invalid(hint: "y or n, please, or Enter to skip.")
        }
        if field == .badDayMinutes {
            let minutes = Int(answer) ?? (try? DurationText.parseSeconds(answer)).map { Int($0 / 60) }
            if let minutes, (1...1440).contains(minutes) { return .minutes(minutes) }
            return .invalid(hint: "A number of minutes, like 20, please, or Enter to skip.")
        }
        if let value = Int(answer), (0...10).contains(value) { return .rating(value) }
        return .invalid(hint: "A number from 0 to 10, please, or Enter to skip.")
    }

    /// Asks every question through `readLine` and `write` and gathers the answers.
    ///
    /// A question answered badly is asked again, twice at most, then skipped.
    ///
    /// - Returns: The answers, or `nil` when nothing was answered.
    func run(readLine: () -> String?, write: (String) -> Void) -> Answers? {
        var record = PaceAPI.CheckIn.Parameters()
        var badDayMinutes: Int?
        var answered = false
        write(Self.introduction + "\n")
        questions: for question in questions {
            for _ in 0..<3 {
                write("  \(question.text): ")
                let answer = Self.read(readLine(), for: question.field)
                switch answer {
                case .rating(let value):
                    answered = true
                    switch question.field {
                    case .energy: record.energy = value
                    case .sleep: record.sleep = value
                    case .pain: record.pain = value
                    case .fatigue: record.fatigue = value
                    case .stress: record.stress = value
                    case .flare, .badDayMinutes: break
                    }
                    continue questions
                case .minutes(let minutes):
                    badDayMinutes = minutes
                    continue questions
                case .yes, .no:
                    answered = true
                    record.flare = answer == .yes
                    continue questions
                case .skip:
                    continue questions
                case .stop:
                    write("\n")
                    break questions
                case .invalid(let hint):
                    write("  \(hint)\n")
                }
            }
        }
        guard answered || badDayMinutes != nil else { return nil }
        return Answers(checkIn: answered ? record : nil, badDayMinutes: badDayMinutes)
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        let start = firstIndex { !characters.contains($0) } ?? endIndex
        let end = lastIndex { !characters.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
