package import PaceCore
import PaceLog

/// The daemon's snapshot payload: the record (``Ledger/Saved``) in ``BinaryCoding``'s compact binary format, with a
/// magic number, a format version and a checksum of its own (docs/log-format.md, "The daemon's snapshot payload").
///
/// It replaced the state as JSON: decoding ten years of days with Foundation's `JSONDecoder` was almost all of
/// a start-up from a snapshot. A payload of another version (the old JSON ones included) or a damaged one is
/// refused with ``DecodeError``, and the daemon replays the log instead.
package enum StateSnapshot {
    /// The first eight bytes of a payload.
    static let magic: [UInt8] = Array("PACESTAT".utf8)
    /// The payload format this Pace writes and reads. A change a reader of this version could misread gets a
    /// new number; a payload of any other version is refused (and the log replayed).
    /// 2: a check-in's `complete`; the envelope's day summaries say whether a day was recorded and whether a
    /// check-in denied a flare; the record's ledger (its oldest checkpoint, the window of events since, the
    /// corrections) instead of the state alone, and each day's bout pieces and whether it was corrected.
    /// 3: the window's events packed as the bytes the log holds for them (``EventCodec``), bout pieces as differences.
    /// 4: reminder ids as a kind and a number, not text; a day's instants after its midnight.
    package static let version: UInt16 = 4
    /// Magic (8 bytes), version (2), reserved (2).
    private static let headerLength = 12

    /// Why a payload was refused.
    package struct DecodeError: Error, CustomStringConvertible {
        package var description: String
    }

    /// The payload for `state`.
    ///
    /// - Throws: `EncodingError` if a part of the state refuses to encode (none does).
    package static func encode(_ saved: Ledger.Saved) throws -> [UInt8] {
        let value = try BinaryStateEncoder().encode(saved)
        var bytes = magic
        bytes.reserveCapacity(headerLength + value.count + 4)
        appendLittleEndian(version, to: &bytes)
        appendLittleEndian(UInt16(0), to: &bytes)
        bytes.append(contentsOf: value)
        appendLittleEndian(CRC32C.checksum(bytes), to: &bytes)
        return bytes
    }

    /// The state in `payload`.
    ///
    /// - Throws: ``DecodeError`` when the payload is not a snapshot of this version, is damaged, or does not
    ///   hold a valid state: every number finite and in range, the state sane (`PaceState.checkSanity()`).
    package static func decode(_ payload: [UInt8]) throws(DecodeError) -> Ledger {
        do {
            return try payload.withUnsafeBytes { try decode(bytes: $0) }
        } catch let error as DecodeError {
            throw error
        } catch {
            throw DecodeError(description: "the snapshot's state cannot be read: \(error)")
        }
    }

    private static func decode(bytes: UnsafeRawBufferPointer) throws -> Ledger {
        guard bytes.count >= headerLength + 4, bytes.prefix(magic.count).elementsEqual(magic) else {
            throw DecodeError(description: "the snapshot is not in this Pace's format")
        }
        let found = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: magic.count, as: UInt16.self))
        guard found == version else {
            throw DecodeError(description: "the snapshot has format version \(found); this Pace reads \(version)")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])
        let checksum = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: body.count, as: UInt32.self))
        guard CRC32C.checksum(body) == checksum else {
            throw DecodeError(description: "the snapshot's state is damaged (checksum mismatch)")
        }
        let value = UnsafeRawBufferPointer(rebasing: body[headerLength...])
        // Every number finite and within the largest a state holds; then what replay keeps true.
        let decoder = BinaryStateDecoder(largestNumber: PaceState.largestMagnitude)
        let saved = try decoder.decode(Ledger.Saved.self, from: value)
        // Checksums vouch for the bytes, not for what they say: a state no replay makes is replaced by a replay.
        do {
            try saved.base.checkSanity()
            for event in saved.window {
                guard event.header.id != nil else { throw DecodeError(description: "an event without an id") }
                try event.validate()
            }
        } catch {
            throw DecodeError(description: "the snapshot's state is not one replay makes (\(error))")
        }
        let ledger = Ledger(saved: saved)
        do {
            try ledger.state.checkSanity()
        } catch {
            throw DecodeError(description: "the snapshot's state is not one replay makes (\(error))")
        }
        return ledger
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
