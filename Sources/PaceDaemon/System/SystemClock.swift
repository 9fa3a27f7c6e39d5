package import PaceCore
package import PaceSystem
import Synchronization

/// The time the daemon goes by, and the machine's time zone; injected into every part that needs "now".
///
/// "Now" is ``TrustedTime``'s: the wall clock (`CLOCK_REALTIME`), except just after it jumped ahead of the
/// estimate the daemon keeps with `CLOCK_BOOTTIME`, when it is that estimate until the jump has held for
/// ``TrustedTime/holdSeconds``. Every event is stamped with it, reminders fall due by it, the pacing day is its
/// day; ``WallClockTimer`` turns its deadlines into the machine's.
///
/// In tests only (`PACE_TEST_HOOKS=1`, see ``ClockWatcher``) the clocks may be shifted: time may seem to pass (both
/// clocks ahead by the same amount, as after a suspend), and the wall clock may be stepped alone, as `date -s`
/// would, without setting the machine's clock. Without that variable both shifts are always zero.
package final class SystemClock: WallClock {
    private let shift: Mutex<TestClockShift>
    private let trusted: Mutex<TrustedTime>

    /// A clock that trusts the wall clock as it reads now.
    /// - Parameter testShift: The test hook's shifts at start (``TestClockShift/current(environment:)``),
    ///   in place before the wall clock is first trusted, as a machine's wrong clock would be.
    package init(testShift: TestClockShift = TestClockShift()) {
        shift = Mutex(testShift)
        trusted = Mutex(
            TrustedTime(startingAt: Self.reading(machineWall: Clocks.realtimeMilliseconds(), shift: testShift)))
    }

    /// Now: the wall clock, or the estimate while a jump ahead is held (``TrustedTime/now(_:)``).
    package func now() -> Instant {
        let reading = reading()
        return trusted.withLock { $0.now(reading) }
    }

    /// The latest instant an event may carry and be folded into the state (``TrustedTime/horizon(atElapsed:)``).
    package func horizon() -> Instant {
        let reading = reading()
        return trusted.withLock { time in
            _ = time.now(reading)
            return time.horizon(atElapsed: reading.elapsedMilliseconds)
        }
    }

    /// Local time minus UTC, in seconds, at `instant`, from the system time zone (`TZ`, `/etc/localtime`).
    package func utcOffsetSeconds(at instant: Instant) -> Int {
        Clocks.utcOffsetSeconds(atSecondsSinceEpoch: instant.secondsSinceEpoch)
    }

    /// The machine's `CLOCK_REALTIME`, in milliseconds, at which this clock reads `deadline` (if nothing moves
    /// either clock meanwhile): what a `timerfd` on `CLOCK_REALTIME` is armed for.
    package func machineMilliseconds(at deadline: Instant) -> Int64 {
        let machine = Clocks.realtimeMilliseconds()
        let reading = reading(machineWall: machine)
        let now = trusted.withLock { $0.now(reading) }
        return machine &+ deadline.milliseconds(since: now)
    }

    /// The step of the wall clock being held, if any (it is not the time yet), and the milliseconds of
    /// `CLOCK_BOOTTIME` until it is followed if it is still there.
    package func heldStep() -> (step: TrustedTime.Step, followedInMilliseconds: Int64)? {
        let reading = reading()
        return trusted.withLock { time in
            _ = time.now(reading)
            guard let step = time.step, let at = time.stepFollowedAtElapsed else { return nil }
            return (step, max(0, at &- reading.elapsedMilliseconds))
        }
    }

    /// The test hook's shifts.
    package var testShift: TestClockShift { shift.withLock { $0 } }

    /// Shifts the clocks; only the test hook calls this.
    func setTestShift(_ value: TestClockShift) {
        shift.withLock { $0 = value }
    }

    private func reading(machineWall: Int64 = Clocks.realtimeMilliseconds()) -> ClockReading {
        Self.reading(machineWall: machineWall, shift: shift.withLock { $0 })
    }

    private static func reading(machineWall: Int64, shift: TestClockShift) -> ClockReading {
        ClockReading(
            wall: Instant(millisecondsSinceEpoch: machineWall &+ shift.wall),
            elapsedMilliseconds: Clocks.boottimeMilliseconds() &+ shift.elapsed)
    }
}
