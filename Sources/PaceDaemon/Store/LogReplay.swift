package import PaceCore
package import PaceLog
import PaceSystem
import Synchronization

/// Rebuilding state from the log: every record read, decoded and applied, as at start-up.
///
/// It is the whole of what the daemon does before `READY=1` besides loading a snapshot, in one place, so the
/// benchmark (`make bench`) times exactly this.
package enum LogReplay {
    /// What a replay did.
    package struct Outcome {
        /// Events decoded and applied.
        package var replayed = 0
        /// Records that are not events this Pace understands, or events with a value outside `EventRanges`
        /// (skipped, and kept in the log).
        package var skipped = 0
        /// Events stamped after the horizon (left out of the state, and kept in the log), earliest first.
        package var ahead: [Event] = []
        /// Whether events out of time order made the replay start again from the beginning of the log (without the
        /// snapshot it was given).
        package var fromBeginning = false
        /// Why reading stopped before the end of the log, if it did.
        package var readError: LogError?
    }

    /// Why a record was skipped.
    package enum Skip: Error, CustomStringConvertible {
        /// The payload is not an event this Pace understands (damaged, or from a newer Pace).
        case unreadable(any Error)
        /// An event with a value outside `EventRanges`: written by a Pace that did not check it, or planted.
        case outOfRange(Event.OutOfRange)

        package var description: String {
            switch self {
            case .unreadable(let error): "not a Pace event: \(error)"
            case .outOfRange(let error): "an event with a value out of range: \(error)"
            }
        }
    }

    /// Takes every event in `log` from `position` on into `ledger` (``Ledger``), which folds them in the record's
    /// order; a record that is not an event this Pace understands, or an event with a value out of range, is
    /// skipped (never applied, never fatal). Events without an id (written before ids) get the one derived from
    /// their place and bytes (``EventID/derived(at:occurrence:content:)``).
    ///
    /// Events are taken in in log order on the calling thread; reading records (framing and checksum) and decoding
    /// them, most of a replay's work, is shared with a second thread where there is a second processor, a batch at
    /// a time: while the calling thread takes in one batch, the other reads the batch after the next, and both
    /// decode the next.
    ///
    /// When an event belongs before what the ledger can fold in place (a log that is out of order by more than
    /// ``Ledger/keptCheckpoints`` weeks: an import of old history, a clock that was far behind), the whole log is
    /// read again into memory and sorted (``Ledger/init(settings:sorting:)``), without the snapshot it began from.
    ///
    /// - Parameters:
    ///   - horizon: Events stamped after it are left out; `nil` takes in every one.
    ///   - batchSize: Records read before they are decoded (tests make it small, to cross batches quickly).
    ///   - skipped: Called for each record skipped, with its position and the reason.
    package static func replay(
        _ log: EventLog, from position: LogPosition = .beginning, into ledger: inout Ledger,
        upTo horizon: Instant? = nil, batchSize: Int = Batch.size,
        skipped: (LogPosition, Skip) -> Void = { _, _ in }
    ) -> Outcome {
        precondition(batchSize > 0, "a replay reads at least one record at a time")
        let horizon = horizon ?? Instant(millisecondsSinceEpoch: .max)
        var ahead: [Event] = []
        var sortingNeeded = false
        var skips: [(LogPosition, Skip)] = []
        let take = { (event: Event) in
            guard !sortingNeeded else { return }
            // `header.at`, not `at`: the header's fields as the event's own go through a key path at run time here.
            if event.header.at > horizon {
                ahead.append(event)
            } else if ledger.add(event, settling: false) == .needsRebuild {
                sortingNeeded = true
            }
        }
        // Once sorting is needed the rest of this reading counts for nothing: it stops (a large import of old
        // events would otherwise be decoded twice).
        var outcome = forEachEvent(
            in: log, from: position, batchSize: batchSize, skipped: { skips.append(($0, $1)) },
            until: { sortingNeeded }, take)
        if sortingNeeded {
            // Read again from the beginning (a snapshot stands for events this needs one by one); the ledger begun
            // is dropped first, and the pages it and the reading took given back, so they are not in memory
            // beside every event.
            let (settings, recentFrom) = (ledger.settings, ledger.recentFrom)
            ledger = Ledger(settings: settings, recentFrom: recentFrom)
            Heap.releaseFreePages()
            var events: [Event] = []
            // Room for every record at once: grown by doubling, the array would be in memory twice at the last step.
            events.reserveCapacity(log.recordCount)
            ahead = []
            outcome = forEachEvent(in: log, from: .beginning, batchSize: batchSize, skipped: skipped) { event in
                if event.header.at > horizon { ahead.append(event) } else { events.append(event) }
            }
            ledger = Ledger(settings: settings, sorting: events, recentFrom: recentFrom)
            outcome.replayed = events.count
            outcome.fromBeginning = true
        } else {
            for (position, skip) in skips { skipped(position, skip) }
            ledger.settle()
            outcome.replayed -= ahead.count
        }
        ahead.sort { EventKey($0) < EventKey($1) }
        outcome.ahead = ahead
        return outcome
    }

    /// Decodes every record from `position` on and hands each event to `body` in log order; a record that does not
    /// decode, or whose event has a value out of range (`Event.validate()`), is skipped. Reading stops early,
    /// between batches, once `done` says so.
    private static func forEachEvent(
        in log: EventLog, from position: LogPosition, batchSize: Int,
        skipped: (LogPosition, Skip) -> Void = { _, _ in }, until done: () -> Bool = { false },
        _ body: (Event) -> Void
    ) -> Outcome {
        var outcome = Outcome()
        var occurrences = EventOccurrences()
        var reading = Reading(reader: log.reader(from: position), batchSize: batchSize)
        var decoded: Batch.Decoded?
        var records = reading.next()
        while !records.isEmpty && !done() {
            let batch = Batch(records)
            let previous = decoded
            if ForkJoin.hasSecondProcessor && records.count > Batch.chunk {
                // The other thread reads the next batch (framing and checksums) and then decodes this one, while
                // this one takes in the batch before and then decodes what is left of this one: the thread that
                // takes events in, in order, the one that cannot be shared, does nothing else that can be. Should
                // the other thread not have begun by then (a busy processor), this one reads instead of waiting.
                let ahead = Ahead(reading)
                let (theirs, ours) = ForkJoin.run(
                    {
                        ahead.read()
                        return batch.decode()
                    },
                    while: {
                        if let previous { hand(previous, to: body, &outcome, &occurrences, skipped) }
                        let ours = batch.decode()
                        ahead.read()
                        return ours
                    })
                decoded = Batch.Decoded(batch: batch, chunks: theirs + ours)
                (reading, records) = ahead.result()
            } else {
                if let previous { hand(previous, to: body, &outcome, &occurrences, skipped) }
                decoded = Batch.Decoded(batch: batch, chunks: batch.decode())
                records = reading.next()
            }
        }
        if let decoded, !done() { hand(decoded, to: body, &outcome, &occurrences, skipped) }
        outcome.readError = reading.error
        return outcome
    }

    /// The next batch, read by whichever of the two threads comes to it first.
    private final class Ahead: Sendable {
        /// The reading before the batch is read, then after it with the batch's records.
        private let state: Mutex<(reading: Reading, records: [LogRecord]?)>

        init(_ reading: Reading) { state = Mutex((reading, nil)) }

        /// Reads the batch, unless it has been read.
        func read() {
            state.withLock { state in
                guard state.records == nil else { return }
                state.records = state.reading.next()
            }
        }

        /// The reading after the batch, and its records (once both threads are done).
        func result() -> (Reading, [LogRecord]) {
            state.withLock { ($0.reading, $0.records ?? []) }
        }
    }

    /// The log read a batch of records at a time, by whichever thread reads the next batch.
    private struct Reading: Sendable {
        var reader: LogReader
        let batchSize: Int
        /// Whether the last record has been read, or reading failed.
        var finished = false
        /// Why reading stopped before the end of the log, if it did.
        var error: LogError?

        /// The next batch's records (framing and checksum checked); none after the last.
        mutating func next() -> [LogRecord] {
            var records: [LogRecord] = []
            guard !finished else { return records }
            records.reserveCapacity(batchSize)
            do {
                while records.count < batchSize, let record = try reader.next() { records.append(record) }
                finished = records.count < batchSize
            } catch {
                self.error = error
                finished = true
            }
            return records
        }
    }

    /// Hands a decoded batch's events to `body` in log order, each with its id (derived for one written without).
    private static func hand(
        _ decoded: Batch.Decoded, to body: (Event) -> Void, _ outcome: inout Outcome,
        _ occurrences: inout EventOccurrences, _ skipped: (LogPosition, Skip) -> Void
    ) {
        for chunk in decoded.chunks.sorted(by: { $0.start < $1.start }) {
            for offset in chunk.events.indices {
                let skip: Skip
                switch chunk.events[offset] {
                case .success(var event):
                    // Every decoded event takes its place among the occurrences, in range or not (as ever).
                    event.header.id = occurrences.id(of: event) { chunk.hashes[offset] }
                    if let error = chunk.outOfRange[offset] {
                        skip = .outOfRange(error)
                    } else {
                        body(event)
                        outcome.replayed += 1
                        continue
                    }
                case .failure(let error):
                    skip = .unreadable(error)
                }
                outcome.skipped += 1
                skipped(decoded.batch.records[chunk.start + offset].position, skip)
            }
        }
    }

    /// Records read from the log, decoded by whichever thread claims each chunk of them first.
    package final class Batch: Sendable {
        /// Records a batch holds at most: about 1.6 MB of decoded events, a few milliseconds of work.
        package static let size = 8_192
        /// Records a thread claims at a time.
        static let chunk = 256

        /// A run of decoded records, from `start` in the batch.
        struct Chunk: Sendable {
            var start: Int
            var events: [Result<Event, any Error>]
            /// ``EventID/contentHash(_:)`` of each record's bytes, for the ids of events written without one.
            var hashes: [UInt64]
            /// Why an event decoded is out of range (`Event.validate()`), by its offset in the chunk: checked by the
            /// thread that decoded it, not by the one that takes the events in.
            var outOfRange: [Int: Event.OutOfRange] = [:]
        }

        /// A batch and its chunks, in the order they were decoded.
        struct Decoded {
            var batch: Batch
            var chunks: [Chunk]
        }

        let records: [LogRecord]
        /// The first record no thread has claimed yet.
        private let claimed = Atomic(0)

        init(_ records: [LogRecord]) { self.records = records }

        /// Decodes chunks until every chunk of the batch has been claimed.
        @Sendable func decode() -> [Chunk] {
            var chunks: [Chunk] = []
            while true {
                let start = claimed.wrappingAdd(Self.chunk, ordering: .relaxed).oldValue
                guard start < records.count else { return chunks }
                let slice = records[start..<min(start + Self.chunk, records.count)]
                var chunk = Chunk(start: start, events: [], hashes: [])
                chunk.events.reserveCapacity(slice.count)
                chunk.hashes.reserveCapacity(slice.count)
                for record in slice {
                    do {
                        let event = try EventCodec.decode(record.payload)
                        chunk.hashes.append(event.header.id == nil ? EventID.contentHash(record.payload) : 0)
                        do throws(Event.OutOfRange) {
                            try event.validate()
                        } catch {
                            chunk.outOfRange[chunk.events.count] = error
                        }
                        chunk.events.append(.success(event))
                    } catch {
                        chunk.hashes.append(0)
                        chunk.events.append(.failure(error))
                    }
                }
                chunks.append(chunk)
            }
        }
    }
}

extension LogReplay {
    /// Replays all of `log` with the built-in settings, for what it skips (`paced --check-log`): whether an event
    /// is applied does not depend on the settings.
    package static func check(_ log: EventLog, skipped: (LogPosition, Skip) -> Void) -> Outcome {
        var ledger = Ledger(settings: PaceSettings())
        return replay(log, into: &ledger, skipped: skipped)
    }

    /// Every event of `log`, each with its id (derived for one written without), in log order; records that are
    /// not events, or events out of range, left out. For reading whole logs: import's "already here", the search
    /// for an event older than the ledger's window.
    package static func events(of log: EventLog, from position: LogPosition = .beginning) -> [Event] {
        var events: [Event] = []
        _ = forEachEvent(in: log, from: position, batchSize: Batch.size) { events.append($0) }
        return events
    }

    /// The event in one record's payload, decoded as replay decodes it.
    /// - Throws: `DecodingError` for bytes that are not a Pace event.
    package static func decode(_ payload: some Collection<UInt8>) throws -> Event {
        try EventCodec.decode(payload)
    }
}
