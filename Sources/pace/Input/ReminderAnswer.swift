import ArgumentParser

/// An answer to a reminder, as its notification buttons give it.
enum ReminderAnswer: String, ExpressibleByArgument, CaseIterable {
    case stop, snooze, rest, dismiss

    /// The action `AnswerReminder` takes.
    var api: String {
        switch self {
        case .stop: return "stop"
        case .snooze: return "snooze"
        case .rest: return "startRest"
        case .dismiss: return "dismissed"
        }
    }

    /// The answer for an action a reminder offers (`Reminder.actions`).
    init?(api: String) {
        guard let answer = Self.allCases.first(where: { $0.api == api }) else { return nil }
        self = answer
    }
}
