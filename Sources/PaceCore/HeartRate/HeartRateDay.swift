/// One pacing day's heart rate, summed from its minutes (`pace report`): how long the sensor read a heart rate, and
/// for how much of that it was above the threshold.
package struct HeartRateDay: Sendable, Equatable {
    /// The pacing day.
    package var date: CivilDate
    /// Minutes with at least one heart-rate reading.
    package var minutes = 0
    /// Of those, minutes most of whose readings were above the threshold then in force
    /// (``HeartRateMinute/isAbove``).
    package var minutesAbove = 0

    package init(date: CivilDate, minutes: Int = 0, minutesAbove: Int = 0) {
        self.date = date
        self.minutes = minutes
        self.minutesAbove = minutesAbove
    }

    /// Sums `minutes` (oldest first, as the stream gives them) by the pacing day each begins in.
    ///
    /// - Parameters:
    ///   - boundary: Where pacing days begin.
    ///   - utcOffsetSeconds: The local UTC offset at an instant; asked once a day, not once a minute.
    /// - Returns: A day for each pacing day with a minute that had a reading, oldest first.
    package static func summarise(
        _ minutes: some Sequence<HeartRateMinute>, boundary: DayBoundary, utcOffsetSeconds: (Instant) -> Int
    ) -> [HeartRateDay] {
        var days: [HeartRateDay] = []
        // The current day's bounds in seconds since 1970: a minute outside them looks its day up again.
        var dayStart = Int64.max
        var dayEnd = Int64.min
        for minute in minutes where minute.samples > 0 {
            let at = minute.minute * 60
            if at < dayStart || at >= dayEnd {
                let offset = utcOffsetSeconds(minute.start)
                let date = boundary.day(containing: minute.start, utcOffsetSeconds: offset)
                dayStart = boundary.start(of: date, utcOffsetSeconds: offset).secondsSinceEpoch
                dayEnd = boundary.start(of: date.adding(days: 1), utcOffsetSeconds: offset).secondsSinceEpoch
                if days.last?.date != date { days.append(HeartRateDay(date: date)) }
            }
            days[days.count - 1].minutes += 1
            if minute.isAbove { days[days.count - 1].minutesAbove += 1 }
        }
        return days
    }
}

extension HeartRateMinute {
    /// Whether most of the minute's readings were above the threshold then in force: a minute above the threshold
    /// in the report.
    package var isAbove: Bool { samples > 0 && samplesAbove * 2 > samples }
}
