/// Replay's time rules: a fold of the log's events, in log order, that no event stamped by a wrong clock can pin in
/// the future.
///
/// The log is in time order but for the wall clock's mistakes, and the state never lets the current day move
/// backwards; so an event stamped a year ahead, folded where it stands, would make its day the current day and put
/// every event recorded after it there. Two rules keep that from happening, both relative to the time only:
///
/// - **The horizon** (``TrustedTime/horizon(atElapsed:)``: the time plus ``TrustedTime/toleranceSeconds``): an event
///   stamped past it is left out, and stays in the log; a replay once its time has come folds it in.
/// - **Out of order**: an event stamped more than the tolerance after some event recorded later
///   (``contradicted(_:)``: the clock went back past it) is held back and folded where its time falls, just
///   before the first later event that is not earlier than it by more than the tolerance, or at the end. Nothing
///   is dropped; a stamp that was wrong lands on its own day, and the days between keep their own events.
///
/// Which events are out of order is known only with the whole log: ``add(_:contradicted:)`` reports
/// ``isOutOfOrder`` when it folded an event that a later one contradicts, and the replay is then made again from
/// the start with the stamps known. (The event validator checks values whatever the time; these rules are separate,
/// and come after it.)
package struct TimelyReplay {
    /// The state so far.
    package private(set) var state: PaceState
    /// Events stamped after it are left out.
    package let horizon: Instant
    /// Events folded so far.
    package private(set) var folded = 0
    /// Whether an event was folded that a later one contradicts: the replay must be made again with
    /// ``contradicted(_:)``.
    package private(set) var isOutOfOrder = false
    /// Events held back, earliest first.
    private var held: [Event] = []

    /// A replay onto `state` (empty, or a snapshot's) that leaves out events stamped after `horizon`.
    package init(onto state: PaceState, horizon: Instant) {
        self.state = state
        self.horizon = horizon
    }

    /// Folds `event`, the next in log order, or holds it back.
    /// - Parameter contradicted: Whether an event recorded later is stamped earlier by more than the tolerance.
    package mutating func add(_ event: Event, contradicted: Bool = false) {
        let tolerance = TrustedTime.toleranceSeconds
        release(upTo: min(event.at.adding(seconds: tolerance), horizon))
        if contradicted || event.at > horizon {
            let index = held.partitioningIndex { $0.at > event.at }
            held.insert(event, at: index)
            return
        }
        if let last = state.lastEventAt, event.at.adding(seconds: tolerance) < last { isOutOfOrder = true }
        state.apply(event)
        folded += 1
    }

    /// Ends the replay: folds what was held back and is due by the horizon.
    /// - Returns: The events left out, stamped past the horizon, earliest first.
    package mutating func finish() -> [Event] {
        release(upTo: horizon)
        return held
    }

    /// For each of `stamps`, in log order: whether an event recorded later is stamped earlier than it by more than
    /// ``TrustedTime/toleranceSeconds``.
    package static func contradicted(_ stamps: [Instant]) -> [Bool] {
        var result = [Bool](repeating: false, count: stamps.count)
        var earliestLater: Instant?
        for index in stamps.indices.reversed() {
            if let earliestLater, stamps[index] > earliestLater.adding(seconds: TrustedTime.toleranceSeconds) {
                result[index] = true
            }
            earliestLater = min(earliestLater ?? stamps[index], stamps[index])
        }
        return result
    }

    /// Folds the events held back that are stamped no later than `limit`, earliest first.
    private mutating func release(upTo limit: Instant) {
        var count = 0
        while count < held.count, held[count].at <= limit {
            state.apply(held[count])
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
