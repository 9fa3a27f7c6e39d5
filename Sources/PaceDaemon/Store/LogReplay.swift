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

    /// Applies every event in `log` from `position` on to `state`, by replay's time rules (``TimelyReplay``); a
    /// record that is not an event this Pace understands, or an event with a value out of range, is skipped (never
    /// applied, never fatal).
    ///
    /// Records are read (framing and checksum) and applied in log order on the calling thread; decoding them, most
    /// of a replay's work, is shared with a second thread where there is a second processor, a batch at a time:
    /// while the calling thread applies one batch, both decode the next.
    ///
    /// When the log is out of time order by more than a clock may be off (the clock went back past events
    /// recorded before), the replay is made again from the beginning of the log, onto an empty state with
    /// `state`'s settings, with the events out of order known: the log is read three times then, not once.
    ///
    /// - Parameters:
    ///   - horizon: Events stamped after it are left out; `nil` folds in every one.
    ///   - batchSize: Records read before they are decoded (tests make it small, to cross batches quickly).
    ///   - skipped: Called for each record skipped, with its position and the reason.
    package static func replay(
        _ log: EventLog, from position: LogPosition = .beginning, into state: inout PaceState,
        upTo horizon: Instant? = nil, batchSize: Int = Batch.size,
        skipped: (LogPosition, Skip) -> Void = { _, _ in }
    ) -> Outcome {
        precondition(batchSize > 0, "a replay reads at least one record at a time")
        let horizon = horizon ?? Instant(millisecondsSinceEpoch: .max)
        var timely = TimelyReplay(onto: state, horizon: horizon)
        // Reported once the replay is known not to be made again (which reports them itself).
        var skips: [(LogPosition, Skip)] = []
        var outcome = forEachEvent(
            in: log, from: position, batchSize: batchSize, skipped: { skips.append(($0, $1)) },
            { event throws(Event.OutOfRange) in try timely.add(event) })
        if timely.isOutOfOrder {
            var stamps: [Instant] = []
            _ = forEachEvent(in: log, from: .beginning, batchSize: batchSize) { event throws(Event.OutOfRange) in
                try event.validate()
                stamps.append(event.at)
            }
            let outOfOrder = TimelyReplay.outOfOrder(stamps, horizon: horizon)
            timely = TimelyReplay(onto: PaceState(settings: state.settings), horizon: horizon)
            var index = 0
            outcome = forEachEvent(in: log, from: .beginning, batchSize: batchSize, skipped: skipped) {
                event throws(Event.OutOfRange) in
                // Refused exactly as in the pass that took the stamps, so the indices agree.
                try event.validate()
                let breaksOrder = index < outOfOrder.count && outOfOrder[index]
                index += 1
                try timely.add(event, outOfOrder: breaksOrder)
            }
            outcome.fromBeginning = true
        } else {
            for (position, skip) in skips { skipped(position, skip) }
        }
        outcome.ahead = timely.finish()
        outcome.replayed = timely.folded
        state = timely.state
        return outcome
    }

    /// Decodes every record from `position` on and hands each event to `body` in log order; a record that does not
    /// decode, or whose event `body` refuses, is skipped.
    private static func forEachEvent(
        in log: EventLog, from position: LogPosition, batchSize: Int,
        skipped: (LogPosition, Skip) -> Void = { _, _ in }, _ body: (Event) throws(Event.OutOfRange) -> Void
    ) -> Outcome {
        var outcome = Outcome()
        var reader = log.reader(from: position)
        var decoded: Batch.Decoded?
        var finished = false
        while !finished {
            var records: [LogRecord] = []
            records.reserveCapacity(batchSize)
            do {
                while records.count < batchSize, let record = try reader.next() { records.append(record) }
                finished = records.count < batchSize
            } catch {
                outcome.readError = error
                finished = true
            }
            let batch = Batch(records)
            let previous = decoded
            if ForkJoin.hasSecondProcessor && records.count > Batch.chunk {
                let (theirs, ours) = ForkJoin.run(batch.decode) {
                    if let previous { hand(previous, to: body, &outcome, skipped) }
                    return batch.decode()
                }
                decoded = Batch.Decoded(batch: batch, chunks: theirs + ours)
            } else {
                if let previous { hand(previous, to: body, &outcome, skipped) }
                decoded = Batch.Decoded(batch: batch, chunks: batch.decode())
            }
        }
        if let decoded { hand(decoded, to: body, &outcome, skipped) }
        return outcome
    }

    /// Hands a decoded batch's events to `body` in log order.
    private static func hand(
        _ decoded: Batch.Decoded, to body: (Event) throws(Event.OutOfRange) -> Void, _ outcome: inout Outcome,
        _ skipped: (LogPosition, Skip) -> Void
    ) {
        for chunk in decoded.chunks.sorted(by: { $0.start < $1.start }) {
            for (offset, result) in chunk.events.enumerated() {
                let skip: Skip
                switch result {
                case .success(let event):
                    do throws(Event.OutOfRange) {
                        try body(event)
                        continue
                    } catch {
                        skip = .outOfRange(error)
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
                let events = records[start..<min(start + Self.chunk, records.count)].map { record in
                    Result<Event, any Error> { try EventCodec.decode(record.payload) }
                }
                chunks.append(Chunk(start: start, events: events))
            }
        }
    }
}

extension LogReplay {
    /// Replays all of `log` with the built-in settings, for what it skips (`paced --check-log`): whether an event
    /// is applied does not depend on the settings.
    package static func check(_ log: EventLog, skipped: (LogPosition, Skip) -> Void) -> Outcome {
        var state = PaceState()
        return replay(log, into: &state, skipped: skipped)
    }

    /// The event in one record's payload, decoded as replay decodes it.
    /// - Throws: `DecodingError` for bytes that are not a Pace event.
    package static func decode(_ payload: some Collection<UInt8>) throws -> Event {
        try EventCodec.decode(payload)
    }
}
