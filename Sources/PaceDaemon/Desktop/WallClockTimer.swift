import Dispatch
import Logging
package import PaceCore
import PaceSystem
import SystemPackage

/// A one-shot timer at a wall-clock instant: the daemon arms it for the core's next-wake instant.
///
/// Built on `timerfd(CLOCK_REALTIME)` with an absolute deadline, so time spent suspended counts (a deadline
/// that passed during sleep fires right after resume, once) and a clock that is set moves the deadline with
/// it. Re-arming is one `timerfd_settime`; a disarmed timer costs no wakeups at all.
///
/// Deadlines are on the daemon's wall clock, ``WallClock/now()``, including the test offset: when the test
/// hook moves that offset, armed timers move with it (see ``ClockWatcher``).
///
/// Confined to `queue`. Make one with ``Desktop/makeWallClockTimer(_:)``.
package final class WallClockTimer: @unchecked Sendable {
    private let queue: DispatchQueue
    private let logger: Logger
    private let timer: RealtimeTimer
    private let handler: () -> Void
    private var source: (any DispatchSourceRead)?

    /// The instant the timer is armed for; `nil` while disarmed (and after it fired).
    package private(set) var deadline: Instant?

    init(queue: DispatchQueue, logger: Logger, handler: @escaping () -> Void) throws(SystemError) {
        self.queue = queue
        self.logger = logger
        self.handler = handler
        self.timer = try RealtimeTimer()
        let source = DispatchSource.makeReadSource(fileDescriptor: timer.descriptor.rawValue, queue: queue)
        source.setEventHandler { [weak self] in self?.readable() }
        let descriptor = timer.descriptor
        source.setCancelHandler { try? descriptor.close() }
        source.resume()
        self.source = source
    }

    deinit {
        source?.cancel()
    }

    /// Arms the timer for `deadline`, replacing any earlier one; a deadline in the past fires at once.
    /// The handler runs once, on the queue.
    package func arm(at deadline: Instant) {
        dispatchPrecondition(condition: .onQueue(queue))
        self.deadline = deadline
        program()
    }

    /// Disarms the timer; nothing fires until it is armed again.
    package func disarm() {
        dispatchPrecondition(condition: .onQueue(queue))
        deadline = nil
        program()
    }

    /// Stops the timer for good and closes its descriptor.
    package func cancel() {
        dispatchPrecondition(condition: .onQueue(queue))
        deadline = nil
        source?.cancel()
        source = nil
    }

    /// The test offset moved: the same wall-clock deadline is a different machine instant now.
    func offsetChanged() {
        if deadline != nil { program() }
    }

    private func program() {
        guard source != nil else { return }
        do {
            if let deadline {
                let machine = deadline.millisecondsSinceEpoch - WallClock.testOffsetMilliseconds
                try timer.arm(atMillisecondsSinceEpoch: machine)
            } else {
                try timer.disarm()
            }
        } catch {
            // Cannot happen with valid arguments; if it does, the daemon must hear of it rather than wait forever.
            logger.error("cannot arm the wall-clock timer: \(error)")
        }
    }

    private func readable() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard case .expired = (try? timer.read()) ?? .nothing, deadline != nil else { return }
        deadline = nil
        handler()
    }
}
