/// Where a record starts (or where the records so far end) in the log: a segment and a byte offset in it.
///
/// Positions are totally ordered in the order records were appended, and stable: recovery never moves a
/// record (a damaged one is skipped where it lies, a torn tail is cut after the last complete record), so a
/// position saved with a snapshot still means the same place after any number of restarts.
package struct LogPosition: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The segment file.
    package var segment: SegmentID
    /// The byte offset in the segment file.
    package var offset: Int64

    package init(segment: SegmentID, offset: Int64) {
        self.segment = segment
        self.offset = offset
    }

    /// Before every record of every log: reading from here reads everything.
    package static let beginning = LogPosition(segment: SegmentID(year: 0, month: 0), offset: 0)

    package static func < (lhs: LogPosition, rhs: LogPosition) -> Bool {
        (lhs.segment, lhs.offset) < (rhs.segment, rhs.offset)
    }

    /// `2026-11.log@4096`, or `beginning`.
    package var description: String {
        self == .beginning ? "beginning" : "\(segment.fileName)@\(offset)"
    }
}
