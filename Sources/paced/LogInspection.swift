import PaceDaemon
import PaceLog
import PaceSystem

/// `paced --dump-log` and `paced --check-log`: look at the event log without changing it, so both are safe while
/// the daemon runs.
enum LogInspection {
    /// Exit statuses, from `sysexits.h` where one fits.
    enum Status: Int32 {
        case success = 0
        /// `--check-log` found damaged records, or records replay skips (not events this Pace understands, or
        /// events with a value out of range).
        case damageFound = 1
        /// The log cannot be read (`EX_IOERR`).
        case unreadable = 74
    }

    /// Prints every event as a JSON line, oldest first; what opening the log found goes to standard error.
    static func dump(directory: String) -> Status {
        do {
            let (log, report) = try EventLog.open(directory: directory, access: .readOnly)
            for issue in report.issues { StandardError.write("paced: \(issue)\n") }
            try LogDump.write(log) { print($0) }
            return .success
        } catch {
            StandardError.write("paced: \(error)\n")
            return .unreadable
        }
    }

    /// Prints what opening the log finds (as `paced` would when it starts, but changing nothing), every record
    /// replay would skip, and whether the snapshot can be used.
    static func check(directory: String) -> Status {
        do {
            let (log, report) = try EventLog.open(directory: directory, access: .readOnly)
            print(report.summary)
            for issue in report.issues { print("  \(issue.isDamage ? "damage" : "notice"): \(issue)") }
            // Replayed as paced replays it: the same decoding and the same check of every event's values.
            let replay = LogReplay.check(log) { position, reason in
                print("  skipped: the record at \(position), \(reason)")
            }
            print("events: \(replay.replayed) replayed, \(replay.skipped) skipped")
            if let error = replay.readError { print("  damage: \(error)") }
            switch log.latestSnapshot() {
            case .found(let snapshot):
                // The log vouches for the frame; whether this paced can read the state inside is its own question.
                do {
                    _ = try StateSnapshot.decode(snapshot.bytes)
                    print("snapshot: usable, taken at \(snapshot.position)")
                } catch {
                    print("snapshot: ignored (paced replays the whole log): \(error)")
                }
            case .missing: print("snapshot: none (paced replays the whole log)")
            case .ignored(let issue): print("snapshot: \(issue)")
            }
            let found = report.foundDamage || replay.skipped > 0 || replay.readError != nil
            return found ? .damageFound : .success
        } catch {
            print("cannot check the log: \(error)")
            return .unreadable
        }
    }
}
