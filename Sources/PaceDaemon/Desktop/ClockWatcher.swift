import Logging
import PaceCore
import PaceSystem
import SystemPackage

/// Notices, without polling, when the wall clock jumps; keeps the daemon's timers in step with the daemon's
/// time (``SystemClock``) when a step is held or followed; and owns the test hook that shifts the clocks.
///
/// A `timerfd` on `CLOCK_REALTIME` armed far in the future with `TFD_TIMER_CANCEL_ON_SET` becomes readable
/// (`ECANCELED`) whenever the clock is set — by `settimeofday`/`clock_settime`, an NTP step, or a resume
/// from suspend, which the kernel treats as a clock change. Comparing `CLOCK_REALTIME`, `CLOCK_BOOTTIME` and
/// `CLOCK_MONOTONIC` before and after tells a step from a sleep (``ClockChange``). Gradual NTP slewing is
/// not a jump and is not reported.
///
/// A step ahead of the daemon's time is not followed at once (``TrustedTime``): the watcher says so in the log,
/// and arms a timer for the moment the step will have held long enough, when it is followed and reported as a
/// ``ClockChange`` with cause ``ClockChange/Cause/stepFollowed``. After every change it re-arms every
/// ``WallClockTimer``, whose deadlines are on the daemon's time.
///
/// The test hook: only when `PACE_TEST_HOOKS=1` and `PACE_TEST_CLOCK_OFFSET_FILE` names a file, that file holds
/// one or two whole numbers of milliseconds, `ELAPSED [STEP]`: ELAPSED is time that seems to have passed (both
/// the wall clock and `CLOCK_BOOTTIME`, as the daemon reads them, run ahead of the machine's by it), STEP a step
/// of the wall clock alone, as `date -s` would make. The file is watched with inotify; each change re-arms every
/// ``WallClockTimer`` and is reported as a ``ClockChange`` with cause ``ClockChange/Cause/testOffset``. Write
/// it atomically (write a temporary file, then rename it over).
///
@DaemonActor
final class ClockWatcher {
    /// 2200-01-01: far enough ahead never to expire on a clock that is right.
    private static let farFutureMilliseconds: Int64 = 7_258_118_400_000

    /// When the clock-change timer is armed for: 2200, or a year on for a clock set past that, so that it never
    /// expires at once again and again (it would keep the loop spinning).
    private static func farFuture() -> Int64 {
        max(farFutureMilliseconds, Clocks.realtimeMilliseconds() &+ 365 * 86_400_000)
    }

    private let logger: Logger
    private let clock: SystemClock
    private let testOffsetFile: String?
    private var timer: RealtimeTimer?
    private var watch: IOWatch?
    private var offsetWatcher: FileAppearanceWatcher?
    private var baseline = ClockReadings.now()
    private var timers: [WeakTimer] = []
    /// Fires when the step being held will have held long enough to be followed.
    private var stepTimer: LoopTimer?
    /// The step held when last looked at, so each one is logged once.
    private var heldStep: TrustedTime.Step?

    /// The wall clock jumped; called once per change noticed.
    var onChange: ((ClockChange) -> Void)?

    /// - Parameter testOffsetFile: The test hook's file; `nil` unless test hooks are on.
    init(clock: SystemClock, logger: Logger, testOffsetFile: String?) {
        self.clock = clock
        self.logger = logger
        self.testOffsetFile = testOffsetFile
    }

    isolated deinit {
        stop()
    }

    /// Starts watching the clock (and the test offset file).
    func start() {
        guard watch == nil else { return }
        do {
            let timer = try RealtimeTimer()
            do {
                try timer.arm(atMillisecondsSinceEpoch: Self.farFuture(), cancelOnClockChange: true)
                watch = try IOWatch(timer.descriptor, for: .readable) { [weak self] _ in self?.timerReadable() }
            } catch {
                try? timer.descriptor.close()
                throw error
            }
            self.timer = timer
            baseline = ClockReadings.now()
        } catch {
            logger.error("cannot watch for wall-clock changes (\(error)); a clock step or resume goes unnoticed")
        }
        if let testOffsetFile { startTestHook(testOffsetFile) }
    }

    /// Stops watching.
    func stop() {
        watch?.cancel()
        watch = nil
        if let timer { try? timer.descriptor.close() }
        timer = nil
        offsetWatcher?.stop()
        offsetWatcher = nil
        stepTimer?.cancel()
    }

    /// A new timer whose deadline is on the daemon's time (``SystemClock/now()``).
    func makeTimer(_ handler: @escaping () -> Void) throws(SystemError) -> WallClockTimer {
        let timer = try WallClockTimer(clock: clock, logger: logger, handler: handler)
        timers.removeAll { $0.timer == nil }
        timers.append(WeakTimer(timer: timer))
        return timer
    }

    private func timerReadable() {
        guard let timer else { return }
        let reading = (try? timer.read()) ?? .nothing
        guard reading != .nothing else { return }
        // Re-arm before anything else, so a second change while this one is handled is not missed.
        do {
            try timer.arm(atMillisecondsSinceEpoch: Self.farFuture(), cancelOnClockChange: true)
        } catch {
            logger.error("cannot re-arm the clock-change timer: \(error)")
        }
        guard reading == .clockChanged else { return }
        let now = ClockReadings.now()
        let change = ClockChange(from: baseline, to: now)
        baseline = now
        logger.info("\(change)")
        clockMoved()
        onChange?(change)
    }

    /// After any change of either clock: re-arms the timers on the daemon's time, and watches a step being held.
    private func clockMoved() {
        timers.removeAll { $0.timer == nil }
        for entry in timers { entry.timer?.clockMoved() }
        guard let (step, remaining) = clock.heldStep() else {
            heldStep = nil
            stepTimer?.cancel()
            return
        }
        if step != heldStep {
            heldStep = step
            let minutes = TrustedTime.holdSeconds / 60
            let seconds = (abs(step.milliseconds) + 500) / 1000
            if step.milliseconds > 0 {
                let message =
                    "the wall clock jumped \(seconds) s ahead of the time paced keeps; paced keeps "
                    + "its own time (events are stamped with it) and follows the clock only if it stays there for "
                    + "\(minutes) min"
                logger.warning("\(message)")
            } else {
                let message =
                    "the wall clock went \(seconds) s back; paced follows it, and takes it as the "
                    + "time for good if it stays there for \(minutes) min"
                logger.notice("\(message)")
            }
        }
        let timer = stepTimer ?? LoopTimer { [weak self] in self?.stepHeld() }
        stepTimer = timer
        // CLOCK_MONOTONIC stops in suspend; a resume is a clock change, which comes back here.
        timer.schedule(after: .milliseconds(remaining + 1))
    }

    /// The step being held has held long enough (unless it moved meanwhile): the daemon's time follows it.
    private func stepHeld() {
        guard let step = heldStep else { return }
        clockMoved()
        guard heldStep == nil else { return }
        let change = ClockChange(cause: .stepFollowed, stepMilliseconds: step.milliseconds, suspendedMilliseconds: 0)
        logger.notice("\(change)")
        onChange?(change)
    }

    // MARK: - Test hook

    private func startTestHook(_ path: String) {
        logger.warning("test hooks on: the wall clock runs ahead by the milliseconds in \(path)")
        let watcher = FileAppearanceWatcher(path: path) { [weak self] in self?.readTestOffset(path) }
        do {
            try watcher.start()
        } catch {
            logger.error("cannot watch the test clock offset file: \(error)")
        }
        offsetWatcher = watcher
        readTestOffset(path)
    }

    private func readTestOffset(_ path: String) {
        let shift: TestClockShift
        switch TestClockShift.read(path) {
        case .missing: shift = .init()
        case .value(let value): shift = value
        case .unreadable(let text):
            // Empty: being written; anything else is a mistake in the test.
            if !text.isEmpty {
                logger.warning("ignored \(path): \"\(text)\" is not one or two whole numbers of milliseconds")
            }
            return
        }
        let previous = clock.testShift
        guard shift != previous else { return }
        clock.setTestShift(shift)
        let step = shift.wall - previous.wall
        let change = ClockChange(cause: .testOffset, stepMilliseconds: step, suspendedMilliseconds: 0)
        logger.info("\(change)")
        clockMoved()
        onChange?(change)
    }
}

/// A timer the watcher re-arms without keeping it alive.
private struct WeakTimer {
    weak var timer: WallClockTimer?
}
