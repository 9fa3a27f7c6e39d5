import PaceSystem
import SystemPackage

extension EventLog {
    /// The snapshot file's path.
    package var snapshotPath: String { directory + "/" + Snapshot.fileName }

    /// Saves `bytes` as the snapshot at `position`, replacing the previous one atomically.
    ///
    /// The bytes go to a temporary file that is synced, renamed over the old snapshot, and made to stay by a sync
    /// of the directory; a crash at any moment leaves the old snapshot or the new one, never a mix.
    ///
    /// - Parameters:
    ///   - bytes: The derived state, encoded by the caller.
    ///   - position: Where the state was derived up to: ``endPosition`` (the usual case), the ``LogRecord/end``
    ///     of any record, or ``LogPosition/beginning``.
    /// - Throws: ``LogError``: `.invalidPosition` when no record ends at `position`; a system error (disk
    ///   full, …) when the file cannot be written, in which case the previous snapshot is kept.
    package func writeSnapshot(_ bytes: [UInt8], at position: LogPosition) throws(LogError) {
        guard access == .readWrite else {
            throw LogError(
                code: .readOnlyAccess, path: directory,
                description: "cannot write the snapshot: the log was opened read-only (\(directory))")
        }
        let file = SnapshotFile.encode(bytes, position: position, anchor: try anchor(endingAt: position))
        let path = snapshotPath
        do {
            let fd = try AtomicFile.create(path, contents: file)
            try? fd.close()
        } catch {
            throw .snapshotFailed(error, path: path)
        }
    }

    /// The saved snapshot, if there is one that matches this log.
    ///
    /// A snapshot is ignored (and the issue says why) when it is damaged, written by a newer Pace, not private,
    /// or does not match the log: its position lies past the log's end, or the record that ended there when it
    /// was taken is no longer the one that ends there. Start-up then replays the whole log instead.
    package func latestSnapshot() -> SnapshotLookup {
        let path = snapshotPath
        func ignored(_ reason: String) -> SnapshotLookup {
            .ignored(RecoveryIssue(kind: .snapshotIgnored, path: path, reason: reason))
        }
        // The only reference to the file's bytes once the `do` is over: its header is taken off in place.
        var file: [UInt8]
        do {
            guard let contents = try LogFile.readPrivate(path) else { return .missing }
            file = contents
        } catch { return ignored(error.description) }
        switch SnapshotFile.decode(&file) {
        case .unusable(let reason):
            return ignored(reason)
        case .valid(let position, let anchor, let bytes):
            if let mismatch = mismatch(position: position, anchor: anchor) { return ignored(mismatch) }
            return .found(Snapshot(position: position, bytes: bytes))
        }
    }

    /// Why a snapshot at `position` with `anchor` was not made from this log, or `nil` when it was.
    private func mismatch(position: LogPosition, anchor: SnapshotFile.Anchor?) -> String? {
        guard let anchor else { return position == .beginning ? nil : "its header is damaged" }
        guard position <= endPosition else {
            return "it was taken at \(position), past the end of the log (\(endPosition))"
        }
        guard let segment = segments.first(where: { $0.id == position.segment }) else {
            return "it was taken at \(position), and the log has no segment \(position.segment.fileName)"
        }
        let differs = "the log differs from the one it was taken from at \(position)"
        guard anchor.start >= segment.dataStart, anchor.start < position.offset, position.offset <= segment.end else {
            return differs
        }
        // Only the anchored record: the segment may hold a hundred megabytes (an import, other devices' years).
        let record = Int(anchor.start)..<Int(position.offset)
        guard let bytes = try? LogFile.readPrivate(segment.path, range: record) else {
            return "\(segment.path) cannot be read"
        }
        let check = bytes.withUnsafeBytes { RecordFrame.check($0, at: 0, end: $0.count) }
        guard case .valid(let found) = check, found.end == record.count,
            found.headerChecksum == anchor.headerChecksum
        else { return differs }
        return nil
    }

    /// The record that ends at `position`, as a snapshot anchors on it.
    private func anchor(endingAt position: LogPosition) throws(LogError) -> SnapshotFile.Anchor? {
        if position == .beginning { return nil }
        if let lastRecord, lastRecord.end == position {
            return SnapshotFile.Anchor(start: lastRecord.position.offset, headerChecksum: lastRecord.headerChecksum)
        }
        if position < endPosition {
            var reader = reader(from: LogPosition(segment: position.segment, offset: 0))
            while let (record, checksum) = try reader.nextFrame(), record.position < position {
                if record.end == position {
                    return SnapshotFile.Anchor(start: record.position.offset, headerChecksum: checksum)
                }
            }
        }
        throw LogError(
            code: .invalidPosition, path: directory,
            description: "cannot write the snapshot: no record of the log in \(directory) ends at \(position)")
    }
}
