/// The record: every event folded in one order (``EventKey``), whatever order the events arrive in, so that the
/// state is a function of the *set* of events (docs/events.md, "The record contract").
///
/// Events arrive in time order nearly always, and each is then folded onto the state at once. One that belongs
/// earlier (a start given with `--at` after a check-in, an import, a correction of last week) makes the ledger
/// fold again from the last **checkpoint** before it: a copy of the state taken when the fold entered each new
/// week, kept for the last ``keptCheckpoints`` weeks, with the events since (the **window**). Something earlier
/// than the oldest checkpoint cannot be folded here: ``add(_:)`` says so (``Outcome/needsRebuild``), and the
/// daemon rebuilds the ledger from the whole log (``init(settings:sorting:)``), which sorts every event.
///
/// Corrections (``Corrections``) are taken in as they come; the fold sees each event as they leave it (taken back,
/// amended, or as it was). Events are unique by id: the second copy of an id in the window is left out (and one
/// older than the window makes a rebuild, which leaves out every second copy).
package struct Ledger: Sendable {
    /// The state: the fold of every event taken in.
    package private(set) var state: PaceState
    /// The corrections taken in.
    package private(set) var corrections = Corrections()
    /// State copies, oldest first: each the fold of every event before its boundary.
    private var checkpoints: [Checkpoint] = []
    /// The events from the oldest checkpoint's boundary on, as they arrived (corrections among them).
    private var window: [Event] = []
    private var windowIDs: Set<EventID> = []
    /// The key of the last event folded.
    private var lastKey: EventKey?
    /// The earliest key that has changed since the state was last folded, if any (see ``settle()``).
    private var dirtyFrom: EventKey?
    /// Events from here on get weekly checkpoints and a place in the window; `nil`: every event does. The daemon
    /// sets it a few weeks before now, so that a replay of years copies no state for weeks nobody corrects in
    /// place (an earlier event makes a rebuild, as one before the oldest checkpoint does).
    package var recentFrom: Instant?

    /// How many weekly checkpoints are kept: corrections and late events up to five weeks back (35 days at least,
    /// so a month always) are folded in place; earlier ones make a rebuild from the log. Each week kept holds its
    /// events in memory (the window) for as long as the daemon runs.
    package static let keptCheckpoints = 6
    /// Most events the window holds, whatever the weeks: a very dense log keeps fewer weeks.
    package static let windowLimit = 100_000

    struct Checkpoint: Sendable {
        /// Events with a key from here on are not in `state`; `nil` for the empty state before everything.
        var boundary: EventKey?
        var week: Int64
        var state: PaceState
    }

    /// What ``add(_:)`` did with an event.
    package enum Outcome: Sendable, Equatable {
        /// Taken in (and folded, unless a ``settle()`` is pending).
        case added
        /// An event with that id is in the window already: left out.
        case duplicate
        /// It belongs before the oldest checkpoint: nothing was changed; rebuild from every event.
        case needsRebuild
    }

    /// An empty record.
    /// - Parameter recentFrom: Only events from then on can be folded again in place (``recentFrom``).
    package init(settings: PaceSettings, recentFrom: Instant? = nil) {
        state = PaceState(settings: settings)
        self.recentFrom = recentFrom
    }

    /// The record of `events` (each with its id), in whatever order: every id taken once (the first copy), every
    /// event folded in key order. Used at start-up when the log is out of order by more than the window, and
    /// whenever ``add(_:)`` asks for a rebuild.
    package init(settings: PaceSettings, sorting events: [Event], recentFrom: Instant? = nil) {
        self.init(settings: settings, recentFrom: recentFrom)
        // The events stay where they are; only their keys and places are sorted (a large import: one copy of the
        // events in memory, not three).
        var seen: Set<EventID> = []
        seen.reserveCapacity(events.count)
        var places: [Int] = []
        places.reserveCapacity(events.count)
        for (place, event) in events.enumerated() {
            guard let id = event.header.id, seen.insert(id).inserted else { continue }
            corrections.add(event)
            places.append(place)
        }
        seen = []
        let keys = places.map { place in
            let event = events[place]
            return corrections.effective(event).map(EventKey.init) ?? EventKey(event)
        }
        var order = Array(keys.indices)
        order.sort { keys[$0] < keys[$1] }
        for index in order {
            let raw = events[places[index]]
            if let effective = corrections.effective(raw) { fold(effective, key: keys[index]) }
            if !checkpoints.isEmpty {
                window.append(raw)
                windowIDs.insert(keys[index].id)
            }
        }
        state.judgeAgain()
    }

    /// The settings the state was built with.
    package var settings: PaceSettings { state.settings }

    /// The earliest instant an event may have and still be folded here without a rebuild; `nil` when any may.
    package var foldableFrom: Instant? {
        checkpoints.first?.boundary?.at
    }

    /// The events of the window that are not corrections, as the fold sees them (taken back: left out), with
    /// their keys, in key order: what `pace events` and `pace undo` look at.
    package var recentEvents: [Event] {
        window.compactMap { $0.isCorrection ? nil : corrections.effective($0) }.sorted {
            EventKey($0) < EventKey($1)
        }
    }

    /// The events of the window as they arrived, corrections among them: where `pace delete`, `pace edit` and
    /// `pace undo` look for the event an id names.
    package var windowEvents: [Event] { window }

    /// Gives back what growing the window left spare: after a replay its array has up to twice the room it needs,
    /// for as long as the daemon runs.
    package mutating func compact() {
        guard window.capacity > window.count + window.count / 8 else { return }
        window = window.withUnsafeBufferPointer { Array($0) }
    }

    /// Takes in `event` (which has its id) and folds it, or folds again from the checkpoint before it.
    ///
    /// - Parameter settling: Fold at once; `false` leaves a fold from an earlier point to ``settle()`` (replay
    ///   takes in a whole log before it folds again, once).
    /// - Returns: What it did; after ``Outcome/needsRebuild`` nothing changed.
    @discardableResult
    package mutating func add(_ event: Event, settling: Bool = true) -> Outcome {
        guard let id = event.header.id else { return .needsRebuild }
        if windowIDs.contains(id) { return .duplicate }
        let rawKey = EventKey(event)
        // Nearly every event: after the last one, and nothing corrects it. Folded as it is (no copy of it made).
        if dirtyFrom == nil, !event.isCorrection, lastKey.map({ rawKey > $0 }) ?? true,
            checkpoints.isEmpty || (checkpoints[0].boundary.map { rawKey >= $0 } ?? true), !corrections.changes(event)
        {
            foldInOrder(event, key: rawKey, arrived: event)
            return .added
        }
        var earliest = rawKey
        if event.correctionTarget != nil {
            // Where the corrected events are now and will be: `targetAt` says, but only the events themselves
            // know (another device's correction may say wrong). One not in the window: a rebuild decides.
            guard let reach = reach(of: event) else { return .needsRebuild }
            earliest = min(earliest, reach)
        }
        let effective = event.isCorrection ? event : corrections.effective(event)
        let key = effective.map(EventKey.init) ?? rawKey
        earliest = min(earliest, key)
        // Before the oldest checkpoint, or (none taken: events older than ``recentFrom``) before the last event.
        let floor = checkpoints.isEmpty ? lastKey : checkpoints[0].boundary
        if let floor, earliest < floor { return .needsRebuild }
        corrections.add(event)
        if dirtyFrom == nil, !event.isCorrection, let effective, lastKey.map({ key > $0 }) ?? true {
            foldInOrder(effective, key: key, arrived: event)
        } else {
            window.append(event)
            windowIDs.insert(id)
            dirtyFrom = min(dirtyFrom ?? earliest, earliest)
            if settling { settle() }
        }
        return .added
    }

    /// Folds `event` (as the fold sees the event that `arrived`), which comes after everything folded, and keeps
    /// what arrived in the window while checkpoints are kept.
    private mutating func foldInOrder(_ event: Event, key: EventKey, arrived: Event) {
        fold(event, key: key)
        state.judgeAgain()
        guard !checkpoints.isEmpty, let id = arrived.header.id else { return }
        window.append(arrived)
        windowIDs.insert(id)
    }

    /// The earliest key the correction `event` changes: of each event down its chain of targets (a correction of a
    /// correction …), the key it arrived with and its place as the fold sees it before and after `event`; `nil`
    /// when a target is not in the window (older, or not here yet), where only a rebuild knows.
    private func reach(of event: Event) -> EventKey? {
        guard !(checkpoints.isEmpty && lastKey == nil) else { return EventKey.first(at: event.at) }
        var after = corrections
        after.add(event)
        var earliest: EventKey?
        var next = event.correctionTarget?.id
        for _ in 0..<16 {
            guard let id = next else { break }
            guard windowIDs.contains(id), let target = window.first(where: { $0.header.id == id }) else { return nil }
            var keys = [EventKey(target)]
            if let before = corrections.effective(target) { keys.append(EventKey(before)) }
            if let now = after.effective(target) { keys.append(EventKey(now)) }
            for key in keys { earliest = min(earliest ?? key, key) }
            next = target.correctionTarget?.id
        }
        return earliest
    }

    /// Folds again from the last checkpoint before the earliest change, if something changed out of order.
    package mutating func settle() {
        guard let dirty = dirtyFrom else { return }
        dirtyFrom = nil
        let index = checkpoints.lastIndex { $0.boundary.map { $0 <= dirty } ?? true } ?? 0
        guard index < checkpoints.count else {
            // No checkpoint yet: nothing was folded, so everything is in the window.
            refold(from: nil, onto: PaceState(settings: settings))
            return
        }
        let checkpoint = checkpoints[index]
        // The checkpoint stays (its state is the fold of everything before it); the later ones are made again.
        checkpoints.removeSubrange((index + 1)...)
        refold(from: checkpoint.boundary, onto: checkpoint.state)
    }

    private mutating func refold(from boundary: EventKey?, onto start: PaceState) {
        state = start
        lastKey = nil
        // The keys of the events as the fold sees them, with their places in the window, sorted (not the events
        // themselves: moving them costs more than the rest of the sort). The few that corrections change are made
        // as they count; the others are folded as they are.
        // The window as it is now: a checkpoint taken during the fold may trim the window itself (the array is shared,
        // not copied, unless that happens).
        let events = window
        var order: [(key: EventKey, place: Int, changed: Bool)] = []
        order.reserveCapacity(events.count)
        for (place, raw) in events.enumerated() {
            let changed = corrections.changes(raw)
            let key: EventKey
            if changed {
                guard let effective = corrections.effective(raw) else { continue }
                key = EventKey(effective)
            } else {
                key = EventKey(raw)
            }
            if let boundary, key < boundary { continue }
            order.append((key, place, changed))
        }
        order.sort { $0.key < $1.key }
        for (key, place, changed) in order {
            if changed, let effective = corrections.effective(events[place]) {
                fold(effective, key: key)
            } else {
                fold(events[place], key: key)
            }
        }
        state.judgeAgain()
    }

    /// Folds one event, in key order: a checkpoint first when it opens a new week.
    private mutating func fold(_ event: Event, key: EventKey) {
        if recentFrom.map({ event.at >= $0 }) ?? true {
            let week = Self.week(of: event, settings: state.settings)
            // By index: `first` and `last` copy a whole checkpoint (a state) to read one field of it.
            if checkpoints.isEmpty || week > checkpoints[checkpoints.count - 1].week {
                // The empty state, before everything, has no boundary: any event can be folded again onto it.
                let boundary = state.lastEventAt == nil ? nil : key
                checkpoints.append(Checkpoint(boundary: boundary, week: week, state: state.forLedgerCheckpoint()))
                trim()
            }
        }
        // Every event taken in passed the validator; the fold skips none that did. Days a late entry changed are
        // judged again once, when the fold is done (``PaceState/judgeAgain()``).
        try? state.apply(event, deferringJudgement: true)
        lastKey = key
    }

    /// Drops the oldest checkpoints beyond ``keptCheckpoints`` (or while the window is over ``windowLimit``), and
    /// the events before the oldest one kept.
    private mutating func trim() {
        var drop = max(0, checkpoints.count - Self.keptCheckpoints)
        guard drop > 0 || window.count > Self.windowLimit else { return }
        if drop == 0 { drop = min(1, checkpoints.count - 1) }
        guard drop > 0 else { return }
        checkpoints.removeFirst(drop)
        guard let floor = checkpoints.first?.boundary else { return }
        window.removeAll { raw in
            // Kept while it or its corrected place is after the floor: a later correction may bring it back there.
            let key = max(EventKey(raw), corrections.effective(raw).map(EventKey.init) ?? EventKey(raw))
            guard key < floor else { return false }
            if let id = raw.header.id { windowIDs.remove(id) }
            return true
        }
    }

    /// The week (of days since 1970-01-01, Thursdays first) of the pacing day an event falls in.
    private static func week(of event: Event, settings: PaceSettings) -> Int64 {
        floorDivide(settings.dayBoundary.dayNumber(containing: event.at, utcOffsetSeconds: event.utcOffsetSeconds), 7)
    }
}

extension Ledger {
    /// What a snapshot keeps of the record: the oldest checkpoint and the window, so that a start from it can
    /// still fold late events and corrections in place. The state is folded again from them when it is read.
    package struct Saved: Codable, Sendable {
        package var base: PaceState
        package var boundary: EventKey?
        package var week: Int64
        package var window: [Event]
        package var corrections: Corrections
        /// The last key folded: with no checkpoint, nothing before it can be folded in place.
        package var lastKey: EventKey?
    }

    /// A snapshot of `state` alone: no window, so a start from it folds in place only what comes after it.
    package static func alone(_ state: PaceState) -> Saved {
        Saved(
            base: state, boundary: nil, week: .min, window: [], corrections: Corrections(),
            lastKey: state.lastEventAt.map {
                EventKey(at: $0, recordedAt: Instant(millisecondsSinceEpoch: .max), id: .zero)
            })
    }

    /// What a snapshot keeps (after settling).
    package mutating func saved() -> Saved {
        settle()
        let oldest = checkpoints.first
        return Saved(
            base: oldest?.state ?? state, boundary: oldest?.boundary, week: oldest?.week ?? .min,
            window: oldest == nil ? [] : window, corrections: corrections, lastKey: lastKey)
    }

    /// The record a snapshot kept.
    package init(saved: Saved) {
        state = saved.base
        corrections = saved.corrections
        window = saved.window
        windowIDs = Set(saved.window.compactMap(\.header.id))
        lastKey = saved.lastKey
        guard !saved.window.isEmpty || saved.boundary != nil else { return }
        checkpoints = [Checkpoint(boundary: saved.boundary, week: saved.week, state: saved.base)]
        refold(from: saved.boundary, onto: saved.base)
    }
}
