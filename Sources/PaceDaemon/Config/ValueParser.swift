package import PaceCore

/// Turns one config value into a typed setting, or says in a clause what it expected.
///
/// One parser per kind of setting: whole numbers in a range, decimal numbers, durations with units, clock
/// times, clock time ranges, booleans, strings and a fixed set of words. A key in ``Configuration/keys``
/// names its parser; the parser's ``expectation`` is what messages and the documentation promise.
package struct ValueParser<Value>: Sendable {
    /// What the key accepts, in words: `a whole number from 0 to 23`.
    package let expectation: String
    private let body: @Sendable (ConfigurationValue) throws(ValueProblem) -> Value

    package init(
        expectation: String,
        _ body: @escaping @Sendable (ConfigurationValue) throws(ValueProblem) -> Value
    ) {
        self.expectation = expectation
        self.body = body
    }

    /// Reads `value`.
    /// - Throws: ``ValueProblem`` naming what was expected and what was found.
    package func parse(_ value: ConfigurationValue) throws(ValueProblem) -> Value {
        try body(value)
    }
}

extension ValueParser where Value == Int {
    /// A TOML integer in `range`.
    package static func integer(in range: ClosedRange<Int>) -> ValueParser {
        let expectation = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .integer(let number) = value, range.contains(number) else {
                throw .expected(expectation, found: value)
            }
            return number
        }
    }
}

extension ValueParser where Value == Double {
    /// A TOML integer or float in `range`, such as an activity's weight.
    package static func number(in range: ClosedRange<Double>) -> ValueParser {
        let expectation = "a number from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))"
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            let number: Double
            switch value {
            case .integer(let whole): number = Double(whole)
            case .float(let fraction): number = fraction
            default: throw .expected(expectation, found: value)
            }
            guard range.contains(number) else { throw .expected(expectation, found: value) }
            return number
        }
    }

    private static func text(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
    }
}

extension ValueParser where Value == Duration {
    /// A string such as `"20m"`, `"90s"` or `"1h30m"` in `range`, read the way `pace` reads durations
    /// (``DurationText/parseMilliseconds(_:)``: units required, largest first).
    package static func duration(in range: ClosedRange<Duration>) -> ValueParser {
        let lower = DurationText.compact(milliseconds: milliseconds(range.lowerBound))
        let upper = DurationText.compact(milliseconds: milliseconds(range.upperBound))
        let expectation = "a duration from \(lower) to \(upper)"
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            switch value {
            case .string(let text):
                let duration: Duration
                do throws(TextParseError) {
                    duration = .milliseconds(try DurationText.parseMilliseconds(text))
                } catch {
                    throw .expected("a duration", found: value, hint: error.hint)
                }
                guard range.contains(duration) else { throw .expected(expectation, found: value) }
                return duration
            case .integer(let number):
                throw .expected(expectation, found: value, hint: "write it as a string with a unit: \"\(number)m\"")
            default:
                throw .expected(expectation, found: value)
            }
        }
    }
}

/// Whole milliseconds in `duration`, rounded down.
private func milliseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
}

extension ValueParser where Value == ClockTime {
    /// A string `"HH:MM"` (24-hour), or a TOML local time on the minute (`22:00:00`).
    package static var clockTime: ValueParser {
        let expectation = "a time of day such as \"22:00\""
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            switch value {
            case .string(let text):
                guard let time = ClockTime(configText: text) else { throw .expected(expectation, found: value) }
                return time
            case .time(let hour, let minute, let second, let nanosecond) where second == 0 && nanosecond == 0:
                return ClockTime(hour: hour, minute: minute)
            default:
                throw .expected(expectation, found: value)
            }
        }
    }
}

extension ValueParser where Value == ClockTimeRange {
    /// A string `"HH:MM-HH:MM"`; it may cross midnight (`"22:00-08:00"`), start and end must differ.
    package static var clockTimeRange: ValueParser {
        let expectation = "a time range such as \"22:00-08:00\""
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .string(let text) = value else { throw .expected(expectation, found: value) }
            // People paste en dashes from documents; they mean the same.
            let ends = text.filter { $0 != " " }.split(omittingEmptySubsequences: false) {
                $0 == "-" || $0 == "\u{2013}"
            }
            guard ends.count == 2, let start = ClockTime(configText: ends[0]), let end = ClockTime(configText: ends[1])
            else { throw .expected(expectation, found: value) }
            guard start != end else {
                throw .expected(expectation, found: value, hint: "start and end are the same time")
            }
            return ClockTimeRange(start: start, end: end)
        }
    }
}

extension ValueParser where Value == Bool {
    /// `true` or `false` (TOML booleans, not strings).
    package static var boolean: ValueParser {
        ValueParser(expectation: "true or false") { value throws(ValueProblem) in
            guard case .boolean(let flag) = value else { throw .expected("true or false", found: value) }
            return flag
        }
    }
}

extension ValueParser where Value == String {
    /// A string of 1 to `maximumLength` characters, without control characters.
    package static func text(maximumLength: Int = 200) -> ValueParser {
        let expectation = "a string of 1 to \(maximumLength) characters"
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .string(let text) = value, !text.isEmpty, text.count <= maximumLength,
                !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw .expected(expectation, found: value) }
            return text
        }
    }
}

extension ValueParser where Value: CaseIterable & RawRepresentable<String> & Sendable {
    /// One of the words `Value`'s cases spell, such as `"light"`, `"moderate"` or `"vigorous"`.
    package static func oneOf(_ type: Value.Type) -> ValueParser {
        let words = Value.allCases.map { "\"\($0.rawValue)\"" }
        let expectation = "one of " + words.joined(separator: ", ")
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .string(let text) = value, let word = Value(rawValue: text) else {
                throw .expected(expectation, found: value)
            }
            return word
        }
    }
}

/// A span of the local clock from one time to another, which may cross midnight: `22:00-08:00`.
package struct ClockTimeRange: Hashable, Sendable {
    package var start: ClockTime
    package var end: ClockTime

    package init(start: ClockTime, end: ClockTime) {
        self.start = start
        self.end = end
    }
}

extension ClockTime {
    /// Reads `H:MM` or `HH:MM` (24-hour), as config files write times of day.
    init?(configText text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.init(hour: hour, minute: minute)
    }
}

extension Character {
    /// `0` to `9` only (not other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension ValueParser {
    /// `parser`'s values, or the string `"off"` for none (quiet hours, a check-in prompt).
    package static func orOff<Wrapped>(_ parser: ValueParser<Wrapped>) -> ValueParser<Wrapped?>
    where Value == Wrapped? {
        orWord("off", parser)
    }

    /// `parser`'s values, or the string `word` for none (`threshold = "estimate"`: none set, so estimated).
    package static func orWord<Wrapped>(_ word: String, _ parser: ValueParser<Wrapped>) -> ValueParser<Wrapped?>
    where Value == Wrapped? {
        let expectation = parser.expectation + ", or \"\(word)\""
        return ValueParser<Wrapped?>(expectation: expectation) { value throws(ValueProblem) in
            if case .string(word) = value { return nil }
            do {
                return try parser.parse(value)
            } catch {
                throw .expected(expectation, found: value)
            }
        }
    }
}

extension ValueParser where Value == ActivityKind {
    /// A table that defines an activity kind: `met = 3.5`, or `points_per_minute = 1.2` (or a table of
    /// `light`, `moderate` and `vigorous`), with an optional `label` and `aliases`. The name is the table's.
    package static var activityKind: ValueParser {
        let expectation = "a table with met = NUMBER or points_per_minute = NUMBER, and optionally label and aliases"
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .table(let fields) = value else { throw .expected(expectation, found: value) }
            for key in fields.keys where !["met", "points_per_minute", "label", "aliases"].contains(key) {
                throw ValueProblem("unknown key \(key); a kind has met or points_per_minute, label and aliases")
            }
            var label: String?
            if let text = fields["label"] { label = try ValueParser<String>.text(maximumLength: 64).parse(text) }
            var aliases: [String] = []
            if let list = fields["aliases"] {
                guard case .array(let items) = list else {
                    throw .expected("aliases as a list of names such as [\"pots\", \"clay\"]", found: list)
                }
                guard items.count <= ConfigurationLimits.maximumAliases else {
                    throw ValueProblem(
                        "\(items.count) aliases; a kind has at most \(ConfigurationLimits.maximumAliases)")
                }
                for item in items { aliases.append(try ValueParser<String>.text(maximumLength: 64).parse(item)) }
            }
            switch (fields["met"], fields["points_per_minute"]) {
            case (let met?, nil):
                let value = try ValueParser<Double>.number(in: 1...20).parse(met)
                return ActivityKind(name: "", label: label, aliases: aliases, met: value)
            case (nil, let rate?):
                let number = ValueParser<Double>.number(in: 0...20)
                if case .table(let rates) = rate {
                    guard let light = rates["light"], let moderate = rates["moderate"],
                        let vigorous = rates["vigorous"],
                        rates.count == 3
                    else {
                        throw .expected("points_per_minute = { light = …, moderate = …, vigorous = … }", found: rate)
                    }
                    let rates = ActivityKind.RatesByIntensity(
                        light: try number.parse(light), moderate: try number.parse(moderate),
                        vigorous: try number.parse(vigorous))
                    return ActivityKind(name: "", label: label, aliases: aliases, pointsPerMinute: rates)
                }
                let each = try number.parse(rate)
                let rates = ActivityKind.RatesByIntensity(light: each * 0.8, moderate: each, vigorous: each * 1.25)
                return ActivityKind(name: "", label: label, aliases: aliases, pointsPerMinute: rates)
            case (nil, nil):
                throw ValueProblem("a kind needs met = NUMBER or points_per_minute = NUMBER")
            case (.some, .some):
                throw ValueProblem("give either met or points_per_minute, not both")
            }
        }
    }
}

extension ValueParser where Value == HeartRateSettings.Device? {
    /// `"off"`, `"auto"` (the first connected device offering the Heart Rate Service) or a Bluetooth address
    /// `"AA:BB:CC:DD:EE:FF"`.
    package static var heartRateDevice: ValueParser {
        let expectation = "a Bluetooth address such as \"A0:9E:1A:12:34:56\", \"auto\" or \"off\""
        return ValueParser(expectation: expectation) { value throws(ValueProblem) in
            guard case .string(let text) = value else { throw .expected(expectation, found: value) }
            if text == "off" { return nil }
            guard let device = HeartRateSettings.Device(configText: text) else {
                throw .expected(expectation, found: value)
            }
            return device
        }
    }
}
