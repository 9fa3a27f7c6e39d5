/// Splits a byte stream into Varlink messages: each message is JSON followed by one NUL byte.
///
/// Feed it whatever `read` returned, in pieces of any size; it hands back every complete message and
/// keeps the rest for the next read. A message longer than ``maximumMessageSize`` is an error: the
/// connection cannot be resynchronised after that, so the caller closes it.
package struct VarlinkFrameReader: Sendable {
    /// The largest message accepted, not counting its NUL terminator.
    package let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    /// Bytes at the front of `buffer` already handed out.
    private var consumed = 0
    /// Bytes of `buffer` already searched for a NUL, so a slow trickle is not rescanned.
    private var scanned = 0

    /// The stream broke the framing rules.
    package enum Failure: Error, Equatable {
        /// A message grew past the limit before its terminating NUL arrived.
        case messageTooLarge(limit: Int)
    }

    /// Creates a reader that refuses messages over `maximumMessageSize` bytes.
    package init(maximumMessageSize: Int = 64 * 1024) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// Bytes received that do not yet form a complete message.
    package var pendingByteCount: Int { buffer.count - consumed }

    /// Adds received bytes.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Takes the next complete message, without its NUL terminator.
    ///
    /// - Returns: The message bytes, or `nil` until more input arrives.
    /// - Throws: ``Failure/messageTooLarge(limit:)`` when the pending message exceeds the limit.
    package mutating func nextMessage() throws(Failure) -> ArraySlice<UInt8>? {
        let searchStart = max(consumed, scanned)
        if let end = buffer[searchStart...].firstIndex(of: 0) {
            guard end - consumed <= maximumMessageSize else { throw .messageTooLarge(limit: maximumMessageSize) }
            let message = buffer[consumed..<end]
            consumed = end + 1
            scanned = consumed
            return message
        }
        scanned = buffer.count
        if buffer.count - consumed > maximumMessageSize { throw .messageTooLarge(limit: maximumMessageSize) }
        compact()
        return nil
    }

    /// Drops bytes already handed out once nothing refers to them, so the buffer does not grow.
    private mutating func compact() {
        guard consumed > 0 else { return }
        buffer.removeSubrange(0..<consumed)
        scanned -= consumed
        consumed = 0
    }
}
