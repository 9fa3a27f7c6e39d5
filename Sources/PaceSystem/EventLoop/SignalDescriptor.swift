internal import CPaceSystem
package import SystemPackage

/// Unix signals read from a `signalfd`, so they arrive as readable data on the event loop, never in
/// signal-handler context.
///
/// A `signalfd` sees a signal only while no thread takes it first: a thread that does not block the signal
/// receives it (and drops it, or runs a handler) before the descriptor is read. So ``blockInAllThreads(_:)`` must
/// run before the first thread starts, so every thread inherits the mask.
package struct SignalDescriptor: Sendable {
    /// The descriptor; non-blocking and close-on-exec. Watch it for ``IOEvents/readable``; the owner closes it.
    package let descriptor: FileDescriptor

    /// Blocks `signals` in the calling thread and so in every thread it starts from now on (`pthread_sigmask`).
    /// Call first thing in `main`, before anything starts a thread.
    package static func blockInAllThreads(_ signals: [Int32]) {
        _ = signals.withUnsafeBufferPointer { CPaceSystem_block_signals($0.baseAddress, Int32($0.count)) }
    }

    /// `signalfd(2)` for `signals`, which must be blocked (``blockInAllThreads(_:)``).
    /// - Throws: ``SystemError`` (`EMFILE` when out of descriptors).
    package init(_ signals: [Int32]) throws(SystemError) {
        let raw = try Syscall.retrying("signalfd") {
            signals.withUnsafeBufferPointer { CPaceSystem_signalfd($0.baseAddress, Int32($0.count)) }
        }
        descriptor = FileDescriptor(rawValue: raw)
    }

    /// The signals that arrived since the last call, oldest first; empty when none did. Never blocks.
    package func pending() -> [Int32] {
        var signals: [Int32] = []
        while let signal = try? Syscall.retrying("read(signalfd)", { CPaceSystem_signalfd_read(descriptor.rawValue) }) {
            signals.append(signal)
        }
        return signals
    }
}
