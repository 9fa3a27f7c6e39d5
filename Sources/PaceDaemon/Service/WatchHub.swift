import Dispatch
import PaceProtocol

/// The clients following `Watch`: each update is encoded once and sent to all of them.
///
/// Confined to the daemon's queue. A watcher that does not read is dropped by its connection's
/// output limit; a closed one is removed through ``remove(_:)``.
final class WatchHub: @unchecked Sendable {
    private let queue: DispatchQueue
    private var watchers: [Int: ClientConnection] = [:]

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// The number of clients following.
    var count: Int { watchers.count }

    /// Adds `connection`; it receives every later ``broadcast(_:)``.
    func add(_ connection: ClientConnection) {
        dispatchPrecondition(condition: .onQueue(queue))
        watchers[connection.id] = connection
    }

    /// Forgets `connection` (it closed).
    func remove(_ connection: ClientConnection) {
        watchers[connection.id] = nil
    }

    /// Sends `reply` to every watcher as one more reply of its stream.
    func broadcast(_ reply: PaceAPI.Watch.Reply) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !watchers.isEmpty else { return }
        let bytes = VarlinkReply.encode(reply, continues: true)
        for watcher in watchers.values { watcher.send(bytes) }
    }
}
