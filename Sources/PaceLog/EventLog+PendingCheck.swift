import PaceSystem
import SystemPackage

extension EventLog {
    /// The records that opening the log left unchecked because a fitting snapshot vouched for them
    /// (``EventLog/open(directory:access:checkingLaterFrom:)``): the segments before the snapshot's and the records
    /// before its position in its own. The daemon checks them once it is serving, on a thread of its own
    /// (``run(window:)`` touches nothing but these files), and hands the findings to ``EventLog/completeCheck(_:)``.
    package struct PendingCheck: Sendable {
        /// Bytes of one segment to check.
        struct Part: Sendable {
            /// The segment's index in the log's list.
            var segment: Int
            var path: String
            /// The bytes to check, from the first record on.
            var range: Range<Int>
            /// Whether the range runs to the segment's end (a segment before the snapshot's), so damage there with
            /// no valid record after it is the segment's damaged end.
            var isWholeSegment: Bool
        }

        let parts: [Part]

        /// How many bytes are left to check.
        package var byteCount: Int { parts.reduce(0) { $0 + $1.range.count } }

        /// What checking found, for ``EventLog/completeCheck(_:)``.
        package struct Findings: Sendable {
            /// For each part checked, in order: its records, where its readable records end when damage ends the
            /// segment, and what was found.
            var parts: [(records: Int, end: Int?, issues: [RecoveryIssue])] = []
            /// Why the check stopped before its end (a file that could not be read), if it did.
            package var failure: LogError?
        }

        /// Checks every record left unchecked, as opening the log checks them: `window` bytes of a file in memory
        /// at a time (more only where damage is judged with the rest of its segment, as ``LogReader`` does).
        package func run(window: Int = LogReader.window) -> Findings {
            var findings = Findings()
            for part in parts {
                do throws(LogError) {
                    findings.parts.append(try Self.check(part, window: window))
                } catch {
                    findings.failure = error
                    break
                }
            }
            return findings
        }

        private static func check(_ part: Part, window: Int) throws(LogError) -> (
            records: Int, end: Int?, issues: [RecoveryIssue]
        ) {
            var (records, issues) = (0, [RecoveryIssue]())
            var (bytes, base, offset, end) = (
                [UInt8](), part.range.lowerBound, part.range.lowerBound, part.range.upperBound
            )
            func read(from start: Int, count: Int) throws(LogError) {
                let wanted = start..<min(start + count, end)
                guard let contents = try LogFile.readPrivate(part.path, range: wanted) else {
                    throw .readFailed(
                        SystemError("open", errno: .noSuchFileOrDirectory, path: part.path), path: part.path)
                }
                bytes = contents
                base = start
                if bytes.count < wanted.count { end = base + bytes.count }
            }
            try read(from: offset, count: window)
            while true {
                let windowEnd = min(base + bytes.count, end)
                let step = bytes.withUnsafeBytes { SegmentScan.step($0, at: offset - base, end: windowEnd - base) }
                switch step {
                case .record(let found):
                    records += 1
                    offset = base + found.end
                case _ where windowEnd < end:
                    // A record that runs past the window, or damage, which only the rest of the segment can tell.
                    try read(from: offset, count: max(window, 2 * (windowEnd - offset)))
                case .damaged(let start, let resume, let reason):
                    issues.append(
                        RecoveryIssue(
                            kind: .damagedBytesSkipped, path: part.path, offset: Int64(base + start),
                            length: Int64(resume - start), reason: reason))
                    offset = base + resume
                case .tail(let start, let reason):
                    // Only a segment before the snapshot's can end so: the newest is never left unchecked, and the
                    // anchor ends the part of the snapshot's segment that is.
                    issues.append(
                        RecoveryIssue(
                            kind: part.isWholeSegment ? .damagedSegmentEnd : .damagedBytesSkipped, path: part.path,
                            offset: Int64(base + start), length: Int64(part.range.upperBound - (base + start)),
                            reason: reason))
                    return (records, part.isWholeSegment ? base + start : nil, issues)
                case .finished:
                    return (records, nil, issues)
                }
            }
        }
    }
}
