/// Writes the members of an object: the one in the encoder's frame `frame`, whichever value that is now.
///
/// It holds nothing counted by reference, so copying it (which the standard library's type-erasing box does on every
/// call) costs no retain and release: the encoder outlives it (the pool keeps its encoders, and an encoder keeps the
/// encoders it makes for parts written later until the object they belong to is finished).
struct JSONKeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    unowned(unsafe) let encoder: JSONEncoding
    let frame: Int
    /// The length of the encoder's coding path where the container writes: its own path is that prefix.
    let depth: Int

    var codingPath: [any CodingKey] { Array(encoder.path.prefix(depth)) }
    private var path: [any CodingKey] { codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        encoder.writeNull()
        encoder.endMember()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        encoder.writeBool(value)
        encoder.endMember()
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        encoder.writeString(value)
        encoder.endMember()
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        try encoder.writeDouble(value, key: key)
        encoder.endMember()
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        try encoder.writeFloat(value, key: key)
        encoder.endMember()
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }

    private func integer(_ value: some BinaryInteger, _ key: Key) {
        encoder.beginMember(frame, key: key.stringValue)
        encoder.writeInteger(value)
        encoder.endMember()
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        encoder.beginMember(frame, key: key.stringValue)
        encoder.path.append(key)
        defer { encoder.path.removeLast() }
        try encoder.write(value)
        encoder.endMember()
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.laterMember(frame, key: key.stringValue, path: path + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.laterMember(frame, key: key.stringValue, path: path + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.laterMember(frame, key: JSONKey.super.stringValue, path: path + [JSONKey.super])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.laterMember(frame, key: key.stringValue, path: path + [key])
    }
}
