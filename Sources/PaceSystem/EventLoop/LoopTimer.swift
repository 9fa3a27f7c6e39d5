/// A one-shot timer on the daemon's loop, on `CLOCK_MONOTONIC`: for timeouts and retries, which must not move when
/// the wall clock is set. (Deadlines at a wall-clock instant use ``RealtimeTimer``.) A timer that is not armed costs
/// nothing; an armed one only bounds how long the loop sleeps.
@DaemonActor
package final class LoopTimer {
    private let handler: @DaemonActor () -> Void
    /// The arming in the loop's table, while armed.
    private var armed: UInt64?
    /// When it fires, in `CLOCK_MONOTONIC` nanoseconds, while armed.
    package private(set) var deadline: Int64?

    /// A disarmed timer.
    /// - Parameter handler: Runs on the loop each time an armed deadline arrives.
    package init(handler: @escaping @DaemonActor () -> Void) {
        self.handler = handler
    }

    /// Whether the timer is armed.
    package var isArmed: Bool { armed != nil }

    /// Arms the timer to fire once after `delay`, replacing any earlier deadline.
    package func schedule(after delay: Duration) {
        let (seconds, attoseconds) = delay.components
        let nanoseconds = max(seconds, 0) &* 1_000_000_000 &+ max(attoseconds, 0) / 1_000_000_000
        schedule(atMonotonicNanoseconds: Clocks.monotonicNanoseconds() &+ nanoseconds)
    }

    /// Arms the timer to fire once at `deadline` on `CLOCK_MONOTONIC` (``Clocks/monotonicNanoseconds()``),
    /// replacing any earlier deadline; a deadline that passed fires on the loop's next turn.
    package func schedule(atMonotonicNanoseconds deadline: Int64) {
        cancel()
        self.deadline = deadline
        armed = Reactor.shared.arm(self, atMonotonicNanoseconds: deadline)
    }

    /// Disarms the timer; it does not fire until armed again.
    package func cancel() {
        guard let armed else { return }
        Reactor.shared.disarm(armed)
        self.armed = nil
        deadline = nil
    }

    func fire(id: UInt64) {
        guard armed == id else { return }
        armed = nil
        deadline = nil
        handler()
    }
}
