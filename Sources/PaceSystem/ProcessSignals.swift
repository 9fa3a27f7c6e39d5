import Glibc

/// What the process does with signals it does not read from a ``SignalDescriptor``.
package enum ProcessSignals {
    /// Ignores `signal` (`SIG_IGN`): for `SIGPIPE`, so a peer that hangs up mid-reply is an `EPIPE` on that
    /// connection, not the end of the process; and for the signals a ``SignalDescriptor`` reads, so their default
    /// action never happens.
    package static func ignore(_ signal: Int32) {
        Glibc.signal(signal, SIG_IGN)
    }

    /// Parks the calling (main) thread for good, its signal mask untouched (`pause` in a loop), while other threads
    /// do the work.
    package static func parkForever() -> Never {
        while true { pause() }
    }
}
