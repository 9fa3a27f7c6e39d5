package import PaceCore
import PaceLog

extension EventStore {
    /// What an import did.
    package struct Imported: Sendable, Equatable {
        /// Events recorded.
        package var imported: Int
        /// Events already in the log (by id), or given twice.
        package var skipped: Int
    }

    /// Records the events of an import that are not in the log yet: a union by id (docs/events.md, "The record
    /// contract"). An event without an id (an export from before ids) gets the id the log reader derives for it,
    /// from its time, its place among the events of that instant in the file, and its bytes, so that events already
    /// here count once.
    ///
    /// A file comes in batches (a message holds at most 64 KiB): with `more`, the ids known and the place in the
    /// file are kept for the next batch, and an event earlier than the ledger can fold in place leaves the fold to
    /// the last batch (one replay of the log for the whole file, not one a batch). Until then the state is as it was
    /// before the import; another change in between folds first, and so does a question once no batch came for
    /// ``ImportSession/patienceSeconds``.
    /// - Returns: What was recorded and what was skipped.
    /// - Throws: ``Refusal``: `outOfRange(index:_:)` with the index in `events`, or `notRecorded`; nothing of this
    ///   batch was recorded.
    package func importEvents(_ events: [Event], more: Bool) throws(Refusal) -> Imported {
        var session =
            importSession ?? ImportSession(ids: knownIDs(), occurrences: EventOccurrences(), lastBatchAt: clock.now())
        importSession = nil
        isImporting = true
        defer { isImporting = false }
        var fresh: [Event] = []
        var positions: [Int] = []
        for (index, event) in events.enumerated() {
            var event = event
            let id = session.occurrences.id(of: event) { EventID.contentHash(EventCodec.encode(event)) }
            event.header.id = id
            guard session.ids.insert(id).inserted else { continue }
            fresh.append(event)
            positions.append(index)
        }
        // The last batch: the ids are not needed by the fold that follows, and take memory beside it.
        if !more { session.ids = [] }
        do {
            try record(fresh, deferringRebuild: more)
        } catch {
            if case .outOfRange(let index, let reason) = error, positions.indices.contains(index) {
                throw .outOfRange(index: positions[index], reason)
            }
            throw error
        }
        if more {
            session.lastBatchAt = clock.now()
            importSession = session
        }
        return Imported(imported: fresh.count, skipped: events.count - fresh.count)
    }

    /// The ids of every event in the log (derived for those written without one).
    private func knownIDs() -> Set<EventID> {
        // The log is read: what waits for its commit goes in first.
        commitPending()
        return Set(LogReplay.events(of: log).compactMap(\.header.id))
    }
}

/// An import that has more batches to come: the ids known so far, the place in the file, and when the last batch
/// came.
struct ImportSession {
    /// How long questions wait for an import's next batch before it is taken as abandoned and folded.
    static let patienceSeconds: Int64 = 5

    var ids: Set<EventID>
    var occurrences: EventOccurrences
    var lastBatchAt: Instant
}
