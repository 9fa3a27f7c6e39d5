import Dispatch
import Glibc

/// Delivers Unix signals as Dispatch events on the daemon's queue, never in signal-handler context.
///
/// On Linux, Dispatch reads signals through a `signalfd`, which sees a signal only while no thread takes
/// it first: a thread that does not block the signal receives it (and drops it, or runs a handler) before
/// the `signalfd` is read. So ``blockInAllThreads(_:)`` must run before the first thread starts, so
/// every thread inherits the mask, and the main thread must not call `dispatchMain()`, which unblocks
/// every signal while it waits; it parks in ``parkMainThread()`` instead.
///
/// Confined to the queue it was created with.
final class SignalWatcher {
    /// Blocks `signals` in the calling thread and so in every thread started after it.
    /// Call first thing in `main`, before anything starts a thread.
    static func blockInAllThreads(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private var sources: [any DispatchSourceSignal] = []

    /// Calls `handler` on `queue` whenever `signal` arrives; the signal's default action is disabled.
    func watch(_ signal: Int32, on queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) {
        Glibc.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        sources.append(source)
    }

    /// Parks the calling (main) thread for good, with its signal mask untouched.
    static func parkMainThread() -> Never {
        while true { pause() }
    }

    /// Ignores SIGPIPE: a client that hangs up mid-reply is an `EPIPE` on that connection, not a crash.
    static func ignoreBrokenPipes() {
        Glibc.signal(SIGPIPE, SIG_IGN)
    }
}
