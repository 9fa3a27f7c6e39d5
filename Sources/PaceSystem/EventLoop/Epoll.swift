internal import CPaceSystem
import SystemPackage

/// What a descriptor is watched for, or found ready for, in an ``EventLoop`` (the `EPOLL*` bits).
package struct IOEvents: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data (or a connection, or end of stream) can be read (`EPOLLIN`).
    package static let readable = IOEvents(rawValue: UInt32(CPaceSystem_EPOLLIN))
    /// Data can be written without blocking (`EPOLLOUT`).
    package static let writable = IOEvents(rawValue: UInt32(CPaceSystem_EPOLLOUT))
    /// An error is pending on the descriptor (`EPOLLERR`; always reported, never asked for).
    package static let error = IOEvents(rawValue: UInt32(CPaceSystem_EPOLLERR))
    /// The peer hung up (`EPOLLHUP`; always reported, never asked for).
    package static let hangUp = IOEvents(rawValue: UInt32(CPaceSystem_EPOLLHUP))
    /// An error or a hang-up: the descriptor will not be readable or writable as before.
    package static let failure = IOEvents(rawValue: UInt32(CPaceSystem_EPOLLERR | CPaceSystem_EPOLLHUP))
}

/// An `epoll(7)` instance: the kernel's list of descriptors one thread waits on.
struct Epoll: ~Copyable {
    /// One descriptor found ready: its token (given when it was added) and what it is ready for.
    typealias Ready = CPaceSystem_epoll_event

    /// The most events one ``wait(into:timeoutMilliseconds:)`` returns.
    static let batchSize = 64

    let descriptor: FileDescriptor

    /// `epoll_create1(EPOLL_CLOEXEC)`.
    /// - Throws: ``SystemError`` (`EMFILE` when out of descriptors).
    init() throws(SystemError) {
        descriptor = FileDescriptor(rawValue: try Syscall.retrying("epoll_create1") { CPaceSystem_epoll_create() })
    }

    deinit {
        try? descriptor.close()
    }

    /// `epoll_ctl(EPOLL_CTL_ADD)`: reports `fd` as ready for `events` with `token`, level-triggered.
    func add(_ fd: FileDescriptor, _ events: IOEvents, token: UInt64) throws(SystemError) {
        _ = try Syscall.retrying("epoll_ctl(ADD)") {
            CPaceSystem_epoll_control(descriptor.rawValue, 1, fd.rawValue, events.rawValue, token)
        }
    }

    /// `epoll_ctl(EPOLL_CTL_MOD)`: watches `fd` for `events` from now on.
    func modify(_ fd: FileDescriptor, _ events: IOEvents, token: UInt64) throws(SystemError) {
        _ = try Syscall.retrying("epoll_ctl(MOD)") {
            CPaceSystem_epoll_control(descriptor.rawValue, 3, fd.rawValue, events.rawValue, token)
        }
    }

    /// `epoll_ctl(EPOLL_CTL_DEL)`; a descriptor that is no longer watched (or already closed) is not an error.
    func remove(_ fd: FileDescriptor) {
        _ = CPaceSystem_epoll_control(descriptor.rawValue, 2, fd.rawValue, 0, 0)
    }

    /// `epoll_wait(2)`: waits until a descriptor is ready or `timeoutMilliseconds` pass (-1: no limit).
    /// - Returns: How many entries of `ready` were filled; 0 on timeout or when interrupted by a signal.
    func wait(into ready: UnsafeMutableBufferPointer<Ready>, timeoutMilliseconds: Int32) -> Int {
        let count = CPaceSystem_epoll_wait(
            descriptor.rawValue, ready.baseAddress, Int32(min(ready.count, Self.batchSize)), timeoutMilliseconds)
        return max(Int(count), 0)
    }
}
