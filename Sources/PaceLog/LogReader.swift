import PaceCore
import PaceSystem
import SystemPackage

/// Reads records in log order, one segment file in memory at a time, skipping damaged bytes the way opening
/// the log does.
///
/// A reader sees the records that were in the log when it was made; make a new one to see later appends.
package struct LogReader {
    private let segments: [EventLog.Segment]
    private let start: LogPosition
    private var index = -1
    private var bytes: [UInt8] = []
    private var offset = 0
    private var end = 0

    init(segments: [EventLog.Segment], from start: LogPosition) {
        self.segments = segments
        self.start = start
    }

    /// The next record at or after the reader's start position, or `nil` after the last one.
    ///
    /// - Throws: ``LogError`` when a segment file cannot be read (it vanished, or its permissions changed).
    package mutating func next() throws(LogError) -> LogRecord? {
        try nextFrame()?.record
    }

    /// The next record with its header checksum (which identifies it for a snapshot's anchor).
    mutating func nextFrame() throws(LogError) -> (record: LogRecord, headerChecksum: UInt32)? {
        while true {
            if index >= 0 && index < segments.count {
                let step = bytes.withUnsafeBytes { SegmentScan.step($0, at: offset, end: end) }
                switch step {
                case .record(let found):
                    offset = found.end
                    let segment = segments[index].id
                    guard Int64(found.start) >= start.offset || segment > start.segment else { continue }
                    let record = LogRecord(
                        position: LogPosition(segment: segment, offset: Int64(found.start)),
                        end: LogPosition(segment: segment, offset: Int64(found.end)),
                        time: Instant(millisecondsSinceEpoch: found.time),
                        payload: bytes[found.payloadStart..<found.end]
                    )
                    return (record, found.headerChecksum)
                case .damaged(_, let resume, _):
                    // Reported when the log was opened; skipped the same way here.
                    offset = resume
                    continue
                case .tail, .finished:
                    break
                }
            }
            index += 1
            guard index < segments.count else {
                bytes = []
                return nil
            }
            let segment = segments[index]
            if segment.id < start.segment || !segment.isReadable { continue }
            guard let contents = try LogFile.readPrivate(segment.path) else {
                let missing = SystemError("open", errno: .noSuchFileOrDirectory, path: segment.path)
                throw .readFailed(missing, path: segment.path)
            }
            bytes = contents
            end = min(segment.end, bytes.count)
            offset = segment.dataStart
        }
    }
}
