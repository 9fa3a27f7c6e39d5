import PaceCore

/// A day's record, packed: most of a snapshot (one per day of history). The layout, in order:
///
/// date (days since 1970-01-01), load, activeSeconds, activityCount, a flags byte (flareReported,
/// flareModeAtEnd, flareModeExpired, recorded, trialIncrease, and whether lastCheckInAt, lastFlareWord and
/// verdict follow), check-ins, lastCheckInAt, lastFlareWord, shown reminders, answered reminders (as
/// ``BinaryWriter/reminderID(_:reference:)`` writes them), verdict, then whether the day was corrected and its
/// bouts' pieces: start, its length, rate, and the precedence (rank, recordedAt after the start, the id's
/// millisecond after recordedAt and its sequence, the id's tag in 8 bytes). Every instant is written as
/// milliseconds after the date's midnight in UTC (the reference). Pieces are a third of a snapshot's days; written
/// as differences, most of their numbers take a byte.
extension DayRecord: BinaryPacked {
    private enum Flag {
        static let flareReported: UInt8 = 1 << 0
        static let flareModeAtEnd: UInt8 = 1 << 1
        static let flareModeExpired: UInt8 = 1 << 2
        static let recorded: UInt8 = 1 << 3
        static let trialIncrease: UInt8 = 1 << 4
        static let lastCheckInAt: UInt8 = 1 << 5
        static let lastFlareWord: UInt8 = 1 << 6
        static let verdict: UInt8 = 1 << 7
    }

    func pack(into writer: inout BinaryWriter) {
        writer.signed(date.daysSinceEpoch)
        let reference = date.daysSinceEpoch &* 86_400_000
        writer.double(load)
        writer.signed(activeSeconds)
        writer.int(activityCount)
        var flags: UInt8 = 0
        if flareReported { flags |= Flag.flareReported }
        if flareModeAtEnd { flags |= Flag.flareModeAtEnd }
        if flareModeExpired { flags |= Flag.flareModeExpired }
        if recorded { flags |= Flag.recorded }
        if trialIncrease { flags |= Flag.trialIncrease }
        if lastCheckInAt != nil { flags |= Flag.lastCheckInAt }
        if lastFlareWord != nil { flags |= Flag.lastFlareWord }
        if verdict != nil { flags |= Flag.verdict }
        writer.byte(flags)
        checkIns.pack(into: &writer)
        if let lastCheckInAt { writer.signed(lastCheckInAt.millisecondsSinceEpoch &- reference) }
        if let lastFlareWord {
            writer.signed(lastFlareWord.at.millisecondsSinceEpoch &- reference)
            writer.bool(lastFlareWord.flare)
        }
        writer.count(remindersShown.count)
        for shown in remindersShown {
            writer.reminderID(shown.id, reference: reference)
            writer.signed(shown.at.millisecondsSinceEpoch &- reference)
            writer.count(shown.covers.count)
            for id in shown.covers { writer.reminderID(id, reference: reference) }
        }
        writer.count(remindersAnswered.count)
        for id in remindersAnswered { writer.reminderID(id, reference: reference) }
        if let verdict {
            verdict.budget.pack(into: &writer)
            if let change = verdict.change {
                writer.bool(true)
                writer.signed(change.date.daysSinceEpoch)
                writer.double(change.from)
                writer.double(change.to)
                writer.string(change.reason.rawValue)
            } else {
                writer.bool(false)
            }
        }
        writer.bool(corrected)
        writer.count(bouts.count)
        for piece in bouts {
            let start = piece.start.millisecondsSinceEpoch
            let recordedAt = piece.precedence.recordedAt.millisecondsSinceEpoch
            let id = piece.precedence.id
            writer.signed(start &- reference)
            writer.signed(piece.end.millisecondsSinceEpoch &- start)
            writer.double(piece.pointsPerMinute)
            writer.int(piece.precedence.rank)
            writer.signed(recordedAt &- start)
            writer.signed(Int64(id.order >> 16) &- recordedAt)
            writer.unsigned(id.order & 0xFFFF)
            writer.fixed(id.tag)
        }
    }

    init(unpacking reader: inout BinaryReader) throws {
        self.init(date: try Self.date(&reader))
        let reference = date.daysSinceEpoch &* 86_400_000
        load = try reader.double()
        activeSeconds = try reader.signed()
        activityCount = try reader.int()
        let flags = try reader.byte()
        flareReported = flags & Flag.flareReported != 0
        flareModeAtEnd = flags & Flag.flareModeAtEnd != 0
        flareModeExpired = flags & Flag.flareModeExpired != 0
        recorded = flags & Flag.recorded != 0
        trialIncrease = flags & Flag.trialIncrease != 0
        checkIns = try [CheckIn](unpacking: &reader)
        if flags & Flag.lastCheckInAt != 0 {
            lastCheckInAt = Instant(millisecondsSinceEpoch: try reader.signed() &+ reference)
        }
        if flags & Flag.lastFlareWord != 0 {
            lastFlareWord = FlareWord(
                at: Instant(millisecondsSinceEpoch: try reader.signed() &+ reference), flare: try reader.bool())
        }
        let shownCount = try reader.count()
        remindersShown.reserveCapacity(BinaryReader.reservation(for: shownCount))
        for _ in 0..<shownCount {
            let id = try reader.reminderID(reference: reference)
            let at = Instant(millisecondsSinceEpoch: try reader.signed() &+ reference)
            let coverCount = try reader.count()
            var covers: [ReminderID] = []
            if coverCount > 0 {
                covers.reserveCapacity(BinaryReader.reservation(for: coverCount))
                for _ in 0..<coverCount { covers.append(try reader.reminderID(reference: reference)) }
            }
            remindersShown.append(ShownReminder(id: id, at: at, covers: covers))
        }
        let answeredCount = try reader.count()
        remindersAnswered.reserveCapacity(BinaryReader.reservation(for: answeredCount))
        for _ in 0..<answeredCount { remindersAnswered.append(try reader.reminderID(reference: reference)) }
        if flags & Flag.verdict != 0 {
            let budget = try DayBudget(unpacking: &reader)
            var change: BaseChange?
            if try reader.bool() {
                let date = try Self.date(&reader)
                let from = try reader.double()
                let to = try reader.double()
                let text = try reader.string()
                guard let reason = BaseChange.Reason(rawValue: text) else {
                    throw BinaryCoding.FormatError("unknown reason \(text)")
                }
                change = BaseChange(date: date, from: from, to: to, reason: reason)
            }
            verdict = Verdict(budget: budget, change: change)
        }
        corrected = try reader.bool()
        let pieceCount = try reader.count()
        bouts.reserveCapacity(BinaryReader.reservation(for: pieceCount))
        for _ in 0..<pieceCount {
            let startMilliseconds = try reader.signed() &+ reference
            let start = Instant(millisecondsSinceEpoch: startMilliseconds)
            let end = Instant(millisecondsSinceEpoch: startMilliseconds &+ (try reader.signed()))
            let rate = try reader.double()
            let rank = try reader.int()
            let recordedMilliseconds = startMilliseconds &+ (try reader.signed())
            let recordedAt = Instant(millisecondsSinceEpoch: recordedMilliseconds)
            let millisecond = UInt64(bitPattern: recordedMilliseconds &+ (try reader.signed()))
            let sequence = try reader.unsigned()
            guard millisecond >> 48 == 0, sequence <= 0xFFFF else {
                throw BinaryCoding.FormatError("a bout piece's id out of range")
            }
            let id = EventID(order: millisecond << 16 | sequence, tag: try reader.fixed())
            bouts.append(
                BoutPiece(
                    start: start, end: end, pointsPerMinute: rate,
                    precedence: BoutPrecedence(rank: rank, recordedAt: recordedAt, id: id)))
        }
        // In order of their ends, as the fold keeps them (a snapshot written before that kept them as they came).
        if !zip(bouts, bouts.dropFirst()).allSatisfy({ $0.end <= $1.end }) { bouts.sort { $0.end < $1.end } }
    }

    /// A date written as days since the epoch, within the years a `CivilDate` reads back the same.
    static func date(_ reader: inout BinaryReader) throws -> CivilDate {
        let days = try reader.signed()
        guard (-1_000_000_000...1_000_000_000).contains(days) else {
            throw BinaryCoding.FormatError("date out of range")
        }
        return CivilDate(daysSinceEpoch: days)
    }
}

/// A check-in: a byte saying which fields follow (bit 5: `flare` is set, bit 7: its value), a second byte for
/// `complete` (bit 0: it is set, bit 1: its value; other bits 0), then the fields.
extension CheckIn: BinaryPacked {
    func pack(into writer: inout BinaryWriter) {
        let numbers = [energy, fatigue, pain, sleepQuality, stress]
        var present: UInt8 = 0
        for (bit, number) in numbers.enumerated() where number != nil { present |= 1 << bit }
        if let flare { present |= 1 << 5 | (flare ? 1 << 7 : 0) }
        if note != nil { present |= 1 << 6 }
        writer.byte(present)
        writer.byte(complete.map { $0 ? 0b11 : 0b01 } ?? 0)
        for number in numbers { if let number { writer.int(number) } }
        if let note { writer.string(note) }
    }

    init(unpacking reader: inout BinaryReader) throws {
        let present = try reader.byte()
        let more = try reader.byte()
        guard more & ~0b11 == 0 else { throw BinaryCoding.FormatError("unknown check-in flags \(more)") }
        func number(_ bit: Int) throws -> Int? { present & 1 << bit != 0 ? try reader.int() : nil }
        self.init(
            energy: try number(0), fatigue: try number(1), pain: try number(2), sleepQuality: try number(3),
            stress: try number(4), flare: present & 1 << 5 != 0 ? present & 1 << 7 != 0 : nil,
            note: present & 1 << 6 != 0 ? try reader.string() : nil,
            complete: more & 1 != 0 ? more & 0b10 != 0 : nil)
    }
}

/// A day's budget: points, base, energy factor and debt, then the provisional source (0 none, else its raw
/// value), the energy source and the flare source (a case byte and its values).
extension DayBudget: BinaryPacked {
    func pack(into writer: inout BinaryWriter) {
        writer.double(points)
        writer.double(base)
        writer.double(energyFactor)
        writer.double(debt)
        if let provisional {
            writer.bool(true)
            writer.string(provisional.rawValue)
        } else {
            writer.bool(false)
        }
        switch energySource {
        case .usual: writer.byte(0)
        case .today(let rating, let usual):
            writer.byte(1)
            writer.double(rating)
            writer.double(usual)
        case .faded(let rating, let usual, let daysAgo):
            writer.byte(2)
            writer.double(rating)
            writer.double(usual)
            writer.int(daysAgo)
        }
        switch flare {
        case .none: writer.byte(0)
        case .reported: writer.byte(1)
        case .symptoms(let score, let usual):
            writer.byte(2)
            writer.double(score)
            writer.double(usual)
        case .assumed(let daysAgo):
            writer.byte(3)
            writer.int(daysAgo)
        }
    }

    init(unpacking reader: inout BinaryReader) throws {
        let points = try reader.double()
        let base = try reader.double()
        let energyFactor = try reader.double()
        let debt = try reader.double()
        var provisional: ProvisionalSource?
        if try reader.bool() {
            let text = try reader.string()
            guard let source = ProvisionalSource(rawValue: text) else {
                throw BinaryCoding.FormatError("unknown provisional source \(text)")
            }
            provisional = source
        }
        let energySource: EnergySource
        switch try reader.byte() {
        case 0: energySource = .usual
        case 1: energySource = .today(rating: try reader.double(), usual: try reader.double())
        case 2:
            energySource = .faded(rating: try reader.double(), usual: try reader.double(), daysAgo: try reader.int())
        case let other: throw BinaryCoding.FormatError("unknown energy source \(other)")
        }
        let flare: FlareSource
        switch try reader.byte() {
        case 0: flare = .none
        case 1: flare = .reported
        case 2: flare = .symptoms(score: try reader.double(), usual: try reader.double())
        case 3: flare = .assumed(daysAgo: try reader.int())
        case let other: throw BinaryCoding.FormatError("unknown flare source \(other)")
        }
        self.init(
            points: points, base: base, provisional: provisional, energyFactor: energyFactor,
            energySource: energySource, flare: flare, debt: debt)
    }
}

/// A state's days, laid out as an array of them.
extension DayList: BinaryPacked {
    func pack(into writer: inout BinaryWriter) {
        writer.count(count)
        for day in self { day.pack(into: &writer) }
    }

    /// Each day read straight into its chunk (read into an array first, every day was copied once more).
    init(unpacking reader: inout BinaryReader) throws {
        self.init()
        for _ in 0..<(try reader.count()) { append(try DayRecord(unpacking: &reader)) }
    }
}

extension BinaryWriter {
    /// A reminder id: a byte, 0 for an id kept as text (then the text), else 1 + twice the kind's place, plus 1 for
    /// the numbered form; then the date (days since 1970-01-01) or the number less `reference` (a day's ids are
    /// mostly starts within that day: a difference takes four bytes where the number takes six).
    mutating func reminderID(_ id: ReminderID, reference: Int64) {
        switch id.parts {
        case .text(let text):
            byte(0)
            string(text)
        case .dated(let kind, let days):
            byte(1 &+ kind &* 2)
            signed(days)
        case .numbered(let kind, let number):
            byte(2 &+ kind &* 2)
            signed(number &- reference)
        }
    }
}

extension BinaryReader {
    /// A reminder id written by ``BinaryWriter/reminderID(_:reference:)``: the forms Pace makes parse no text.
    mutating func reminderID(reference: Int64) throws -> ReminderID {
        let form = try byte()
        let parts: ReminderID.Parts
        if form == 0 {
            parts = .text(try string())
        } else if form & 1 == 1 {
            parts = .dated(kind: (form &- 1) / 2, days: try signed())
        } else {
            parts = .numbered(kind: (form &- 2) / 2, try signed() &+ reference)
        }
        guard let id = ReminderID(parts: parts) else { throw BinaryCoding.FormatError("a reminder id out of range") }
        return id
    }
}
