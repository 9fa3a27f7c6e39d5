import Logging
import PaceSystem
import SystemPackage

/// Notices, without polling, when the wall clock jumps, and owns the test hook that moves the daemon's
/// wall clock.
///
/// A `timerfd` on `CLOCK_REALTIME` armed far in the future with `TFD_TIMER_CANCEL_ON_SET` becomes readable
/// (`ECANCELED`) whenever the clock is set — by `settimeofday`/`clock_settime`, an NTP step, or a resume
/// from suspend, which the kernel treats as a clock change. Comparing `CLOCK_REALTIME`, `CLOCK_BOOTTIME` and
/// `CLOCK_MONOTONIC` before and after tells a step from a sleep (``ClockChange``). Gradual NTP slewing is
/// not a jump and is not reported.
///
/// The test hook: only when `PACE_TEST_HOOKS=1` and `PACE_TEST_CLOCK_OFFSET_FILE` names a file, that file
/// holds a whole number of milliseconds by which the daemon's wall clock (``SystemClock/now()``) runs ahead
/// of the machine's. The file is watched with inotify; each change re-arms every ``WallClockTimer`` and is
/// reported as a ``ClockChange`` with cause ``ClockChange/Cause/testOffset``. Write it atomically (write a
/// temporary file, then rename it over).
///
@DaemonActor
final class ClockWatcher {
    /// 2200-01-01: far enough ahead never to expire (if it ever does, the timer is simply armed again).
    private static let farFutureMilliseconds: Int64 = 7_258_118_400_000

    private let logger: Logger
    private let clock: SystemClock
    private let testOffsetFile: String?
    private var timer: RealtimeTimer?
    private var watch: IOWatch?
    private var offsetWatcher: FileAppearanceWatcher?
    private var baseline = ClockReadings.now()
    private var timers: [WeakTimer] = []

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

    /// The test hook's file when `environment` turns test hooks on, else `nil`.
    nonisolated static func testOffsetFile(environment: [String: String]) -> String? {
        guard environment["PACE_TEST_HOOKS"] == "1", let path = environment["PACE_TEST_CLOCK_OFFSET_FILE"],
            path.hasPrefix("/")
        else { return nil }
        return path
    }

    /// Starts watching the clock (and the test offset file).
    func start() {
        guard watch == nil else { return }
        do {
            let timer = try RealtimeTimer()
            do {
                try timer.arm(atMillisecondsSinceEpoch: Self.farFutureMilliseconds, cancelOnClockChange: true)
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
    }

    /// A new timer whose deadline follows the test offset.
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
            try timer.arm(atMillisecondsSinceEpoch: Self.farFutureMilliseconds, cancelOnClockChange: true)
        } catch {
            logger.error("cannot re-arm the clock-change timer: \(error)")
        }
        guard reading == .clockChanged else { return }
        let now = ClockReadings.now()
        let change = ClockChange(from: baseline, to: now)
        baseline = now
        logger.info("\(change)")
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
        let offset: Int64
        switch Self.readOffset(path) {
        case .missing: offset = 0
        case .value(let value): offset = value
        case .unreadable(let text):
            // Empty: being written; anything else is a mistake in the test.
            if !text.isEmpty { logger.warning("ignored \(path): \"\(text)\" is not a whole number of milliseconds") }
            return
        }
        let previous = clock.testOffsetMilliseconds
        guard offset != previous else { return }
        clock.setTestOffset(milliseconds: offset)
        timers.removeAll { $0.timer == nil }
        for entry in timers { entry.timer?.offsetChanged() }
        let change = ClockChange(cause: .testOffset, stepMilliseconds: offset - previous, suspendedMilliseconds: 0)
        logger.info("\(change)")
        onChange?(change)
    }

    /// What the test offset file holds.
    enum OffsetFile: Equatable {
        /// No file: the offset is 0.
        case missing
        case value(Int64)
        /// Empty, or not a number.
        case unreadable(String)
    }

    nonisolated static func readOffset(_ path: String) -> OffsetFile {
        guard let descriptor = try? FileDescriptor.open(path, .readOnly, options: [.closeOnExec]) else {
            return .missing
        }
        defer { try? descriptor.close() }
        var bytes = [UInt8](repeating: 0, count: 64)
        guard let count = try? bytes.withUnsafeMutableBytes({ try descriptor.read(into: $0) }) else {
            return .unreadable("")
        }
        let text = String(decoding: bytes[..<count], as: UTF8.self).trimmingWhitespace
        return Int64(text).map { .value($0) } ?? .unreadable(text)
    }
}

/// A timer the watcher re-arms without keeping it alive.
private struct WeakTimer {
    weak var timer: WallClockTimer?
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
