import HeapModule

/// What the loop runs besides Swift jobs: handlers of ready descriptors (``IOWatch``), ``LoopTimer``s that are
/// due, and work queued with ``DaemonActor/later(_:)``.
@DaemonActor
final class Reactor {
    static let shared = Reactor()

    /// A timer's deadline in the heap; stale once its timer was re-armed or cancelled (``armed`` then lacks
    /// its id or holds another deadline).
    private struct Deadline: Comparable {
        var nanoseconds: Int64
        var id: UInt64

        static func < (lhs: Deadline, rhs: Deadline) -> Bool {
            (lhs.nanoseconds, lhs.id) < (rhs.nanoseconds, rhs.id)
        }
    }

    /// The watches in the epoll set, by the token each was registered with (0 is the loop's own wakeup descriptor).
    ///
    /// Tokens are never reused, and a ready descriptor finds its watch by looking its token up, never by an address
    /// the kernel hands back: a registration can outlive its watch. The kernel keeps a descriptor in the epoll set
    /// until its open file is released, not when the number is closed, so one closed without being removed first
    /// (by a library that owns it, say) while a child process spawned at that moment still holds the file reports
    /// readiness under its old token until the child's exec lets go. Such a token is simply not found.
    private var watches: [UInt64: IOWatch] = [:]
    private var nextToken: UInt64 = 1
    private var nextTimerID: UInt64 = 1
    private var deadlines = HeapModule.Heap<Deadline>()
    private var armed: [UInt64: LoopTimer] = [:]
    private var queued: [@DaemonActor () -> Void] = []
    /// Counts the turns of the loop (see ``DaemonActor/turn``).
    private(set) var turn: UInt64 = 0

    private init() {}

    // MARK: - Descriptors

    /// Keeps `watch` while it is in the epoll set.
    /// - Returns: Its token for `epoll_ctl`, never given out before.
    func register(_ watch: IOWatch) -> UInt64 {
        let token = nextToken
        nextToken += 1
        watches[token] = watch
        return token
    }

    /// The watch with `token` left the epoll set: readiness reported for it from now on is dropped.
    func unregister(token: UInt64) {
        watches[token] = nil
    }

    /// Runs the handler of the watch whose token is `token`, unless it is no longer watched.
    func dispatch(token: UInt64, events: IOEvents) {
        watches[token]?.ready(events)
    }

    // MARK: - Timers

    /// Arms `timer` for `nanoseconds` on `CLOCK_MONOTONIC`.
    /// - Returns: The arming's id; ``disarm(_:)`` takes it.
    func arm(_ timer: LoopTimer, atMonotonicNanoseconds nanoseconds: Int64) -> UInt64 {
        let id = nextTimerID
        nextTimerID += 1
        armed[id] = timer
        deadlines.insert(Deadline(nanoseconds: nanoseconds, id: id))
        return id
    }

    func disarm(_ id: UInt64) {
        armed[id] = nil
        // Stale entries leave the heap as their deadlines come; a heap of nothing but stale ones is emptied.
        if armed.isEmpty { deadlines = HeapModule.Heap() }
    }

    // MARK: - Later

    func queue(_ body: @escaping @DaemonActor () -> Void) {
        queued.append(body)
    }

    // MARK: - A turn of the loop

    /// Runs the work queued so far and the timers due now.
    /// - Returns: How long the loop may wait for descriptors, in milliseconds: 0 when work is queued, until the
    ///   next deadline, or -1 (no limit) when no timer is armed.
    func runDue() -> Int32 {
        turn &+= 1
        if !queued.isEmpty {
            // Work queued while this batch runs waits for the next turn, after the descriptors had theirs.
            let batch = queued
            queued = []
            for body in batch { body() }
        }
        guard !armed.isEmpty else { return queued.isEmpty ? -1 : 0 }
        let now = Clocks.monotonicNanoseconds()
        while let first = deadlines.min, first.nanoseconds <= now {
            deadlines.removeMin()
            guard let timer = armed.removeValue(forKey: first.id) else { continue }
            timer.fire(id: first.id)
        }
        if !queued.isEmpty { return 0 }
        while let first = deadlines.min {
            guard armed[first.id] != nil else {
                deadlines.removeMin()
                continue
            }
            // Rounded up: waking a moment early would only find nothing due and wait again.
            let milliseconds = (first.nanoseconds - Clocks.monotonicNanoseconds() + 999_999) / 1_000_000
            return Int32(clamping: max(milliseconds, 0))
        }
        return -1
    }
}
