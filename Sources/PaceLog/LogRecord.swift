package import PaceCore

/// One record read from the log.
package struct LogRecord: Sendable, Equatable {
    /// Where the record starts; increases from record to record.
    package var position: LogPosition
    /// Where the record ends: reading from here continues with the next record.
    package var end: LogPosition
    /// The time the record was appended at (what the caller of ``EventLog/append(_:at:)`` passed).
    package var time: Instant
    /// The payload, exactly as appended. It shares storage with the bytes it was read with (a window of its
    /// segment, a megabyte or so: ``LogReader``), so keeping one keeps them all in memory: copy it
    /// (`Array(payload)`) to keep it long.
    package var payload: ArraySlice<UInt8>

    package init(position: LogPosition, end: LogPosition, time: Instant, payload: ArraySlice<UInt8>) {
        self.position = position
        self.end = end
        self.time = time
        self.payload = payload
    }
}
