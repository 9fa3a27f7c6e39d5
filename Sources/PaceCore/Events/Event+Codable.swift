/// The log's JSON shape of an event, written by hand so that no refactoring of Swift names can change it.
extension Event {
    private enum Key: String, CodingKey {
        case type
        case at
        case utcOffsetSeconds
        // Activities
        case activity
        case intensity
        case pointsPerMinute
        case start
        case durationSeconds
        // Rest
        case plannedSeconds
        // Check-in
        case energy
        case fatigue
        case pain
        case sleepQuality
        case stress
        case flare
        case note
        // Flare mode, snooze
        case until
        // Reminders
        case reminder
        case covers
        case action
        // Calibration
        case badDayMinutes
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        at = try c.decode(Instant.self, forKey: .at)
        utcOffsetSeconds = try c.decode(Int.self, forKey: .utcOffsetSeconds)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "activityStarted":
            payload = .activityStarted(
                ActivityStart(
                    activity: try c.decode(String.self, forKey: .activity),
                    intensity: try c.decode(Intensity.self, forKey: .intensity),
                    pointsPerMinute: try c.decode(Double.self, forKey: .pointsPerMinute)))
        case "activityStopped":
            payload = .activityStopped
        case "activityLogged":
            payload = .activityLogged(
                LoggedActivity(
                    activity: try c.decode(String.self, forKey: .activity),
                    intensity: try c.decode(Intensity.self, forKey: .intensity),
                    pointsPerMinute: try c.decode(Double.self, forKey: .pointsPerMinute),
                    start: try c.decode(Instant.self, forKey: .start),
                    durationSeconds: try c.decode(Int.self, forKey: .durationSeconds)))
        case "restStarted":
            payload = .restStarted(plannedSeconds: try c.decodeIfPresent(Int.self, forKey: .plannedSeconds))
        case "restEnded":
            payload = .restEnded
        case "checkIn":
            payload = .checkIn(
                CheckIn(
                    energy: try c.decodeIfPresent(Int.self, forKey: .energy),
                    fatigue: try c.decodeIfPresent(Int.self, forKey: .fatigue),
                    pain: try c.decodeIfPresent(Int.self, forKey: .pain),
                    sleepQuality: try c.decodeIfPresent(Int.self, forKey: .sleepQuality),
                    stress: try c.decodeIfPresent(Int.self, forKey: .stress),
                    flare: try c.decodeIfPresent(Bool.self, forKey: .flare),
                    note: try c.decodeIfPresent(String.self, forKey: .note)))
        case "flareStarted":
            payload = .flareStarted(until: try c.decodeIfPresent(Instant.self, forKey: .until))
        case "flareEnded":
            payload = .flareEnded
        case "snoozed":
            payload = .snoozed(
                until: try c.decode(Instant.self, forKey: .until),
                reminder: try c.decodeIfPresent(ReminderID.self, forKey: .reminder))
        case "reminderShown":
            payload = .reminderShown(
                try c.decode(ReminderID.self, forKey: .reminder),
                covers: try c.decodeIfPresent([ReminderID].self, forKey: .covers) ?? [])
        case "reminderActedOn":
            payload = .reminderActedOn(
                try c.decode(ReminderID.self, forKey: .reminder),
                action: try c.decode(ReminderAction.self, forKey: .action))
        case "calibrationAnswered":
            payload = .calibrationAnswered(
                badDayMinutes: try c.decode(Int.self, forKey: .badDayMinutes),
                pointsPerMinute: try c.decode(Double.self, forKey: .pointsPerMinute))
        case "trialIncreaseRequested":
            payload = .trialIncreaseRequested
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown event type \"\(type)\" (written by a newer Pace?)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(payload.type, forKey: .type)
        try c.encode(at, forKey: .at)
        try c.encode(utcOffsetSeconds, forKey: .utcOffsetSeconds)
        switch payload {
        case .activityStarted(let start):
            try c.encode(start.activity, forKey: .activity)
            try c.encode(start.intensity, forKey: .intensity)
            try c.encode(start.pointsPerMinute, forKey: .pointsPerMinute)
        case .activityStopped, .restEnded, .flareEnded, .trialIncreaseRequested:
            break
        case .activityLogged(let logged):
            try c.encode(logged.activity, forKey: .activity)
            try c.encode(logged.intensity, forKey: .intensity)
            try c.encode(logged.pointsPerMinute, forKey: .pointsPerMinute)
            try c.encode(logged.start, forKey: .start)
            try c.encode(logged.durationSeconds, forKey: .durationSeconds)
        case .restStarted(let planned):
            try c.encodeIfPresent(planned, forKey: .plannedSeconds)
        case .checkIn(let checkIn):
            try c.encodeIfPresent(checkIn.energy, forKey: .energy)
            try c.encodeIfPresent(checkIn.fatigue, forKey: .fatigue)
            try c.encodeIfPresent(checkIn.pain, forKey: .pain)
            try c.encodeIfPresent(checkIn.sleepQuality, forKey: .sleepQuality)
            try c.encodeIfPresent(checkIn.stress, forKey: .stress)
            try c.encodeIfPresent(checkIn.flare, forKey: .flare)
            try c.encodeIfPresent(checkIn.note, forKey: .note)
        case .flareStarted(let until):
            try c.encodeIfPresent(until, forKey: .until)
        case .snoozed(let until, let reminder):
            try c.encode(until, forKey: .until)
            try c.encodeIfPresent(reminder, forKey: .reminder)
        case .reminderShown(let id, let covers):
            try c.encode(id, forKey: .reminder)
            if !covers.isEmpty { try c.encode(covers, forKey: .covers) }
        case .reminderActedOn(let id, let action):
            try c.encode(id, forKey: .reminder)
            try c.encode(action, forKey: .action)
        case .calibrationAnswered(let minutes, let rate):
            try c.encode(minutes, forKey: .badDayMinutes)
            try c.encode(rate, forKey: .pointsPerMinute)
        }
    }
}
