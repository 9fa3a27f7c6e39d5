internal import CPaceSystem
import Glibc
package import SystemPackage

/// `AF_UNIX` stream sockets: the listening side for `paced` and the connecting side for clients; and the datagram
/// socket `paced` keeps for the service manager's notify socket.
package enum UnixSocket {
    /// The longest path `sockaddr_un` holds, without its terminating NUL.
    package static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Who is on the other end of a connected socket, from `SO_PEERCRED`.
    package struct PeerCredentials: Sendable, Equatable {
        package var pid: Int32
        package var uid: UInt32
        package var gid: UInt32
    }

    /// Creates a non-blocking, close-on-exec socket bound to `path` and listening.
    ///
    /// - Parameters:
    ///   - path: The socket file to create. It must not exist (see ``probe(_:)`` for stale sockets).
    ///   - backlog: The kernel's queue of pending connections.
    /// - Returns: The listening socket.
    /// - Throws: ``SystemError`` from `socket`, `bind` (`EADDRINUSE` when the path exists) or `listen`.
    package static func listen(at path: String, backlog: Int32 = 128) throws(SystemError) -> FileDescriptor {
        let fd = try makeSocket(path: path, nonBlocking: true)
        do {
            try withAddress(path) { (address, length) throws(SystemError) in
                _ = try Syscall.retrying("bind", path: path) { Glibc.bind(fd.rawValue, address, length) }
            }
            _ = try Syscall.retrying("listen", path: path) { Glibc.listen(fd.rawValue, backlog) }
        } catch {
            try? fd.close()
            throw error
        }
        return fd
    }

    /// Connects a blocking, close-on-exec socket to `path`.
    ///
    /// - Throws: ``SystemError``; `ENOENT` or `ECONNREFUSED` mean nothing is listening there.
    package static func connect(to path: String) throws(SystemError) -> FileDescriptor {
        let fd = try makeSocket(path: path, nonBlocking: false)
        do {
            try withAddress(path) { (address, length) throws(SystemError) in
                _ = try Syscall.retrying("connect", path: path) { Glibc.connect(fd.rawValue, address, length) }
            }
        } catch {
            try? fd.close()
            throw error
        }
        return fd
    }

    /// Connects a blocking, close-on-exec datagram socket to `address`: a path, or `@` and an abstract name (as
    /// `$NOTIFY_SOCKET` names them). Its send buffer is asked to be `sendBufferBytes` (best effort: the kernel caps
    /// it at `net.core.wmem_max`).
    ///
    /// - Throws: ``SystemError``; `ENAMETOOLONG` for a name `sockaddr_un` cannot hold.
    package static func connectDatagram(to address: String, sendBufferBytes: Int32) throws(SystemError)
        -> FileDescriptor
    {
        let abstract = address.hasPrefix("@")
        let name = abstract ? String(address.dropFirst()) : address
        let fd = try makeSocket(path: name, type: SOCK_DGRAM, nonBlocking: false)
        var size = sendBufferBytes
        _ = try? Syscall.retrying("setsockopt") {
            Glibc.setsockopt(fd.rawValue, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        do {
            try withAddress(name, abstract: abstract) { (address, length) throws(SystemError) in
                _ = try Syscall.retrying("connect", path: name) { Glibc.connect(fd.rawValue, address, length) }
            }
        } catch {
            try? fd.close()
            throw error
        }
        return fd
    }

    /// What sits at a socket path.
    package enum Occupant: Equatable {
        /// Nothing: the path does not exist.
        case none
        /// A socket file nobody listens on, left behind by a process that died.
        case staleSocket
        /// A process accepts connections there.
        case liveSocket
        /// Something that is not a socket.
        case notASocket
    }

    /// Finds out whether `path` is free, a stale socket that may be replaced, or in use.
    package static func probe(_ path: String) throws(SystemError) -> Occupant {
        guard let info = try Syscall.lstat(path) else { return .none }
        guard info.type == .socket else { return .notASocket }
        do {
            let fd = try connect(to: path)
            try? fd.close()
            return .liveSocket
        } catch  where error.errno == .connectionRefused || error.errno == .noSuchFileOrDirectory {
            return .staleSocket
        }
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    ///
    /// - Returns: The connection, or `nil` when none is pending.
    package static func accept(_ listener: FileDescriptor) throws(SystemError) -> FileDescriptor? {
        do {
            let raw = try Syscall.retrying("accept4") { CPaceSystem_accept_nonblocking(listener.rawValue) }
            return FileDescriptor(rawValue: raw)
        } catch  where error.errno == .wouldBlock || error.errno == .resourceTemporarilyUnavailable {
            return nil
        }
    }

    /// The peer's pid, uid and gid as the kernel recorded them at `connect`.
    package static func peerCredentials(_ fd: FileDescriptor) throws(SystemError) -> PeerCredentials {
        var credentials = PeerCredentials(pid: 0, uid: 0, gid: 0)
        _ = try Syscall.retrying("getsockopt(SO_PEERCRED)") {
            CPaceSystem_peer_credentials(fd.rawValue, &credentials.pid, &credentials.uid, &credentials.gid)
        }
        return credentials
    }

    /// Whether the peer has yet to read some of what was sent on `fd` (`ioctl(SIOCOUTQ)`): a reader that keeps up
    /// has read everything the moment it waits for more.
    /// - Throws: ``SystemError`` from `ioctl`.
    package static func hasUnreadOutput(_ fd: FileDescriptor) throws(SystemError) -> Bool {
        try Syscall.retrying("ioctl(SIOCOUTQ)") { CPaceSystem_unread_output(fd.rawValue) } > 0
    }

    /// Sends what `bytes` holds, or as much of it as the socket takes now (`send(2)` with `MSG_NOSIGNAL`: a peer
    /// that hung up is `EPIPE`, never a `SIGPIPE`).
    ///
    /// - Returns: How many bytes were sent.
    /// - Throws: ``SystemError``; `EAGAIN` when a non-blocking socket takes nothing now.
    package static func send(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        try Syscall.retrying("send") { Glibc.send(fd.rawValue, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Receives what the socket has, up to `buffer`'s size (`recv(2)`).
    ///
    /// - Returns: How many bytes arrived; 0 when the peer finished sending.
    /// - Throws: ``SystemError``; `EAGAIN` when a non-blocking socket has nothing now.
    package static func receive(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer)
        throws(SystemError) -> Int
    {
        try Syscall.retrying("recv") { Glibc.recv(fd.rawValue, buffer.baseAddress, buffer.count, 0) }
    }

    /// Receives one message of a `SOCK_SEQPACKET` (or datagram) socket without waiting: `recv(2)` with
    /// `MSG_DONTWAIT | MSG_TRUNC`.
    ///
    /// - Returns: The message's whole length: more than `buffer.count` when it did not fit (the rest of it is
    ///   dropped); 0 for an empty message or, once the peer has closed its end and everything was read, the end
    ///   (``peerHasHungUp(_:)`` tells them apart); `nil` when no message is waiting.
    /// - Throws: ``SystemError`` (`ECONNRESET` and the like: the socket is done).
    package static func receiveMessage(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer)
        throws(SystemError) -> Int?
    {
        do {
            return try Syscall.retrying("recv") {
                Glibc.recv(fd.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC))
            }
        } catch  where error.errno == .wouldBlock || error.errno == .resourceTemporarilyUnavailable {
            return nil
        }
    }

    /// Whether the peer of a connected socket has closed its end (`poll(2)` reports `POLLHUP`), so that a read of
    /// nothing is the end, not an empty message.
    package static func peerHasHungUp(_ fd: FileDescriptor) -> Bool {
        var entry = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
        guard (try? Syscall.retrying("poll") { Glibc.poll(&entry, 1, 0) }) == 1 else { return false }
        return entry.revents & Int16(POLLHUP | POLLERR) != 0
    }

    /// Sets the send and receive timeouts of a blocking socket (`SO_SNDTIMEO`, `SO_RCVTIMEO`).
    package static func setTimeout(_ fd: FileDescriptor, milliseconds: Int) throws(SystemError) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        for option in [SO_SNDTIMEO, SO_RCVTIMEO] {
            _ = try Syscall.retrying("setsockopt") { Glibc.setsockopt(fd.rawValue, SOL_SOCKET, option, &value, size) }
        }
    }

    private static func makeSocket(path: String, type kind: __socket_type = SOCK_STREAM, nonBlocking: Bool)
        throws(SystemError) -> FileDescriptor
    {
        guard path.utf8.count <= maximumPathLength else {
            throw SystemError("socket", errno: .fileNameTooLong, path: path)
        }
        var type = Int32(kind.rawValue | SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let raw = try Syscall.retrying("socket", path: path) { Glibc.socket(AF_UNIX, type, 0) }
        return FileDescriptor(rawValue: raw)
    }

    /// `path` as a `sockaddr_un`; with `abstract`, an abstract name: after a NUL, its length saying where it ends
    /// (a path ends with a NUL instead, so both are one byte longer than their text).
    private static func withAddress(
        _ path: String, abstract: Bool = false,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> Void
    ) throws(SystemError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[(abstract ? 1 : 0)...]).copyBytes(from: path.utf8)
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + path.utf8.count + 1)
        try withUnsafePointer(to: &address) { (pointer) throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (raw) throws(SystemError) in
                try body(raw, length)
            }
        }
    }
}
