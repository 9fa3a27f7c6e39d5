internal import CSystemd

/// Talks to the service manager through libsystemd's `sd_notify`.
///
/// Without `NOTIFY_SOCKET` (started by hand, not by systemd) every call is a no-op.
package enum ServiceManager {
    /// Sends `state` (newline-separated `KEY=VALUE` assignments, e.g. `"READY=1\nSTATUS=serving"`).
    ///
    /// - Returns: `true` when the message was sent, `false` when no service manager listens.
    @discardableResult
    package static func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    /// The daemon is ready: the log is open and replayed and the socket is serving.
    package static func ready(status: String) {
        notify("READY=1\nSTATUS=\(status)")
    }

    /// The daemon is shutting down.
    package static func stopping() {
        notify("STOPPING=1\nSTATUS=Stopping")
    }
}
