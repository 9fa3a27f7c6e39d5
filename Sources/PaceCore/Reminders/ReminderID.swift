/// The stable identity of one reminder, e.g. `bout:1764072300000` or `budget90:2026-11-25`.
///
/// The same situation always yields the same id, so the daemon can replace or close a notification that
/// has gone stale, record `reminderShown` / `reminderActedOn` events, and never show one twice.
/// Encodes as its string.
///
/// The ids Pace makes (a kind, a colon, and a date or a number of milliseconds) are kept as the kind and the
/// number, not as text: a year of days holds thousands of them, and a string of more than 15 bytes is an
/// allocation each. Any other text (an id from an older or newer version, or a hand-made log) is kept as it is.
/// The text reads back exactly as it came in, and two ids are equal exactly when their texts are.
package struct ReminderID: Hashable, Sendable, Codable, CustomStringConvertible {
    private enum Storage: Hashable, Sendable {
        /// `kind:YYYY-MM-DD`, the kind as its place in ``names``, the date as days since 1970-01-01.
        case dated(kind: UInt8, days: Int64)
        /// `kind:N`, N a whole number of 1 to 18 digits without a leading zero (a start, in milliseconds).
        case numbered(kind: UInt8, Int64)
        /// Anything else.
        case text(String)
    }

    private let storage: Storage

    /// Every kind with its name's bytes: a kind is kept as its place here.
    private static let names: [(kind: ReminderKind, utf8: [UInt8])] = ReminderKind.allCases.map {
        ($0, Array($0.rawValue.utf8))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    package init(_ rawValue: String) {
        var text = rawValue
        storage = text.withUTF8 { Self.parse($0) } ?? .text(rawValue)
    }

    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The id's text, as it is written in events and on the wire.
    package var rawValue: String {
        if case .text(let text) = storage { return text }
        var utf8: [UInt8] = []
        appendUTF8(to: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    package var description: String { rawValue }

    /// Appends ``rawValue`` in UTF-8 to `bytes`, without making the string for the ids Pace makes.
    package func appendUTF8(to bytes: inout [UInt8]) {
        let kind: UInt8
        let subject: Int64
        let dated: Bool
        switch storage {
        case .text(let text):
            bytes.append(contentsOf: text.utf8)
            return
        case .dated(let place, let days): (kind, subject, dated) = (place, days, true)
        case .numbered(let place, let number): (kind, subject, dated) = (place, number, false)
        }
        // Written on the stack, then appended at once: an append of a few bytes costs as much as a whole one.
        let name = Self.names[Int(kind)].utf8
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 41) { buffer in
            let text = buffer.baseAddress!
            name.withUnsafeBufferPointer { text.initialize(from: $0.baseAddress!, count: $0.count) }
            text[name.count] = UInt8(ascii: ":")
            var end = name.count + 1
            if dated {
                let date = CivilDate(daysSinceEpoch: subject)
                buffer.writeDigits(date.year, width: 4, at: end)
                buffer.writeDigits(date.month, width: 2, at: end + 5)
                buffer.writeDigits(date.day, width: 2, at: end + 8)
                (text[end + 4], text[end + 7]) = (UInt8(ascii: "-"), UInt8(ascii: "-"))
                end += 10
            } else {
                // Backwards from the buffer's end (past where the number goes), then beside the colon.
                var digit = text + buffer.count
                var rest = UInt64(subject)
                repeat {
                    digit -= 1
                    digit.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                } while rest > 0
                let count = text + buffer.count - digit
                (text + end).update(from: digit, count: count)
                end += count
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }

    /// The id as a snapshot keeps it: the kind-and-number forms as numbers (reading them back parses no text),
    /// anything else as its text.
    package enum Parts: Equatable, Sendable {
        /// `kind:YYYY-MM-DD`: the kind's place among ``ReminderKind/allCases``, the date as days since 1970-01-01.
        case dated(kind: UInt8, days: Int64)
        /// `kind:N`: the kind's place, and N.
        case numbered(kind: UInt8, Int64)
        case text(String)
    }

    /// The id's ``Parts``.
    package var parts: Parts {
        switch storage {
        case .dated(let kind, let days): .dated(kind: kind, days: days)
        case .numbered(let kind, let number): .numbered(kind: kind, number)
        case .text(let text): .text(text)
        }
    }

    /// The id whose ``parts`` are `parts`; `nil` for numbers no id of that form has (a kind past the last, a
    /// date past 9999, a number of more than 18 digits or below zero), which text would not read back the same.
    package init?(parts: Parts) {
        switch parts {
        case .dated(let kind, let days):
            guard Int(kind) < Self.names.count, (-719_528...2_932_896).contains(days) else { return nil }
            self.init(storage: .dated(kind: kind, days: days))
        case .numbered(let kind, let number):
            guard Int(kind) < Self.names.count, (0..<1_000_000_000_000_000_000).contains(number) else { return nil }
            self.init(storage: .numbered(kind: kind, number))
        case .text(let text):
            self.init(text)
        }
    }

    /// The number of bytes of ``rawValue`` in UTF-8, counted without making the text (replay checks every
    /// reminder id's length: spelling each out was a seventh of a start-up replay).
    package var utf8Count: Int {
        switch storage {
        case .text(let text): return text.utf8.count
        case .dated(let kind, _): return Self.names[Int(kind)].utf8.count + 11
        case .numbered(let kind, let number):
            var digits = 1
            var rest = number / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            return Self.names[Int(kind)].utf8.count + 1 + digits
        }
    }

    /// The kind named by the id's prefix, if it is one Pace makes.
    package var kind: ReminderKind? {
        switch storage {
        case .dated(let place, _), .numbered(let place, _): Self.names[Int(place)].kind
        case .text(let text):
            text.firstIndex(of: ":").flatMap { ReminderKind(rawValue: String(text[..<$0])) }
        }
    }

    /// The id of a reminder of `kind` about the day `date`.
    package static func make(_ kind: ReminderKind, _ date: CivilDate) -> ReminderID {
        // Years past 9999 have more digits than the kind-and-number form reads back.
        guard (0...9999).contains(date.year) else { return make(kind, date.iso8601) }
        return ReminderID(storage: .dated(kind: place(of: kind), days: date.daysSinceEpoch))
    }

    /// The id of a reminder of `kind` about what started at `start` (a bout or a rest).
    package static func make(_ kind: ReminderKind, startedAt start: Instant) -> ReminderID {
        let milliseconds = start.millisecondsSinceEpoch
        // Before 1970 the text has a sign, which the numbered form does not keep.
        guard (0..<1_000_000_000_000_000_000).contains(milliseconds) else {
            return make(kind, String(milliseconds))
        }
        return ReminderID(storage: .numbered(kind: place(of: kind), milliseconds))
    }

    /// The id of a reminder of `kind` about `subject`, any text.
    package static func make(_ kind: ReminderKind, _ subject: String) -> ReminderID {
        ReminderID("\(kind.rawValue):\(subject)")
    }

    private static func place(of kind: ReminderKind) -> UInt8 {
        UInt8(names.firstIndex { $0.kind == kind }!)
    }

    /// The kind-and-number form of `utf8`, or `nil` when it has none (the text is then kept as it is).
    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Storage? {
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
            let place = names.firstIndex(where: { $0.utf8.count == colon && $0.utf8.elementsEqual(utf8[..<colon]) })
        else { return nil }
        let subject = UnsafeBufferPointer(rebasing: utf8[(colon + 1)...])
        if let days = date(subject) { return .dated(kind: UInt8(place), days: days) }
        if let number = number(subject) { return .numbered(kind: UInt8(place), number) }
        return nil
    }

    /// `YYYY-MM-DD` of a date that exists, as days since 1970-01-01: digits only, so the date writes back the same.
    private static func date(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            let year = digits(utf8, 0..<4), let month = digits(utf8, 5..<7), let day = digits(utf8, 8..<10),
            (1...12).contains(month), (1...CivilDate.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        return CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }

    /// A whole number of 1 to 18 digits with no leading zero (or `0`), so it writes back the same.
    private static func number(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard (1...18).contains(utf8.count), utf8.count == 1 || utf8[0] != UInt8(ascii: "0"),
            let value = digits(utf8, 0..<utf8.count)
        else { return nil }
        return Int64(value)
    }

    private static func digits(_ utf8: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for byte in utf8[range] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }
}

/// What a reminder is about. The raw values appear in reminder ids and in the journal.
package enum ReminderKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// The current bout reached its length: stop and rest.
    case boutLimit = "bout"
    /// 90 % of today's budget is used.
    case budget90
    /// Today's budget is used.
    case budget100
    /// Today is a flare day: the budget is lower and reminders come earlier.
    case flareNotice = "flare"
    /// The current rest has lasted its minimum.
    case restLongEnough = "rest"
    /// The morning check-in prompt.
    case morningCheckIn = "checkin-morning"
    /// The evening check-in prompt.
    case eveningCheckIn = "checkin-evening"
    /// Back at the desk after a long time away: what was it, or did the bout left running go on?
    case awayQuestion = "away"
}

/// What the person did with a reminder (from a notification's buttons, or the CLI).
package enum ReminderAction: String, Codable, Sendable, Equatable, CaseIterable {
    /// [Stop]: the activity was stopped.
    case stop
    /// [Snooze]: reminders are held for the snooze length, then this one comes back once.
    case snooze
    /// [Start rest]: the activity was stopped and a rest begun.
    case startRest
    /// Closed without acting. Never counted against the budget.
    case dismissed
}
