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
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private static let keys: [[UInt8]] = [
        "type", "at", "utcOffsetSeconds", "activity", "intensity", "pointsPerMinute", "start", "durationSeconds",
        "plannedSeconds", "energy", "fatigue", "pain", "sleepQuality", "stress", "flare", "note", "until",
        "reminder", "covers", "action", "badDayMinutes",
    ].map { Array($0.utf8) }

    /// The whole input as one object with nothing but whitespace after it.
    mutating func object() -> FlatEventFields? {
        var fields = FlatEventFields()
        var seen: UInt32 = 0
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipWhitespace()
                guard let key = key() else { return nil }
                let bit: UInt32 = 1 << UInt32(key)
                guard seen & bit == 0 else { return nil }
                seen |= bit
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard value(for: key, into: &fields) else { return nil }
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipWhitespace()
        return index == bytes.count ? fields : nil
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

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The index in ``keys`` of the quoted key here.
    private mutating func key() -> Int? {
        guard let (start, end) = stringBounds() else { return nil }
        let length = end - start
        for (number, key) in Self.keys.enumerated() where key.count == length {
            var equal = true
            for offset in 0..<length where bytes[start + offset] != key[offset] {
                equal = false
                break
            }
            if equal { return number }
        }
        return nil
    }

    /// The bounds of the contents of a string without escapes or control characters.
    private mutating func stringBounds() -> (Int, Int)? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start, index - 1)
            }
            // An escape, or a control character (which JSON forbids unescaped): the reference decides.
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func string() -> String? {
        guard let (start, end) = stringBounds() else { return nil }
        return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private mutating func strings() -> [ReminderID]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var result: [ReminderID] = []
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            skipWhitespace()
            guard let string = string() else { return nil }
            result.append(ReminderID(string))
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? result : nil
    }

    private mutating func boolean() -> Bool? {
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    private mutating func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// A JSON integer in Int64 range: `-?(0|[1-9][0-9]*)`, no fraction, no exponent.
    private mutating func integer() -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        // A fraction or exponent follows: not an integer here.
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            return nil
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A JSON number as a finite Double, parsed by the standard library (correctly rounded, like the reference).
    private mutating func number() -> Double? {
        let start = index
        _ = take(UInt8(ascii: "-"))
        let integerStart = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        if take(UInt8(ascii: ".")) {
            let fractionStart = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > fractionStart else { return nil }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            let exponentStart = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > exponentStart else { return nil }
        }
        // Long numbers are rare; leave them, and their rounding, to the reference.
        guard index - start <= 32 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
