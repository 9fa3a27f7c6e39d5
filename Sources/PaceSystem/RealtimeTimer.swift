internal import CPaceSystem
import Glibc
package import SystemPackage

/// A `timerfd` on `CLOCK_REALTIME`: wakes at a wall-clock instant, even one that passed while the machine
/// slept, and (optionally) whenever the wall clock is set.
///
/// The descriptor is non-blocking and close-on-exec; watch it with the event loop (``IOWatch``) and call
/// ``read()`` when it becomes readable.
package struct RealtimeTimer: Sendable {
    /// The timer's descriptor; the owner closes it (after cancelling any watch on it).
    package let descriptor: FileDescriptor

    /// What a readable timer has to say.
    package enum Reading: Sendable, Equatable {
        /// The deadline passed (`count` times; always 1 for a one-shot timer).
        case expired(count: UInt64)
        /// The wall clock was set (`settimeofday`, an NTP step, a resume from suspend) while the timer was armed
        /// with `cancelOnClockChange`; the timer is now disarmed.
        case clockChanged
        /// Nothing yet (a spurious wakeup).
        case nothing
    }

    /// Creates a disarmed timer with `timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC)`.
    ///
    /// - Throws: ``SystemError`` from `timerfd_create` (`EMFILE` when out of descriptors).
    package init() throws(SystemError) {
        let flags = Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC)
        let raw = try Syscall.retrying("timerfd_create") { timerfd_create(CLOCK_REALTIME, flags) }
        descriptor = FileDescriptor(rawValue: raw)
    }

    /// Arms the timer to expire once at an absolute wall-clock instant (`timerfd_settime` with
    /// `TFD_TIMER_ABSTIME`), replacing any earlier deadline. An instant in the past expires at once.
    ///
    /// - Parameters:
    ///   - millisecondsSinceEpoch: The instant on `CLOCK_REALTIME`.
    ///   - cancelOnClockChange: Also wake (with ``Reading/clockChanged``) when the clock is set
    ///     (`TFD_TIMER_CANCEL_ON_SET`).
    /// - Throws: ``SystemError`` from `timerfd_settime`.
    package func arm(atMillisecondsSinceEpoch milliseconds: Int64, cancelOnClockChange: Bool = false)
        throws(SystemError)
    {
        // The kernel rejects negative times; anything before 1970 has passed anyway.
        let clamped = max(milliseconds, 0)
        var setting = itimerspec()
        setting.it_value.tv_sec = time_t(clamped / 1000)
        setting.it_value.tv_nsec = Int((clamped % 1000) * 1_000_000)
        // A zero `it_value` would disarm the timer instead of expiring it.
        if clamped == 0 { setting.it_value.tv_nsec = 1 }
        var flags = Int32(TFD_TIMER_ABSTIME)
        if cancelOnClockChange { flags |= Int32(TFD_TIMER_CANCEL_ON_SET) }
        _ = try Syscall.retrying("timerfd_settime") { timerfd_settime(descriptor.rawValue, flags, &setting, nil) }
    }

    /// Disarms the timer: it will not expire until armed again.
    ///
    /// - Throws: ``SystemError`` from `timerfd_settime`.
    package func disarm() throws(SystemError) {
        var setting = itimerspec()
        _ = try Syscall.retrying("timerfd_settime") { timerfd_settime(descriptor.rawValue, 0, &setting, nil) }
    }

    /// Reads the timer's state once it is readable; never blocks.
    ///
    /// - Returns: Whether it expired, saw the clock change, or has nothing to report.
    /// - Throws: ``SystemError`` from `read` for anything but `EAGAIN` and `ECANCELED`.
    package func read() throws(SystemError) -> Reading {
        var count: UInt64 = 0
        do {
            let size = MemoryLayout<UInt64>.size
            let got = try Syscall.system("read") {
                try withUnsafeMutableBytes(of: &count) { try descriptor.read(into: $0) }
            }
            return got == size ? .expired(count: count) : .nothing
        } catch  where error.errno == .canceled {
            return .clockChanged
        } catch  where error.errno == .resourceTemporarilyUnavailable {
            return .nothing
        }
    }
}
