internal import CPaceSystem
import Glibc
import Synchronization
import SystemPackage

/// The daemon's one thread: it waits on every descriptor the daemon watches (sockets, timers, signals, buses) with
/// `epoll`, and runs what they call for, and every Swift job sent to ``DaemonActor``, one at a time.
///
/// One thread that both waits and serves means a request costs one wakeup, not a hop from a waiting thread to a
/// serving one (see docs/performance.md). It is the executor of ``DaemonActor``: everything isolated to that actor
/// runs here, so the compiler, not a run-time check, keeps the daemon's state on one thread.
///
/// Each turn of the loop runs, in order: the Swift jobs sent from anywhere; the work queued with
/// ``DaemonActor/later(_:)`` and the ``LoopTimer``s that are due (``Reactor``); then it waits for descriptors — not
/// at all while work is queued, until the next timer otherwise, for ever when nothing is due — and runs their
/// handlers. An idle loop makes no system call and wakes nobody.
///
/// This type is the one place that cannot be checked by the compiler: it *is* the isolation. Its mutable state is
/// the inbox, behind a mutex, and the thread's identity, set once.
package final class EventLoop: SerialExecutor, @unchecked Sendable {
    /// The loop ``DaemonActor`` runs on, started on a thread of its own the first time it is used.
    ///
    /// A process that handles signals on the loop must block them (``SignalDescriptor/blockInAllThreads(_:)``)
    /// before it first touches this.
    package static let shared: EventLoop = {
        do {
            return try EventLoop()
        } catch {
            fatalError("cannot start the event loop: \(error)")
        }
    }()

    private struct Inbox {
        var jobs: [UnownedJob] = []
        /// The loop is in (or about to enter) `epoll_wait` and must be woken for new jobs.
        var sleeping = false
    }

    fileprivate let epoll: Epoll
    /// An `eventfd` the loop watches with token 0: written to wake the loop for jobs sent from other threads.
    private let wakeup: FileDescriptor
    private let inbox = Mutex(Inbox())
    /// The loop thread's `pthread_t`, 0 until it runs.
    private let thread = Atomic<UInt>(0)

    private init() throws(SystemError) {
        epoll = try Epoll()
        wakeup = FileDescriptor(rawValue: try Syscall.retrying("eventfd") { CPaceSystem_eventfd() })
        try epoll.add(wakeup, .readable, token: 0)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(
            &thread, nil,
            { context in
                let loop = Unmanaged<EventLoop>.fromOpaque(context!).takeRetainedValue()
                loop.run()
            }, context)
        guard result == 0 else {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            throw SystemError("pthread_create", errno: Errno(rawValue: result))
        }
        pthread_detach(thread)
    }

    /// Whether the calling thread is the loop's.
    package var isCurrent: Bool {
        let thread = thread.load(ordering: .acquiring)
        return thread != 0 && pthread_equal(thread, pthread_self()) != 0
    }

    // MARK: - SerialExecutor

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake = inbox.withLock { inbox in
            inbox.jobs.append(job)
            defer { inbox.sleeping = false }
            return inbox.sleeping
        }
        if wake { signalWakeup() }
    }

    package func checkIsolated() {
        precondition(isCurrent, "not on the daemon's event loop thread")
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    // MARK: - The loop

    private func signalWakeup() {
        var one: UInt64 = 1
        _ = try? Syscall.retrying("write(eventfd)") { Glibc.write(wakeup.rawValue, &one, 8) }
    }

    private func drainWakeup() {
        var count: UInt64 = 0
        _ = try? Syscall.retrying("read(eventfd)") { Glibc.read(wakeup.rawValue, &count, 8) }
    }

    private func run() -> Never {
        thread.store(pthread_self(), ordering: .releasing)
        // Only this thread ever touches the buffer; the isolated handlers below run on it too.
        nonisolated(unsafe) let ready = UnsafeMutableBufferPointer<Epoll.Ready>.allocate(capacity: Epoll.batchSize)
        let executor = asUnownedSerialExecutor()
        while true {
            let jobs = inbox.withLock { inbox in
                guard !inbox.jobs.isEmpty else { return [UnownedJob]() }
                defer { inbox.jobs = [] }
                return inbox.jobs
            }
            for job in jobs { job.runSynchronously(on: executor) }
            let timeout = DaemonActor.assumeIsolated { Reactor.shared.runDue() }
            let mayWait = inbox.withLock { inbox in
                inbox.sleeping = inbox.jobs.isEmpty
                return inbox.sleeping
            }
            let count = epoll.wait(into: ready, timeoutMilliseconds: mayWait ? timeout : 0)
            inbox.withLock { $0.sleeping = false }
            guard count > 0 else { continue }
            DaemonActor.assumeIsolated {
                let reactor = Reactor.shared
                for index in 0..<count {
                    let event = ready[index]
                    if event.token == 0 {
                        drainWakeup()
                    } else {
                        reactor.dispatch(token: event.token, events: IOEvents(rawValue: event.events))
                    }
                }
            }
        }
    }
}

extension EventLoop {
    /// Adds, changes or removes a descriptor in the loop's epoll set (for ``IOWatch``).
    @DaemonActor
    func watch(_ fd: FileDescriptor, _ events: IOEvents, token: UInt64, adding: Bool) throws(SystemError) {
        if adding {
            try epoll.add(fd, events, token: token)
        } else {
            try epoll.modify(fd, events, token: token)
        }
    }

    /// Stops watching `fd` (for ``IOWatch``).
    @DaemonActor
    func unwatch(_ fd: FileDescriptor) {
        epoll.remove(fd)
    }
}
