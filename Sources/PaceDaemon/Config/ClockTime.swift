/// A time of day on the local clock, to the minute: `22:00`, `7:30`.
package struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since local midnight, 0 ..< 1440.
    package var minutesSinceMidnight: Int

    /// - Precondition: `hour` is 0–23 and `minute` 0–59.
    package init(hour: Int, minute: Int) {
        precondition((0...23).contains(hour) && (0...59).contains(minute), "a clock time is 00:00 to 23:59")
        minutesSinceMidnight = hour * 60 + minute
    }

    package var hour: Int { minutesSinceMidnight / 60 }
    package var minute: Int { minutesSinceMidnight % 60 }

    /// `HH:MM`, 24-hour.
    package var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    package static func < (lhs: ClockTime, rhs: ClockTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    /// Reads `H:MM` or `HH:MM` (24-hour).
    /// - Returns: `nil` when `text` is not such a time.
    package init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.init(hour: hour, minute: minute)
    }
}

/// A span of the local clock from one time to another, which may cross midnight: `22:00-08:00`.
package struct ClockTimeRange: Hashable, Sendable, CustomStringConvertible {
    package var start: ClockTime
    package var end: ClockTime

    /// - Precondition: `start != end` (an empty range, or a whole day, is said some other way).
    package init(start: ClockTime, end: ClockTime) {
        precondition(start != end, "a clock time range has different start and end")
        self.start = start
        self.end = end
    }

    /// Whether the range goes past midnight (`22:00-08:00`).
    package var crossesMidnight: Bool { end < start }

    /// Whether `time` falls in the range; the start belongs to it, the end does not.
    package func contains(_ time: ClockTime) -> Bool {
        crossesMidnight ? (time >= start || time < end) : (time >= start && time < end)
    }

    /// `HH:MM-HH:MM`.
    package var description: String { "\(start)-\(end)" }
}

extension Character {
    /// `0` to `9`, and nothing else that Unicode calls a digit.
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
