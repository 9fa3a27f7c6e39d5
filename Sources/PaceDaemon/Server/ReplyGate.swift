import PaceProtocol
import PaceSystem

/// Holds the replies produced while a group of changes waits for its `fdatasync` (group commit, ``EventStore``),
/// and lets them go once the group is durable — or turns each into the group's error if it could not be made so.
///
/// Every reply is held while a group is open, not only those of the calls that changed something: a status
/// answered after a change shows it, and must not reach anyone before the change is on disk. Each connection keeps
/// its own held replies, in order, and they go out before anything it is sent later.
@DaemonActor
final class ReplyGate {
    /// Whether replies are being held now.
    private(set) var isHolding = false
    /// The connections holding replies, in the order they began to.
    private var holders: [ClientConnection] = []

    init() {}

    /// A group opened: hold every reply until ``release(failure:)``.
    func hold() {
        isHolding = true
    }

    /// Called by a connection when it holds its first reply of the group.
    func register(_ connection: ClientConnection) {
        holders.append(connection)
    }

    /// The group is durable (`failure` `nil`): the held replies go out. Otherwise each held reply is replaced by
    /// `failure`, as a lone call's would be.
    func release(failure: VarlinkError?) {
        isHolding = false
        let connections = holders
        holders = []
        for connection in connections { connection.releaseHeldReplies(replacingWith: failure) }
    }
}
