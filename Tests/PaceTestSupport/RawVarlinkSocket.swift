import Foundation
import Glibc
import PaceSystem
import SystemPackage

/// A deliberately low-level Varlink peer for tests: sends exact bytes and reads NUL-terminated messages,
/// so framing, pipelining and hostile input can be exercised without the project's own client.
package final class RawVarlinkSocket: @unchecked Sendable {
    private let descriptor: FileDescriptor
    private var pending: [UInt8] = []
    private var closed = false

    /// Connects to `path`.
    package init(path: String) throws {
        descriptor = try UnixSocket.connect(to: path)
    }

    deinit {
        close()
    }

    /// Closes the connection.
    package func close() {
        guard !closed else { return }
        closed = true
        try? descriptor.close()
    }

    /// Shuts down the sending side (the peer sees end of stream) while still reading.
    package func shutdownWrite() {
        shutdown(descriptor.rawValue, Int32(SHUT_WR))
    }

    /// Sends `bytes` as they are.
    package func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = try Syscall.retrying("send") {
                bytes[offset...].withUnsafeBytes {
                    Glibc.send(descriptor.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
            }
            offset += written
        }
    }

    /// Sends `text` followed by a NUL, as one Varlink message.
    package func send(message text: String) throws {
        try send(bytes: Array(text.utf8) + [0])
    }

    /// The next message, or `nil` if none arrives within `timeoutMilliseconds` or the peer closed.
    package func receive(timeoutMilliseconds: Int32 = 5000) -> String? {
        let deadline = Monotonic.milliseconds() + Int64(timeoutMilliseconds)
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return message
            }
            let remaining = deadline - Monotonic.milliseconds()
            guard remaining > 0, let chunk = readChunk(timeoutMilliseconds: Int32(remaining)), !chunk.isEmpty else {
                return nil
            }
            pending += chunk
        }
    }

    /// The next message decoded as a JSON object.
    package func receiveJSON(timeoutMilliseconds: Int32 = 5000) -> [String: Any]? {
        guard let text = receive(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// Whether the peer closes the connection (end of stream or reset) within `timeoutMilliseconds`,
    /// discarding anything it sends first.
    package func waitForClose(timeoutMilliseconds: Int32 = 5000) -> Bool {
        let deadline = Monotonic.milliseconds() + Int64(timeoutMilliseconds)
        while true {
            let remaining = deadline - Monotonic.milliseconds()
            guard remaining > 0 else { return false }
            guard let chunk = readChunk(timeoutMilliseconds: Int32(remaining)) else { return false }
            if chunk.isEmpty { return true }
        }
    }

    /// Whether bytes (or the end of the stream) arrive within `timeoutMilliseconds`, leaving them unread.
    package func hasInput(timeoutMilliseconds: Int32 = 5000) -> Bool {
        guard pending.isEmpty else { return true }
        var poller = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, timeoutMilliseconds) == 1
    }

    /// `nil` on timeout, empty at end of stream or on error, else the bytes read.
    private func readChunk(timeoutMilliseconds: Int32) -> [UInt8]? {
        var poller = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }
}
