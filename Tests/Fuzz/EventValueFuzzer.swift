// libFuzzer target for event values (issue 22, item 1): events of every type with values from the edges of every
// range and beyond (0, ±1, the bounds ± 1, 2^53, ±2^62, Int64.min/max, ±1e308, ±inf, NaN, years 1 and −200,000,
// empty and long text), or JSON lines as they are (the seeds in Tests/Fuzz/event-corpus are the reproductions),
// go through what replay does — decode (the fast path and the Codable reader), validate, apply — and then through
// status, history, explanation and reminders. Asserted: nothing traps; an event is applied exactly when it passes
// the validator, and one that fails changes nothing; the state stays one a snapshot check accepts; every number a
// query gives is finite; an event that passes is written and read back as itself.
//
// `make fuzz` (long), `make fuzz-smoke` (in `make test`). Built by the Makefile with `swiftc -sanitize=fuzzer,address`
// together with PaceCore's and PaceJSON's source files and the event codec (EVENT_FUZZ_SOURCES), in one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventValues(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = UnsafeBufferPointer(start: start, count: count)
    var lines: [[UInt8]] = []
    if input.first == UInt8(ascii: "{") {
        lines = input.split(separator: UInt8(ascii: "\n")).map(Array.init)
    } else {
        var source = FuzzBytes(input)
        while !source.isEmpty && lines.count < 24 { lines.append(Array(source.event().utf8)) }
    }
    var state = PaceState()
    for line in lines.prefix(64) {
        guard let event = try? EventCodec.decode(line) else { continue }
        let before = state
        var valid = true
        do {
            try event.validate()
        } catch {
            valid = false
        }
        do {
            try state.apply(event)
            precondition(valid, "an event the validator refuses was applied: \(event)")
        } catch {
            precondition(!valid, "an event the validator accepts was refused by apply: \(event)")
            precondition(state == before, "a refused event changed the state")
        }
        if valid {
            precondition((try? EventCodec.decode(EventCodec.encode(event))) == event, "\(event) does not read back")
        }
    }
    do {
        try state.checkSanity()
    } catch {
        preconditionFailure("the fold made a state the snapshot check refuses: \(error)")
    }
    query(state)
    return 0
}

/// Asks the state everything the daemon asks, a little after its last event and a day later.
private func query(_ state: PaceState) {
    let last = state.lastEventAt ?? Instant(millisecondsSinceEpoch: 1_765_000_000_000)
    let offset = state.lastUtcOffsetSeconds
    for now in [last.adding(seconds: 60), last.adding(seconds: 86_400 + 3_600)] {
        let status = state.status(now: now, utcOffsetSeconds: offset)
        for amount in [status.budget, status.used, status.left, status.over] {
            precondition(amount.points.isFinite && amount.referenceMinutes.isFinite, "status: \(status)")
            precondition(amount.points >= 0, "a negative amount: \(status)")
        }
        precondition(status.base.points.isFinite, "base: \(status)")
        let today = state.day(now: now, utcOffsetSeconds: offset)
        for day in state.history(from: today.adding(days: -40), through: today, now: now, utcOffsetSeconds: offset) {
            precondition(day.budget.isFinite && day.used.isFinite && day.used >= 0, "history: \(day)")
            precondition(day.activeSeconds >= 0, "history: \(day)")
        }
        let explanation = state.explanation(now: now, utcOffsetSeconds: offset)
        precondition(!explanation.sentences.isEmpty, "an explanation without a sentence")
        _ = state.reminders(now: now, utcOffsetSeconds: offset)
        _ = now.rfc3339
    }
}

/// Reads the fuzzer's bytes as choices: which event, which field values, from the edges of every range.
private struct FuzzBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isEmpty: Bool { position >= bytes.count }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func raw64() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return value
    }

    /// 2026-12-07T10:00:00Z, where most events happen.
    static let base: Int64 = 1_765_101_600_000

    mutating func integer() -> String {
        let edges: [Int64] = [
            0, 1, -1, 4, 5, 10, 11, 59, 60, 61, 1439, 1440, 1441, 2000, 43_199, 43_200, 43_201, 64_800, 64_801,
            86_399, 86_400, 86_401, 1 << 31, 1 << 53, 1 << 62, -(1 << 62), .max, .min,
        ]
        switch byte() % 4 {
        case 0: return String(Int64(bitPattern: raw64()))
        case 1: return String(Int64(byte()) - 20)
        default: return String(edges[Int(byte()) % edges.count])
        }
    }

    mutating func instant() -> String {
        let edges: [Int64] = [
            0, -1, 7_258_118_399_999, 7_258_118_400_000, .max, .min, -62_135_596_800_000, -6_373_000_000_000_000,
            1 << 53,
        ]
        // The edges that are in range (1970, 2199) make a day record for every day in between: rarely, so that the
        // fuzzer stays fast.
        switch byte() % 32 {
        case 0: return String(edges[Int(byte()) % edges.count])
        case 1, 2, 3: return String(Int64(bitPattern: raw64()))
        // Within a year and a half around the base, in steps from a millisecond to a day.
        default:
            let steps: [Int64] = [1, 1000, 60_000, 3_600_000, 86_400_000]
            let step = steps[Int(byte()) % steps.count]
            return String(Self.base + (Int64(byte()) - 128) * step * Int64(1 + byte() % 4))
        }
    }

    mutating func number() -> String {
        let edges = [
            "1.8", "0", "-0", "59", "100", "100.0000001", "1e308", "-1e308", "1e999", "-1e999", "5e-324", "-1",
            "1e12", "\"NaN\"", "null",
        ]
        switch byte() % 3 {
        case 0:
            let value = Double(bitPattern: raw64())
            return value.isFinite ? "\(value)" : "1e999"
        default: return edges[Int(byte()) % edges.count]
        }
    }

    mutating func text() -> String {
        let words = ["walk", "", "yoga", "ünïcødé 🧶", "e\u{301}", "\\u0000", "budget90:2026-12-07", "bout:1"]
        switch byte() % 4 {
        case 0:
            let unit = ["x", "é", "🧶", "e\u{301}"][Int(byte()) % 4]
            return String(repeating: unit, count: Int(byte()) * 16)
        default: return words[Int(byte()) % words.count]
        }
    }

    /// One event as a JSON line; now and then a field is left out or of the wrong type.
    mutating func event() -> String {
        let types = [
            "activityStarted", "activityStopped", "activityLogged", "restStarted", "restEnded", "checkIn",
            "flareStarted", "flareEnded", "snoozed", "reminderShown", "reminderActedOn", "calibrationAnswered",
            "trialIncreaseRequested",
        ]
        let type = types[Int(byte()) % types.count]
        var fields = [
            "\"type\":\"\(type)\"", "\"at\":\(instant())",
            "\"utcOffsetSeconds\":\(byte() % 3 == 0 ? integer() : String((Int(byte()) - 128) * 900))",
        ]
        func add(_ key: String, _ value: String) {
            switch byte() % 16 {
            case 0: return
            case 1: fields.append("\"\(key)\":\"\(text())\"")
            default: fields.append("\"\(key)\":\(value)")
            }
        }
        let intensity = "\"\(["light", "moderate", "vigorous", "hard"][Int(byte()) % 4])\""
        switch type {
        case "activityStarted":
            add("activity", "\"\(text())\"")
            add("intensity", intensity)
            add("pointsPerMinute", number())
        case "activityLogged":
            add("activity", "\"\(text())\"")
            add("intensity", intensity)
            add("pointsPerMinute", number())
            add("start", instant())
            add("durationSeconds", integer())
        case "restStarted":
            add("plannedSeconds", integer())
        case "checkIn":
            for key in ["energy", "fatigue", "pain", "sleepQuality", "stress"] { add(key, integer()) }
            add("flare", byte() % 2 == 0 ? "true" : "false")
            add("note", "\"\(text())\"")
        case "flareStarted", "snoozed":
            add("until", instant())
            add("reminder", "\"\(text())\"")
        case "reminderShown":
            add("reminder", "\"\(text())\"")
            add("covers", "[" + (0..<Int(byte() % 40)).map { _ in "\"\(text())\"" }.joined(separator: ",") + "]")
        case "reminderActedOn":
            add("reminder", "\"\(text())\"")
            add("action", "\"\(["stop", "snooze", "startRest", "dismissed", "later"][Int(byte()) % 5])\"")
        case "calibrationAnswered":
            add("badDayMinutes", integer())
            add("pointsPerMinute", number())
        default:
            break
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
