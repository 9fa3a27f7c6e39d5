/// Points in time and dates as people type them: `09:30`, `yesterday 18:00`, `20m ago`, `in 2h`,
/// `2026-11-25 09:30`, RFC 3339 / ISO 8601 (`2026-11-25T09:30:00+01:00`).
///
/// Everything is read relative to a `now` and a UTC offset the caller passes in: the core never reads a clock.
/// Local forms use that one offset; a caller near a DST change reads again with the offset in force at the
/// result (see ``parse(_:now:utcOffsetSeconds:prefer:)``).
package enum TimeText {
    /// Which occurrence a clock time without a date means.
    package enum Preference: Sendable {
        /// The latest one not after now (`pace stop --at 09:30`: this morning, or yesterday if it is 08:00).
        case past
        /// The first one after now (`pace flare --until 18:00`: today, or tomorrow if it is 19:00).
        case future
    }

    private static let generalHint = "write it like 09:30, 10am, yesterday 3pm, 20m ago or 2026-11-25T09:30"

    /// Reads a point in time.
    ///
    /// Accepted: `now`; a clock time (`09:30`, `9:30`, `21:05:30`, `9am`, `9:30 pm`) on the day ``Preference``
    /// picks; `today`, `yesterday` or `tomorrow` and a clock time (`yesterday 3pm`, `yesterday at 15:00`); a
    /// relative time (`20m ago`, `-20m`, `in 2h`, `+2h`, durations as ``DurationText/parseMilliseconds(_:)`` reads
    /// them); a local date and time (`2026-11-25 09:30`, `2026-11-25T09:30`); and an absolute one with `Z` or an
    /// offset (`2026-11-25T09:30:00Z`, `2026-11-25T09:30+01:00`), which ignores `utcOffsetSeconds`. A bare hour
    /// (`9`) and a length (`20m`) are refused with a hint: am or pm, ago or in.
    ///
    /// - Parameters:
    ///   - text: The time as typed.
    ///   - now: The moment relative forms are read from.
    ///   - utcOffsetSeconds: Local time minus UTC, for the local forms.
    ///   - prefer: Which day a bare clock time means.
    /// - Returns: The instant, to the second.
    /// - Throws: ``TextParseError`` (code `.time`) whose hint says what to type instead.
    package static func parse(
        _ text: some StringProtocol,
        now: Instant,
        utcOffsetSeconds: Int,
        prefer: Preference = .past
    ) throws(TextParseError) -> Instant {
        let original = String(text)
        let words = original.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first else { throw problem(original, generalHint) }
        let offset = Int64(utcOffsetSeconds)
        let today = CivilDate(daysSinceEpoch: floorDivide(now.secondsSinceEpoch + offset, 86_400))
        func local(_ date: CivilDate, _ secondsIntoDay: Int64) -> Instant {
            Instant(secondsSinceEpoch: date.daysSinceEpoch * 86_400 + secondsIntoDay - offset)
        }

        if words == ["now"] { return Instant(secondsSinceEpoch: now.secondsSinceEpoch) }

        // Relative: "20m ago", "-20m", "in 2h", "+2h".
        if words.count >= 2 && words.last == "ago" {
            return now.adding(seconds: -(try relativeSeconds(words.dropLast().joined(separator: " "), original)))
        }
        if first == "in" && words.count >= 2 {
            return now.adding(seconds: try relativeSeconds(words.dropFirst().joined(separator: " "), original))
        }
        if first.hasPrefix("-") || first.hasPrefix("+") {
            let seconds = try relativeSeconds(String(words.joined(separator: " ").dropFirst()), original)
            return now.adding(seconds: first.hasPrefix("-") ? -seconds : seconds)
        }

        // A day word and a clock time.
        let dayWords = ["yesterday": -1, "today": 0, "tomorrow": 1]
        if let shift = dayWords[String(first)] {
            let time = words.dropFirst().drop(while: { $0 == "at" })
            guard !time.isEmpty else { throw problem(original, "add a time: \(first) 18:00") }
            let clock = try clockSeconds(time.joined(), original)
            return local(today.adding(days: shift), clock)
        }

        // A date, then a time, joined by "T" or a space.
        if first.count >= 10, let date = CivilDate(iso8601: first.prefix(10)) {
            var timePart = Substring(first.dropFirst(10))
            if timePart.first == "t" {
                timePart = timePart.dropFirst()
            } else if !timePart.isEmpty {
                throw problem(original, generalHint)
            }
            if timePart.isEmpty {
                guard words.count >= 2 else { throw problem(original, "add a time: \(first) 09:30") }
                timePart = Substring(words.dropFirst().joined())
            } else if words.count > 1 {
                timePart += words.dropFirst().joined()
            }
            let (clockText, offsetSeconds) = try splitOffset(timePart, original)
            let clock = try clockSeconds(clockText, original)
            guard let offsetSeconds else { return local(date, clock) }
            return Instant(secondsSinceEpoch: date.daysSinceEpoch * 86_400 + clock - offsetSeconds)
        }

        // A clock time alone; a length alone is a relative time without its direction.
        if (try? clockSeconds(words.joined(), original)) == nil,
            (try? DurationText.parseMilliseconds(original)) ?? 0 > 0
        {
            throw problem(original, "a length is not a time: write \(original) ago, or in \(original)")
        }
        let clock = try clockSeconds(words.joined(), original)
        let candidate = local(today, clock)
        switch prefer {
        case .past: return candidate > now ? local(today.adding(days: -1), clock) : candidate
        case .future: return candidate <= now ? local(today.adding(days: 1), clock) : candidate
        }
    }

    /// Reads a date: `2026-11-25`, `today`, `yesterday`, `tomorrow`, or days back (`3d ago`, `-3d`,
    /// `3 days ago`).
    ///
    /// - Parameters:
    ///   - text: The date as typed.
    ///   - today: The date `today` means (for Pace, usually the current pacing day).
    /// - Throws: ``TextParseError`` (code `.date`) whose hint says what to type instead.
    package static func parseDate(_ text: some StringProtocol, today: CivilDate) throws(TextParseError) -> CivilDate {
        let original = String(text)
        let hint = "write it like 2026-11-25, today, yesterday or 7d ago"
        let words = original.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty else { throw TextParseError(.date, text: original, hint: hint) }
        if words.count == 1, let date = CivilDate(iso8601: words[0]) { return date }
        if words.count == 1, let shift = ["yesterday": -1, "today": 0, "tomorrow": 1][String(words[0])] {
            return today.adding(days: shift)
        }
        var amount: Substring?
        if words.count >= 2 && words.last == "ago" {
            amount = Substring(words.dropLast().joined())
        } else if words.count == 1 && words[0].hasPrefix("-") {
            amount = words[0].dropFirst()
        }
        if let amount {
            let milliseconds: Int64
            do {
                milliseconds = try DurationText.parseMilliseconds(amount)
            } catch {
                throw TextParseError(.date, text: original, hint: hint)
            }
            guard milliseconds % 86_400_000 == 0 else {
                throw TextParseError(.date, text: original, hint: "count whole days: 7d ago")
            }
            return today.adding(days: -Int(milliseconds / 86_400_000))
        }
        if words.count == 1, words[0].count == 10, words[0].split(separator: "-").count == 3 {
            throw TextParseError(.date, text: original, hint: "no such day; write it as YYYY-MM-DD")
        }
        throw TextParseError(.date, text: original, hint: hint)
    }

    private static func relativeSeconds(_ amount: String, _ original: String) throws(TextParseError) -> Int64 {
        do {
            return try DurationText.parseSeconds(amount)
        } catch {
            throw problem(original, "write a relative time like 20m ago or in 2h (\(error.hint))")
        }
    }

    /// Splits `09:30:00+01:00` into the clock part and the offset in seconds (`Z` is 0, none is `nil`).
    private static func splitOffset(
        _ text: Substring,
        _ original: String
    ) throws(TextParseError) -> (clock: Substring, offset: Int64?) {
        if text.hasSuffix("z") { return (text.dropLast(), 0) }
        guard let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return (text, nil) }
        let digits = text[text.index(after: sign)...].filter { $0 != ":" }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy(\.isASCIIDigit),
            let hours = Int64(digits.prefix(2)),
            let minutes = Int64(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
            hours < 24, minutes < 60
        else { throw problem(original, "write the offset like +01:00, or Z for UTC") }
        let seconds = hours * 3600 + minutes * 60
        return (text[..<sign], text[sign] == "-" ? -seconds : seconds)
    }

    /// Seconds after midnight of `09:30`, `9:30`, `21:05:30`, `9am`, `9:30pm`, `21:05:30.250` (fraction dropped).
    private static func clockSeconds(_ text: some StringProtocol, _ original: String) throws(TextParseError) -> Int64 {
        var body = Substring(text)
        var meridiem: Int64?
        if body.hasSuffix("am") || body.hasSuffix("pm") {
            meridiem = body.hasSuffix("pm") ? 12 : 0
            body = body.dropLast(2)
        }
        if let dot = body.firstIndex(of: ".") { body = body[..<dot] }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            parts[0].count <= 2, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            var hour = Int64(parts[0])
        else { throw problem(original, generalHint) }
        guard parts.count > 1 || meridiem != nil else {
            guard (1...12).contains(hour) else {
                throw problem(original, hour < 24 ? "add the minutes: \(parts[0]):00" : "hours go from 00 to 23")
            }
            let (morning, evening) = (pad(Int(hour % 12), 2), hour % 12 + 12)
            throw problem(original, "say which: \(hour)am or \(hour)pm (\(morning):00 or \(evening):00)")
        }
        let minute = parts.count > 1 ? Int64(parts[1]) ?? 0 : 0
        let second = parts.count > 2 ? Int64(parts[2]) ?? 0 : 0
        if let meridiem {
            guard (1...12).contains(hour) else { throw problem(original, "with am or pm, hours go from 1 to 12") }
            hour = hour % 12 + meridiem
        }
        guard hour < 24 else { throw problem(original, "hours go from 00 to 23") }
        guard minute < 60, second < 60 else { throw problem(original, "minutes and seconds go from 00 to 59") }
        return hour * 3600 + minute * 60 + second
    }

    private static func problem(_ text: String, _ hint: String) -> TextParseError {
        TextParseError(.time, text: text, hint: hint)
    }
}
