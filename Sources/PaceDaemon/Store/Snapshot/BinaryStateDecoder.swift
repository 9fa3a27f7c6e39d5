/// Decodes `Decodable` values from ``BinaryCoding``'s binary format, as ``BinaryStateEncoder`` writes it.
///
/// Every read is checked against the bounds of the bytes, and every value's tag against the type asked for,
/// so damaged or foreign bytes throw ``BinaryCoding/FormatError`` (or the value's own `DecodingError`) and
/// never crash. Keyed containers expect keys in the order they were written (what synthesized `Codable`
/// does) and fall back to searching the container, so any decoding order works.
struct BinaryStateDecoder {
    /// When given, every number read must be finite and at most this large either way (a state's are).
    var largestNumber: Double?

    /// Decodes a `T` from `bytes`, which must hold a key table and exactly one value.
    ///
    /// - Throws: ``BinaryCoding/FormatError`` for bytes that are not one such value, or the error a type's
    ///   `init(from:)` throws for a value it refuses.
    func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let input = Input(bytes: bytes, keys: [], largestNumber: largestNumber)
        var position = 0
        let keyCount = try input.length(&position)
        var keys: [String] = []
        keys.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            let length = try input.length(&position)
            keys.append(try Input.string(UnsafeRawBufferPointer(rebasing: bytes[position..<position + length])))
            position += length
        }
        input.keys = keys
        let end = try input.skip(position)
        guard end == bytes.count else { throw BinaryCoding.FormatError("\(bytes.count - end) bytes after the value") }
        return try input.value(T.self, at: position)
    }
}

/// The bytes being decoded and the key table; shared by every decoder and container of one decode.
private final class Input {
    let bytes: UnsafeRawBufferPointer
    var keys: [String]
    let largestNumber: Double?

    init(bytes: UnsafeRawBufferPointer, keys: [String], largestNumber: Double?) {
        self.bytes = bytes
        self.keys = keys
        self.largestNumber = largestNumber
    }

    func byte(at offset: Int) throws -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw BinaryCoding.FormatError("cut short at \(offset)") }
        return bytes[offset]
    }

    func tag(at offset: Int) throws -> BinaryCoding.Tag {
        let byte = try byte(at: offset)
        guard let tag = BinaryCoding.Tag(rawValue: byte) else {
            throw BinaryCoding.FormatError("unknown tag \(byte) at \(offset)")
        }
        return tag
    }

    /// A varint at `offset`, and moves `offset` past it.
    func varint(_ offset: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte(at: offset)
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw BinaryCoding.FormatError("varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A varint used as a length or count: it must fit in what is left of the bytes.
    func length(_ offset: inout Int) throws -> Int {
        let value = try varint(&offset)
        guard value <= UInt64(bytes.count - offset) else {
            throw BinaryCoding.FormatError("length \(value) past the end at \(offset)")
        }
        return Int(value)
    }

    /// The offset just after the value at `offset` (containers are skipped whole, by their length).
    func skip(_ offset: Int) throws -> Int {
        var position = offset + 1
        switch try tag(at: offset) {
        case .null, .false, .true: break
        case .signed, .unsigned, .integralDouble: _ = try varint(&position)
        case .double: position += 8
        case .float: position += 4
        case .string, .keyed, .unkeyed, .packed: position += try length(&position)
        }
        guard position <= bytes.count else { throw BinaryCoding.FormatError("cut short at \(offset)") }
        return position
    }

    /// The container at `offset` with `tag`: where its entries start and end, and how many there are.
    func container(at offset: Int, _ tag: BinaryCoding.Tag) throws -> (start: Int, end: Int, count: Int) {
        let found = try self.tag(at: offset)
        guard found == tag else { throw mismatch(tag, found, offset) }
        var position = offset + 1
        let length = try length(&position)
        let end = position + length
        let count = try self.length(&position)
        guard position <= end, count <= end - position else {
            throw BinaryCoding.FormatError("container at \(offset) holds more than its length")
        }
        return (position, end, count)
    }

    func mismatch(_ expected: BinaryCoding.Tag, _ found: BinaryCoding.Tag, _ offset: Int) -> BinaryCoding.FormatError {
        BinaryCoding.FormatError("expected \(expected), found \(found) at \(offset)")
    }

    func isNil(at offset: Int) throws -> Bool { try tag(at: offset) == .null }

    /// The `T` at `offset`: unpacked when `T` is ``BinaryPacked``, else decoded by its `init(from:)`.
    func value<T: Decodable>(_ type: T.Type, at offset: Int) throws -> T {
        guard let packed = BinaryPackedTypes.packed(T.self) else {
            return try T(from: ValueDecoder(input: self, offset: offset))
        }
        let found = try tag(at: offset)
        guard found == .packed else { throw mismatch(.packed, found, offset) }
        var position = offset + 1
        let length = try length(&position)
        var reader = BinaryReader(
            bytes: bytes, position: position, end: position + length, largestNumber: largestNumber)
        let value = try packed.init(unpacking: &reader)
        guard reader.position == reader.end else {
            throw BinaryCoding.FormatError("packed value at \(offset) too long")
        }
        guard let value = value as? T else { throw BinaryCoding.FormatError("packed value of another type") }
        return value
    }

    func bool(at offset: Int) throws -> Bool {
        switch try tag(at: offset) {
        case .false: return false
        case .true: return true
        case let other: throw mismatch(.true, other, offset)
        }
    }

    func signed(at offset: Int) throws -> Int64 {
        var position = offset + 1
        switch try tag(at: offset) {
        case .signed: return BinaryCoding.unzigzag(try varint(&position))
        case .unsigned:
            let value = try varint(&position)
            guard let signed = Int64(exactly: value) else { throw BinaryCoding.FormatError("\(value) out of range") }
            return signed
        case let other: throw mismatch(.signed, other, offset)
        }
    }

    func unsigned(at offset: Int) throws -> UInt64 {
        var position = offset + 1
        switch try tag(at: offset) {
        case .unsigned: return try varint(&position)
        case .signed:
            let value = BinaryCoding.unzigzag(try varint(&position))
            guard let unsigned = UInt64(exactly: value) else { throw BinaryCoding.FormatError("\(value) out of range") }
            return unsigned
        case let other: throw mismatch(.unsigned, other, offset)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        let value: T? = T.isSigned ? T(exactly: try signed(at: offset)) : T(exactly: try unsigned(at: offset))
        guard let value else { throw BinaryCoding.FormatError("integer at \(offset) does not fit \(T.self)") }
        return value
    }

    func double(at offset: Int) throws -> Double {
        switch try tag(at: offset) {
        case .double:
            return try BinaryCoding.number(
                Double(bitPattern: try littleEndian(UInt64.self, at: offset + 1)), atMost: largestNumber)
        case .integralDouble:
            var position = offset + 1
            let value = BinaryCoding.unzigzag(try varint(&position))
            guard value.magnitude < 0x20_0000_0000_0000 else { throw BinaryCoding.FormatError("\(value) out of range") }
            return try BinaryCoding.number(Double(value), atMost: largestNumber)
        case let other: throw mismatch(.double, other, offset)
        }
    }

    func float(at offset: Int) throws -> Float {
        let found = try tag(at: offset)
        guard found == .float else { throw mismatch(.float, found, offset) }
        return Float(bitPattern: try littleEndian(UInt32.self, at: offset + 1))
    }

    private func littleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        guard offset + MemoryLayout<T>.size <= bytes.count else {
            throw BinaryCoding.FormatError("cut short at \(offset)")
        }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    func string(at offset: Int) throws -> String {
        let found = try tag(at: offset)
        guard found == .string else { throw mismatch(.string, found, offset) }
        var position = offset + 1
        let count = try length(&position)
        return try Self.string(UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
    }

    static func string(_ utf8: UnsafeRawBufferPointer) throws -> String {
        guard let string = BinaryCoding.string(utf8.bindMemory(to: UInt8.self)) else {
            throw BinaryCoding.FormatError("invalid UTF-8")
        }
        return string
    }
}

/// The decoder a value decodes itself from: the value at `offset`. It is its own single-value container.
private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let input: Input
    let offset: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try KeyedContainer<Key>(input: input, offset: offset))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedContainer(input: input, offset: offset)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { (try? input.isNil(at: offset)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try input.bool(at: offset) }
    func decode(_ type: String.Type) throws -> String { try input.string(at: offset) }
    func decode(_ type: Double.Type) throws -> Double { try input.double(at: offset) }
    func decode(_ type: Float.Type) throws -> Float { try input.float(at: offset) }
    func decode(_ type: Int.Type) throws -> Int { try input.integer(type, at: offset) }
    func decode(_ type: Int8.Type) throws -> Int8 { try input.integer(type, at: offset) }
    func decode(_ type: Int16.Type) throws -> Int16 { try input.integer(type, at: offset) }
    func decode(_ type: Int32.Type) throws -> Int32 { try input.integer(type, at: offset) }
    func decode(_ type: Int64.Type) throws -> Int64 { try input.signed(at: offset) }
    func decode(_ type: UInt.Type) throws -> UInt { try input.integer(type, at: offset) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try input.integer(type, at: offset) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try input.integer(type, at: offset) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try input.integer(type, at: offset) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try input.unsigned(at: offset) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try input.value(type, at: offset) }
}

private final class KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let input: Input
    private let start: Int
    private let end: Int
    private let count: Int
    /// Where the entry after the last one found starts, and its number: the next key is usually there.
    private var cursor: Int
    private var cursorIndex = 0

    init(input: Input, offset: Int) throws {
        self.input = input
        (start, end, count) = try input.container(at: offset, .keyed)
        cursor = start
    }

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        var keys: [Key] = []
        var position = start
        for _ in 0..<count {
            guard let (index, value) = try? entry(at: position), let next = try? input.skip(value) else { break }
            if let key = Key(stringValue: input.keys[index]) { keys.append(key) }
            position = next
        }
        return keys
    }

    /// The key index of the entry at `position` and where its value starts.
    private func entry(at position: Int) throws -> (key: Int, value: Int) {
        var position = position
        let index = try input.varint(&position)
        guard index < UInt64(input.keys.count) else { throw BinaryCoding.FormatError("unknown key \(index)") }
        guard position < end else { throw BinaryCoding.FormatError("entry past its container at \(position)") }
        return (Int(index), position)
    }

    /// Where the value of `key` starts, if the container has it.
    private func find(_ key: Key) throws -> Int? {
        let name = key.stringValue
        var position = cursor
        var index = cursorIndex
        for _ in 0..<count {
            if index == count {
                position = start
                index = 0
            }
            let (keyIndex, value) = try entry(at: position)
            let next = try input.skip(value)
            guard next <= end else { throw BinaryCoding.FormatError("value past its container at \(value)") }
            index += 1
            if input.keys[keyIndex] == name {
                cursor = next
                cursorIndex = index
                return value
            }
            position = next
        }
        return nil
    }

    private func value(_ key: Key) throws -> Int {
        guard let offset = try find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value for the key"))
        }
        return offset
    }

    /// The value of `key` unless it is missing or `nil`.
    private func present(_ key: Key) throws -> Int? {
        guard let offset = try find(key), try !input.isNil(at: offset) else { return nil }
        return offset
    }

    func contains(_ key: Key) -> Bool { (try? find(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try input.isNil(at: value(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try input.bool(at: value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try input.string(at: value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try input.double(at: value(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try input.float(at: value(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try input.integer(type, at: value(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try input.integer(type, at: value(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try input.integer(type, at: value(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try input.integer(type, at: value(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try input.signed(at: value(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try input.integer(type, at: value(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try input.integer(type, at: value(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try input.integer(type, at: value(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try input.integer(type, at: value(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try input.unsigned(at: value(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try input.value(type, at: value(key))
    }

    // One search per optional value (the default implementations search up to three times).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map(input.bool(at:))
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map(input.string(at:))
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map(input.double(at:))
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try present(key).map(input.float(at:))
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map(input.signed(at:))
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try present(key).map { try input.integer(type, at: $0) }
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try present(key).map(input.unsigned(at:))
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try input.value(type, at: $0) }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try KeyedContainer<NestedKey>(input: input, offset: value(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try UnkeyedContainer(input: input, offset: value(key))
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: BinaryCodingSuperKey().stringValue) else {
            throw BinaryCoding.FormatError("no super key")
        }
        return try superDecoder(forKey: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(input: input, offset: try value(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let input: Input
    private let end: Int
    private var position: Int
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    init(input: Input, offset: Int) throws {
        self.input = input
        let container = try input.container(at: offset, .unkeyed)
        (position, end, count) = (container.start, container.end, container.count)
    }

    /// The next element's offset; moves past it.
    private mutating func next() throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: [], debugDescription: "no element \(currentIndex)"))
        }
        let offset = position
        let following = try input.skip(offset)
        guard following <= end else { throw BinaryCoding.FormatError("element past its container at \(offset)") }
        position = following
        currentIndex += 1
        return offset
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, try input.isNil(at: position) else { return false }
        _ = try next()
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try input.bool(at: next()) }
    mutating func decode(_ type: String.Type) throws -> String { try input.string(at: next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try input.double(at: next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try input.float(at: next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try input.integer(type, at: next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try input.integer(type, at: next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try input.integer(type, at: next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try input.integer(type, at: next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try input.signed(at: next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try input.integer(type, at: next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try input.integer(type, at: next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try input.integer(type, at: next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try input.integer(type, at: next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try input.unsigned(at: next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try input.value(type, at: next())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try KeyedContainer<NestedKey>(input: input, offset: next()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedContainer(input: input, offset: next())
    }

    mutating func superDecoder() throws -> any Decoder {
        ValueDecoder(input: input, offset: try next())
    }
}
