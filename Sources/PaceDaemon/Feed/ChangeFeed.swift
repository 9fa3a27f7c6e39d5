import PaceProtocol
import PaceSystem

/// Tells everyone who follows the state that it changed: `Watch` subscribers get the new status, and the daemon's
/// listeners (the reminder driver, systemd's `STATUS=`) run.
///
/// A change made while a client's call is answered (``answering(_:)``) must not hold that call's reply up: what
/// follows from it is queued on the loop behind the call (``DaemonActor/later(_:)``), after the reply was written,
/// and several changes before it runs are told once: followers see the latest state, which is all a status says.
/// Changes from anywhere else (a reminder's button, a timer, a reload) are told at once, as the reminder driver
/// expects.
@DaemonActor
final class ChangeFeed {
    private enum Phase {
        /// No call is being answered and no announcement waits.
        case idle
        /// A client's call is being answered; `changed` if it changed the state.
        case answering(changed: Bool)
        /// An announcement is queued behind the call that made the change.
        case queued
    }

    private var phase = Phase.idle
    private var watchers: [Int: ClientConnection] = [:]
    /// The status `Watch` subscribers get.
    private let status: () -> PaceAPI.Status
    /// Run after every change, once the `Watch` status went out.
    var listeners: [() -> Void] = []

    /// - Parameter status: The status now, for `Watch` subscribers (computed only when there are any).
    init(status: @escaping () -> PaceAPI.Status) {
        self.status = status
    }

    /// The number of clients following `Watch`.
    var watcherCount: Int { watchers.count }

    /// Adds `connection`; it receives every later ``broadcast(_:)``.
    func follow(_ connection: ClientConnection) {
        watchers[connection.id] = connection
    }

    /// Forgets `connection` (it closed).
    func unfollow(_ connection: ClientConnection) {
        watchers[connection.id] = nil
    }

    /// Answers a client's call with `body`; what follows a change it makes waits until the call is answered.
    func answering(_ body: () -> Void) {
        let outer = phase
        phase = .answering(changed: false)
        body()
        guard case .answering(let changed) = phase else { return }
        phase = outer
        guard changed else { return }
        switch outer {
        case .answering:
            phase = .answering(changed: true)
        case .queued:
            break
        case .idle:
            phase = .queued
            DaemonActor.later { [weak self] in
                // Already told, if a change outside a call came first.
                guard let self, case .queued = phase else { return }
                announce()
            }
        }
    }

    /// The state changed: tell everyone, now or after the call being answered.
    func changed() {
        switch phase {
        case .answering:
            phase = .answering(changed: true)
        case .idle, .queued:
            announce()
        }
    }

    /// Sends `reply` to every `Watch` subscriber as one more reply of its stream.
    func broadcast(_ reply: PaceAPI.Watch.Reply) {
        guard !watchers.isEmpty else { return }
        let bytes = VarlinkReply.encode(reply, continues: true)
        for watcher in watchers.values { watcher.send(bytes) }
    }

    /// The `Watch` status, then the listeners.
    private func announce() {
        phase = .idle
        // The status is computed only for someone who follows: most changes have no watcher.
        if !watchers.isEmpty { broadcast(PaceAPI.Watch.Reply(status: status())) }
        for listener in listeners { listener() }
    }
}
