/// A point in time: whole milliseconds since 1970-01-01T00:00:00Z.
///
/// The core never reads a clock. Every function that depends on "now" takes an `Instant` parameter,
/// so policies are tested without sleeping and replayed from the log exactly.
///
/// Encodes as a bare JSON integer of milliseconds since the epoch (`1764072300000`): the event log stores
/// it for years, so the encoding is a plain number that no date library has to agree on.
package struct Instant: Hashable, Comparable, Sendable, Codable {
    /// Milliseconds since the Unix epoch, UTC.
    package var millisecondsSinceEpoch: Int64

    /// Creates an instant `milliseconds` after the Unix epoch.
    package init(millisecondsSinceEpoch milliseconds: Int64) {
        self.millisecondsSinceEpoch = milliseconds
    }

    /// Creates an instant `seconds` after the Unix epoch.
    package init(secondsSinceEpoch seconds: Int64) {
        self.millisecondsSinceEpoch = seconds * 1000
    }

    package init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }

    /// Whole seconds since the epoch, rounded towards the past.
    package var secondsSinceEpoch: Int64 { floorDivide(millisecondsSinceEpoch, 1000) }

    package static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The instant `seconds` later (earlier when negative).
    package func adding(seconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + seconds * 1000)
    }

    /// The instant `milliseconds` later (earlier when negative).
    package func adding(milliseconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Milliseconds from `earlier` to `self`; negative when `earlier` is later.
    package func milliseconds(since earlier: Instant) -> Int64 {
        millisecondsSinceEpoch - earlier.millisecondsSinceEpoch
    }

    /// Seconds from `earlier` to `self`; negative when `earlier` is later.
    package func seconds(since earlier: Instant) -> Int64 {
        floorDivide(millisecondsSinceEpoch - earlier.millisecondsSinceEpoch, 1000)
    }

    /// RFC 3339 in UTC with second precision, e.g. `2026-11-25T13:05:00Z`.
    package var rfc3339: String {
        let seconds = secondsSinceEpoch
        let date = CivilDate(daysSinceEpoch: floorDivide(seconds, 86_400))
        // Years 0 to 9999, every time there is, are written digit by digit: replies carry several of these.
        guard (0...9999).contains(date.year) else { return rfc3339ByParts }
        let secondsIntoDay = Int(floorModulo(seconds, 86_400))
        return String(unsafeUninitializedCapacity: 20) { text in
            text.writeDigits(date.year, width: 4, at: 0)
            text.writeDigits(date.month, width: 2, at: 5)
            text.writeDigits(date.day, width: 2, at: 8)
            text.writeDigits(secondsIntoDay / 3600, width: 2, at: 11)
            text.writeDigits(secondsIntoDay / 60 % 60, width: 2, at: 14)
            text.writeDigits(secondsIntoDay % 60, width: 2, at: 17)
            (text[4], text[7], text[10], text[13], text[16]) = (0x2D, 0x2D, UInt8(ascii: "T"), 0x3A, 0x3A)
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// ``rfc3339`` assembled from the date's and the time's own texts: the reference, and the way for other years.
    var rfc3339ByParts: String {
        let seconds = secondsSinceEpoch
        let date = CivilDate(daysSinceEpoch: floorDivide(seconds, 86_400))
        let time = ClockTime(secondsIntoDay: Int(floorModulo(seconds, 86_400)))
        return "\(date.iso8601ByParts)T\(time.hhmmss)Z"
    }
}

/// Division rounding towards negative infinity, so times before the epoch land in the right day.
package func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}

/// The non-negative remainder that goes with ``floorDivide(_:_:)``.
package func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
    a - floorDivide(a, b) * b
}

extension Instant {
    /// Parses an RFC 3339 timestamp: `2026-11-25T13:05:00Z`, `2026-11-25T14:05:00+01:00`, with optional
    /// fractional seconds (kept to the millisecond). Returns `nil` for anything else.
    package init?(rfc3339 text: some StringProtocol) {
        // The form Pace writes, `2026-11-25T13:05:00Z`, read byte by byte: every call with a time carries one.
        if let instant = Self.commonForm(text) {
            self = instant
            return
        }
        guard let instant = Self.parsedByParts(text) else { return nil }
        self = instant
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly (`t` and a space for `T`, `z` for `Z`, as the general reading allows), with
    /// the values the general reading accepts; `nil` for anything else, which the general reading then decides.
    static func commonForm(_ text: some StringProtocol) -> Instant? {
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes -> Instant? in
            guard bytes.count == 20 else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for index in from..<from + count {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"),
                bytes[16] == UInt8(ascii: ":"), [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(bytes[10]),
                bytes[19] == UInt8(ascii: "Z") || bytes[19] == UInt8(ascii: "z"),
                let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
            else { return nil }
            let date = CivilDate(year: year, month: month, day: day)
            // A day the month does not have (30 February) is refused, as CivilDate(iso8601:) refuses it.
            guard CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date else { return nil }
            let seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            return Instant(millisecondsSinceEpoch: seconds * 1000)
        }
        return parsed ?? nil
    }

    /// The general reading of RFC 3339: the reference for ``commonForm(_:)``, and the way for every other form.
    static func parsedByParts(_ text: some StringProtocol) -> Instant? {
        let text = Substring(text)
        guard let t = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }),
            let date = CivilDate(iso8601: text[..<t])
        else { return nil }
        var rest = text[text.index(after: t)...]
        // Offset: "Z" or ±HH:MM at the end.
        var offsetSeconds: Int64 = 0
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = rest[rest.index(after: sign)...].split(separator: ":")
            guard offset.count == 2, offset[0].count == 2, offset[1].count == 2,
                let hours = Int64(offset[0]), let minutes = Int64(offset[1]), hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
        } else {
            return nil
        }
        var milliseconds: Int64 = 0
        if let dot = rest.firstIndex(of: ".") {
            let fraction = rest[rest.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let digits = String(fraction.prefix(3)).zeroPadded(toLength: 3)
            milliseconds = Int64(digits) ?? 0
            rest = rest[..<dot]
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int64(clock[0]), let minute = Int64(clock[1]), let second = Int64(clock[2]),
            hour < 24, minute < 60, second < 61
        else { return nil }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Instant(millisecondsSinceEpoch: seconds * 1000 + milliseconds)
    }
}

extension String {
    fileprivate func zeroPadded(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: "0", count: length - count)
    }
}
