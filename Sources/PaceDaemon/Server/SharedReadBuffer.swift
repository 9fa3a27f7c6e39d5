import PaceSystem
import SystemPackage

/// The one buffer every connection reads into, so an idle client costs no read buffer.
///
/// Each read is consumed (copied into the connection's frame reader) before the next read can happen: everything
/// here runs on the daemon's one thread.
@DaemonActor
final class SharedReadBuffer {
    /// The bytes of the last read start at index 0.
    private(set) var bytes: [UInt8]

    init(size: Int = 64 * 1024) {
        bytes = [UInt8](repeating: 0, count: size)
    }

    /// Reads what the socket `descriptor` has, up to the buffer's size.
    /// - Returns: The number of bytes read; 0 at end of stream.
    /// - Throws: ``SystemError``; `EAGAIN` when nothing is there.
    func read(from descriptor: FileDescriptor) throws(SystemError) -> Int {
        try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) in try UnixSocket.receive(descriptor, into: buffer) }
        }.get()
    }
}
