import Logging
package import PaceCore
package import PaceSystem
import SystemPackage

/// A one-shot timer at a wall-clock instant: the daemon arms it for the core's next-wake instant.
///
/// Built on `timerfd(CLOCK_REALTIME)` with an absolute deadline, so time spent suspended counts (a deadline
/// that passed during sleep fires right after resume, once) and a clock that is set moves the deadline with
/// it. Re-arming is one `timerfd_settime`; a disarmed timer costs no wakeups at all.
///
/// Deadlines are on the daemon's clock, ``SystemClock/now()``, which is not always the machine's wall clock (a
/// jump ahead is held for a while; the test hook shifts it): the timer is armed for the machine's time at which
/// the daemon's clock reads the deadline, and re-armed whenever the two move apart (see ``ClockWatcher``).
///
/// Make one with ``Desktop/makeWallClockTimer(_:)``.
@DaemonActor
package final class WallClockTimer {
    private let logger: Logger
    private let clock: SystemClock
    private let timer: RealtimeTimer
    private let handler: () -> Void
    private var watch: IOWatch?

    /// The instant the timer is armed for; `nil` while disarmed (and after it fired).
    package private(set) var deadline: Instant?

    init(clock: SystemClock, logger: Logger, handler: @escaping () -> Void) throws(SystemError) {
        self.clock = clock
        self.logger = logger
        self.handler = handler
        let timer = try RealtimeTimer()
        self.timer = timer
        do {
            watch = try IOWatch(timer.descriptor, for: .readable) { [weak self] _ in self?.readable() }
        } catch {
            try? timer.descriptor.close()
            throw error
        }
    }

    isolated deinit {
        cancel()
    }

    /// Arms the timer for `deadline`, replacing any earlier one; a deadline in the past fires at once.
    /// The handler runs once, on the loop.
    package func arm(at deadline: Instant) {
        // Re-armed after every change of state, mostly for the same instant: no system call then.
        guard deadline != self.deadline else { return }
        self.deadline = deadline
        program()
    }

    /// Disarms the timer; nothing fires until it is armed again.
    package func disarm() {
        guard deadline != nil else { return }
        deadline = nil
        program()
    }

    /// Stops the timer for good and closes its descriptor.
    package func cancel() {
        deadline = nil
        guard let watch else { return }
        watch.cancel()
        self.watch = nil
        try? timer.descriptor.close()
    }

    /// The daemon's clock moved against the machine's (a step followed or held, the test hook): the same deadline
    /// is a different machine instant now.
    func clockMoved() {
        if deadline != nil { program() }
    }

    private func program() {
        guard watch != nil else { return }
        do {
            if let deadline {
                try timer.arm(atMillisecondsSinceEpoch: clock.machineMilliseconds(at: deadline))
            } else {
                try timer.disarm()
            }
        } catch {
            // Cannot happen with valid arguments; if it does, the daemon must hear of it rather than wait forever.
            logger.error("cannot arm the wall-clock timer: \(error)")
        }
    }

    private func readable() {
        guard case .expired = (try? timer.read()) ?? .nothing, deadline != nil else { return }
        deadline = nil
        handler()
    }
}
