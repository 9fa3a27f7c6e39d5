/// Durations as text: the short words people read at a glance (`12 min`, `1 h 05 min`), and the forms people
/// and configuration files type (`20m`, `1h30m`, `90s`, `1.5h`, `PT20M`).
package enum DurationText {
    /// Describes a non-negative number of seconds; negative values read as zero.
    package static func describe(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60:
            return "\(seconds) s"
        case ..<3600:
            return "\(seconds / 60) min"
        case ..<86_400:
            let minutes = seconds / 60 % 60
            return minutes == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(pad(Int(minutes), 2)) min"
        default:
            let hours = seconds / 3600 % 24
            return hours == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(hours) h"
        }
    }

    /// A unit of the typed syntax, largest first.
    private struct Unit {
        var milliseconds: Int64
        var names: [String]
    }

    private static let units = [
        Unit(milliseconds: 86_400_000, names: ["d", "day", "days"]),
        Unit(milliseconds: 3_600_000, names: ["h", "hr", "hrs", "hour", "hours"]),
        Unit(milliseconds: 60_000, names: ["m", "min", "mins", "minute", "minutes"]),
        Unit(milliseconds: 1000, names: ["s", "sec", "secs", "second", "seconds"]),
        Unit(milliseconds: 1, names: ["ms"]),
    ]

    /// Whether `word` names a unit of the typed syntax (`m`, `min`, `hours`), ignoring case.
    package static func isUnit(_ word: some StringProtocol) -> Bool {
        let lowered = word.lowercased()
        return units.contains { $0.names.contains(lowered) }
    }

    /// Reads a duration as people and configuration files type it.
    ///
    /// Accepted: numbers with units, largest first, each unit once, spaces allowed (`20m`, `20 min`, `1h30m`,
    /// `1h 30m`, `90 minutes`, `2 hours`, `90s`, `2d`, `500ms`); after whole hours or minutes, a last number up to
    /// 59 without its unit, as on a clock (`1h30` is 1h30m, `2m05` is 2m5s); a decimal fraction (`1.5h`, kept to
    /// the millisecond); ISO 8601 durations (`PT20M`, `PT1H30M`, `P1D`); and a bare `0`. Units: `d`, `h`,
    /// `m`/`min`, `s`, `ms` and their spelled-out forms. A bare number other than 0 is refused: `20` could mean
    /// seconds or minutes, and a wrong guess makes a reminder come 60 times too early or too late.
    ///
    /// - Parameter text: The duration as typed.
    /// - Returns: Whole milliseconds.
    /// - Throws: ``TextParseError`` (code `.duration`) whose hint says what to type instead.
    package static func parseMilliseconds(_ text: some StringProtocol) throws(TextParseError) -> Int64 {
        let original = String(text)
        let trimmed = Substring(original).trimmingSpaces
        guard !trimmed.isEmpty else { throw problem(original, "write a duration like 20m, 90s or 1h30m") }
        if trimmed == "0" { return 0 }
        if let first = trimmed.first, first == "P" || first == "p" {
            return try parseISO8601(original, trimmed.dropFirst())
        }
        if trimmed.first == "-" { throw problem(original, "a duration cannot be negative") }
        var rest = trimmed
        var total: Int64 = 0
        var previousSize = Int64.max
        var previousWasWhole = false
        while !rest.isEmpty {
            let number = try readNumber(&rest, original)
            rest = rest.trimmingLeadingSpaces
            let name = rest.prefix(while: { $0.isLetter })
            rest = rest.dropFirst(name.count).trimmingLeadingSpaces
            guard !name.isEmpty else {
                if rest.isEmpty && !number.text.contains(".") && total == 0 {
                    throw problem(original, "add a unit: \(number.text)m for minutes, \(number.text)s for seconds")
                }
                // `1h30`, `2m05`: the unit after whole hours or minutes goes without saying, as on a clock.
                guard rest.isEmpty, previousSize == 3_600_000 || previousSize == 60_000, previousWasWhole,
                    number.text.allSatisfy(\.isASCIIDigit), number.whole < 60
                else { throw problem(original, "write it like 20m, 90s or 1h30m") }
                total += number.whole * previousSize / 60
                break
            }
            guard let unit = units.first(where: { $0.names.contains(name.lowercased()) }) else {
                throw problem(original, "unknown unit \"\(name)\"; use d, h, m, s or ms")
            }
            guard unit.milliseconds < previousSize else {
                throw problem(original, "write each unit once, largest first: 1h30m")
            }
            previousSize = unit.milliseconds
            previousWasWhole = number.text.allSatisfy(\.isASCIIDigit)
            total += number.milliseconds(per: unit.milliseconds)
        }
        return total
    }

    /// Reads a duration (see ``parseMilliseconds(_:)``) and rounds it to whole seconds.
    ///
    /// - Throws: ``TextParseError`` (code `.duration`).
    package static func parseSeconds(_ text: some StringProtocol) throws(TextParseError) -> Int64 {
        let milliseconds = try parseMilliseconds(text)
        return (milliseconds + 500) / 1000
    }

    /// `milliseconds` in the typed syntax, largest units first: `1h30m`, `20m`, `1m30s`, `500ms`, `0s`.
    ///
    /// ``parseMilliseconds(_:)`` reads the result back to the same value.
    package static func compact(milliseconds: Int64) -> String {
        var remaining = max(0, milliseconds)
        guard remaining > 0 else { return "0s" }
        var text = ""
        for unit in units {
            let count = remaining / unit.milliseconds
            if count > 0 {
                text += "\(count)\(unit.names[0])"
                remaining -= count * unit.milliseconds
            }
        }
        return text
    }

    /// `seconds` in the typed syntax (see ``compact(milliseconds:)``).
    package static func compact(seconds: Int64) -> String {
        compact(milliseconds: seconds * 1000)
    }

    /// A number as typed: whole part and up to three fractional digits.
    private struct TypedNumber {
        var text: Substring
        var whole: Int64
        /// Thousandths.
        var fraction: Int64

        func milliseconds(per unit: Int64) -> Int64 {
            whole * unit + fraction * unit / 1000
        }
    }

    private static func readNumber(_ rest: inout Substring, _ original: String) throws(TextParseError) -> TypedNumber {
        let start = rest
        let wholeDigits = rest.prefix(while: \.isASCIIDigit)
        rest = rest.dropFirst(wholeDigits.count)
        var fractionDigits: Substring = ""
        if rest.first == "." || rest.first == "," {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(fractionDigits.count)
            guard !fractionDigits.isEmpty else { throw problem(original, "write it like 1.5h or 1h30m") }
        }
        guard !wholeDigits.isEmpty || !fractionDigits.isEmpty else {
            throw problem(original, "write it like 20m, 90s or 1h30m")
        }
        guard wholeDigits.count <= 9 else { throw problem(original, "the number is too large") }
        let thousandths = String((String(fractionDigits) + "000").prefix(3))
        return TypedNumber(
            text: start[..<rest.startIndex],
            whole: Int64(wholeDigits) ?? 0,
            fraction: Int64(thousandths) ?? 0
        )
    }

    /// `P[nD][T[nH][nM][nS]]`, the part after the `P`.
    private static func parseISO8601(_ original: String, _ body: Substring) throws(TextParseError) -> Int64 {
        let hint = "write an ISO 8601 duration like PT20M or PT1H30M, or simply 20m"
        var rest = body
        var inTime = false
        var total: Int64 = 0
        var previousSize = Int64.max
        var sawComponent = false
        while !rest.isEmpty {
            if rest.first == "T" || rest.first == "t" {
                guard !inTime else { throw problem(original, hint) }
                inTime = true
                rest = rest.dropFirst()
                continue
            }
            let number = try readNumber(&rest, original)
            guard let designator = rest.first?.uppercased() else { throw problem(original, hint) }
            rest = rest.dropFirst()
            let size: Int64
            switch (designator, inTime) {
            case ("W", false): size = 7 * 86_400_000
            case ("D", false): size = 86_400_000
            case ("H", true): size = 3_600_000
            case ("M", true): size = 60_000
            case ("S", true): size = 1000
            default: throw problem(original, hint)
            }
            guard size < previousSize else { throw problem(original, hint) }
            previousSize = size
            total += number.milliseconds(per: size)
            sawComponent = true
        }
        guard sawComponent else { throw problem(original, hint) }
        return total
    }

    private static func problem(_ text: String, _ hint: String) -> TextParseError {
        TextParseError(.duration, text: text, hint: hint)
    }
}
