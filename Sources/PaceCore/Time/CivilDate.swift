/// A calendar date in the proleptic Gregorian calendar, with no time zone: what a person calls "a day".
///
/// Encodes as the JSON string `"YYYY-MM-DD"`.
package struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int
    /// Days from 1970-01-01 to this date, kept beside the calendar numbers: the record counts days far more often
    /// than it names them.
    package let daysSinceEpoch: Int64

    /// Creates the date `year`-`month`-`day`; the caller passes a valid date.
    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
        daysSinceEpoch = Self.days(year: year, month: month, day: day)
    }

    /// The date `days` after 1970-01-01 (before it when negative).
    ///
    /// Howard Hinnant's `civil_from_days`, exact for every day in the range of `Int64`.
    package init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        self.month = Int(month)
        self.day = Int(day)
        daysSinceEpoch = days
    }

    /// How many days `month` (1 to 12) of `year` has.
    package static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to `year`-`month`-`day` (Hinnant's `days_from_civil`).
    private static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else, including dates that do not exist.
    package init?(iso8601 text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let candidate = CivilDate(year: year, month: month, day: day)
        guard CivilDate(daysSinceEpoch: candidate.daysSinceEpoch) == candidate else { return nil }
        self = candidate
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    /// Whole days from `earlier` to `self`; negative when `earlier` is later.
    package func days(since earlier: CivilDate) -> Int {
        Int(daysSinceEpoch - earlier.daysSinceEpoch)
    }

    /// The day `count` days later (earlier when negative).
    package func adding(days count: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(count))
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (ISO 8601 order).
    package var weekday: Int {
        Int(floorModulo(daysSinceEpoch + 3, 7))
    }

    /// `YYYY-MM-DD`.
    package var iso8601: String {
        // Years 0 to 9999 digit by digit: a status names its day several times (reminder ids carry it).
        guard (0...9999).contains(year) else { return iso8601ByParts }
        return String(unsafeUninitializedCapacity: 10) { text in
            text.writeDigits(year, width: 4, at: 0)
            text.writeDigits(month, width: 2, at: 5)
            text.writeDigits(day, width: 2, at: 8)
            (text[4], text[7]) = (UInt8(ascii: "-"), UInt8(ascii: "-"))
            return 10
        }
    }

    /// ``iso8601`` assembled from the numbers' own texts: the reference, and the way for other years.
    var iso8601ByParts: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    package var description: String { iso8601 }

    package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }
}

/// A time of day on a 24-hour clock.
///
/// Encodes as the JSON string `"HH:MM"` (or `"HH:MM:SS"` when the seconds are not zero).
package struct ClockTime: Hashable, Comparable, Sendable, Codable {
    package var hour: Int
    package var minute: Int
    package var second: Int

    /// Creates `hour`:`minute`:`second`; the caller passes a valid time.
    package init(hour: Int, minute: Int = 0, second: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `HH:MM` or `HH:MM:SS`; returns `nil` for anything else.
    package init?(text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        var second = 0
        if parts.count == 3 {
            guard let value = Int(parts[2]), (0...59).contains(value) else { return nil }
            second = value
        }
        self.init(hour: hour, minute: minute, second: second)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = ClockTime(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an HH:MM time: \(text)")
        }
        self = time
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(second == 0 ? hhmm : hhmmss)
    }

    /// Seconds after midnight.
    package var secondsIntoDay: Int { hour * 3600 + minute * 60 + second }

    package static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.secondsIntoDay < rhs.secondsIntoDay }

    /// The time `seconds` after midnight; `seconds` is in `0..<86_400`.
    package init(secondsIntoDay seconds: Int) {
        hour = seconds / 3600
        minute = seconds / 60 % 60
        second = seconds % 60
    }

    /// `HH:MM`.
    package var hhmm: String { "\(pad(hour, 2)):\(pad(minute, 2))" }

    /// `HH:MM:SS`.
    package var hhmmss: String { "\(hhmm):\(pad(second, 2))" }
}

/// Zero-pads a non-negative number to `width` digits.
extension UnsafeMutableBufferPointer<UInt8> {
    /// Writes the `width` last decimal digits of the non-negative `value` from `offset` on, zero-padded.
    func writeDigits(_ value: Int, width: Int, at offset: Int) {
        var rest = value
        for index in (offset..<offset + width).reversed() {
            self[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
