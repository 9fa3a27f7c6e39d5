import PaceCore

/// A type with its own hand-written layout inside ``BinaryCoding``'s format, for the bulk of a snapshot: the
/// `Codable` path costs about 100,000 instructions for one day's record (type metadata, container boxes and
/// existentials on every field), a packed record a few hundred.
///
/// ``BinaryStateEncoder`` and ``BinaryStateDecoder`` use it for any value of a conforming type (arrays of one
/// included), as a ``BinaryCoding/Tag/packed`` value: varint byte length, then the type's own bytes. The
/// snapshot tests round-trip random states through it: a field left out of a layout fails them.
protocol BinaryPacked {
    /// Appends the value's layout.
    func pack(into writer: inout BinaryWriter)
    /// Reads a value written by ``pack(into:)``.
    /// - Throws: ``BinaryCoding/FormatError`` when the bytes do not hold one.
    init(unpacking reader: inout BinaryReader) throws
}

/// The ``BinaryPacked`` types a snapshot holds, by identity: the decoder finds a type here instead of asking the
/// runtime (`as? any BinaryPacked.Type`), whose answer for a type that does not conform scans every conformance
/// the program has — about 250,000 instructions for each of the 37 types a snapshot's state is made of, 9 million
/// of a start-up. The encoder refuses a packed type missing here, so the snapshot tests catch one.
enum BinaryPackedTypes {
    /// `type` as a ``BinaryPacked`` type, if it is one a snapshot packs.
    static func packed(_ type: Any.Type) -> (any BinaryPacked.Type)? {
        if type == DayList.self { return DayList.self }
        if type == DayRecord.self { return DayRecord.self }
        if type == [DayRecord].self { return [DayRecord].self }
        if type == CheckIn.self { return CheckIn.self }
        if type == [CheckIn].self { return [CheckIn].self }
        if type == DayBudget.self { return DayBudget.self }
        if type == [DayBudget].self { return [DayBudget].self }
        if type == Event.self { return Event.self }
        if type == [Event].self { return [Event].self }
        return nil
    }
}

extension Array: BinaryPacked where Element: BinaryPacked {
    func pack(into writer: inout BinaryWriter) {
        writer.count(count)
        for element in self { element.pack(into: &writer) }
    }

    init(unpacking reader: inout BinaryReader) throws {
        let count = try reader.count()
        self.init()
        reserveCapacity(BinaryReader.reservation(for: count))
        for _ in 0..<count { append(try Element(unpacking: &reader)) }
    }
}

/// Writes the pieces packed layouts are made of; integers as (zigzag) varints.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) { BinaryCoding.appendVarint(value, to: &bytes) }
    mutating func signed(_ value: Int64) { unsigned(BinaryCoding.zigzag(value)) }
    mutating func int(_ value: Int) { signed(Int64(value)) }
    mutating func count(_ value: Int) { unsigned(UInt64(value)) }
    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A double: a whole number as a tagged varint (usually two bytes), anything else as its 8-byte bit pattern.
    mutating func double(_ value: Double) {
        if let integral = BinaryCoding.integral(value) {
            bytes.append(0)
            signed(integral)
        } else {
            bytes.append(1)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Eight bytes, little-endian: for bits that are random (a varint would take ten).
    mutating func fixed(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Bytes of a layout of their own (their count, then them).
    mutating func data(_ value: [UInt8]) {
        count(value.count)
        bytes.append(contentsOf: value)
    }
}

/// Reads what ``BinaryWriter`` wrote; every read is checked against the end.
struct BinaryReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int
    /// When given, every number read must be finite and at most this large either way.
    var largestNumber: Double? = nil

    private static func cutShort() -> BinaryCoding.FormatError { BinaryCoding.FormatError("packed value cut short") }

    mutating func byte() throws -> UInt8 {
        guard position < end else { throw Self.cutShort() }
        defer { position += 1 }
        return bytes[position]
    }

    /// A varint. Most of a snapshot's numbers are: one of a single byte (a count, a flag, a difference) is read
    /// where it is asked for, a longer one in place without ``byte()``'s call and check for each byte.
    @inline(__always)
    mutating func unsigned() throws -> UInt64 {
        if position < end, bytes[position] < 0x80 {
            position += 1
            return UInt64(bytes[position - 1])
        }
        return try longUnsigned()
    }

    private mutating func longUnsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        while index < end {
            let byte = bytes[index]
            index += 1
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw BinaryCoding.FormatError("varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                position = index
                return value
            }
            shift += 7
        }
        throw Self.cutShort()
    }

    /// What ``BinaryWriter/fixed(_:)`` wrote.
    mutating func fixed() throws -> UInt64 {
        guard end - position >= 8 else { throw Self.cutShort() }
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    mutating func signed() throws -> Int64 { BinaryCoding.unzigzag(try unsigned()) }

    mutating func int() throws -> Int {
        let value = try signed()
        guard let int = Int(exactly: value) else { throw BinaryCoding.FormatError("\(value) out of range") }
        return int
    }

    /// A count of things that follow, each at least one byte: never more than the bytes left.
    mutating func count() throws -> Int {
        let value = try unsigned()
        guard value <= UInt64(end - position) else { throw BinaryCoding.FormatError("count \(value) past the end") }
        return Int(value)
    }

    /// How many elements to reserve room for ahead of reading `count` of them: a few thousand at most. An element
    /// takes far more memory than its bytes, and the count comes from a file (its CRC-32C catches damage, not
    /// tampering), so room for more is made only as elements are actually read.
    static func reservation(for count: Int) -> Int { Swift.min(count, 4096) }

    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw BinaryCoding.FormatError("\(other) is not a boolean")
        }
    }

    mutating func double() throws -> Double {
        switch try byte() {
        case 0:
            let value = try signed()
            guard value.magnitude < 0x20_0000_0000_0000 else { throw BinaryCoding.FormatError("\(value) out of range") }
            return try BinaryCoding.number(Double(value), atMost: largestNumber)
        case 1:
            guard end - position >= 8 else { throw Self.cutShort() }
            defer { position += 8 }
            let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            return try BinaryCoding.number(Double(bitPattern: bits), atMost: largestNumber)
        case let other: throw BinaryCoding.FormatError("\(other) does not start a number")
        }
    }

    /// What ``BinaryWriter/data(_:)`` wrote: the bytes themselves, valid as long as ``bytes`` is.
    mutating func data() throws -> UnsafeRawBufferPointer {
        let count = try count()
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    mutating func string() throws -> String {
        let count = try count()
        defer { position += count }
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]).bindMemory(to: UInt8.self)
        guard let string = BinaryCoding.string(utf8) else {
            throw BinaryCoding.FormatError("invalid UTF-8")
        }
        return string
    }
}
