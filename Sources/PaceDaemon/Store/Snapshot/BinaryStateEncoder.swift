/// Encodes `Encodable` values in ``BinaryCoding``'s compact binary format: the whole derived state of years of
/// history in a few hundred kilobytes, readable by ``BinaryStateDecoder`` without Foundation's JSON decoder.
///
/// The value is first built as a tree (a container may be filled after its siblings, as `Codable` allows),
/// then written in one pass: the table of key names (a varint count, then each name as a varint byte count
/// and UTF-8), then the value, whose keys are indices into the table. Optional values are written as an explicit `nil` rather than left out, so a decoder reading
/// keys in the order they were written never has to search.
struct BinaryStateEncoder {
    /// The key table and the encoded value.
    ///
    /// - Throws: `EncodingError` when a value refuses to encode.
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let keys = KeyTable()
        let node = try ValueEncoder.node(for: value, keys: keys)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        BinaryCoding.appendVarint(UInt64(keys.names.count), to: &bytes)
        for name in keys.names {
            BinaryCoding.appendVarint(UInt64(name.utf8.count), to: &bytes)
            bytes.append(contentsOf: name.utf8)
        }
        Self.write(node, into: &bytes)
        return bytes
    }

    fileprivate static func write(_ node: Node, into bytes: inout [UInt8]) {
        switch node {
        case .null: bytes.append(BinaryCoding.Tag.null.rawValue)
        case .bool(let value): bytes.append(value ? BinaryCoding.Tag.true.rawValue : BinaryCoding.Tag.false.rawValue)
        case .signed(let value):
            bytes.append(BinaryCoding.Tag.signed.rawValue)
            BinaryCoding.appendVarint(BinaryCoding.zigzag(value), to: &bytes)
        case .unsigned(let value):
            bytes.append(BinaryCoding.Tag.unsigned.rawValue)
            BinaryCoding.appendVarint(value, to: &bytes)
        case .double(let value):
            if let integral = BinaryCoding.integral(value) {
                bytes.append(BinaryCoding.Tag.integralDouble.rawValue)
                BinaryCoding.appendVarint(BinaryCoding.zigzag(integral), to: &bytes)
            } else {
                bytes.append(BinaryCoding.Tag.double.rawValue)
                appendLittleEndian(value.bitPattern, to: &bytes)
            }
        case .float(let value):
            bytes.append(BinaryCoding.Tag.float.rawValue)
            appendLittleEndian(value.bitPattern, to: &bytes)
        case .string(let value):
            bytes.append(BinaryCoding.Tag.string.rawValue)
            var value = value
            value.withUTF8 { utf8 in
                BinaryCoding.appendVarint(UInt64(utf8.count), to: &bytes)
                bytes.append(contentsOf: utf8)
            }
        case .keyed(let container):
            var body: [UInt8] = []
            BinaryCoding.appendVarint(UInt64(container.entries.count), to: &body)
            for entry in container.entries {
                BinaryCoding.appendVarint(UInt64(entry.key), to: &body)
                write(entry.value.resolved, into: &body)
            }
            appendContainer(.keyed, body, to: &bytes)
        case .unkeyed(let container):
            var body: [UInt8] = []
            BinaryCoding.appendVarint(UInt64(container.elements.count), to: &body)
            for element in container.elements { write(element.resolved, into: &body) }
            appendContainer(.unkeyed, body, to: &bytes)
        case .encoder(let encoder):
            write(encoder.node ?? .keyed(KeyedNode()), into: &bytes)
        case .packed(let body):
            appendContainer(.packed, body, to: &bytes)
        }
    }

    private static func appendContainer(_ tag: BinaryCoding.Tag, _ body: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(tag.rawValue)
        BinaryCoding.appendVarint(UInt64(body.count), to: &bytes)
        bytes.append(contentsOf: body)
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// A value being built.
private enum Node {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case keyed(KeyedNode)
    case unkeyed(UnkeyedNode)
    /// A value handed to a nested encoder (`superEncoder`), known once that encoder is done.
    case encoder(ValueEncoder)
    /// A ``BinaryPacked`` value's layout.
    case packed([UInt8])

    var resolved: Node {
        if case .encoder(let encoder) = self { return encoder.node ?? .keyed(KeyedNode()) }
        return self
    }
}

private final class KeyedNode {
    var entries: [(key: Int, value: Node)] = []

    /// Sets the value of `key`: the last value given for a key wins, as with JSON.
    func set(_ key: Int, _ value: Node) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append((key, value))
        }
    }
}

private final class UnkeyedNode {
    var elements: [Node] = []
}

/// The names of the keys used, each given an index the first time it appears.
private final class KeyTable {
    var names: [String] = []
    private var indices: [String: Int] = [:]

    func index(of key: some CodingKey) -> Int {
        let name = key.stringValue
        if let index = indices[name] { return index }
        names.append(name)
        indices[name] = names.count - 1
        return names.count - 1
    }
}

/// The encoder a value encodes itself to; it holds what the value became.
private final class ValueEncoder: Encoder {
    let keys: KeyTable
    var node: Node?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(keys: KeyTable) {
        self.keys = keys
    }

    /// Encodes `value` on its own and returns what it became.
    static func node(for value: some Encodable, keys: KeyTable) throws -> Node {
        if let packed = value as? any BinaryPacked {
            guard BinaryPackedTypes.packed(type(of: value)) != nil else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: [], debugDescription: "\(type(of: value)) is packed but not in BinaryPackedTypes"))
            }
            var writer = BinaryWriter()
            packed.pack(into: &writer)
            return .packed(writer.bytes)
        }
        let encoder = ValueEncoder(keys: keys)
        try value.encode(to: encoder)
        return encoder.node ?? .keyed(KeyedNode())
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let container: KeyedNode
        if case .keyed(let existing) = node {
            container = existing
        } else {
            container = KeyedNode()
            node = .keyed(container)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: container, keys: keys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let container: UnkeyedNode
        if case .unkeyed(let existing) = node {
            container = existing
        } else {
            container = UnkeyedNode()
            node = .unkeyed(container)
        }
        return UnkeyedContainer(node: container, keys: keys)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = .double(value) }
    mutating func encode(_ value: Float) throws { encoder.node = .float(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .signed(Int64(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .signed(Int64(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .signed(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .signed(value) }
    mutating func encode(_ value: UInt) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .unsigned(value) }
    mutating func encode(_ value: some Encodable) throws {
        encoder.node = try ValueEncoder.node(for: value, keys: encoder.keys)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: KeyedNode
    let keys: KeyTable
    var codingPath: [any CodingKey] { [] }

    private func set(_ value: Node, _ key: Key) { node.set(keys.index(of: key), value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.float(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.signed(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.signed(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.unsigned(value), key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        set(try ValueEncoder.node(for: value, keys: keys), key)
    }

    // `nil` is written rather than left out: the decoder then finds every key where it expects it.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(value.map(Node.bool) ?? .null, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        set(value.map(Node.string) ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        set(value.map(Node.double) ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        set(value.map(Node.float) ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        set(value.map { .signed(Int64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
        set(value.map { .signed(Int64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        set(value.map { .signed(Int64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        set(value.map { .signed(Int64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        set(value.map(Node.signed) ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
        set(value.map { .unsigned(UInt64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        set(value.map { .unsigned(UInt64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        set(value.map { .unsigned(UInt64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        set(value.map { .unsigned(UInt64($0)) } ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        set(value.map(Node.unsigned) ?? .null, key)
    }
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws {
        set(try value.map { try ValueEncoder.node(for: $0, keys: keys) } ?? .null, key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedNode()
        set(.keyed(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, keys: keys))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = UnkeyedNode()
        set(.unkeyed(nested), key)
        return UnkeyedContainer(node: nested, keys: keys)
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(for: BinaryCodingSuperKey())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(for: key)
    }

    private func superEncoder(for key: some CodingKey) -> any Encoder {
        let encoder = ValueEncoder(keys: keys)
        node.set(keys.index(of: key), .encoder(encoder))
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: UnkeyedNode
    let keys: KeyTable
    var codingPath: [any CodingKey] { [] }
    var count: Int { node.elements.count }

    private func append(_ value: Node) { node.elements.append(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.float(value)) }
    mutating func encode(_ value: Int) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.signed(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.signed(value)) }
    mutating func encode(_ value: UInt) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { append(.unsigned(value)) }
    mutating func encode(_ value: some Encodable) throws { append(try ValueEncoder.node(for: value, keys: keys)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedNode()
        append(.keyed(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, keys: keys))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = UnkeyedNode()
        append(.unkeyed(nested))
        return UnkeyedContainer(node: nested, keys: keys)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = ValueEncoder(keys: keys)
        append(.encoder(encoder))
        return encoder
    }
}

/// The key `super` that `superEncoder()` and `superDecoder()` use, as in Foundation's coders.
struct BinaryCodingSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { if stringValue != "super" { return nil } }
    init?(intValue: Int) { nil }
}
