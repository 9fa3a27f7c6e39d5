import PaceSystem
import SystemPackage

/// Delivers Unix signals to handlers on the daemon's loop, never in signal-handler context, through a `signalfd`.
///
/// The signals must be blocked in every thread before the first thread starts
/// (``SignalDescriptor/blockInAllThreads(_:)``, first thing in `main`), or a thread that does not block one takes it
/// before the descriptor is read.
@DaemonActor
final class SignalWatcher {
    private let signals: SignalDescriptor
    private var watch: IOWatch?

    /// Calls `handler` on the loop with each of `signals` as it arrives; their default actions no longer happen.
    /// - Throws: ``SystemError`` when the `signalfd` cannot be made or watched.
    init(_ signals: [Int32], handler: @escaping (Int32) -> Void) throws(SystemError) {
        let descriptor = try SignalDescriptor(signals)
        self.signals = descriptor
        do {
            watch = try IOWatch(descriptor.descriptor, for: .readable) { _ in
                for signal in descriptor.pending() { handler(signal) }
            }
        } catch {
            try? descriptor.descriptor.close()
            throw error
        }
    }

    isolated deinit {
        watch?.cancel()
        try? signals.descriptor.close()
    }
}
