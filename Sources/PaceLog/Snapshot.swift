/// Derived state saved at a log position, so that start-up replays only the records after it.
///
/// The bytes are the daemon's business (its own encoding, with its own version inside); the log stores them
/// with the position and checks both before handing them back.
package struct Snapshot: Sendable, Equatable {
    /// The snapshot file's name in the log directory.
    package static let fileName = "snapshot"

    /// The position the state was derived up to: it reflects every record before it and none after.
    package var position: LogPosition
    /// The state, as the daemon encoded it.
    package var bytes: [UInt8]

    package init(position: LogPosition, bytes: [UInt8]) {
        self.position = position
        self.bytes = bytes
    }
}

/// What ``EventLog/latestSnapshot()`` found.
package enum SnapshotLookup: Sendable, Equatable {
    /// A snapshot that matches the log: load it, then replay the records from its position.
    case found(Snapshot)
    /// No snapshot: replay the whole log.
    case missing
    /// A snapshot that cannot be used (damaged, from a newer Pace, or not made from this log): replay the whole
    /// log, and report the issue.
    case ignored(RecoveryIssue)
}
