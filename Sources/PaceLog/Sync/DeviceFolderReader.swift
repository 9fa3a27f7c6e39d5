import PaceSystem
import SystemPackage

/// Reads one device's folder in a sync folder (docs/sync.md): the device's segments and a sync tool's conflict
/// copies of them, each up to its last whole record, resuming where it left off when a file grows or is replaced.
///
/// Unlike ``EventLog`` it never writes and never requires the files to be private (a sync tool decides their
/// modes): it only refuses what the log would never have written (not a regular file, over 1 GiB), looked at with
/// `lstat` and opened without following links or blocking. Damage is skipped the way the log's reader skips it; the
/// bytes after the last whole record (a file still arriving, a torn tail) are read again once the file changes. A
/// segment of a newer format is read as far as version 1 framing understands it.
package struct DeviceFolderReader {
    /// One record read from a device's file.
    package struct Record: Sendable {
        /// The file's name in the folder.
        package var file: String
        /// Where the record starts in the file.
        package var offset: Int
        /// The payload, one event as JSON.
        package var payload: [UInt8]
    }

    /// What one pass over the folder found.
    package struct Pass: Sendable {
        /// The records not read before, file by file in name order, each file's in order.
        package var records: [Record] = []
        /// Problems met, one sentence each (a file unusable, damaged bytes, a newer format); each is reported
        /// once, at the pass that first meets it.
        package var problems: [String] = []
        /// Whether a file was read again from its start (replaced by different contents, or shorter than what was
        /// read): its records come again, and the reader's caller must count each event once (union by id).
        package var reread = false
        /// The files read from their start in this pass (new to the reader, or read again), by name.
        package var fromStart: Set<String> = []
    }

    /// How far one file was read, as kept across restarts (``savedCursors``, ``init(directory:restoring:)``): the
    /// next record's offset and the last record read (where it starts, its header checksum). A file that no longer
    /// holds that record there (shrunk, rewritten, restored from a backup) is read again whole.
    package struct SavedCursor: Codable, Sendable, Equatable {
        package var offset: Int
        package var anchorStart: Int?
        package var anchorChecksum: UInt32?
        package var isNewerFormat: Bool

        package init(offset: Int, anchorStart: Int?, anchorChecksum: UInt32?, isNewerFormat: Bool) {
            self.offset = offset
            self.anchorStart = anchorStart
            self.anchorChecksum = anchorChecksum
            self.isNewerFormat = isNewerFormat
        }
    }

    /// Where the reading of one file stands.
    private struct Cursor {
        /// Where the next record is expected.
        var offset: Int
        /// The last record read: where it starts and its header checksum, to tell a file that grew from one that
        /// was replaced by other contents.
        var anchor: (start: Int, headerChecksum: UInt32)?
        /// Whether its header says a newer format.
        var isNewerFormat = false
        /// Problems already reported for the file.
        var reported: Set<String> = []
    }

    /// The folder.
    package let directory: String
    private var cursors: [String: Cursor] = [:]
    /// Whether a file that is not there keeps its cursor (another device's folder): a sync tool may take a file
    /// away before it puts the new version in its place (Syncthing does, and leaves it away if it is killed in
    /// between), and the file that comes back is read on from where it was read, if it still holds the record
    /// read last there; read from its start, its records would count again. This device's own folder forgets
    /// them, so that a file gone from it shows in ``savedCursors``.
    package let keepsCursorsOfGoneFiles: Bool

    package init(directory: String, keepingCursorsOfGoneFiles: Bool = false) {
        self.directory = directory
        self.keepsCursorsOfGoneFiles = keepingCursorsOfGoneFiles
    }

    /// A reader that resumes where an earlier one stopped (``savedCursors``): its next pass reads only what was
    /// added since, and whole only the files that were replaced or shrank.
    package init(directory: String, restoring saved: [String: SavedCursor], keepingCursorsOfGoneFiles: Bool = false) {
        self.directory = directory
        self.keepsCursorsOfGoneFiles = keepingCursorsOfGoneFiles
        for (name, cursor) in saved where Self.isEventFile(name) && cursor.offset >= 0 {
            var anchor: (start: Int, headerChecksum: UInt32)?
            if let start = cursor.anchorStart, let checksum = cursor.anchorChecksum { anchor = (start, checksum) }
            // An offset past the anchor needs an anchor (the offset alone cannot tell a rewritten file).
            guard anchor != nil || cursor.offset == 0, anchor.map({ $0.start < cursor.offset }) ?? true else {
                continue
            }
            cursors[name] = Cursor(offset: cursor.offset, anchor: anchor, isNewerFormat: cursor.isNewerFormat)
        }
    }

    /// How far each file was read, to resume there after a restart (``init(directory:restoring:)``).
    package var savedCursors: [String: SavedCursor] {
        cursors.mapValues {
            SavedCursor(
                offset: $0.offset, anchorStart: $0.anchor?.start, anchorChecksum: $0.anchor?.headerChecksum,
                isNewerFormat: $0.isNewerFormat)
        }
    }

    /// Whether `name` is a file of a device's events: a segment name (`2026-12.log`, `2026-12.1.log`) or a sync
    /// tool's conflict copy of one (`2026-12.sync-conflict-20261207-101010-ABCDEFG.log`). Temporary files and
    /// everything else are not.
    package static func isEventFile(_ name: String) -> Bool {
        if SegmentID(fileName: name) != nil { return true }
        // Syncthing's: NAME.sync-conflict-DATE-TIME-DEVICE.EXT
        guard name.hasSuffix(".log") else { return false }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let conflict = parts.firstIndex(where: { $0.hasPrefix("sync-conflict-") }), conflict > 0 else {
            return false
        }
        return SegmentID(fileName: parts[..<conflict].joined(separator: ".") + ".log") != nil
    }

    /// Forgets how far every file was read: the next pass reads everything again.
    package mutating func reset() {
        cursors = [:]
    }

    /// Reads what is new in every event file of the folder. A missing folder is an empty one.
    package mutating func read() -> Pass {
        var pass = Pass()
        let names: [String]
        do {
            names = try Syscall.directoryEntries(directory).filter(Self.isEventFile).sorted()
        } catch  where error.errno == .noSuchFileOrDirectory {
            if !keepsCursorsOfGoneFiles { cursors = [:] }
            return pass
        } catch {
            pass.problems.append("cannot read \(directory): \(error)")
            return pass
        }
        if !keepsCursorsOfGoneFiles {
            let present = Set(names)
            cursors = cursors.filter { present.contains($0.key) }
        }
        for name in names { read(name, into: &pass) }
        return pass
    }

    private mutating func read(_ name: String, into pass: inout Pass) {
        let path = directory + "/" + name
        if cursors[name] == nil { pass.fromStart.insert(name) }
        var cursor = cursors[name] ?? Cursor(offset: 0)
        func report(_ problem: String) {
            if cursor.reported.insert(problem).inserted { pass.problems.append("\(path): \(problem)") }
        }
        defer { cursors[name] = cursor }
        // From the last record read on, if the file still holds it there; else the whole file.
        var base = cursor.anchor?.start ?? 0
        var contents: LogFile.Contents
        do { contents = try LogFile.read(path, range: base..<Int.max, requirePrivate: false) } catch {
            report("cannot be read: \(error)")
            return
        }
        if case .bytes(let bytes) = contents, let anchor = cursor.anchor, !Self.holds(bytes, anchor.headerChecksum) {
            base = 0
            cursor = Cursor(offset: 0, reported: cursor.reported)
            pass.reread = true
            pass.fromStart.insert(name)
            do { contents = try LogFile.read(path, requirePrivate: false) } catch {
                report("cannot be read: \(error)")
                return
            }
        }
        let bytes: [UInt8]
        switch contents {
        case .missing: return
        case .unusable(let reason):
            report("\(reason); skipped")
            return
        case .bytes(let read): bytes = read
        }
        bytes.withUnsafeBytes { buffer in
            var offset = cursor.offset - base
            if cursor.offset == 0 {
                switch SegmentHeader.decode(buffer) {
                case .valid(let header):
                    offset = header.length
                    if header.version > SegmentHeader.currentVersion {
                        cursor.isNewerFormat = true
                        report(
                            "a segment of a newer format (version \(header.version)): read as far as this Pace understands it"
                        )
                    }
                case .damaged(let reason):
                    // Too short to judge yet: a file still arriving. Anything else is damage.
                    guard buffer.count >= SegmentHeader.length else { return }
                    report("the segment header is damaged (\(reason)); its records are found by their markers")
                }
            }
            scan: while true {
                switch SegmentScan.step(buffer, at: offset, end: buffer.count) {
                case .record(let found):
                    pass.records.append(
                        Record(
                            file: name, offset: base + found.start,
                            payload: Array(buffer[found.payloadStart..<found.end])))
                    cursor.anchor = (base + found.start, found.headerChecksum)
                    offset = found.end
                case .damaged(let start, let resume, let reason):
                    // A newer format's records end where version 1 framing stops understanding them.
                    if cursor.isNewerFormat { break scan }
                    report("skipped \(resume - start) damaged bytes at offset \(base + start) (\(reason))")
                    offset = resume
                case .tail, .finished:
                    // What follows the last whole record is still arriving: read again from here when the file
                    // changes.
                    break scan
                }
            }
            cursor.offset = base + offset
        }
    }

    /// Whether `bytes` start with a whole record whose header checksum is `checksum`.
    private static func holds(_ bytes: [UInt8], _ checksum: UInt32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            if case .valid(let found) = RecordFrame.check(buffer, at: 0, end: buffer.count) {
                return found.headerChecksum == checksum
            }
            return false
        }
    }
}
