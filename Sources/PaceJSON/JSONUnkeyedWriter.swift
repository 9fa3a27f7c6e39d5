/// Writes the elements of an array.
struct JSONUnkeyedWriter: UnkeyedEncodingContainer {
    let encoder: JSONEncoding
    let frame: Int
    /// The length of the encoder's coding path where the container writes.
    let depth: Int
    private(set) var count = 0

    var codingPath: [any CodingKey] { Array(encoder.path.prefix(depth)) }
    private var path: [any CodingKey] { codingPath }

    /// The key of the element written next, for coding paths.
    private var key: JSONKey { JSONKey(intValue: count) }

    private mutating func begin() { encoder.beginMember(frame, key: nil) }

    private mutating func end() {
        encoder.endMember()
        count += 1
    }

    mutating func encodeNil() throws {
        begin()
        encoder.writeNull()
        end()
    }

    mutating func encode(_ value: Bool) throws {
        begin()
        encoder.writeBool(value)
        end()
    }

    mutating func encode(_ value: String) throws {
        begin()
        encoder.writeString(value)
        end()
    }

    mutating func encode(_ value: Double) throws {
        begin()
        try encoder.writeDouble(value, key: key)
        end()
    }

    mutating func encode(_ value: Float) throws {
        begin()
        try encoder.writeFloat(value, key: key)
        end()
    }

    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    private mutating func integer(_ value: some BinaryInteger) {
        begin()
        encoder.writeInteger(value)
        end()
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        begin()
        encoder.path.append(key)
        defer { encoder.path.removeLast() }
        try encoder.write(value)
        end()
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        defer { count += 1 }
        return encoder.laterMember(frame, key: nil, path: path + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        defer { count += 1 }
        return encoder.laterMember(frame, key: nil, path: path + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        defer { count += 1 }
        return encoder.laterMember(frame, key: nil, path: path + [key])
    }
}
