internal import CSystemd
import PaceSystem

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

    /// The daemon is ready: the log is open and replayed and the socket is serving; also after a reload.
    package static func ready(status: String) {
        notify("READY=1\nSTATUS=\(oneLine(status))")
    }

    /// The one-line summary `systemctl status` shows changed.
    package static func status(_ status: String) {
        notify("STATUS=\(oneLine(status))")
    }

    /// The daemon is rereading its configuration; ``ready(status:)`` follows when it is done.
    ///
    /// `MONOTONIC_USEC` is the time the reload began, which systemd (from version 253, `Type=notify-reload`)
    /// uses to tell this reload from an earlier one.
    package static func reloading(status: String) {
        notify("RELOADING=1\nMONOTONIC_USEC=\(Clocks.monotonicNanoseconds() / 1000)\nSTATUS=\(oneLine(status))")
    }

    /// Feeds the watchdog (`WatchdogSec=`); see ``Watchdog``.
    package static func watchdogPing() {
        notify("WATCHDOG=1")
    }

    /// The daemon is shutting down.
    package static func stopping() {
        notify("STOPPING=1\nSTATUS=Stopping")
    }

    /// A newline would end the assignment and start a bogus one.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
