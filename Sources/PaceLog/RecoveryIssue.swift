/// One thing the log found and dealt with while opening: a torn tail it cut off, damaged bytes it skipped, a
/// segment it can only partly read, a snapshot it ignored. Data for the daemon to log and `pace doctor` to show.
package struct RecoveryIssue: Sendable, Equatable, CustomStringConvertible {
    /// What was found.
    package enum Kind: Sendable, Equatable {
        /// An incomplete record at the end of the newest segment (an append a crash interrupted) was cut off.
        case tornTailTruncated
        /// An incomplete record at the end of the newest segment was left in place (the log is read-only, or
        /// cutting it off failed; then appends wait until it is cut off).
        case tornTailKept
        /// Damaged bytes between records were skipped; the records before and after them are kept.
        case damagedBytesSkipped
        /// Damaged bytes at the end of an older segment were skipped; the file is left as it is.
        case damagedSegmentEnd
        /// A segment's header is damaged; its records were found by their markers, and new records go to a new
        /// segment file.
        case damagedSegmentHeader
        /// A segment's header names another segment than its file name; the file name wins.
        case segmentNameMismatch
        /// A segment was written by a newer Pace: read as far as understood, and appends are refused.
        case newerFormat(version: Int)
        /// Something the log never writes has a segment's name (a FIFO, a device, a symbolic link, a file too
        /// large to be a segment): it is neither opened for reading nor changed, and new records go to a new file.
        case unusableSegment
        /// A leftover temporary file from an interrupted segment or snapshot write was removed.
        case leftoverRemoved
        /// The snapshot was not used; the whole log is replayed instead.
        case snapshotIgnored
        /// Records a fitting snapshot vouched for could not be checked after start-up (the file went, or could not
        /// be read): they are not counted, and are checked again at the next start.
        case notChecked
    }

    /// What was found.
    package var kind: Kind
    /// The file it was found in.
    package var path: String
    /// Where in the file, when it is about some bytes of it.
    package var offset: Int64?
    /// How many bytes, when it is about some bytes of the file.
    package var length: Int64?
    /// Why, in a few words ("a payload checksum mismatch").
    package var reason: String

    package init(kind: Kind, path: String, offset: Int64? = nil, length: Int64? = nil, reason: String = "") {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.length = length
        self.reason = reason
    }

    /// Whether recorded data may have been lost or cannot be read: worth a warning, not just a notice.
    package var isDamage: Bool {
        switch kind {
        case .damagedBytesSkipped, .damagedSegmentEnd, .damagedSegmentHeader, .newerFormat, .unusableSegment,
            .notChecked:
            return true
        case .tornTailTruncated, .tornTailKept, .segmentNameMismatch, .leftoverRemoved, .snapshotIgnored: return false
        }
    }

    package var description: String {
        let bytes = "\(length ?? 0) byte\(length == 1 ? "" : "s") at offset \(offset ?? 0)"
        switch kind {
        case .tornTailTruncated:
            return """
                \(path): cut off an incomplete record at the end (\(bytes): \(reason)), left by an append that \
                did not finish, most likely because of a crash or power loss
                """
        case .tornTailKept:
            return "\(path): an incomplete record at the end (\(bytes)) is ignored and left in place: \(reason)"
        case .damagedBytesSkipped:
            return """
                \(path): skipped \(bytes) (\(reason)); the events stored there cannot be read, every other event \
                is kept
                """
        case .damagedSegmentEnd:
            return """
                \(path): skipped \(bytes) at the end of the file (\(reason)); the events stored there cannot be \
                read, every other event is kept and the file is left as it is
                """
        case .damagedSegmentHeader:
            return """
                \(path): the segment header is damaged (\(reason)); its events were found by their record \
                markers, and new events go to a new file
                """
        case .segmentNameMismatch:
            return "\(path): the segment header says \(reason); the file name is used"
        case .newerFormat(let version):
            return """
                \(path): written by a newer Pace (log format \(version); this Pace understands format \
                \(SegmentHeader.currentVersion)); read \(reason) as far as understood, and nothing will be \
                appended until Pace is updated
                """
        case .unusableSegment:
            return """
                \(path) \(reason); it was not read and is left as it is, and new events go to a new file. If it \
                should hold events, put the real segment file in its place and restart paced; if not, move it out \
                of the log directory
                """
        case .leftoverRemoved:
            return "\(path): removed a temporary file left by a write that did not finish"
        case .snapshotIgnored:
            return "\(path): snapshot not used (\(reason)); the whole log is replayed instead"
        case .notChecked:
            return """
                \(path): its records could not be checked after start-up (\(reason)); they are not counted, and \
                the next start checks them again
                """
        }
    }
}
