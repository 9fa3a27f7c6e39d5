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
        /// Records that are not events this Pace understands, or events with a value outside `EventRanges`
        /// (skipped, and kept in the log).
        package var skipped = 0
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

    /// Applies every event in `log` from `position` on to `state`; a record that is not an event this Pace
    /// understands, or an event with a value out of range, is skipped (never applied, never fatal).
    ///
    /// - Parameters:
    ///   - skipped: Called for each record skipped, with its position and the reason.
    package static func replay(
        _ log: EventLog, from position: LogPosition = .beginning, into state: inout PaceState,
        skipped: (LogPosition, Skip) -> Void = { _, _ in }
    ) -> Outcome {
        var outcome = Outcome()
        var reader = log.reader(from: position)
        do {
            while let record = try reader.next() {
                let event: Event
                do {
                    event = try EventCodec.decode(record.payload)
                } catch {
                    outcome.skipped += 1
                    skipped(record.position, .unreadable(error))
                    continue
                }
                do throws(Event.OutOfRange) {
                    try state.apply(event)
                    outcome.replayed += 1
                } catch {
                    outcome.skipped += 1
                    skipped(record.position, .outOfRange(error))
                }
            }
        } catch {
            outcome.readError = error
        }
        return outcome
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
