package import SystemPackage

/// A descriptor the daemon's loop watches: its handler runs on the loop whenever the descriptor is ready for
/// what the watch asks (level-triggered: again and again while it stays ready).
///
/// The owner keeps the descriptor open while watching, and ``cancel()``s the watch before closing it.
@DaemonActor
package final class IOWatch {
    package let descriptor: FileDescriptor
    /// What the descriptor is watched for now; errors and hang-ups are always reported.
    package private(set) var interest: IOEvents
    private var token: UInt64 = 0
    private var handler: (@DaemonActor (IOEvents) -> Void)?

    /// Starts watching `descriptor` for `interest`.
    ///
    /// - Parameter handler: Runs on the loop with what the descriptor is ready for.
    /// - Throws: ``SystemError`` from `epoll_ctl` (`EPERM` for a regular file, which is always ready).
    package init(
        _ descriptor: FileDescriptor, for interest: IOEvents,
        handler: @escaping @DaemonActor (IOEvents) -> Void
    ) throws(SystemError) {
        self.descriptor = descriptor
        self.interest = interest
        self.handler = handler
        token = Reactor.shared.register(self)
        do {
            try EventLoop.shared.watch(descriptor, interest, token: token, adding: true)
        } catch {
            Reactor.shared.unregister(token: token)
            self.handler = nil
            throw error
        }
    }

    /// Whether the watch is in place (not cancelled).
    package var isActive: Bool { handler != nil }

    /// Watches for `interest` from now on (for example ``IOEvents/writable`` only while output waits).
    /// - Throws: ``SystemError`` from `epoll_ctl`.
    package func watch(for interest: IOEvents) throws(SystemError) {
        guard handler != nil, interest != self.interest else { return }
        try EventLoop.shared.watch(descriptor, interest, token: token, adding: false)
        self.interest = interest
    }

    /// Stops watching for good; the handler does not run again, even for readiness the loop already saw. The
    /// descriptor stays open.
    package func cancel() {
        guard handler != nil else { return }
        handler = nil
        EventLoop.shared.unwatch(descriptor)
        Reactor.shared.unregister(token: token)
    }

    func ready(_ events: IOEvents) {
        handler?(events)
    }
}
