/// The compact binary encoding of `Codable` values that snapshots use (``BinaryStateEncoder``,
/// ``BinaryStateDecoder``); the format is described in docs/log-format.md ("The daemon's snapshot payload").
///
/// Every value starts with a one-byte tag. Containers carry their byte length, so a reader skips a value it
/// does not want in constant time, and keys are numbers into a table of names kept once per payload.
enum BinaryCoding {
    /// The first byte of every value.
    enum Tag: UInt8 {
        /// `nil`; nothing follows.
        case null = 0
        case `false` = 1
        case `true` = 2
        /// A signed integer, zigzag-encoded as a LEB128 varint.
        case signed = 3
        /// An unsigned integer as a LEB128 varint.
        case unsigned = 4
        /// A `Double`: its 8-byte IEEE 754 bit pattern, little-endian.
        case double = 5
        /// A `Float`: its 4-byte IEEE 754 bit pattern, little-endian.
        case float = 6
        /// A string: varint byte count, then UTF-8.
        case string = 7
        /// A keyed container: varint byte length of what follows, varint entry count, then per entry a varint
        /// index into the key table and the value.
        case keyed = 8
        /// An unkeyed container: varint byte length of what follows, varint element count, then the elements.
        case unkeyed = 9
        /// A `Double` that is a whole number of magnitude below 2⁵³ (and not −0): zigzag varint of its value.
        /// Budgets, factors and debts are often 0 or 1; this keeps them to two bytes instead of nine.
        case integralDouble = 10
        /// A value of a ``BinaryPacked`` type (or an array of one): varint byte length, then its own layout.
        case packed = 11
    }

    /// `value` as a whole number, when it is one that converts back to exactly the same `Double`.
    static func integral(_ value: Double) -> Int64? {
        guard value.magnitude < 0x20_0000_0000_0000, value.rounded(.towardZero) == value,
            !(value == 0 && value.sign == .minus)
        else { return nil }
        return Int64(value)
    }

    /// `value`, read from a payload, unless a limit is given and it is beyond it (or not finite): a NaN, an infinity
    /// or 1e308 where a state holds a rate or a budget passes every checksum when the snapshot was written that
    /// way, and would trap wherever it is turned into an `Int`.
    static func number(_ value: Double, atMost largest: Double?) throws(FormatError) -> Double {
        if let largest, !(value.magnitude <= largest) {
            throw FormatError(
                "the number \(value) is beyond what this value holds (finite, at most \(largest) either way)")
        }
        return value
    }

    /// Appends `value` as an unsigned LEB128 varint (7 bits a byte, low bits first, high bit = more follows).
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zigzag: small negative numbers become small unsigned ones (0, -1, 1, -2, … → 0, 1, 2, 3, …).
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The inverse of ``zigzag(_:)``.
    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// The string in `utf8`, or `nil` when it is not valid UTF-8.
    static func string(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        // ASCII (almost every string in a state) is valid as it is, and String(decoding:) takes it much faster
        // than String(validating:), which checks the rest.
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        return String(validating: utf8, as: UTF8.self)
    }

    /// Why bytes could not be decoded: they are not in this format, or are damaged.
    struct FormatError: Error, CustomStringConvertible {
        /// What was wrong, and where.
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
