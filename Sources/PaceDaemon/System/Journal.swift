internal import CSystemd
import Glibc
package import PaceSystem
import SystemPackage

/// Writes structured entries to the systemd journal through libsystemd's `sd_journal_sendv`.
///
/// `sd_journal_send` is variadic, which Swift cannot call; `sd_journal_sendv` takes the same `FIELD=value`
/// assignments as an array of `iovec`s, built here over one buffer. Values may hold any bytes, newlines
/// included: libsystemd switches to its length-prefixed framing for those.
package enum Journal {
    /// Sends one entry.
    ///
    /// - Parameter fields: Names and values, in order; names must be valid journal field names
    ///   (see ``JournalFieldName``) and include `MESSAGE`. A name may repeat: the field then has several values.
    /// - Throws: ``SystemError`` for `sd_journal_sendv` when journald cannot take the entry (not running, …).
    package static func send(_ fields: [(name: String, value: String)]) throws(SystemError) {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer += field.name.utf8
            buffer.append(UInt8(ascii: "="))
            buffer += field.value.utf8
            ranges.append(start..<buffer.count)
        }
        guard !ranges.isEmpty else { return }
        let result = buffer.withUnsafeMutableBytes { bytes in
            let vectors = ranges.map { iovec(iov_base: bytes.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
        if result < 0 { throw SystemError("sd_journal_sendv", errno: Errno(rawValue: -result)) }
    }
}
