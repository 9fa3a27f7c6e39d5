/// The values an event may carry, whatever its source: the one check every event passes before it is written (a
/// command's events, an import, another device's log) and again before it is applied (replay), so that no value
/// from outside can make the fold trap, loop or allocate without bound.
///
/// **The ranges are never narrower than what any version of Pace wrote**, so an upgrade never skips an event it
/// acknowledged: each is the union of what the commands have accepted since the first commit (git history of
/// `PaceState+Commands.swift` and of the config's limits; there are no release tags), rounded out. Imports were
/// not checked before: what they let in outside these ranges is skipped at replay, with a report. The commands keep their own, friendlier
/// checks of the same constants; this is the backstop that holds for every source. docs/events.md shows the ranges
/// (generated from ``Event/Field/allowed``).
package enum EventRanges {
    /// Every instant (`at`, `start`, `until`): from 1970-01-01 up to, not including, 2200-01-01 (UTC).
    ///
    /// Pace writes the system clock's time; before 1970 or from 2200 on that clock is broken, and such an instant
    /// would make every pacing day in between (a day record each) or overflow the arithmetic on milliseconds.
    package static var instants: Range<Instant> {
        let bounds = instantMilliseconds
        let first = Instant(millisecondsSinceEpoch: bounds.lowerBound)
        return first..<Instant(millisecondsSinceEpoch: bounds.upperBound)
    }
    /// ``instants`` in milliseconds since the epoch, what the checks compare.
    package static var instantMilliseconds: Range<Int64> { 0..<7_258_118_400_000 }
    /// How late flare mode may be set to end: before the year 10000, the latest an RFC 3339 time can say, since
    /// `pace flare --until` has always taken any future time. Only compared, so no later year costs anything.
    package static var flareEndMilliseconds: Int64 { 253_402_300_800_000 }
    /// `utcOffsetSeconds`: ±18 hours, what ISO 8601 and every time zone database allow (real ones are −12 to +14).
    package static var utcOffsetSeconds: ClosedRange<Int> { -18 * 3600...18 * 3600 }
    /// How far past the time it is an event may be stamped when it is recorded (a clock a little ahead).
    package static var futureSlackSeconds: Int64 { 60 }
    /// An activity kind's name, in UTF-8 bytes: names are typed (`pace start walk`); the config's labels and
    /// aliases hold at most 64 characters.
    package static var activityBytes: ClosedRange<Int> { 1...256 }
    /// Effort points a minute: a configured kind reaches at most 59 (MET 20 × vigorous factor 3 − 1).
    package static var pointsPerMinute: ClosedRange<Double> { 0.0...100.0 }
    /// A logged activity's `durationSeconds`: 1 second to 24 hours, as `pace log` has always allowed.
    package static var loggedSeconds: ClosedRange<Int> { 1...86_400 }
    /// How long before its event's `at` a logged activity may begin: a year, the longest backfill `pace log` allows.
    package static var backfillDays: Int { 366 }
    /// A rest's `plannedSeconds`: 1 minute to 12 hours.
    package static var plannedRestSeconds: ClosedRange<Int> { 60...43_200 }
    /// Every check-in scale (`energy`, `fatigue`, `pain`, `sleepQuality`, `stress`).
    package static var rating: ClosedRange<Int> { 0...10 }
    /// A check-in's `note`, in characters.
    package static var noteCharacters: Int { 2000 }
    /// The longest snooze: `until` is after the event's `at` and at most this much later.
    package static var snoozeSeconds: Int { 86_400 }
    /// A reminder id (`budget90:2026-11-25`), in UTF-8 bytes; those Pace makes are under 40.
    package static var reminderIDBytes: ClosedRange<Int> { 1...128 }
    /// How many reminders one shown reminder may cover (there are eight kinds).
    package static var covers: ClosedRange<Int> { 0...32 }
    /// The answer to "what does a bad day allow?", in minutes of the reference activity.
    package static var badDayMinutes: ClosedRange<Int> { 1...1440 }
    /// A morning reading's resting heart rate, in bpm: what a sensor reports (``HeartRateMeasurement/plausibleRates``).
    package static var restingBeatsPerMinute: ClosedRange<Int> { 20...250 }
    /// A morning reading's RMSSD, in milliseconds: successive differences are at most 20 % of a 3 s interval.
    package static var rmssdMilliseconds: ClosedRange<Double> { 0.0...1000.0 }
    /// The RR intervals a morning reading was computed from: at most an hour's at 250 bpm.
    package static var beats: ClosedRange<Int> { 1...15_000 }

    /// The same instant range in whole pacing days since 1970-01-01, with two days of margin on each side (a
    /// pacing day begins up to a day and more before or after UTC midnight, with the offset and the day's start
    /// hour): what a state's day records may hold.
    package static var days: ClosedRange<Int64> { -2...(instantMilliseconds.upperBound / 86_400_000 + 2) }
}

extension Event {
    /// A field of an event, by its key in the log.
    package enum Field: String, Sendable, Equatable, CaseIterable {
        case at, utcOffsetSeconds, activity, pointsPerMinute, start, durationSeconds, plannedSeconds
        case energy, fatigue, pain, sleepQuality, stress, note, until, reminder, covers, badDayMinutes
        case id, recordedAt, target, targetAt, device
        case restingBeatsPerMinute, rmssdMilliseconds, beats

        /// The values the field may hold, in words (docs/events.md shows them).
        package var allowed: String {
            let r = EventRanges.self
            switch self {
            case .at: return "\(years); when recorded, at most \(r.futureSlackSeconds) s past the clock"
            case .utcOffsetSeconds:
                return "±\(r.utcOffsetSeconds.upperBound), that is ±\(r.utcOffsetSeconds.upperBound / 3600) h"
            case .activity: return "\(range(r.activityBytes)) bytes"
            case .pointsPerMinute: return range(r.pointsPerMinute)
            case .start:
                return
                    "\(years), at most \(r.backfillDays) days before `at`, ending at most \(r.futureSlackSeconds) s after it"
            case .durationSeconds: return range(r.loggedSeconds)
            case .plannedSeconds: return range(r.plannedRestSeconds)
            case .energy, .fatigue, .pain, .sleepQuality, .stress: return range(r.rating)
            case .note: return "at most \(r.noteCharacters) characters"
            case .until:
                return "after `at`: a snooze's at most \(r.snoozeSeconds) s after it, a flare's before the year 10000"
            case .reminder: return "\(range(r.reminderIDBytes)) bytes"
            case .covers: return "at most \(r.covers.upperBound), each as `reminder`"
            case .badDayMinutes: return range(r.badDayMinutes)
            case .id, .target: return "32 hexadecimal digits"
            case .device: return "device id, 16 lowercase hexadecimal digits"
            case .recordedAt:
                return "\(years), not before `at`; when recorded, at most \(r.futureSlackSeconds) s past the clock"
            case .targetAt: return years
            case .restingBeatsPerMinute: return range(r.restingBeatsPerMinute)
            case .rmssdMilliseconds: return range(r.rmssdMilliseconds)
            case .beats: return range(r.beats)
            }
        }

        /// ``EventRanges/instants`` in words.
        private var years: String { "1970-01-01 to 2199-12-31" }

        private func range(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)–\(range.upperBound)" }
        private func range(_ range: ClosedRange<Double>) -> String {
            "\(Int(range.lowerBound))–\(Int(range.upperBound)), finite"
        }
    }

    /// An event whose value is outside ``EventRanges``: it is never written, and never applied.
    package struct OutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
        /// The field, by its key in the log.
        package var field: Field
        /// The value and what is allowed, in words.
        package var message: String

        package init(_ field: Field, _ message: String) {
            self.field = field
            self.message = message
        }

        package var description: String { message }
    }

    /// Checks every value of the event against ``EventRanges``.
    ///
    /// Cheap (comparisons only; a note is counted in characters only when it has more than 2000 bytes) and
    /// allocation-free unless it throws: it runs for every event written and every event replayed.
    /// - Parameter now: The time it is, for an event about to be recorded (it may not be stamped later than
    ///   ``EventRanges/futureSlackSeconds`` past it); `nil` when replaying, where the time of writing is past.
    /// - Throws: ``OutOfRange``, naming the first field that is outside.
    package func validate(recordedAt now: Instant? = nil) throws(OutOfRange) {
        let r = EventRanges.self
        let at = header.at
        try check(instant: at, .at)
        // `at` is in range, so this cannot overflow whatever the clock says.
        if let now, at.millisecondsSinceEpoch - r.futureSlackSeconds * 1000 > now.millisecondsSinceEpoch {
            throw OutOfRange(.at, "at \(at.rfc3339) is in the future (it is \(now.rfc3339))")
        }
        try check(header.utcOffsetSeconds, r.utcOffsetSeconds, .utcOffsetSeconds)
        if let id = header.id, !id.isWellFormed { throw OutOfRange(.id, "id is not \(Field.id.allowed)") }
        if let device = header.device, !device.isWellFormed {
            throw OutOfRange(.device, "device is not a \(Field.device.allowed)")
        }
        if let recorded = header.recordedAt {
            try check(instant: recorded, .recordedAt)
            guard recorded >= at else {
                throw OutOfRange(.recordedAt, "recordedAt \(recorded.rfc3339) is before at \(at.rfc3339)")
            }
            if let now, recorded.millisecondsSinceEpoch - r.futureSlackSeconds * 1000 > now.millisecondsSinceEpoch {
                throw OutOfRange(.recordedAt, "recordedAt \(recorded.rfc3339) is in the future (it is \(now.rfc3339))")
            }
        }
        switch payload {
        case .activityStarted(let start):
            try check(activity: start.activity)
            try check(rate: start.pointsPerMinute)
        case .activityLogged(let logged):
            try check(activity: logged.activity)
            try check(rate: logged.pointsPerMinute)
            try check(logged.durationSeconds, r.loggedSeconds, .durationSeconds)
            try check(instant: logged.start, .start)
            let earliest = at.millisecondsSinceEpoch - Int64(r.backfillDays) * 86_400_000
            guard logged.start.millisecondsSinceEpoch >= earliest else {
                throw OutOfRange(.start, "start \(logged.start.rfc3339) is more than \(r.backfillDays) days before at")
            }
            // Both bounded above, so neither sum can overflow.
            guard logged.end.millisecondsSinceEpoch <= at.millisecondsSinceEpoch + r.futureSlackSeconds * 1000 else {
                throw OutOfRange(.start, "the activity ends at \(logged.end.rfc3339), after at \(at.rfc3339)")
            }
        case .restStarted(let started):
            if let planned = started.plannedSeconds { try check(planned, r.plannedRestSeconds, .plannedSeconds) }
        case .checkIn(let checkIn):
            try checkIn.validate()
        case .flareStarted(let started):
            if let until = started.until {
                guard until.millisecondsSinceEpoch > at.millisecondsSinceEpoch,
                    until.millisecondsSinceEpoch < r.flareEndMilliseconds
                else {
                    throw OutOfRange(
                        .until, "until is \(until.millisecondsSinceEpoch) ms; allowed: \(Field.until.allowed)")
                }
            }
        case .snoozed(let snoozed):
            try check(until: snoozed.until, after: at, within: Int64(r.snoozeSeconds))
            if let reminder = snoozed.reminder { try check(reminder: reminder, .reminder) }
        case .reminderShown(let shown):
            try check(reminder: shown.reminder, .reminder)
            guard r.covers.contains(shown.covers.count) else {
                throw OutOfRange(
                    .covers, "covers lists \(shown.covers.count) reminders; at most \(r.covers.upperBound)")
            }
            for covered in shown.covers { try check(reminder: covered, .covers) }
        case .reminderActedOn(let answer):
            try check(reminder: answer.reminder, .reminder)
        case .calibrationAnswered(let answer):
            try check(answer.badDayMinutes, r.badDayMinutes, .badDayMinutes)
            try check(rate: answer.pointsPerMinute)
        case .retracted(let retraction):
            try check(target: retraction.target, at: retraction.targetAt)
        case .amended(let amendment):
            try check(target: amendment.target, at: amendment.targetAt)
            if let activity = amendment.activity { try check(activity: activity) }
            if let rate = amendment.pointsPerMinute { try check(rate: rate) }
            if let duration = amendment.durationSeconds { try check(duration, r.loggedSeconds, .durationSeconds) }
            if let start = amendment.start {
                try check(instant: start, .start)
                let earliest = at.millisecondsSinceEpoch - Int64(r.backfillDays) * 86_400_000
                guard start.millisecondsSinceEpoch >= earliest, start <= at.adding(seconds: r.futureSlackSeconds)
                else {
                    throw OutOfRange(.start, "start \(start.rfc3339) is not within \(r.backfillDays) days before at")
                }
            }
        case .morningReading(let reading):
            try check(reading.restingBeatsPerMinute, r.restingBeatsPerMinute, .restingBeatsPerMinute)
            try check(reading.beats, r.beats, .beats)
            guard r.rmssdMilliseconds.contains(reading.rmssdMilliseconds) else {
                throw OutOfRange(
                    .rmssdMilliseconds,
                    "rmssdMilliseconds is \(reading.rmssdMilliseconds); allowed: \(Field.rmssdMilliseconds.allowed)")
            }
        case .activityStopped, .restEnded, .flareEnded, .trialIncreaseRequested:
            break
        }
    }

    private func check(target: EventID, at targetAt: Instant) throws(OutOfRange) {
        guard target.isWellFormed else { throw OutOfRange(.target, "target is not \(Field.target.allowed)") }
        try check(instant: targetAt, .targetAt)
        guard targetAt <= header.at.adding(seconds: EventRanges.futureSlackSeconds) else {
            throw OutOfRange(.targetAt, "targetAt \(targetAt.rfc3339) is after at \(header.at.rfc3339)")
        }
    }

    private func check(_ value: Int, _ range: ClosedRange<Int>, _ field: Field) throws(OutOfRange) {
        try Event.check(value, range, field)
    }

    /// Throws unless `range` holds `value`.
    fileprivate static func check(_ value: Int, _ range: ClosedRange<Int>, _ field: Field) throws(OutOfRange) {
        guard range.contains(value) else {
            throw OutOfRange(field, "\(field.rawValue) is \(value); allowed: \(field.allowed)")
        }
    }

    private func check(instant: Instant, _ field: Field) throws(OutOfRange) {
        guard EventRanges.instantMilliseconds.contains(instant.millisecondsSinceEpoch) else {
            throw OutOfRange(
                field, "\(field.rawValue) is \(instant.millisecondsSinceEpoch) ms; allowed: \(field.allowed)")
        }
    }

    private func check(rate: Double) throws(OutOfRange) {
        guard EventRanges.pointsPerMinute.contains(rate) else {
            throw OutOfRange(.pointsPerMinute, "pointsPerMinute is \(rate); allowed: \(Field.pointsPerMinute.allowed)")
        }
    }

    private func check(activity: String) throws(OutOfRange) {
        guard EventRanges.activityBytes.contains(activity.utf8.count) else {
            throw OutOfRange(
                .activity, "activity has \(activity.utf8.count) bytes; allowed: \(Field.activity.allowed)")
        }
    }

    private func check(reminder: ReminderID, _ field: Field) throws(OutOfRange) {
        guard EventRanges.reminderIDBytes.contains(reminder.utf8Count) else {
            throw OutOfRange(
                field, "a reminder id has \(reminder.utf8Count) bytes; allowed: \(Field.reminder.allowed)")
        }
    }

    /// `until` after `at`, and at most `within` seconds after it when given (both bounded, so no overflow).
    private func check(until: Instant, after at: Instant, within seconds: Int64?) throws(OutOfRange) {
        try check(instant: until, .until)
        let ahead = until.millisecondsSinceEpoch - at.millisecondsSinceEpoch
        guard ahead > 0, seconds.map({ ahead <= $0 * 1000 }) ?? true else {
            throw OutOfRange(.until, "until \(until.rfc3339) is not \(Field.until.allowed) (\(at.rfc3339))")
        }
    }
}

extension CheckIn {
    /// Checks the scales and the note against ``EventRanges`` (for a `checkIn` event, and a day's check-ins in a
    /// snapshot).
    /// - Throws: ``Event/OutOfRange`` naming the first field outside.
    package func validate() throws(Event.OutOfRange) {
        let rating = EventRanges.rating
        if let value = energy { try Event.check(value, rating, .energy) }
        if let value = fatigue { try Event.check(value, rating, .fatigue) }
        if let value = pain { try Event.check(value, rating, .pain) }
        if let value = sleepQuality { try Event.check(value, rating, .sleepQuality) }
        if let value = stress { try Event.check(value, rating, .stress) }
        let most = EventRanges.noteCharacters
        // Counting characters walks the text; a note of at most that many bytes cannot have more characters.
        if let note, note.utf8.count > most, note.count > most {
            throw Event.OutOfRange(.note, "note has \(note.count) characters; allowed: \(Event.Field.note.allowed)")
        }
    }
}
