import CPaceSystem

/// CRC-32C (Castagnoli): the checksum that guards every record, segment header and snapshot.
///
/// Reflected polynomial `0x82F63B78`, initial value and final XOR `0xFFFFFFFF`, as in iSCSI (RFC 3720),
/// ext4 and SCTP. Computed by the CPU's `crc32` instruction where it has one (x86-64 with SSE 4.2), else with
/// slicing-by-8: eight 256-entry tables let the loop fold in eight bytes per step, several times faster than the
/// byte-at-a-time table while staying portable Swift.
package enum CRC32C {
    /// The reflected Castagnoli polynomial.
    package static let polynomial: UInt32 = 0x82F6_3B78

    /// `tables[k * 256 + b]` is the CRC contribution of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`, or of everything checksummed so far followed by `bytes` when `continuing`
    /// is the checksum of what came before: `checksum(b, continuing: checksum(a)) == checksum(a + b)`.
    package static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard hardware, let base = bytes.baseAddress else { return portableChecksum(bytes, continuing: previous) }
        return ~CPaceSystem_crc32c_update(~previous, base, bytes.count)
    }

    /// Whether the CPU computes CRC-32C itself (SSE 4.2's `crc32` instruction: eight bytes an instruction, where
    /// the tables take about five instructions a byte; opening a log checks the CRC of every record).
    package static let hardware = CPaceSystem_crc32c_available() != 0

    /// The checksum computed with the tables, on any CPU (what ``checksum(_:continuing:)`` does without the
    /// instruction; tests compare the two).
    package static func portableChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            var crc = ~previous
            guard var pointer = bytes.baseAddress else { return previous }
            var remaining = bytes.count
            while remaining >= 8 {
                let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
                crc =
                    table[7 * 256 + Int(word & 0xFF)] ^ table[6 * 256 + Int((word >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((word >> 16) & 0xFF)] ^ table[4 * 256 + Int((word >> 24) & 0xFF)]
                    ^ table[3 * 256 + Int((word >> 32) & 0xFF)] ^ table[2 * 256 + Int((word >> 40) & 0xFF)]
                    ^ table[1 * 256 + Int((word >> 48) & 0xFF)] ^ table[Int(word >> 56)]
                pointer += 8
                remaining -= 8
            }
            while remaining > 0 {
                crc = (crc >> 8) ^ table[Int((crc ^ UInt32(pointer.load(as: UInt8.self))) & 0xFF)]
                pointer += 1
                remaining -= 1
            }
            return ~crc
        }
    }

    /// The checksum of a byte collection; see ``checksum(_:continuing:)-(UnsafeRawBufferPointer,_)``.
    package static func checksum(_ bytes: some Collection<UInt8>, continuing previous: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in
            checksum(UnsafeRawBufferPointer(buffer), continuing: previous)
        }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0, continuing: previous) }
    }

    /// The byte-at-a-time reference computation, kept for tests to check the fast path against.
    package static func checksumBytewise(_ bytes: some Sequence<UInt8>, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = ~previous
        for byte in bytes { crc = (crc >> 8) ^ tables[Int((crc ^ UInt32(byte)) & 0xFF)] }
        return ~crc
    }
}
