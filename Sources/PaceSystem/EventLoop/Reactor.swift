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

    /// The watches in the epoll set, kept alive while there; their address is their token (0 is the loop's own
    /// wakeup descriptor), so a ready descriptor finds its handler without a lookup.
    private var watches: [ObjectIdentifier: IOWatch] = [:]
    /// Watches cancelled while a batch of ready descriptors is dispatched: the batch may still name them, so they
    /// live until it is done.
    private var cancelled: [IOWatch] = []
    private var nextTimerID: UInt64 = 1
    private var deadlines = HeapModule.Heap<Deadline>()
    private var armed: [UInt64: LoopTimer] = [:]
    private var queued: [@DaemonActor () -> Void] = []

    private init() {}

    // MARK: - Descriptors

    /// Keeps `watch` alive while it is in the epoll set.
    /// - Returns: Its token for `epoll_ctl`.
    func register(_ watch: IOWatch) -> UInt64 {
        watches[ObjectIdentifier(watch)] = watch
        return UInt64(UInt(bitPattern: Unmanaged.passUnretained(watch).toOpaque()))
    }

    /// `watch` left the epoll set; it lives until the batch being dispatched (if any) is done.
    func unregister(_ watch: IOWatch) {
        guard let watch = watches.removeValue(forKey: ObjectIdentifier(watch)) else { return }
        cancelled.append(watch)
    }

    /// Runs the handler of the watch whose token is `token` (a cancelled one does nothing).
    func dispatch(token: UInt64, events: IOEvents) {
        guard let address = UnsafeRawPointer(bitPattern: UInt(token)) else { return }
        Unmanaged<IOWatch>.fromOpaque(address).takeUnretainedValue().ready(events)
    }

    /// A batch of ready descriptors was dispatched: the watches cancelled meanwhile may go.
    func batchDone() {
        if !cancelled.isEmpty { cancelled.removeAll() }
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
