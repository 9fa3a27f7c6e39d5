extension Event {
    /// One short line about the event, without its time (the reader shows that in the reader's zone): what
    /// `pace events`, `pace delete`, `pace edit` and `pace undo` print beside it. A bout: "walking, 5 h" (a running
    /// one: "walking, started"); a correction: what it corrected ("the deletion of cooking, 15 min"), when `target`
    /// finds that event, else its short id; other events: their type in words.
    package func summary(settings: PaceSettings, target: (EventID) -> Event? = { _ in nil }) -> String {
        func corrected(_ id: EventID) -> String {
            target(id).map { $0.summary(settings: settings) } ?? id.short
        }
        func label(_ kind: String, _ intensity: Intensity) -> String {
            let words = settings.activity(named: kind)?.label ?? kind
            return intensity == .moderate ? words : "\(words) (\(intensity.rawValue))"
        }
        switch payload {
        case .activityStarted(let start):
            return "\(label(start.activity, start.intensity)), started"
        case .activityLogged(let logged):
            let length = DurationText.describe(seconds: Int64(logged.durationSeconds))
            return "\(label(logged.activity, logged.intensity)), \(length)"
        case .activityStopped: return "activity stopped"
        case .restStarted(let rest):
            return rest.plannedSeconds.map { "rest of \(DurationText.describe(seconds: Int64($0)))" } ?? "rest"
        case .restEnded: return "rest ended"
        case .checkIn(let checkIn):
            let answers: [(String, Int?)] = [
                ("energy", checkIn.energy), ("fatigue", checkIn.fatigue), ("pain", checkIn.pain),
                ("sleep", checkIn.sleepQuality), ("stress", checkIn.stress),
            ]
            var parts = answers.compactMap { name, value in value.map { "\(name) \($0)" } }
            if let flare = checkIn.flare { parts.append(flare ? "flare" : "no flare") }
            if checkIn.note != nil { parts.append("a note") }
            return parts.isEmpty ? "check-in" : "check-in: " + parts.joined(separator: ", ")
        case .flareStarted: return "flare mode on"
        case .flareEnded: return "flare mode off"
        case .snoozed: return "reminders snoozed"
        case .reminderShown(let shown): return "reminder shown (\(shown.reminder.rawValue))"
        case .reminderActedOn(let acted): return "reminder answered: \(acted.action.rawValue)"
        case .calibrationAnswered(let answer): return "a bad day allows \(answer.badDayMinutes) min"
        case .trialIncreaseRequested: return "trial increase asked for"
        case .retracted(let retraction): return "the deletion of \(corrected(retraction.target))"
        case .amended(let amendment): return "the edit of \(corrected(amendment.target))"
        case .morningReading(let reading):
            let rmssd = (reading.rmssdMilliseconds * 10).rounded() / 10
            return "morning reading: resting \(reading.restingBeatsPerMinute) bpm, RMSSD \(rmssd) ms"
                + (reading.newBaseline == true ? ", a new baseline" : "")
        }
    }

    /// A bout's rate, in points a minute; `nil` for other events.
    package var boutRate: Double? {
        switch payload {
        case .activityStarted(let start): start.pointsPerMinute
        case .activityLogged(let logged): logged.pointsPerMinute
        default: nil
        }
    }

    /// A bout's start and length (a running one: its start and `nil`); `nil` for other events.
    package var boutSpan: (start: Instant, durationSeconds: Int?)? {
        switch payload {
        case .activityStarted: (header.at, nil)
        case .activityLogged(let logged): (logged.start, logged.durationSeconds)
        default: nil
        }
    }

    /// Whether it ends a bout that is running (a stop, another start, or a rest), as the fold counts it.
    package var endsRunningBout: Bool {
        switch payload {
        case .activityStarted, .activityStopped, .restStarted: true
        default: false
        }
    }
}
