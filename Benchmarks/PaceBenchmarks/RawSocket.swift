import Glibc

/// A blocking Unix stream socket that sends NUL-terminated messages and reads NUL-terminated replies, with as
/// little work on the client side as possible, so that what is timed is the server and the kernel.
final class RawSocket {
    let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    /// Unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0

    /// Connects to the socket at `path`.
    init(path: String) throws(BenchFailure) {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw BenchFailure("socket: errno \(errno)") }
        var address = RawSocket.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw BenchFailure("cannot connect to \(path): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        return address
    }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws(BenchFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw BenchFailure("write failed: errno \(errno)") }
            offset += written
        }
    }

    /// Reads one NUL-terminated message.
    /// - Returns: The message without its NUL.
    func receive() throws(BenchFailure) -> ArraySlice<UInt8> {
        while true {
            if let nul = buffer[start..<end].firstIndex(of: 0) {
                let message = buffer[start..<nul]
                start = nul + 1
                return message
            }
            if start == end {
                start = 0
                end = 0
            } else if end == buffer.count {
                guard start > 0 else { throw BenchFailure("reply larger than \(buffer.count) bytes") }
                buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                end -= start
                start = 0
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw BenchFailure("the server closed the connection") }
            end += count
        }
    }

    /// Reads what is there without blocking past one `read`, and counts the complete messages in it.
    /// - Returns: Messages completed by this read; `nil` when the server closed the connection.
    func receiveAvailable() -> Int? {
        if start == end {
            start = 0
            end = 0
        }
        if end == buffer.count {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
        }
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
        if count < 0 && errno == EINTR { return 0 }
        guard count > 0 else { return nil }
        end += count
        var messages = 0
        while let nul = buffer[start..<end].firstIndex(of: 0) {
            start = nul + 1
            messages += 1
        }
        return messages
    }

    /// One call and its reply.
    func call(_ request: [UInt8]) throws(BenchFailure) -> ArraySlice<UInt8> {
        try send(request)
        return try receive()
    }
}
