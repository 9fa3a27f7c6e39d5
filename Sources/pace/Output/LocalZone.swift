import PaceCore

/// Local time minus UTC at any instant: what renderers need to show a time the way the person's clock shows it.
///
/// Renderers take a zone instead of asking the system, so tests pin it (``fixed(_:)``) the way they pin `now`.
struct LocalZone: Sendable {
    /// Local time minus UTC, in seconds, at `instant`.
    let offsetAt: @Sendable (Instant) -> Int

    init(offsetAt: @escaping @Sendable (Instant) -> Int) {
        self.offsetAt = offsetAt
    }

    /// A zone with the same offset all year.
    static func fixed(_ seconds: Int) -> LocalZone {
        LocalZone { _ in seconds }
    }

    /// The local calendar date of `instant`.
    func date(of instant: Instant) -> CivilDate {
        CivilDate(daysSinceEpoch: floorDivide(instant.secondsSinceEpoch + Int64(offsetAt(instant)), 86_400))
    }

    /// Seconds since local midnight at `instant`.
    func secondsIntoDay(of instant: Instant) -> Int {
        Int(floorModulo(instant.secondsSinceEpoch + Int64(offsetAt(instant)), 86_400))
    }

    /// The local hour (0–23) at `instant`.
    func hour(of instant: Instant) -> Int {
        secondsIntoDay(of: instant) / 3600
    }

    /// Reads a typed time with ``TimeText``, using the offset in force at the result (so `yesterday 18:00`
    /// is right across a DST change).
    ///
    /// - Throws: `TextParseError`.
    func parse(_ text: String, now: Instant, prefer: TimeText.Preference) throws(TextParseError) -> Instant {
        let offsetNow = offsetAt(now)
        let first = try TimeText.parse(text, now: now, utcOffsetSeconds: offsetNow, prefer: prefer)
        let offsetThen = offsetAt(first)
        guard offsetThen != offsetNow else { return first }
        return try TimeText.parse(text, now: now, utcOffsetSeconds: offsetThen, prefer: prefer)
    }
}

extension LocalZone {
    /// The instant at which the local clock shows `secondsIntoDay` on `date` (the later reading when a DST
    /// change repeats it, the time just after the gap when one skips it).
    func instant(on date: CivilDate, secondsIntoDay: Int) -> Instant {
        let localSeconds = date.daysSinceEpoch * 86_400 + Int64(secondsIntoDay)
        let guess = Instant(secondsSinceEpoch: localSeconds - Int64(offsetAt(Instant(secondsSinceEpoch: localSeconds))))
        return Instant(secondsSinceEpoch: localSeconds - Int64(offsetAt(guess)))
    }
}
