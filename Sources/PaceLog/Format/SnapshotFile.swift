/// The snapshot file's layout: a 56-byte header, then the snapshot's bytes. Details in docs/log-format.md.
///
/// The header names the position the snapshot was taken at and the record that ends there (its start and its
/// header checksum, the "anchor"), so a snapshot made from another log, or from a log that has since lost
/// its end, is recognised and ignored.
enum SnapshotFile {
    static let magic: [UInt8] = Array("PACESNAP".utf8)
    static let currentVersion: UInt16 = 1
    static let headerLength = 56

    /// The record that ends at the snapshot's position.
    struct Anchor: Equatable {
        /// Where the record starts, in the position's segment.
        var start: Int64
        /// The record's header checksum.
        var headerChecksum: UInt32
    }

    /// The file's bytes for a snapshot of `bytes` at `position`; `anchor` is `nil` only at the beginning.
    static func encode(_ bytes: [UInt8], position: LogPosition, anchor: Anchor?) -> [UInt8] {
        var file = magic
        file.reserveCapacity(headerLength + bytes.count)
        file.appendLittleEndian(currentVersion)
        file.appendLittleEndian(UInt16(headerLength))
        file.appendLittleEndian(UInt16(position.segment.year))
        file.appendLittleEndian(UInt8(position.segment.month))
        file.appendLittleEndian(UInt8(0))
        file.appendLittleEndian(UInt32(position.segment.sequence))
        file.appendLittleEndian(anchor?.headerChecksum ?? 0)
        file.appendLittleEndian(position.offset)
        file.appendLittleEndian(anchor?.start ?? 0)
        file.appendLittleEndian(UInt64(bytes.count))
        file.appendLittleEndian(CRC32C.checksum(bytes))
        file.appendLittleEndian(CRC32C.checksum(file))
        file.append(contentsOf: bytes)
        return file
    }

    /// What a snapshot file holds.
    enum Decoded: Equatable {
        case valid(position: LogPosition, anchor: Anchor?, bytes: [UInt8])
        /// Damaged, or from a newer Pace: why, for the report.
        case unusable(String)
    }

    /// What a snapshot file's header says: where the snapshot was taken, and the record that ends there.
    enum Header: Equatable {
        case valid(position: LogPosition, anchor: Anchor?, payloadLength: UInt64, payloadChecksum: UInt32)
        /// Damaged, or from a newer Pace: why, for the report.
        case unusable(String)
    }

    /// Reads the header at the start of `file` (the first ``headerLength`` bytes are enough), without the snapshot's
    /// bytes: opening the log learns from it what the snapshot vouches for.
    static func decodeHeader(_ raw: UnsafeRawBufferPointer) -> Header {
        guard raw.count >= 16, raw.prefix(magic.count).elementsEqual(magic) else {
            return .unusable("it is not a Pace snapshot")
        }
        let length = Int(raw.littleEndian(UInt16.self, at: 10))
        guard length >= 16, length <= raw.count,
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(length - 4)]))
                == raw.littleEndian(UInt32.self, at: length - 4)
        else { return .unusable("its header is damaged") }
        let version = raw.littleEndian(UInt16.self, at: 8)
        guard version <= currentVersion else {
            return .unusable("it was written by a newer Pace (snapshot format \(version))")
        }
        guard version == currentVersion, length == headerLength else { return .unusable("its header is damaged") }
        let segment = SegmentID(
            year: Int(raw.littleEndian(UInt16.self, at: 12)),
            month: Int(raw.littleEndian(UInt8.self, at: 14)),
            sequence: Int(raw.littleEndian(UInt32.self, at: 16))
        )
        let position = LogPosition(segment: segment, offset: raw.littleEndian(Int64.self, at: 24))
        let anchor =
            position == .beginning
            ? nil
            : Anchor(start: raw.littleEndian(Int64.self, at: 32), headerChecksum: raw.littleEndian(UInt32.self, at: 20))
        return .valid(
            position: position, anchor: anchor, payloadLength: raw.littleEndian(UInt64.self, at: 40),
            payloadChecksum: raw.littleEndian(UInt32.self, at: 48))
    }

    /// The snapshot in `file`. Its payload is `file` itself with the header taken off in place, not a copy: a copy
    /// faulted in fresh pages for all of it at every start (1,500 page faults for ten devices' ten years).
    static func decode(_ file: inout [UInt8]) -> Decoded {
        let decoded = file.withUnsafeBytes { raw -> Decoded in
            switch decodeHeader(raw) {
            case .unusable(let reason):
                return .unusable(reason)
            case .valid(let position, let anchor, let count, let checksum):
                guard count == UInt64(raw.count - headerLength) else { return .unusable("it is incomplete") }
                guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[headerLength...])) == checksum else {
                    return .unusable("its contents are damaged (checksum mismatch)")
                }
                return .valid(position: position, anchor: anchor, bytes: [])
            }
        }
        guard case .valid(let position, let anchor, _) = decoded else { return decoded }
        file.removeSubrange(..<headerLength)
        return .valid(position: position, anchor: anchor, bytes: file)
    }
}
