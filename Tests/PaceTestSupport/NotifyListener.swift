import Glibc
import PaceSystem
import SystemPackage

/// A test-owned `NOTIFY_SOCKET`: a datagram socket that receives what the daemon sends with `sd_notify`.
package final class NotifyListener: @unchecked Sendable {
    /// The socket's path, to pass as `NOTIFY_SOCKET`: a file's path, or `@` and an abstract name (as systemd
    /// may pass it).
    package let path: String
    private let descriptor: Int32

    /// Binds a datagram socket at `path`; a `path` beginning with `@` is an abstract name (no file).
    package init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError("socket", errno: .init(rawValue: errno), path: path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let abstract = path.hasPrefix("@")
        withUnsafeMutableBytes(of: &address.sun_path) {
            $0.copyBytes(from: path.utf8)
            if abstract { $0[0] = 0 }
        }
        // An abstract name is exactly its bytes: no NUL after it.
        let length =
            abstract
            ? socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.utf8.count)
            : socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard result == 0 else { throw SystemError("bind", errno: .init(rawValue: errno), path: path) }
    }

    deinit {
        close(descriptor)
    }

    /// Waits up to `timeoutMilliseconds` for the next datagram.
    /// - Returns: Its text, or `nil` on timeout.
    package func receive(timeoutMilliseconds: Int32) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Collects datagrams until one contains `assignment` (e.g. `"READY=1"`), or the timeout passes.
    /// - Returns: Every datagram received, in order; the last one holds `assignment` unless it timed out.
    package func receive(until assignment: String, timeoutMilliseconds: Int32) -> [String] {
        var received: [String] = []
        let deadline = Monotonic.milliseconds() + Int64(timeoutMilliseconds)
        while case let remaining = deadline - Monotonic.milliseconds(), remaining > 0 {
            guard let message = receive(timeoutMilliseconds: Int32(remaining)) else { break }
            received.append(message)
            if message.split(separator: "\n").contains(Substring(assignment)) { break }
        }
        return received
    }
}

/// Milliseconds on the monotonic clock (PaceSystem's ``Clocks``), for test deadlines.
package enum Monotonic {
    package static func milliseconds() -> Int64 {
        Clocks.monotonicNanoseconds() / 1_000_000
    }
}
