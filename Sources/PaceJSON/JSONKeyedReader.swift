/// The members of an object, looked up by key in place (``JSONDecoding/member(_:in:)``).
///
/// One made by the decoder's `container(keyedBy:)` reads whichever object is being decoded at its depth, and is
/// kept for the next one (``ContainerCache``); one made by `nestedContainer` reads its own object.
///
/// It holds nothing counted by reference, so copying it (which the standard library's type-erasing box does on every
/// call) costs no retain and release: the decoder outlives it (the pool keeps its decoders, and a decoder keeps the
/// decoders it makes for `superDecoder` until the document is decoded), and a nested container's coding path is kept
/// by the decoder too.
struct JSONKeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    private unowned(unsafe) let decoder: JSONDecoding
    /// The length of the decoder's coding path where the container reads: its own path is that prefix.
    private let depth: Int
    /// The object read by a container made by `nestedContainer`; -1 for one that reads the value at its depth.
    private let object: Int
    /// Where the decoder keeps the coding path of a container made by `nestedContainer`; -1 for none.
    private let pathIndex: Int

    init(decoder: JSONDecoding, depth: Int, object: Int, ownPath: [any CodingKey]?) {
        self.decoder = decoder
        self.depth = depth
        self.object = object
        pathIndex = ownPath.map { decoder.keep($0) } ?? -1
    }

    /// The coding path of a container made by `nestedContainer`.
    private var ownPath: [any CodingKey]? { pathIndex < 0 ? nil : decoder.kept(pathIndex) }

    /// The object read now.
    private var current: Int { object >= 0 ? object : decoder.value }

    var codingPath: [any CodingKey] { ownPath ?? Array(decoder.path.prefix(depth)) }

    var allKeys: [Key] { decoder.keys(of: current).compactMap { Key(stringValue: $0) } }

    private func value(_ key: Key) throws -> Int {
        guard let value = decoder.member(key.stringValue, in: current) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    /// The value of `key`, or `nil` when it is absent or `null`.
    private func present(_ key: Key) -> Int? {
        guard let value = decoder.member(key.stringValue, in: current), decoder.tokens[value].kind != .null else {
            return nil
        }
        return value
    }

    func contains(_ key: Key) -> Bool { decoder.member(key.stringValue, in: current) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { decoder.tokens[try value(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.bool(at: try value(key), path: codingPath + [key])
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.string(at: try value(key), path: codingPath + [key])
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.double(at: try value(key), path: codingPath + [key])
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.float(at: try value(key), path: codingPath + [key])
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    // Inlined into each caller, so that `T` is a concrete type there (a generic helper of a generic container looks
    // up `Optional<T>`'s metadata at run time on every call).
    @inline(__always)
    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try decoder.integer(type, at: try value(key), path: codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(type, at: try value(key), key: key, depth: depth, ownPath: ownPath)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try ifPresent(key) { try decoder.bool(at: $0, path: $1()) }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try ifPresent(key) { try decoder.string(at: $0, path: $1()) }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try ifPresent(key) { try decoder.double(at: $0, path: $1()) }
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try ifPresent(key) { try decoder.float(at: $0, path: $1()) }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try presentInteger(type, key) }

    @inline(__always)
    private func presentInteger<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T? {
        try ifPresent(key) { try decoder.integer(type, at: $0, path: $1()) }
    }

    /// The value of `key` read by `read` (given its token and its coding path, made only if asked for), or `nil` when
    /// it is absent or `null`. Inlined, as ``integer(_:_:)`` is.
    @inline(__always)
    private func ifPresent<T>(_ key: Key, _ read: (Int, () -> [any CodingKey]) throws -> T) throws -> T? {
        guard let value = present(key) else { return nil }
        return try read(value) { codingPath + [key] }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try decoder.decode(type, at: value, key: key, depth: depth, ownPath: ownPath)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let object = try value(key)
        let path = codingPath + [key]
        try decoder.open(object, path: path)
        return KeyedDecodingContainer(
            JSONKeyedReader<NestedKey>(decoder: decoder, depth: path.count, object: object, ownPath: path))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONUnkeyedReader(decoder: decoder, array: try value(key), depth: 0, ownPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder { superDecoder(key: JSONKey.super) }
    func superDecoder(forKey key: Key) throws -> any Decoder { superDecoder(key: key) }

    /// A decoder of its own for the value of `key` (`null` when there is none), as `JSONDecoder` gives.
    private func superDecoder(key: some CodingKey) -> any Decoder {
        JSONDecoding(
            sharing: decoder, value: decoder.member(key.stringValue, in: current) ?? -1, path: codingPath + [key])
    }
}
