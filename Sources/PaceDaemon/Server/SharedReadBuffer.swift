import Glibc
import PaceSystem
import SystemPackage

/// The one buffer every connection reads into, so an idle client costs no read buffer.
///
/// Confined to the daemon's queue: each read is consumed (copied into the connection's frame reader)
/// before the next read can happen.
final class SharedReadBuffer: @unchecked Sendable {
    /// The bytes of the last read start at index 0.
    private(set) var bytes: [UInt8]

    init(size: Int = 64 * 1024) {
        bytes = [UInt8](repeating: 0, count: size)
    }

    /// Reads what `descriptor` has, up to the buffer's size.
    /// - Returns: The number of bytes read; 0 at end of stream.
    /// - Throws: ``SystemError``; `EAGAIN` when nothing is there.
    func read(from descriptor: FileDescriptor) throws(SystemError) -> Int {
        try Syscall.retrying("read") {
            bytes.withUnsafeMutableBytes { Glibc.read(descriptor.rawValue, $0.baseAddress, $0.count) }
        }
    }
}
