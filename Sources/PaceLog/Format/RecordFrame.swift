import Glibc

/// The framing of one record in a version 1 segment: a 24-byte header, then the payload.
///
/// ```
/// 0  4  sync marker FF 50 52 FE
/// 4  4  payload length (UInt32)
/// 8  8  append time, ms since the Unix epoch (Int64)
/// 16 4  CRC-32C of the payload
/// 20 4  CRC-32C of bytes 0..<20 (the header checksum)
/// 24 …  payload
/// ```
///
/// The header checksum makes the length trustworthy before the payload is read, so a damaged length is
/// caught at once instead of sending the reader off to a wrong offset; the marker lets the reader find the
/// next record after damage by looking for the marker and checking both checksums.
enum RecordFrame {
    /// The sync marker; 0xFF and 0xFE never occur in UTF-8, so it never occurs inside a JSON payload.
    static let marker: [UInt8] = [0xFF, 0x50, 0x52, 0xFE]
    /// The marker read as a little-endian `UInt32`.
    static let markerValue = UInt32(0xFE52_50FF)
    /// The header's length.
    static let headerLength = 24
    /// The largest payload the log accepts. Events are a few hundred bytes; anything near this is damage.
    static let maximumPayloadLength = 16 << 20

    /// Appends a record for `payload` at `time` (milliseconds) to `buffer`.
    /// - Returns: The record's header checksum, which identifies it (a snapshot anchors on it).
    @discardableResult
    static func encode(_ payload: [UInt8], time: Int64, into buffer: inout [UInt8]) -> UInt32 {
        let start = buffer.count
        buffer.append(contentsOf: marker)
        buffer.appendLittleEndian(UInt32(payload.count))
        buffer.appendLittleEndian(time)
        buffer.appendLittleEndian(CRC32C.checksum(payload))
        let headerChecksum = buffer.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<(start + 20)]))
        }
        buffer.appendLittleEndian(headerChecksum)
        buffer.append(contentsOf: payload)
        return headerChecksum
    }

    /// A record found in a buffer.
    struct Found: Equatable {
        /// Where the record starts.
        var start: Int
        /// The payload's length.
        var payloadLength: Int
        /// The append time, in milliseconds since the epoch.
        var time: Int64
        /// The header checksum.
        var headerChecksum: UInt32

        var payloadStart: Int { start + RecordFrame.headerLength }
        var end: Int { start + RecordFrame.headerLength + payloadLength }
    }

    /// What lies at an offset.
    enum Check: Equatable {
        case valid(Found)
        /// Not a record, and no header to trust: the reader resynchronises from the next byte.
        case badHeader(String)
        /// A header that checks out, with a payload that does not: the reader may skip the whole record.
        case badPayload(String, end: Int)
    }

    /// Checks the record at `offset` in `bytes[..<end]`.
    @inline(__always)
    static func check(_ bytes: UnsafeRawBufferPointer, at offset: Int, end: Int) -> Check {
        guard end - offset >= headerLength else { return .badHeader("an incomplete record header") }
        guard bytes.littleEndian(UInt32.self, at: offset) == markerValue else { return .badHeader("no record marker") }
        let storedHeaderChecksum = bytes.littleEndian(UInt32.self, at: offset + 20)
        let header = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 20)])
        guard CRC32C.checksum(header) == storedHeaderChecksum else {
            return .badHeader("a record header checksum mismatch")
        }
        let length = Int(bytes.littleEndian(UInt32.self, at: offset + 4))
        guard length <= maximumPayloadLength else { return .badHeader("an impossible record length (\(length))") }
        let payloadEnd = offset + headerLength + length
        guard payloadEnd <= end else { return .badHeader("an incomplete record (\(length)-byte payload cut short)") }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + headerLength)..<payloadEnd])
        guard CRC32C.checksum(payload) == bytes.littleEndian(UInt32.self, at: offset + 16) else {
            return .badPayload("a payload checksum mismatch", end: payloadEnd)
        }
        let time = bytes.littleEndian(Int64.self, at: offset + 8)
        return .valid(Found(start: offset, payloadLength: length, time: time, headerChecksum: storedHeaderChecksum))
    }

    /// The first valid record that starts at or after `offset`, found by looking for the marker.
    static func nextValid(in bytes: UnsafeRawBufferPointer, from offset: Int, end: Int) -> Found? {
        guard let base = bytes.baseAddress else { return nil }
        var candidate = offset
        while end - candidate >= headerLength {
            guard let hit = memchr(base + candidate, Int32(marker[0]), end - candidate - headerLength + 1) else {
                return nil
            }
            candidate = base.distance(to: UnsafeRawPointer(hit))
            if case .valid(let found) = check(bytes, at: candidate, end: end) { return found }
            candidate += 1
        }
        return nil
    }
}
