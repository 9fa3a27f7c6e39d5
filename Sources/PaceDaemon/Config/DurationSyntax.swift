/// Durations as the config file writes them: whole numbers with units, largest first: `20m`, `90s`, `1h30m`,
/// `2d`, `500ms`.
///
/// Units: `d`, `h`, `m` (or `min`), `s`, `ms`. A bare number has no unit and is refused, because `20` could
/// mean seconds or minutes and a wrong guess would make reminders come 60 times too early or too late.
package enum DurationSyntax {
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Reads `text` as a duration.
    /// - Throws: ``ValueProblem`` saying what is wrong with `text`.
    package static func parse(_ text: String) throws(ValueProblem) -> Duration {
        var rest = Substring(text.filter { $0 != " " })
        var total: Int64 = 0
        var previousSize = Int64.max
        repeat {
            let digits = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(digits.count)
            let unitText = rest.prefix(while: \.isLetter)
            rest = rest.dropFirst(unitText.count)
            guard !digits.isEmpty, !unitText.isEmpty else {
                throw problem(text, hint: hint(digits: digits, unit: unitText, next: rest.first))
            }
            guard let unit = units.first(where: { $0.name == unitText }) else {
                throw problem(text, hint: "unknown unit \"\(unitText)\"; use d, h, m, s or ms")
            }
            guard unit.milliseconds < previousSize else {
                throw problem(text, hint: "write each unit once, largest first: 1h30m")
            }
            guard digits.count <= 9, let count = Int64(digits) else {
                throw problem(text, hint: "the number is too large")
            }
            previousSize = unit.milliseconds
            total += count * unit.milliseconds
        } while !rest.isEmpty
        return .milliseconds(total)
    }

    private static func problem(_ text: String, hint: String) -> ValueProblem {
        .expected("a duration", found: .string(text), hint: hint)
    }

    private static func hint(digits: Substring, unit: Substring, next: Character?) -> String {
        if next == "." { return "use whole numbers: 1h30m, not 1.5h" }
        if next == "-" && digits.isEmpty { return "a duration cannot be negative" }
        if unit.isEmpty && !digits.isEmpty { return "add a unit: \(digits)m for minutes, \(digits)s for seconds" }
        return "write it like 20m, 90s or 1h30m"
    }

    /// `duration` in the same syntax, largest units first: `1h30m`, `90s` reads back as `1m30s`, `0s`.
    package static func format(_ duration: Duration) -> String {
        var remaining = milliseconds(duration)
        guard remaining > 0 else { return "0s" }
        var text = ""
        for unit in units where unit.name != "min" {
            let count = remaining / unit.milliseconds
            if count > 0 {
                text += "\(count)\(unit.name)"
                remaining -= count * unit.milliseconds
            }
        }
        return text
    }

    /// Whole milliseconds in `duration`, rounded down.
    package static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
