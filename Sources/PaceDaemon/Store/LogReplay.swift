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
        /// Why reading stopped before the end of the log, if it did.
        package var readError: LogError?
    }

    /// Applies every event in `log` from `position` on to `state`.
    ///
    /// - Parameters:
    ///   - unreadable: Called for each record that is not a Pace event, with its position and the reason.
    package static func replay(
        _ log: EventLog, from position: LogPosition = .beginning, into state: inout PaceState,
        unreadable: (LogPosition, any Error) -> Void = { _, _ in }
    ) -> Outcome {
        var outcome = Outcome()
        var reader = log.reader(from: position)
        do {
            while let record = try reader.next() {
                do {
                    state.apply(try EventCodec.decode(record.payload))
                    outcome.replayed += 1
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
