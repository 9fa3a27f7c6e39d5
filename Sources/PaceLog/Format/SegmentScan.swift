/// Walks the records in one segment's bytes, finding its way past damage.
///
/// After a bad record the walk resumes at the next offset where a record marker starts a record whose header
/// and payload checksums both match. When the damaged record's own header checks out, its length is trusted
/// and the search starts after its payload. When nothing valid follows, the damage is the segment's tail.
enum SegmentScan {
    /// What the walk found at an offset.
    enum Step: Equatable {
        /// A valid record; the walk continues at its end.
        case record(RecordFrame.Found)
        /// Damaged bytes from `start` up to `resume`, where a valid record begins.
        case damaged(start: Int, resume: Int, reason: String)
        /// Damaged or incomplete bytes from `start` to the end: nothing valid follows them.
        case tail(start: Int, reason: String)
        /// The end was reached.
        case finished
    }

    /// The step at `offset` in `bytes[..<end]`.
    @inline(__always)
    static func step(_ bytes: UnsafeRawBufferPointer, at offset: Int, end: Int) -> Step {
        guard offset < end else { return .finished }
        let searchFrom: Int
        let reason: String
        switch RecordFrame.check(bytes, at: offset, end: end) {
        case .valid(let found):
            return .record(found)
        case .badHeader(let why):
            (searchFrom, reason) = (offset + 1, why)
        case .badPayload(let why, let recordEnd):
            (searchFrom, reason) = (recordEnd, why)
        }
        guard let next = RecordFrame.nextValid(in: bytes, from: searchFrom, end: end) else {
            return .tail(start: offset, reason: reason)
        }
        return .damaged(start: offset, resume: next.start, reason: reason)
    }
}
