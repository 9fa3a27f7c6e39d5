package import PaceCore
import PaceSystem
import SystemPackage

/// The append-only event log: the single source of truth for everything the daemon knows.
///
/// Records are opaque payload bytes (the daemon stores one compact JSON object per event) framed with their
/// length, their append time and CRC-32C checksums, in one segment file per UTC month under the log
/// directory (`$XDG_STATE_HOME/pace/log/`). ``append(_:at:)`` returns only once the records are durable.
/// Opening the log repairs what a crash can leave (a torn tail) and reads past what bit rot can do (a
/// damaged record is skipped and reported); it never fails because of damaged data. The format is in
/// docs/log-format.md.
///
/// Not thread-safe: the daemon confines its log to its event loop (`@DaemonActor`). One process writes a log at a time;
/// the daemon makes sure of that by holding the ``StateDirectory`` lock.
package final class EventLog {
    /// Whether the log may be changed.
    package enum Access: Sendable {
        /// Appends, snapshots, and the repairs opening does (cutting off a torn tail, removing leftovers).
        case readWrite
        /// Reading only: nothing on disk is changed, so it is safe while `paced` runs (`paced --dump-log`).
        case readOnly
    }

    /// One segment file, as the log knows it.
    struct Segment: Sendable {
        /// Which segment.
        var id: SegmentID
        /// Its file.
        var path: String
        /// The format version in its header; `nil` when the header is damaged.
        var version: UInt16?
        /// Where its first record starts.
        var dataStart: Int
        /// Where its readable records end; appends continue from here.
        var end: Int
        /// How many records can be read from it.
        var recordCount: Int
        /// Whether it is a file the log could have written; one that is not (a FIFO, a file of 32 GiB) is never
        /// read nor appended to, and holds no records.
        var isReadable = true

        /// Whether a newer Pace wrote it.
        var isNewerFormat: Bool { (version ?? 0) > SegmentHeader.currentVersion }
        /// Whether records may be appended to it (it still has to be the newest segment).
        var acceptsAppends: Bool { version == SegmentHeader.currentVersion }
    }

    /// The last record in the log: where it starts and ends, and its header checksum.
    struct LastRecord: Sendable {
        var position: LogPosition
        var end: LogPosition
        var headerChecksum: UInt32
    }

    /// The log directory's name inside the state directory.
    package static let directoryName = "log"

    /// The log directory inside a state directory: `<state>/log`.
    package static func directory(inStateDirectory stateDirectory: String) -> String {
        stateDirectory + "/" + directoryName
    }

    /// The log directory.
    package let directory: String
    /// Whether this log may be changed.
    package let access: Access
    /// The segments, oldest first.
    private(set) var segments: [Segment]

    /// How many segment files the log reads now (not counting files it found unusable).
    package var segmentCount: Int { segments.count(where: \.isReadable) }
    /// The last record, or `nil` for an empty log.
    private(set) var lastRecord: LastRecord?
    /// How many records can be read.
    package private(set) var recordCount: Int
    /// Why appends are refused (a segment from a newer Pace), if they are.
    private let refusal: LogError?
    /// The open newest segment, kept for appends.
    private var writer: (index: Int, fd: FileDescriptor)?
    /// Bytes after `end` in a segment that a failed write left and that could not yet be cut off. Nothing is
    /// appended until they are, so no record is ever written after (and made valid together with) a partial one.
    private var pendingCut: (index: Int, end: Int)?
    /// Reused for encoding each batch.
    private var buffer: [UInt8] = []
    /// The records opening left unchecked because a fitting snapshot vouched for them (see
    /// ``open(directory:access:checkingLaterFrom:)``), until ``completeCheck(_:)``; their records are not yet in
    /// ``recordCount``.
    package private(set) var pendingCheck: PendingCheck?

    private init(
        directory: String,
        access: Access,
        segments: [Segment],
        lastRecord: LastRecord?,
        refusal: LogError?,
        pendingCut: (index: Int, end: Int)?,
        pendingCheck: PendingCheck? = nil
    ) {
        self.directory = directory
        self.access = access
        self.segments = segments
        self.lastRecord = lastRecord
        self.recordCount = segments.reduce(0) { $0 + $1.recordCount }
        self.refusal = refusal
        self.pendingCut = pendingCut
        self.pendingCheck = pendingCheck
    }

    deinit {
        if let writer { try? writer.fd.close() }
    }

    /// Where the records so far end: ``LogPosition/beginning`` for an empty log, else the end of the last record.
    /// Reading from here yields only records appended later; a snapshot of the current state is taken here.
    package var endPosition: LogPosition { lastRecord?.end ?? .beginning }

    /// Why appends are refused, when they are: a segment written by a newer Pace.
    package var appendRefusal: LogError? { access == .readOnly ? nil : refusal }

    // MARK: Opening

    /// Opens the log in `directory`, repairing and reporting what it finds.
    ///
    /// With ``Access/readWrite`` the directory is created (mode 0700) when missing; a torn tail at the end of
    /// the newest segment is cut off, and leftover temporary files are removed. Damaged records are skipped
    /// and reported, never removed. With ``Access/readOnly`` nothing is changed and a missing directory is an
    /// empty log.
    ///
    /// With `checkingLaterFrom`, a snapshot whose header fits the log (the record that ended at its position when it
    /// was taken still ends there, checksum and all) vouches for the records before its position: they are not read
    /// now but left in ``pendingCheck``, to be checked once the daemon is serving (``completeCheck(_:)``), and
    /// opening reads and checks only what comes after the position (where a torn tail is, and what the replay and
    /// the appends need) and the headers of the segments before it: a start from the snapshot of a ten-year log of ten
    /// devices read and checked 133 MB before, for none of the records it replays. Without a fitting snapshot, or when
    /// it vouches for fewer bytes than `checkingLaterFrom`, every record is checked now, as without it.
    ///
    /// - Parameters:
    ///   - directory: The log directory, normally ``directory(inStateDirectory:)``.
    ///   - access: Whether the log may be changed.
    ///   - checkingLaterFrom: How many bytes a fitting snapshot must vouch for to leave them for ``pendingCheck``
    ///     (the daemon's start: ``laterCheckMinimum``); `nil` checks everything now. Only with ``Access/readWrite``:
    ///     a read-only open is `paced --check-log`'s and `--dump-log`'s, which look at everything.
    /// - Returns: The open log, and what opening it found.
    /// - Throws: ``LogError`` only when the directory or a file in it cannot be read or is not private (readable
    ///   or writable by other users); never because of what the files contain.
    package static func open(
        directory: String, access: Access = .readWrite, checkingLaterFrom laterFrom: Int? = nil
    ) throws(LogError) -> (EventLog, RecoveryReport) {
        var issues: [RecoveryIssue] = []
        switch access {
        case .readWrite:
            try prepareDirectory(directory)
        case .readOnly:
            let exists: Bool
            do { exists = try Syscall.lstat(directory) != nil } catch { throw .readFailed(error, path: directory) }
            guard exists else {
                let log = EventLog(
                    directory: directory, access: access, segments: [], lastRecord: nil, refusal: nil, pendingCut: nil)
                return (log, RecoveryReport(directory: directory))
            }
            do { try PrivateDirectory.prepare(directory, createParents: false) } catch {
                throw .unusableDirectory(error, path: directory)
            }
        }

        let names: [String]
        do { names = try Syscall.directoryEntries(directory) } catch { throw .readFailed(error, path: directory) }
        if access == .readWrite {
            for name in names.sorted() where name.hasSuffix(AtomicFile.temporarySuffix) {
                let path = directory + "/" + name
                if (try? Syscall.unlink(path)) != nil {
                    issues.append(RecoveryIssue(kind: .leftoverRemoved, path: path))
                }
            }
        }
        try LogFile.checkPrivate(directory + "/" + Snapshot.fileName)

        let ids = names.compactMap { SegmentID(fileName: $0) }.sorted()
        let vouched =
            access == .readWrite ? laterFrom.flatMap { vouchedRecords(in: directory, ids: ids, minimum: $0) } : nil
        var segments: [Segment] = []
        var lastRecord: LastRecord?
        var pendingCut: (index: Int, end: Int)?
        var unchecked: [PendingCheck.Part] = []
        for (index, id) in ids.enumerated() {
            let path = directory + "/" + id.fileName
            var scanned: Scanned
            if let vouched, id <= vouched.position.segment,
                let opened = try scanVouched(id, path: path, vouched: vouched, issues: &issues)
            {
                scanned = opened.scanned
                if let left = opened.unchecked {
                    unchecked.append(
                        PendingCheck.Part(
                            segment: segments.count, path: path, range: left,
                            isWholeSegment: id < vouched.position.segment))
                }
            } else {
                switch try LogFile.read(path) {
                case .missing:
                    continue
                case .unusable(let reason):
                    // Kept in the list, so no new segment is ever created over it: appends go to the next file.
                    issues.append(RecoveryIssue(kind: .unusableSegment, path: path, reason: reason))
                    segments.append(
                        Segment(
                            id: id, path: path, version: nil, dataStart: 0, end: 0, recordCount: 0, isReadable: false))
                    continue
                case .bytes(let bytes):
                    scanned = scan(bytes, id: id, path: path, issues: &issues)
                }
            }
            if let last = scanned.last {
                lastRecord = LastRecord(
                    position: LogPosition(segment: id, offset: Int64(last.start)),
                    end: LogPosition(segment: id, offset: Int64(last.end)),
                    headerChecksum: last.headerChecksum
                )
            }
            if let tail = scanned.tail {
                // The segment's end is still the file's size here.
                let bytes = Int64(scanned.segment.end - tail.start)
                var issue = RecoveryIssue(
                    kind: .tornTailTruncated, path: path, offset: Int64(tail.start), length: bytes, reason: tail.reason)
                if index < ids.count - 1 || !scanned.segment.acceptsAppends {
                    // Only the newest segment is ever appended to, so only its end can be torn by a crash.
                    issue.kind = .damagedSegmentEnd
                } else if access == .readOnly {
                    issue.kind = .tornTailKept
                    issue.reason = "\(tail.reason); the log is open read-only, so paced will cut it off when it starts"
                } else {
                    do {
                        try cut(path, to: tail.start)
                    } catch {
                        issue.kind = .tornTailKept
                        issue.reason =
                            "\(tail.reason); cutting it off failed (\(error)), so new events wait until it can be"
                        pendingCut = (segments.count, tail.start)
                    }
                }
                issues.append(issue)
            }
            scanned.segment.end = scanned.tail?.start ?? scanned.segment.end
            segments.append(scanned.segment)
        }

        let refusal = segments.first(where: \.isNewerFormat).map {
            LogError.newerFormat(path: $0.path, version: Int($0.version ?? 0))
        }
        let log = EventLog(
            directory: directory, access: access, segments: segments, lastRecord: lastRecord,
            refusal: refusal, pendingCut: pendingCut,
            pendingCheck: unchecked.isEmpty ? nil : PendingCheck(parts: unchecked))
        let report = RecoveryReport(
            directory: directory,
            segmentCount: log.segmentCount,
            recordCount: log.recordCount,
            issues: issues,
            appendRefusal: access == .readWrite ? refusal?.description : nil
        )
        return (log, report)
    }

    /// Creates the log directory (and missing parents) private, and makes new directory entries durable: a
    /// segment's first sync makes its own entry durable, but not the entry of a directory created above it.
    private static func prepareDirectory(_ directory: String) throws(LogError) {
        var missing: [String] = []
        var path = directory
        while !path.isEmpty && path != "/" {
            let status: Stat?
            do { status = try Syscall.lstat(path) } catch { throw .readFailed(error, path: path) }
            guard status == nil else { break }
            missing.append(path)
            path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        }
        do { try PrivateDirectory.prepare(directory, createParents: true) } catch {
            throw .unusableDirectory(error, path: directory)
        }
        for created in missing {
            let parent = String(created[..<(created.lastIndex(of: "/") ?? created.startIndex)])
            do { try Syscall.syncDirectory(parent.isEmpty ? "/" : parent) } catch {
                throw .writeFailed(error, path: parent)
            }
        }
    }

    /// What scanning one segment file found.
    private struct Scanned {
        var segment: Segment
        /// The last valid record.
        var last: RecordFrame.Found?
        /// Where damaged or incomplete bytes begin that no valid record follows, and why they are bad.
        var tail: (start: Int, reason: String)?
    }

    private static func scan(_ bytes: [UInt8], id: SegmentID, path: String, issues: inout [RecoveryIssue]) -> Scanned {
        bytes.withUnsafeBytes { raw in
            var version: UInt16?
            var offset: Int
            switch SegmentHeader.decode(raw) {
            case .valid(let header):
                version = header.version
                offset = header.length
                if header.version == SegmentHeader.currentVersion && header.segment != id {
                    issues.append(
                        RecoveryIssue(
                            kind: .segmentNameMismatch, path: path, reason: "it is \(header.segment.fileName)"))
                }
            case .damaged(let reason):
                // Its records are still found by their markers; the bytes before the first one are the damage.
                offset = RecordFrame.nextValid(in: raw, from: 0, end: raw.count)?.start ?? raw.count
                issues.append(
                    RecoveryIssue(
                        kind: .damagedSegmentHeader, path: path, offset: 0, length: Int64(offset), reason: reason))
            }
            var segment = Segment(
                id: id, path: path, version: version, dataStart: offset, end: raw.count, recordCount: 0)
            var last: RecordFrame.Found?

            if segment.isNewerFormat {
                // Read what this version's framing can read, and stop (without calling it damage) at the first
                // record it cannot: that is where the newer format begins to differ.
                while case .valid(let found) = RecordFrame.check(raw, at: offset, end: raw.count) {
                    segment.recordCount += 1
                    last = found
                    offset = found.end
                }
                segment.end = offset
                let events = "\(segment.recordCount) event\(segment.recordCount == 1 ? "" : "s")"
                issues.append(
                    RecoveryIssue(kind: .newerFormat(version: Int(version ?? 0)), path: path, reason: events))
                return Scanned(segment: segment, last: last, tail: nil)
            }

            let (walked, tail) = walk(raw, from: offset, base: 0, segment: &segment, path: path, issues: &issues)
            return Scanned(segment: segment, last: walked, tail: tail)
        }
    }

    /// Walks the records of a segment's bytes `raw` (which start at `base` in the file) from `offset` on, counting
    /// them in `segment` and reporting the damage it skips; offsets returned are the file's.
    /// - Returns: The last valid record, and where damaged or incomplete bytes begin that no valid record follows.
    private static func walk(
        _ raw: UnsafeRawBufferPointer, from offset: Int, base: Int, segment: inout Segment, path: String,
        issues: inout [RecoveryIssue]
    ) -> (last: RecordFrame.Found?, tail: (start: Int, reason: String)?) {
        var offset = offset
        var last: RecordFrame.Found?
        while true {
            switch SegmentScan.step(raw, at: offset, end: raw.count) {
            case .record(var found):
                segment.recordCount += 1
                offset = found.end
                found.start += base
                last = found
            case .damaged(let start, let resume, let reason):
                issues.append(
                    RecoveryIssue(
                        kind: .damagedBytesSkipped, path: path, offset: Int64(base + start),
                        length: Int64(resume - start), reason: reason))
                offset = resume
            case .tail(let start, let reason):
                return (last, (base + start, reason))
            case .finished:
                return (last, nil)
            }
        }
    }

    /// How many bytes a snapshot must vouch for before the daemon leaves their check for later: below, checking
    /// them at once costs a few milliseconds (8 MiB: some 10 million instructions), less than a thread and the pages
    /// it brings back after `READY=1` (0.3-0.5 MB of idle RSS, measured); a year of history (1.5 MB) is checked at
    /// once, as it always was.
    package static let laterCheckMinimum = 8 << 20

    /// What a fitting snapshot vouches for: the records before its position, the last of which (its anchor) was
    /// read and checked.
    private struct Vouched {
        var position: LogPosition
        /// The record that ends at the position, in its segment.
        var anchor: RecordFrame.Found
        /// The header of the position's segment.
        var header: SegmentHeader
    }

    /// What the snapshot in `directory` vouches for, when its header is intact and the record it anchors on is the
    /// one that ends at its position in a segment of this Pace's format. (Whether its bytes are intact too, and fit
    /// the settings, is ``latestSnapshot()``'s to judge; a snapshot the daemon does not use still vouches for the
    /// log, which the daemon then checks whole before replaying it.)
    private static func vouchedRecords(in directory: String, ids: [SegmentID], minimum: Int) -> Vouched? {
        let file = try? LogFile.readPrivate(directory + "/" + Snapshot.fileName, range: 0..<SnapshotFile.headerLength)
        guard let file, case .valid(let position, let anchor?, _, _) = file.withUnsafeBytes(SnapshotFile.decodeHeader),
            ids.contains(position.segment)
        else { return nil }
        var vouchedBytes = Int(position.offset)
        for id in ids where id < position.segment {
            vouchedBytes += ((try? Syscall.lstat(directory + "/" + id.fileName)) ?? nil).map { Int($0.size) } ?? 0
        }
        guard vouchedBytes >= minimum else { return nil }
        let path = directory + "/" + position.segment.fileName
        let head = try? LogFile.readPrivate(path, range: 0..<SegmentHeader.maximumLength)
        guard let head, case .valid(let header) = head.withUnsafeBytes(SegmentHeader.decode),
            header.version == SegmentHeader.currentVersion, anchor.start >= header.length,
            anchor.start < position.offset
        else { return nil }
        let bytes = try? LogFile.readPrivate(path, range: Int(anchor.start)..<Int(position.offset))
        guard let bytes,
            case .valid(var found) = bytes.withUnsafeBytes({ RecordFrame.check($0, at: 0, end: $0.count) }),
            found.end == bytes.count, found.headerChecksum == anchor.headerChecksum
        else { return nil }
        found.start = Int(anchor.start)
        return Vouched(position: position, anchor: found, header: header)
    }

    /// Opens segment `id`, at or before the position a snapshot vouches for, reading only what is not vouched for:
    /// the header of a segment before the position's; the records from the position on in the position's own
    /// segment. `nil` when the segment has to be read whole after all (it is missing or unusable, or its header is
    /// damaged or of another format).
    /// - Returns: What was found, and the bytes left unchecked.
    private static func scanVouched(
        _ id: SegmentID, path: String, vouched: Vouched, issues: inout [RecoveryIssue]
    ) throws(LogError) -> (scanned: Scanned, unchecked: Range<Int>?)? {
        func named(_ header: SegmentHeader) {
            if header.segment != id {
                issues.append(
                    RecoveryIssue(kind: .segmentNameMismatch, path: path, reason: "it is \(header.segment.fileName)"))
            }
        }
        guard id == vouched.position.segment else {
            let (contents, size) = try LogFile.readSized(path, range: 0..<SegmentHeader.maximumLength)
            guard case .bytes(let head) = contents,
                case .valid(let header) = head.withUnsafeBytes(SegmentHeader.decode),
                header.version == SegmentHeader.currentVersion
            else { return nil }
            named(header)
            let segment = Segment(
                id: id, path: path, version: header.version, dataStart: header.length, end: size, recordCount: 0)
            return (Scanned(segment: segment, last: nil, tail: nil), header.length < size ? header.length..<size : nil)
        }
        let start = Int(vouched.position.offset)
        let (contents, size) = try LogFile.readSized(path, range: start..<Int.max)
        guard case .bytes(let rest) = contents, size >= start else { return nil }
        named(vouched.header)
        var segment = Segment(
            id: id, path: path, version: vouched.header.version, dataStart: vouched.header.length, end: size,
            recordCount: 0)
        let (last, tail) = rest.withUnsafeBytes {
            walk($0, from: 0, base: start, segment: &segment, path: path, issues: &issues)
        }
        return (Scanned(segment: segment, last: last ?? vouched.anchor, tail: tail), vouched.header.length..<start)
    }

    /// Cuts the file at `path` to `length` bytes, durably.
    private static func cut(_ path: String, to length: Int) throws(SystemError) {
        // O_NONBLOCK: what replaced the file since it was read must not hang the daemon (a FIFO).
        let fd = try Syscall.open(path, .writeOnly, options: [.noFollow, .nonBlocking])
        defer { try? fd.close() }
        try Syscall.ftruncate(fd, length: Int64(length), path: path)
        try Syscall.fdatasync(fd, path: path)
    }

    /// Takes in what ``PendingCheck/run(window:)`` found for ``pendingCheck``: the records it counted join
    /// ``recordCount``, a segment whose end it found damaged ends before the damage (as opening would have made it),
    /// and each part it could not check (it stopped at a file it could not read) is one ``RecoveryIssue/Kind/notChecked``.
    /// Does nothing when no check is pending.
    /// - Returns: What it found, for the daemon to report as opening's findings are reported.
    package func completeCheck(_ findings: PendingCheck.Findings) -> [RecoveryIssue] {
        guard let check = pendingCheck else { return [] }
        pendingCheck = nil
        var issues: [RecoveryIssue] = []
        for (part, found) in zip(check.parts, findings.parts) {
            segments[part.segment].recordCount += found.records
            recordCount += found.records
            if let end = found.end { segments[part.segment].end = end }
            issues += found.issues
        }
        if let failure = findings.failure {
            for part in check.parts.dropFirst(findings.parts.count) {
                issues.append(
                    RecoveryIssue(
                        kind: .notChecked, path: part.path, offset: Int64(part.range.lowerBound),
                        length: Int64(part.range.count), reason: failure.description))
            }
        }
        return issues
    }

    // MARK: Appending

    /// Appends one record per payload, all with the time `time`, and makes them durable with one `fdatasync`
    /// before returning: the daemon's group commit. Once this returns, the records survive a crash or power
    /// loss; if it throws, none of them was recorded (unless the message says it could not make sure).
    ///
    /// Records go into the newest segment, or into a new one when `time` falls in a later UTC month. A time in
    /// an earlier month (a clock set back) still goes into the newest segment: old segments are never touched.
    ///
    /// - Parameters:
    ///   - payloads: The records' payloads, at most 16 MiB each. An empty list does nothing.
    ///   - time: The append time; stored with every record and choosing its segment.
    /// - Returns: Each record's position, in order.
    /// - Throws: ``LogError``: the disk is full (`ENOSPC`), the quota used up (`EDQUOT`), the file system
    ///   read-only (`EROFS`), permission denied (`EACCES`), an I/O error (`EIO`), … The log stays open and
    ///   readable, and the next append tries again.
    @discardableResult
    package func append(_ payloads: [[UInt8]], at time: Instant) throws(LogError) -> [LogPosition] {
        guard !payloads.isEmpty else { return [] }
        try checkAppendable(payloads)
        try cutPartialWrite()
        let index = try segmentIndex(for: time)
        let segment = segments[index]
        let fd: FileDescriptor
        do { fd = try writerDescriptor(index) } catch { throw .writeFailed(error, path: segment.path) }

        buffer.removeAll(keepingCapacity: true)
        var positions: [LogPosition] = []
        positions.reserveCapacity(payloads.count)
        var lastChecksum: UInt32 = 0
        for payload in payloads {
            positions.append(LogPosition(segment: segment.id, offset: Int64(segment.end + buffer.count)))
            lastChecksum = RecordFrame.encode(payload, time: time.millisecondsSinceEpoch, into: &buffer)
        }
        do {
            try Syscall.writeFully(fd, buffer, at: Int64(segment.end), path: segment.path)
            try Syscall.fdatasync(fd, path: segment.path)
        } catch {
            throw .writeFailed(error, path: segment.path, undone: takeBack(index, to: segment.end))
        }

        segments[index].end += buffer.count
        segments[index].recordCount += payloads.count
        recordCount += payloads.count
        lastRecord = LastRecord(
            position: positions[positions.count - 1],
            end: LogPosition(segment: segment.id, offset: Int64(segments[index].end)),
            headerChecksum: lastChecksum
        )
        // One huge batch must not pin its buffer for the life of the daemon.
        if buffer.capacity > 1 << 20 { buffer = [] }
        return positions
    }

    /// Throws what ``append(_:at:)`` would throw for `payloads` before writing anything: the log was opened
    /// read-only or refuses appends (a segment of a newer format), or a payload is too large for a record. The
    /// daemon checks each request's events with it before they join a group that one ``append(_:at:)`` makes
    /// durable, so that such a refusal is that request's alone.
    ///
    /// - Throws: ``LogError``.
    package func checkAppendable(_ payloads: [[UInt8]]) throws(LogError) {
        guard access == .readWrite else {
            throw LogError(
                code: .readOnlyAccess, path: directory,
                description: "cannot write the log: it was opened read-only (\(directory)); nothing was recorded")
        }
        if let refusal { throw refusal }
        if let large = payloads.first(where: { $0.count > RecordFrame.maximumPayloadLength }) {
            throw LogError(
                code: .payloadTooLarge, path: directory,
                description: """
                    cannot write the log: an event of \(large.count) bytes is larger than the \
                    \(RecordFrame.maximumPayloadLength >> 20) MiB a record may hold; nothing was recorded
                    """)
        }
    }

    /// The newest segment, or a new one when `time` is in a later month or the newest cannot be appended to.
    private func segmentIndex(for time: Instant) throws(LogError) -> Int {
        var id = SegmentID(containing: time)
        if let index = segments.indices.last {
            let newest = segments[index]
            let laterMonth = newest.id.isEarlierMonth(than: id)
            if newest.acceptsAppends && !laterMonth { return index }
            if !laterMonth { id = newest.id.nextInSameMonth }
        }
        try createSegment(id, at: time)
        return segments.count - 1
    }

    /// Creates segment `id` with its header as an ``AtomicFile`` (health data, so mode 0600 whatever the umask): a
    /// segment file either exists with a whole header or not at all. The new file becomes the append descriptor.
    private func createSegment(_ id: SegmentID, at time: Instant) throws(LogError) {
        let path = directory + "/" + id.fileName
        let header = SegmentHeader(segment: id, createdAt: time).encoded
        let fd: FileDescriptor
        do { fd = try AtomicFile.create(path, contents: header) } catch { throw .writeFailed(error, path: path) }
        if let writer { try? writer.fd.close() }
        segments.append(
            Segment(
                id: id, path: path, version: SegmentHeader.currentVersion, dataStart: header.count, end: header.count,
                recordCount: 0))
        writer = (segments.count - 1, fd)
    }

    /// The descriptor appends to segment `index` go through, opened on first use (so a log opened on a
    /// read-only file system can still be read, and written once the file system is writable again).
    private func writerDescriptor(_ index: Int) throws(SystemError) -> FileDescriptor {
        if let writer, writer.index == index { return writer.fd }
        if let writer { try? writer.fd.close() }
        writer = nil
        // O_NONBLOCK: what replaced the file since it was read must not hang the daemon (a FIFO).
        let fd = try Syscall.open(segments[index].path, .writeOnly, options: [.noFollow, .nonBlocking])
        writer = (index, fd)
        return fd
    }

    /// Cuts segment `index` back to `end` after a failed write.
    /// - Returns: Whether it worked; when not, the next append tries again first.
    private func takeBack(_ index: Int, to end: Int) -> Bool {
        do {
            let fd = try writerDescriptor(index)
            try Syscall.ftruncate(fd, length: Int64(end), path: segments[index].path)
            try Syscall.fdatasync(fd, path: segments[index].path)
            pendingCut = nil
            return true
        } catch {
            pendingCut = (index, end)
            return false
        }
    }

    /// Cuts off what an earlier failed write left, before anything new is written after it.
    private func cutPartialWrite() throws(LogError) {
        guard let (index, end) = pendingCut else { return }
        do {
            let fd = try writerDescriptor(index)
            try Syscall.ftruncate(fd, length: Int64(end), path: segments[index].path)
            try Syscall.fdatasync(fd, path: segments[index].path)
            pendingCut = nil
        } catch {
            throw .writeFailed(error, path: segments[index].path)
        }
    }

    // MARK: Reading

    /// A reader of the records at or after `position`, oldest first.
    ///
    /// - Parameter position: ``LogPosition/beginning`` for everything, a snapshot's position for what came after
    ///   it, or any record's position.
    package func reader(from position: LogPosition = .beginning) -> LogReader {
        LogReader(segments: segments, from: position)
    }

    /// Every record at or after `position`, oldest first. Use ``reader(from:)`` to go through many without
    /// holding them all.
    ///
    /// - Throws: ``LogError`` when a segment file cannot be read.
    package func records(from position: LogPosition = .beginning) throws(LogError) -> [LogRecord] {
        var reader = reader(from: position)
        var records: [LogRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}
