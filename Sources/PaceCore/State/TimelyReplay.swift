/// Replay's time rules: a fold of the log's events, in log order, that no event stamped by a wrong clock can pin in
/// the future.
///
/// The log is in time order but for the wall clock's mistakes, and the state never lets the current day move
/// backwards; so an event stamped a year ahead, folded where it stands, would make its day the current day and put
/// every event recorded after it there. Two rules keep that from happening, both relative to the time only:
///
/// - **The horizon** (``TrustedTime/horizon(atElapsed:)``: the time plus ``TrustedTime/toleranceSeconds``): an event
///   stamped past it is left out, and stays in the log; a replay once its time has come folds it in.
/// - **Out of order** (``outOfOrder(_:horizon:)``): the fewest events that break the log's time order (of equally
///   few, those with the earlier stamps) are held back and folded where their times fall, just before the first
///   later event not earlier than them by more than the tolerance, or at the end. One stamped late (a clock that was
///   ahead) so lands on its own day, and the days in between keep their own events; one stamped early (a clock that
///   was behind) is folded where it stands, on the current day. Nothing is dropped.
///
/// Which events are out of order is known only with the whole log: ``add(_:outOfOrder:)`` reports ``isOutOfOrder``
/// when it folded an event more than the tolerance later than one after it, and the replay is then made again from
/// the start with the stamps known. (The event validator checks values whatever the time; these rules are
/// separate, and come after it.)
package struct TimelyReplay {
    /// The state so far.
    package private(set) var state: PaceState
    /// Events stamped after it are left out.
    package let horizon: Instant
    /// Events folded so far.
    package private(set) var folded = 0
    /// Whether an event was folded that a later one contradicts by more than the tolerance: the replay must be made
    /// again with ``outOfOrder(_:horizon:)``.
    package private(set) var isOutOfOrder = false
    /// Events held back, earliest first.
    private var held: [Event] = []

    /// A replay onto `state` (empty, or a snapshot's) that leaves out events stamped after `horizon`.
    package init(onto state: PaceState, horizon: Instant) {
        self.state = state
        self.horizon = horizon
    }

    /// Folds `event`, the next in log order, or holds it back.
    /// - Parameter outOfOrder: Whether it breaks the log's time order (``outOfOrder(_:horizon:)``).
    /// - Throws: ``Event/OutOfRange`` for an event outside ``EventRanges``, which is neither folded nor held.
    package mutating func add(_ event: Event, outOfOrder: Bool = false) throws(Event.OutOfRange) {
        try event.validate()
        let tolerance = TrustedTime.toleranceSeconds
        release(upTo: min(event.at.adding(seconds: tolerance), horizon))
        if outOfOrder || event.at > horizon {
            let index = held.partitioningIndex { $0.at > event.at }
            held.insert(event, at: index)
            return
        }
        if let last = state.lastEventAt, event.at.adding(seconds: tolerance) < last { isOutOfOrder = true }
        try state.apply(event)
        folded += 1
    }

    /// Ends the replay: folds what was held back and is due by the horizon.
    /// - Returns: The events left out, stamped past the horizon, earliest first.
    package mutating func finish() -> [Event] {
        release(upTo: horizon)
        return held
    }

    /// For each of `stamps`, in log order: whether it breaks the time order, that is, is not in the longest run of
    /// the stamps no later than `horizon` that is in order (stamps past the horizon are out anyway). Of equally long
    /// runs the one with the later stamps is kept, so that of an event stamped a year ahead and one stamped right
    /// after it, the one stamped ahead is held back while it is past the horizon, and the other folded.
    ///
    /// O(n log n): the longest run found from the end, as each run's earliest stamp is what a stamp before it must
    /// not exceed.
    package static func outOfOrder(_ stamps: [Instant], horizon: Instant) -> [Bool] {
        // heads[k]: the index that begins the run of length k + 1 with the latest first stamp found so far; the
        // stamps at heads never increase with k.
        var heads: [Int] = []
        var following = [Int](repeating: -1, count: stamps.count)
        for index in stamps.indices.reversed() where stamps[index] <= horizon {
            let stamp = stamps[index]
            // The first run whose head is earlier than this stamp: this stamp can begin a run one longer than the
            // runs before it.
            let length = heads.partitioningIndex { stamps[$0] < stamp }
            following[index] = length > 0 ? heads[length - 1] : -1
            if length == heads.count { heads.append(index) } else { heads[length] = index }
        }
        var result = [Bool](repeating: true, count: stamps.count)
        var index = heads.last ?? -1
        while index >= 0 {
            result[index] = false
            index = following[index]
        }
        return result
    }

    /// Folds the events held back that are stamped no later than `limit`, earliest first.
    private mutating func release(upTo limit: Instant) {
        var count = 0
        while count < held.count, held[count].at <= limit {
            // Checked when it was held back (``add(_:outOfOrder:)``), so `apply` takes it.
            try? state.apply(held[count])
            count += 1
        }
        held.removeFirst(count)
        folded += count
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array in which every element that does follows
    /// every element that does not (binary search).
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
