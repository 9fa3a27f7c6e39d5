import Foundation
import PaceSystem
import PaceTestSupport

/// A `Watch` subscription (`more: true`) to a rig's daemon on a raw socket, read with timeouts.
///
/// The connection is a subscriber, so the daemon never drops it for being quiet.
final class WatchSubscription {
    let socket: RawVarlinkSocket

    /// Subscribes and reads the first reply (the status now).
    init(_ rig: ReminderRig) throws {
        socket = try RawVarlinkSocket(path: rig.daemon.socketPath)
        try socket.send(message: #"{"method":"io.pace.Daemon.Watch","more":true}"#)
        guard let first = socket.receiveJSON(timeoutMilliseconds: 20_000), first["continues"] as? Bool == true
        else { throw TestFailure("Watch did not answer") }
    }

    /// The `reminder` of the next reply that carries one (status updates are skipped), or `nil` if none comes
    /// within `timeoutMilliseconds`.
    func nextReminder(timeoutMilliseconds: Int64 = 20_000) -> [String: Any]? {
        let deadline = Monotonic.milliseconds() + timeoutMilliseconds
        while true {
            let remaining = deadline - Monotonic.milliseconds()
            guard remaining > 0, let reply = socket.receiveJSON(timeoutMilliseconds: Int32(remaining)) else {
                return nil
            }
            if let reminder = (reply["parameters"] as? [String: Any])?["reminder"] as? [String: Any] {
                return reminder
            }
        }
    }
}

extension WatchSubscription {
    /// Reads replies until one's status satisfies `condition`; whether one did within `timeoutMilliseconds`.
    func waitForStatus(timeoutMilliseconds: Int64 = 20_000, _ condition: ([String: Any]) -> Bool) -> Bool {
        let deadline = Monotonic.milliseconds() + timeoutMilliseconds
        while true {
            let remaining = deadline - Monotonic.milliseconds()
            guard remaining > 0, let reply = socket.receiveJSON(timeoutMilliseconds: Int32(remaining)) else {
                return false
            }
            if let status = (reply["parameters"] as? [String: Any])?["status"] as? [String: Any], condition(status) {
                return true
            }
        }
    }
}
