extension PaceState {
    /// Why a state that was not made here by applying events (a snapshot) cannot be trusted.
    package struct Insanity: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, in words.
        package var description: String

        package init(_ description: String) {
            self.description = description
        }
    }

    /// The largest magnitude any number in a state may have: far beyond anything a fold of events in
    /// ``EventRanges`` makes (a day's load is a few hundred points), far below where a conversion to `Int` traps.
    /// A snapshot's reader refuses every number beyond it, and every number that is not finite.
    package static let largestMagnitude = 1e12

    /// Checks what applying events keeps true, for a state read from outside (a snapshot whose checksums match can
    /// still hold what no replay makes): every day from the first to the current one, consecutive and in range,
    /// all but the current one judged; the running bout and rest, the bad-day answer and every check-in in the
    /// ranges of ``EventRanges``.
    ///
    /// Linear in the days and allocation-free unless it throws. That every number is finite and at most
    /// ``largestMagnitude`` is the reader's part (it sees every number, the private ones of the envelope too).
    /// - Throws: ``Insanity`` saying what is wrong; the daemon then replays the log instead.
    package func checkSanity() throws(Insanity) {
        guard let first = days.first?.date else {
            guard lastEventAt == nil, closedCount == 0, checkpoints.isEmpty, activity == nil, rest == nil else {
                throw Insanity("the state has no days but records events")
            }
            return
        }
        guard let lastEventAt, EventRanges.instants.contains(lastEventAt) else {
            throw Insanity("the state has days but no valid time of its last event")
        }
        guard EventRanges.days.contains(first.daysSinceEpoch),
            EventRanges.days.contains(first.daysSinceEpoch + Int64(days.count - 1))
        else { throw Insanity("the state's days run outside \(EventRanges.days) days since 1970") }
        guard closedCount == days.count - 1 else {
            throw Insanity("the state has judged \(closedCount) of \(days.count) days (all but the current one)")
        }
        guard EventRanges.utcOffsetSeconds.contains(lastUtcOffsetSeconds) else {
            throw Insanity("the state's UTC offset \(lastUtcOffsetSeconds) is out of range")
        }
        let firstDay = first.daysSinceEpoch
        var index: Int64 = 0
        try days.forEachChunk { (chunk) throws(Insanity) in
            for position in chunk.indices {
                let date = chunk[position].date
                guard date.daysSinceEpoch == firstDay + index else {
                    throw Insanity("the state's days are not consecutive at \(date)")
                }
                index += 1
                guard chunk[position].load >= 0, chunk[position].activeSeconds >= 0, chunk[position].activityCount >= 0
                else { throw Insanity("the state's day \(date) has a negative load or time") }
                for checkIn in chunk[position].checkIns {
                    do {
                        try checkIn.validate()
                    } catch {
                        throw Insanity("a check-in of \(date): \(error)")
                    }
                }
            }
        }
        guard checkpoints.allSatisfy({ (0..<closedCount).contains($0.index) }) else {
            throw Insanity("the state's envelope checkpoints point outside its days")
        }
        if let badDayAnswer {
            let most = Double(EventRanges.badDayMinutes.upperBound) * EventRanges.pointsPerMinute.upperBound
            guard (0...most).contains(badDayAnswer) else {
                throw Insanity("the bad-day answer \(badDayAnswer) is outside 0–\(Int(most)) points")
            }
        }
        if let activity {
            let longest = Int64(max(0, settings.longestBoutMinutes)) * 60
            guard EventRanges.pointsPerMinute.contains(activity.pointsPerMinute),
                EventRanges.activityBytes.contains(activity.activity.utf8.count),
                EventRanges.instants.contains(activity.startedAt), EventRanges.instants.contains(activity.countedUntil),
                activity.startedAt <= activity.countedUntil, (0...longest).contains(activity.countedSeconds)
            else { throw Insanity("the running bout is out of range") }
        }
        if let rest {
            guard EventRanges.instants.contains(rest.startedAt),
                rest.plannedSeconds.map(EventRanges.plannedRestSeconds.contains) ?? true,
                rest.afterBoutRate.map(EventRanges.pointsPerMinute.contains) ?? true
            else { throw Insanity("the running rest is out of range") }
        }
        if let flareMode {
            guard EventRanges.instants.contains(flareMode.since),
                (flareMode.until?.millisecondsSinceEpoch ?? 0) < EventRanges.flareEndMilliseconds
            else { throw Insanity("flare mode's times are out of range") }
        }
        if let snooze {
            guard EventRanges.instants.contains(snooze.at), EventRanges.instants.contains(snooze.until) else {
                throw Insanity("the snooze's times are out of range")
            }
        }
    }
}
