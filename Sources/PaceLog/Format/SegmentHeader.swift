package import PaceCore

/// The header at the start of every segment file: what it is, which format its records use, and which
/// month it holds. Layout (little-endian) in docs/log-format.md.
package struct SegmentHeader: Equatable, Sendable {
    /// The format version this Pace writes and fully understands.
    package static let currentVersion: UInt16 = 1
    /// `PACELOG` and a NUL.
    static let magic: [UInt8] = Array("PACELOG\0".utf8)
    /// The length of a version 1 header.
    static let length = 32
    /// The shortest header any version may have: magic, version, length, checksum.
    static let minimumLength = 16
    /// The longest header a reader accepts before it calls the header damaged.
    static let maximumLength = 4096

    /// The header's format version; the records after it use the same version's framing.
    package var version: UInt16
    /// The header's length: records start right after it.
    package var length: Int
    /// The segment the header says it is (checked against the file name).
    package var segment: SegmentID
    /// When the segment was started.
    package var createdAt: Instant

    /// A version 1 header for `segment`.
    init(segment: SegmentID, createdAt: Instant) {
        self.init(version: Self.currentVersion, length: Self.length, segment: segment, createdAt: createdAt)
    }

    init(version: UInt16, length: Int, segment: SegmentID, createdAt: Instant) {
        self.version = version
        self.length = length
        self.segment = segment
        self.createdAt = createdAt
    }

    /// The header's bytes.
    var encoded: [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.length)
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt16(Self.length))
        bytes.appendLittleEndian(UInt16(segment.year))
        bytes.appendLittleEndian(UInt8(segment.month))
        bytes.appendLittleEndian(UInt8(0))
        bytes.appendLittleEndian(UInt32(segment.sequence))
        bytes.appendLittleEndian(createdAt.millisecondsSinceEpoch)
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// What the start of a segment file holds.
    enum Decoded: Equatable {
        /// A header this Pace can read; for a newer version only `version` and `length` are meaningful.
        case valid(SegmentHeader)
        /// Not a segment header, or a damaged one: the reason, for the report.
        case damaged(String)
    }

    /// Reads the header at the start of `file`.
    static func decode(_ file: UnsafeRawBufferPointer) -> Decoded {
        guard file.count >= minimumLength else {
            return .damaged("the file is \(file.count) bytes long, shorter than a segment header")
        }
        guard file.prefix(magic.count).elementsEqual(magic) else { return .damaged("it does not start with PACELOG") }
        let version = file.littleEndian(UInt16.self, at: 8)
        let length = Int(file.littleEndian(UInt16.self, at: 10))
        guard length >= minimumLength, length <= maximumLength, length <= file.count else {
            return .damaged("its header length (\(length)) is impossible")
        }
        // Every version keeps the header's checksum in its last four bytes, so any reader can check any header.
        let stored = file.littleEndian(UInt32.self, at: length - 4)
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: file[0..<(length - 4)])) == stored else {
            return .damaged("its header checksum does not match")
        }
        guard version >= 1 else { return .damaged("its format version is 0") }
        guard version == currentVersion else {
            return .valid(
                SegmentHeader(
                    version: version, length: length, segment: .init(year: 0, month: 0),
                    createdAt: .init(millisecondsSinceEpoch: 0)))
        }
        guard length == Self.length else { return .damaged("a version 1 header must be 32 bytes, not \(length)") }
        let segment = SegmentID(
            year: Int(file.littleEndian(UInt16.self, at: 12)),
            month: Int(file.littleEndian(UInt8.self, at: 14)),
            sequence: Int(file.littleEndian(UInt32.self, at: 16))
        )
        let createdAt = Instant(millisecondsSinceEpoch: file.littleEndian(Int64.self, at: 20))
        return .valid(SegmentHeader(version: version, length: length, segment: segment, createdAt: createdAt))
    }
}
