extension PaceState {
    /// The longest typed bout taken without confirmation.
    package static let plausibleBoutSeconds: Int64 = 3 * 3600
    /// How many times today's budget one typed entry may hold without confirmation.
    package static let plausibleBudgetShare = 2.0

    /// Why a typed entry is unlikely as typed, if it is (the record contract's plausibility, for typed entries only):
    /// a bout over 3 hours, more than twice today's budget in one entry, or one over minutes of another typed bout.
    /// The daemon records it anyway when the call says `confirmed`.
    ///
    /// - Parameters:
    ///   - start: When the bout begins.
    ///   - end: When it ends (`now` for one that starts running).
    ///   - pointsPerMinute: Its rate.
    ///   - excluding: The bout it replaces (an amendment), whose own minutes are no overlap.
    /// - Returns: The refusal, naming what is unlikely and how to record it anyway; `nil` when it is plausible.
    package func implausibility(
        start: Instant, end: Instant, pointsPerMinute: Double, excluding: EventID? = nil, now: Instant,
        utcOffsetSeconds: Int
    ) -> PaceError? {
        let seconds = max(0, end.seconds(since: start))
        let clock = { (instant: Instant) in self.clock(instant, utcOffsetSeconds) }
        if seconds > Self.plausibleBoutSeconds {
            return PaceError(
                .implausible,
                "That is \(DurationText.describe(seconds: seconds)) in one entry, more than "
                    + "\(DurationText.describe(seconds: Self.plausibleBoutSeconds)); confirm it if it is right.")
        }
        let points = Double(seconds) / 60 * pointsPerMinute
        let budget = self.budget(now: now, utcOffsetSeconds: utcOffsetSeconds).points
        if budget > 0, points > Self.plausibleBudgetShare * budget {
            return PaceError(
                .implausible,
                "That is \(Int(points.rounded())) points in one entry, more than twice today's budget of "
                    + "\(Int(budget.rounded())); confirm it if it is right.")
        }
        let typed = EventSource.typed.rank
        let boundary = settings.dayBoundary
        guard let firstDate = days.first?.date else { return nil }
        let from = boundary.day(containing: start, utcOffsetSeconds: utcOffsetSeconds).adding(days: -1)
        let through = boundary.day(containing: end, utcOffsetSeconds: utcOffsetSeconds).adding(days: 1)
        let first = max(0, from.days(since: firstDate))
        let last = min(days.count - 1, through.days(since: firstDate))
        guard first <= last else { return nil }
        for day in days[first...last] {
            for piece in day.bouts
            where piece.precedence.rank == typed && piece.precedence.id != excluding && piece.start < end
                && start < piece.end
            {
                return PaceError(
                    .implausible,
                    "That time overlaps a bout already recorded from \(clock(piece.start)) to \(clock(piece.end)); "
                        + "confirm it to let the later entry count for those minutes.")
            }
        }
        return nil
    }

    /// ``implausibility(start:end:pointsPerMinute:excluding:now:utcOffsetSeconds:)`` for the typed bouts among
    /// `events` (a command's), if any is unlikely.
    package func implausibility(of events: [Event], now: Instant) -> PaceError? {
        for event in events where event.origin == .typed {
            switch event.payload {
            case .activityLogged(let logged):
                if let refusal = implausibility(
                    start: logged.start, end: logged.end, pointsPerMinute: logged.pointsPerMinute, now: now,
                    utcOffsetSeconds: event.utcOffsetSeconds)
                {
                    return refusal
                }
            case .activityStarted(let start) where event.at < now:
                if let refusal = implausibility(
                    start: event.at, end: now, pointsPerMinute: start.pointsPerMinute, now: now,
                    utcOffsetSeconds: event.utcOffsetSeconds)
                {
                    return refusal
                }
            default:
                continue
            }
        }
        return nil
    }
}
