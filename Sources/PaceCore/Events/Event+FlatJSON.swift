/// A fast path for reading events back from the log: a direct scan of the flat JSON object that
/// ``Event/encode(to:)`` writes, for replaying hundreds of thousands of them at start-up.
///
/// It understands exactly the common shape — one object, the documented keys each at most once, strings without
/// escapes, plain numbers, `true`/`false`, one array of strings — and returns `nil` for anything else (escapes,
/// `null`, unknown keys or types, duplicate keys, malformed JSON, invalid UTF-8), so the caller falls back to the
/// Codable decoder, which stays the reference: whenever this returns an event, it is the one `JSONDecoder` gives
/// (a property test checks that over random events and random damage).
extension Event {
    /// Decodes `bytes` if they are an event in the common flat shape.
    /// - Returns: The event, or `nil` when the reference decoder must decide (it may still succeed).
    package init?(flatJSON bytes: UnsafeRawBufferPointer) {
        var scanner = FlatJSONScanner(bytes)
        guard let fields = scanner.object(), let event = fields.event() else { return nil }
        self = event
    }
}

/// The values of one event object, each decoded as the key's type; `nil` when absent.
private struct FlatEventFields {
    var type: String?
    var at: Int64?
    var utcOffsetSeconds: Int?
    var activity: String?
    var intensity: Intensity?
    var pointsPerMinute: Double?
    var start: Int64?
    var durationSeconds: Int?
    var plannedSeconds: Int?
    var energy: Int?
    var fatigue: Int?
    var pain: Int?
    var sleepQuality: Int?
    var stress: Int?
    var flare: Bool?
    var note: String?
    var until: Int64?
    var reminder: String?
    var covers: [ReminderID]?
    var action: ReminderAction?
    var badDayMinutes: Int?

    /// The event these fields describe, by the same rules as `Event.init(from:)`; `nil` where it would throw.
    func event() -> Event? {
        guard let type, let at, let utcOffsetSeconds else { return nil }
        let payload: Event.Payload
        switch type {
        case "activityStarted":
            guard let activity, let intensity, let pointsPerMinute else { return nil }
            payload = .activityStarted(
                Event.ActivityStart(activity: activity, intensity: intensity, pointsPerMinute: pointsPerMinute))
        case "activityStopped":
            payload = .activityStopped
        case "activityLogged":
            guard let activity, let intensity, let pointsPerMinute, let start, let durationSeconds else { return nil }
            payload = .activityLogged(
                Event.LoggedActivity(
                    activity: activity, intensity: intensity, pointsPerMinute: pointsPerMinute,
                    start: Instant(millisecondsSinceEpoch: start), durationSeconds: durationSeconds))
        case "restStarted":
            payload = .restStarted(plannedSeconds: plannedSeconds)
        case "restEnded":
            payload = .restEnded
        case "checkIn":
            payload = .checkIn(
                CheckIn(
                    energy: energy, fatigue: fatigue, pain: pain, sleepQuality: sleepQuality, stress: stress,
                    flare: flare, note: note))
        case "flareStarted":
            payload = .flareStarted(until: until.map(Instant.init(millisecondsSinceEpoch:)))
        case "flareEnded":
            payload = .flareEnded
        case "snoozed":
            guard let until else { return nil }
            payload = .snoozed(until: Instant(millisecondsSinceEpoch: until), reminder: reminder.map(ReminderID.init))
        case "reminderShown":
            guard let reminder else { return nil }
            payload = .reminderShown(ReminderID(reminder), covers: covers ?? [])
        case "reminderActedOn":
            guard let reminder, let action else { return nil }
            payload = .reminderActedOn(ReminderID(reminder), action: action)
        case "calibrationAnswered":
            guard let badDayMinutes, let pointsPerMinute else { return nil }
            payload = .calibrationAnswered(badDayMinutes: badDayMinutes, pointsPerMinute: pointsPerMinute)
        case "trialIncreaseRequested":
            payload = .trialIncreaseRequested
        default:
            return nil
        }
        return Event(at: Instant(millisecondsSinceEpoch: at), utcOffsetSeconds: utcOffsetSeconds, payload)
    }
}

/// A strict, allocation-light scanner over one flat JSON object. Every method returns `nil` to give up.
private struct FlatJSONScanner {
    private var cursor: FlatJSONCursor

    init(_ bytes: UnsafeRawBufferPointer) { cursor = FlatJSONCursor(bytes) }

    private static let keys: [[UInt8]] = [
        "type", "at", "utcOffsetSeconds", "activity", "intensity", "pointsPerMinute", "start", "durationSeconds",
        "plannedSeconds", "energy", "fatigue", "pain", "sleepQuality", "stress", "flare", "note", "until",
        "reminder", "covers", "action", "badDayMinutes",
    ].map { Array($0.utf8) }

    /// The whole input as one object with nothing but whitespace after it.
    mutating func object() -> FlatEventFields? {
        var fields = FlatEventFields()
        var seen: UInt32 = 0
        cursor.skipWhitespace()
        guard cursor.take(UInt8(ascii: "{")) else { return nil }
        cursor.skipWhitespace()
        if !cursor.take(UInt8(ascii: "}")) {
            repeat {
                cursor.skipWhitespace()
                guard let key = cursor.key(in: Self.keys) else { return nil }
                let bit: UInt32 = 1 << UInt32(key)
                guard seen & bit == 0 else { return nil }
                seen |= bit
                cursor.skipWhitespace()
                guard cursor.take(UInt8(ascii: ":")) else { return nil }
                cursor.skipWhitespace()
                guard value(for: key, into: &fields) else { return nil }
                cursor.skipWhitespace()
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "}")) else { return nil }
        }
        cursor.skipWhitespace()
        return cursor.isAtEnd ? fields : nil
    }

    private mutating func value(for key: Int, into fields: inout FlatEventFields) -> Bool {
        switch key {
        case 0: fields.type = string()
        case 1: fields.at = integer()
        case 2: fields.utcOffsetSeconds = integer().flatMap { Int(exactly: $0) }
        case 3: fields.activity = string()
        case 4: fields.intensity = string().flatMap(Intensity.init(rawValue:))
        case 5: fields.pointsPerMinute = number()
        case 6: fields.start = integer()
        case 7: fields.durationSeconds = integer().flatMap { Int(exactly: $0) }
        case 8: fields.plannedSeconds = integer().flatMap { Int(exactly: $0) }
        case 9: fields.energy = integer().flatMap { Int(exactly: $0) }
        case 10: fields.fatigue = integer().flatMap { Int(exactly: $0) }
        case 11: fields.pain = integer().flatMap { Int(exactly: $0) }
        case 12: fields.sleepQuality = integer().flatMap { Int(exactly: $0) }
        case 13: fields.stress = integer().flatMap { Int(exactly: $0) }
        case 14: fields.flare = boolean()
        case 15: fields.note = string()
        case 16: fields.until = integer()
        case 17: fields.reminder = string()
        case 18: fields.covers = strings()
        case 19: fields.action = string().flatMap(ReminderAction.init(rawValue:))
        case 20: fields.badDayMinutes = integer().flatMap { Int(exactly: $0) }
        default: return false
        }
        switch key {
        case 0: return fields.type != nil
        case 1: return fields.at != nil
        case 2: return fields.utcOffsetSeconds != nil
        case 3: return fields.activity != nil
        case 4: return fields.intensity != nil
        case 5: return fields.pointsPerMinute != nil
        case 6: return fields.start != nil
        case 7: return fields.durationSeconds != nil
        case 8: return fields.plannedSeconds != nil
        case 9: return fields.energy != nil
        case 10: return fields.fatigue != nil
        case 11: return fields.pain != nil
        case 12: return fields.sleepQuality != nil
        case 13: return fields.stress != nil
        case 14: return fields.flare != nil
        case 15: return fields.note != nil
        case 16: return fields.until != nil
        case 17: return fields.reminder != nil
        case 18: return fields.covers != nil
        case 19: return fields.action != nil
        default: return fields.badDayMinutes != nil
        }
    }

    private mutating func string() -> String? { cursor.string() }

    private mutating func strings() -> [ReminderID]? {
        guard cursor.take(UInt8(ascii: "[")) else { return nil }
        var result: [ReminderID] = []
        cursor.skipWhitespace()
        if cursor.take(UInt8(ascii: "]")) { return result }
        repeat {
            cursor.skipWhitespace()
            guard let string = cursor.string() else { return nil }
            result.append(ReminderID(string))
            cursor.skipWhitespace()
        } while cursor.take(UInt8(ascii: ","))
        return cursor.take(UInt8(ascii: "]")) ? result : nil
    }

    private mutating func boolean() -> Bool? {
        if cursor.matches("true") { return true }
        if cursor.matches("false") { return false }
        return nil
    }

    /// A JSON integer in Int64 range, written without fraction or exponent.
    private mutating func integer() -> Int64? { cursor.number()?.integer }

    /// A JSON number as a finite Double, as the reference reads it.
    private mutating func number() -> Double? { cursor.number()?.double }
}
