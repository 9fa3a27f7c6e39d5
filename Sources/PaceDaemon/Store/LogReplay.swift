package import PaceCore
package import PaceLog

/// Rebuilding state from the log: every record read, decoded and applied, as at start-up.
///
/// It is the whole of what the daemon does before `READY=1` besides loading a snapshot, in one place, so the
/// benchmark (`make bench`) times exactly this.
package enum LogReplay {
    /// What a replay did.
    package struct Outcome {
        /// Events decoded and applied.
        package var replayed = 0
        /// Records that are not events this Pace understands (skipped, and kept in the log).
        package var unreadable = 0
        /// Events stamped after the horizon (left out of the state, and kept in the log), earliest first.
        package var ahead: [Event] = []
        /// Whether events out of time order made the replay start again from the beginning of the log (without the
        /// snapshot it was given).
        package var fromBeginning = false
        /// Why reading stopped before the end of the log, if it did.
        package var readError: LogError?
    }

    /// Applies every event in `log` from `position` on to `state`, by replay's time rules (``TimelyReplay``).
    ///
    /// When the log is out of time order by more than a clock may be off (the clock went back past events
    /// recorded before), the replay is made again from the beginning of the log, onto an empty state with
    /// `state`'s settings, with the events out of order known: the log is read three times then, not once.
    /// - Parameters:
    ///   - horizon: Events stamped after it are left out; `nil` folds in every one.
    ///   - unreadable: Called for each record that is not a Pace event, with its position and the reason.
    package static func replay(
        _ log: EventLog, from position: LogPosition = .beginning, into state: inout PaceState,
        upTo horizon: Instant? = nil, unreadable: (LogPosition, any Error) -> Void = { _, _ in }
    ) -> Outcome {
        let horizon = horizon ?? Instant(millisecondsSinceEpoch: .max)
        var timely = TimelyReplay(onto: state, horizon: horizon)
        var outcome = fold(log, from: position, into: &timely, unreadable: unreadable)
        if timely.isOutOfOrder {
            var stamps: [Instant] = []
            var reader = log.reader()
            while let record = try? reader.next() {
                if let event = try? EventCodec.decode(record.payload) { stamps.append(event.at) }
            }
            timely = TimelyReplay(onto: PaceState(settings: state.settings), horizon: horizon)
            outcome = fold(
                log, from: .beginning, into: &timely, outOfOrder: TimelyReplay.outOfOrder(stamps, horizon: horizon),
                unreadable: { _, _ in })
            outcome.fromBeginning = true
        }
        outcome.ahead = timely.finish()
        outcome.replayed = timely.folded
        state = timely.state
        return outcome
    }

    /// Adds every event from `position` on to `timely`; `outOfOrder` holds, for each event of the log in order
    /// (from the beginning), whether it breaks the time order.
    private static func fold(
        _ log: EventLog, from position: LogPosition, into timely: inout TimelyReplay, outOfOrder: [Bool] = [],
        unreadable: (LogPosition, any Error) -> Void
    ) -> Outcome {
        var outcome = Outcome()
        var reader = log.reader(from: position)
        var index = 0
        do {
            while let record = try reader.next() {
                do {
                    let event = try EventCodec.decode(record.payload)
                    timely.add(event, outOfOrder: index < outOfOrder.count && outOfOrder[index])
                    index += 1
                } catch {
                    outcome.unreadable += 1
                    unreadable(record.position, error)
                }
            }
        } catch {
            outcome.readError = error
        }
        return outcome
    }
}

extension LogReplay {
    /// The event in one record's payload, decoded as replay decodes it.
    /// - Throws: `DecodingError` for bytes that are not a Pace event.
    package static func decode(_ payload: some Collection<UInt8>) throws -> Event {
        try EventCodec.decode(payload)
    }
}
