import PaceCore
import PaceSystem
import SystemPackage

/// Reads records in log order, a window of a segment file in memory at a time, skipping damaged bytes the way
/// opening the log does.
///
/// A reader sees the records that were in the log when it was made; make a new one to see later appends.
package struct LogReader: Sendable {
    /// Bytes of a segment read at a time. A segment holds a month, a few hundred kilobytes, but one that took an
    /// import of years holds tens of megabytes: read whole, it would sit in memory beside every event decoded from
    /// it. A record that runs past a window, or damage (judged with the rest of the segment, as opening the log
    /// judges it), makes the reader read on from there, twice as much each time.
    static let window = 1 << 20

    private let segments: [EventLog.Segment]
    private let start: LogPosition
    /// Bytes read at a time (``window``; tests make it small).
    private let windowSize: Int
    private var index = -1
    /// Bytes of the current segment, from ``base`` on.
    private var bytes: [UInt8] = []
    /// Where ``bytes`` start in the segment.
    private var base = 0
    /// Where the next record starts in the segment.
    private var offset = 0
    /// Where the segment's readable records end.
    private var end = 0

    init(segments: [EventLog.Segment], from start: LogPosition, window: Int = Self.window) {
        precondition(window > 0, "a reader reads at least one byte at a time")
        self.segments = segments
        self.start = start
        self.windowSize = window
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
                let (base, windowEnd) = (base, min(base + bytes.count, end))
                let step = bytes.withUnsafeBytes { SegmentScan.step($0, at: offset - base, end: windowEnd - base) }
                switch step {
                case .record(let found):
                    offset = base + found.end
                    let segment = segments[index].id
                    guard Int64(base + found.start) >= start.offset || segment > start.segment else { continue }
                    let record = LogRecord(
                        position: LogPosition(segment: segment, offset: Int64(base + found.start)),
                        end: LogPosition(segment: segment, offset: Int64(base + found.end)),
                        time: Instant(millisecondsSinceEpoch: found.time),
                        payload: bytes[found.payloadStart..<found.end]
                    )
                    return (record, found.headerChecksum)
                case _ where windowEnd < end:
                    // A record that runs past the window, or what only the rest of the segment can tell.
                    try read(from: offset, count: max(windowSize, 2 * (windowEnd - offset)))
                    continue
                case .damaged(_, let resume, _):
                    // Reported when the log was opened; skipped the same way here.
                    offset = base + resume
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
            end = segment.end
            offset = segment.dataStart
            // The start's own segment is read from the start on, not scanned from its beginning up to it: a
            // position is where a record of this log starts or ends (a snapshot's, or how far sync had read), and
            // a segment that took an import, or another device's years, holds a hundred megabytes.
            if segment.id == start.segment { offset = min(max(offset, Int(start.offset)), end) }
            try read(from: offset, count: windowSize)
        }
    }

    /// Reads `count` bytes of the current segment from `start` (fewer at its end); a file shorter than the
    /// segment's end ends it where the file does.
    private mutating func read(from start: Int, count: Int) throws(LogError) {
        let path = segments[index].path
        let wanted = start..<min(start + count, end)
        guard let contents = try LogFile.readPrivate(path, range: wanted) else {
            throw .readFailed(SystemError("open", errno: .noSuchFileOrDirectory, path: path), path: path)
        }
        bytes = contents
        base = start
        if bytes.count < wanted.count { end = base + bytes.count }
    }
}
