/// Where one pacing day ends and the next begins.
///
/// A pacing day starts at a configurable local hour (default 04:00), because a body's day ends at sleep,
/// not at midnight: a walk at 00:30 still belongs to the evening before. The local time comes from the
/// UTC offset recorded with each event, so days stay right across DST changes (23- and 25-hour days)
/// and across a change of time zone.
package struct DayBoundary: Hashable, Sendable, Codable {
    /// The local hour (0–23) at which a pacing day begins.
    package var startHour: Int

    /// Creates a boundary at `startHour` o'clock local time.
    package init(startHour: Int = 4) {
        precondition((0...23).contains(startHour), "a pacing day starts at an hour from 0 to 23")
        self.startHour = startHour
    }

    /// The pacing day that `instant` falls in, seen from a place `utcOffsetSeconds` ahead of UTC.
    ///
    /// - Parameters:
    ///   - instant: The moment.
    ///   - utcOffsetSeconds: Local time minus UTC at that moment (for example 3600 for CET in winter).
    /// - Returns: The calendar date on which that pacing day began.
    package func day(containing instant: Instant, utcOffsetSeconds: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: dayNumber(containing: instant, utcOffsetSeconds: utcOffsetSeconds))
    }

    /// The pacing day containing `instant`, as days since 1970-01-01: ``day(containing:utcOffsetSeconds:)``
    /// without the calendar, for counting.
    package func dayNumber(containing instant: Instant, utcOffsetSeconds: Int) -> Int64 {
        floorDivide(instant.secondsSinceEpoch + Int64(utcOffsetSeconds) - Int64(startHour) * 3600, 86_400)
    }

    /// The instant at which pacing day `date` begins, for a place `utcOffsetSeconds` ahead of UTC.
    ///
    /// The inverse of ``day(containing:utcOffsetSeconds:)``: `day(containing: start(of: d, o), o) == d`.
    package func start(of date: CivilDate, utcOffsetSeconds: Int) -> Instant {
        Instant(secondsSinceEpoch: date.daysSinceEpoch * 86_400 + Int64(startHour) * 3600 - Int64(utcOffsetSeconds))
    }

    /// The local time of day at `instant`, seen from a place `utcOffsetSeconds` ahead of UTC.
    package func localTime(of instant: Instant, utcOffsetSeconds: Int) -> ClockTime {
        ClockTime(secondsIntoDay: Int(floorModulo(instant.secondsSinceEpoch + Int64(utcOffsetSeconds), 86_400)))
    }

    /// The next instant after `instant` (strictly later) at which the local clock shows `time`, assuming the
    /// offset stays `utcOffsetSeconds`.
    package func next(_ time: ClockTime, after instant: Instant, utcOffsetSeconds: Int) -> Instant {
        let local = instant.secondsSinceEpoch + Int64(utcOffsetSeconds)
        let midnight = floorDivide(local, 86_400) * 86_400
        var candidate = midnight + Int64(time.secondsIntoDay)
        if candidate <= local { candidate += 86_400 }
        return Instant(secondsSinceEpoch: candidate - Int64(utcOffsetSeconds))
    }
}
