/// Where the core's "now" and the local time zone come from: the machine's clocks in the daemon, a fixed or
/// hand-moved clock in tests, so every rule about time is tested without a process or a sleep.
package protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Instant
    /// Local time minus UTC, in seconds, at `instant` (3600 for CET, 7200 for CEST).
    func utcOffsetSeconds(at instant: Instant) -> Int
    /// The latest instant an event may carry and still be folded into the state (see
    /// ``TrustedTime/horizon(atElapsed:)``); by default ``TrustedTime/toleranceSeconds`` past ``now()``.
    func horizon() -> Instant
}

extension WallClock {
    package func horizon() -> Instant {
        now().adding(seconds: TrustedTime.toleranceSeconds)
    }
}

/// A clock that always reads the same instant, in a place with one UTC offset.
package struct FixedClock: WallClock {
    package var instant: Instant
    package var offset: Int

    package init(_ instant: Instant, utcOffsetSeconds offset: Int) {
        self.instant = instant
        self.offset = offset
    }

    package func now() -> Instant { instant }

    package func utcOffsetSeconds(at instant: Instant) -> Int { offset }
}
