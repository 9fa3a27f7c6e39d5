package import FoundationEssentials
import Glibc

/// Just enough HTTP for a test to talk to a server on 127.0.0.1 (Syncthing's REST API): one HTTP/1.0 request
/// per connection, so the reply is never chunked and ends where the connection does.
package enum LoopbackHTTP {
    /// A server's reply.
    package struct Reply: Sendable {
        package var status: Int
        package var body: Data
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `method path` to `127.0.0.1:port` with `headers` and returns the reply.
    /// - Throws: ``TestFailure`` when nothing listens, or the reply is no HTTP.
    package static func request(
        _ method: String, _ path: String, port: UInt16, headers: [String: String] = [:], body: Data = Data(),
        timeoutSeconds: Int = 60
    ) throws -> Reply {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("connect to 127.0.0.1:\(port): errno \(errno)") }
        var head = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let request = Data((head + "\r\n").utf8) + body
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw TestFailure("send to 127.0.0.1:\(port): errno \(errno)") }
                sent += count
            }
        }
        var reply = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw TestFailure("recv from 127.0.0.1:\(port): errno \(errno)") }
            if count == 0 { break }
            reply.append(contentsOf: buffer[..<count])
        }
        guard let end = reply.firstRange(of: Data("\r\n\r\n".utf8)),
            let statusLine = String(decoding: reply[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n").first,
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw TestFailure("no HTTP reply from 127.0.0.1:\(port): \(String(decoding: reply, as: UTF8.self))") }
        return Reply(status: status, body: Data(reply[end.upperBound...]))
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick; free until someone takes it).
    package static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 ? getsockname(socket, $0, &length) : -1
            }
        }
        guard bound == 0 else { throw TestFailure("bind to 127.0.0.1:0: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
