internal import CSystemd
import Glibc
import PaceSystem
import Synchronization
import SystemPackage

/// Talks to the service manager over its notify socket (`NOTIFY_SOCKET`).
///
/// Without `NOTIFY_SOCKET` (started by hand, not by systemd) every call is a no-op.
package enum ServiceManager {
    /// The socket kept for the messages: the daemon sends `STATUS=` after most writes, and libsystemd's `sd_notify`
    /// opens, sets up and closes a socket for each message (11 system calls; one `send` on the kept socket).
    private static let channel = Mutex(NotifyChannel())

    /// Sends `state` (newline-separated `KEY=VALUE` assignments, e.g. `"READY=1\nSTATUS=serving"`).
    ///
    /// - Returns: `true` when the message was sent, `false` when no service manager listens.
    @discardableResult
    package static func notify(_ state: String) -> Bool {
        channel.withLock { $0.send(state) }
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

    /// A newline would end the assignment and start a bogus one: each line break (`Character.isNewline`) becomes a
    /// space.
    ///
    /// The line is looked through by its UTF-8 bytes first, since it almost never holds a break, and mapping it
    /// character by character cost 20,000 instructions a `STATUS=`: every line break begins with a byte from `\n` to
    /// `\r` or is U+0085 (C2 85), U+2028 or U+2029 (E2 80 A8, E2 80 A9).
    static func oneLine(_ text: String) -> String {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if (0x0A...0x0D).contains(byte) || (previous.1 == 0xC2 && byte == 0x85)
                || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9))
            {
                return String(text.map { $0.isNewline ? " " : $0 })
            }
            previous = (previous.1, byte)
        }
        return text
    }
}

/// A datagram socket connected to `NOTIFY_SOCKET` once, and sent on for every message after.
///
/// A path (`/run/user/1000/systemd/notify`) and an abstract address (`@name`) are connected here; anything else
/// (`vsock:`, a name too long) goes through `sd_notify`, which knows every form. When a send on the kept socket fails
/// (a manager that re-executed binds its socket anew), the message goes through `sd_notify`, and the next one
/// connects again. The variable is read on every message, as `sd_notify` reads it: a changed or removed
/// `NOTIFY_SOCKET` is followed.
struct NotifyChannel: ~Copyable {
    /// The `NOTIFY_SOCKET` the socket is connected to, and the socket; `nil` until a message needs it.
    private var connected: (address: [UInt8], descriptor: FileDescriptor)?

    /// Sends `state`. Blocking, as `sd_notify` is: a manager that does not read holds the sender up.
    /// - Returns: `true` when the message was sent, `false` when no service manager listens.
    mutating func send(_ state: String) -> Bool {
        guard let variable = getenv("NOTIFY_SOCKET") else {
            disconnect()
            return false
        }
        let address = Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(variable).assumingMemoryBound(to: UInt8.self),
                count: strlen(variable)))
        if connected?.address != address {
            disconnect()
            guard let descriptor = Self.connect(to: address) else { return sd_notify(0, state) > 0 }
            connected = (address, descriptor)
        }
        guard let descriptor = connected?.descriptor else { return false }
        var text = state
        let sent = text.withUTF8 { bytes in try? UnixSocket.send(descriptor, UnsafeRawBufferPointer(bytes)) }
        if sent == state.utf8.count { return true }
        disconnect()
        return sd_notify(0, state) > 0
    }

    private mutating func disconnect() {
        if let connected { try? connected.descriptor.close() }
        connected = nil
    }

    /// A datagram socket connected to `address` (a path, or `@` and an abstract name), or `nil` for another form
    /// of address or when it cannot be connected. Messages the manager has not read yet count against this one
    /// socket's send buffer (each of `sd_notify`'s sockets had its own): it is asked as large as `sd_notify` asks
    /// (8 MiB), so a busy manager holds the loop up no sooner than before.
    private static func connect(to address: [UInt8]) -> FileDescriptor? {
        guard let first = address.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else { return nil }
        return try? UnixSocket.connectDatagram(
            to: String(decoding: address, as: UTF8.self), sendBufferBytes: 8 * 1024 * 1024)
    }
}
