/// The elements of an array, read in turn. A class: as an existential, a struct this size would be boxed anyway.
final class JSONUnkeyedReader: UnkeyedDecodingContainer {
    /// Not retained: the decoder outlives it (see ``JSONKeyedReader``).
    private unowned(unsafe) let decoder: JSONDecoding
    private let depth: Int
    private let ownPath: [any CodingKey]?
    /// The token of the element ``currentIndex``.
    private var element: Int

    let count: Int?
    private(set) var currentIndex = 0

    init(decoder: JSONDecoding, array: Int, depth: Int, ownPath: [any CodingKey]?) throws {
        let token = decoder.token(array)
        guard token.kind == .array else {
            throw decoder.mismatch([Any].self, token, ownPath ?? Array(decoder.path.prefix(depth)))
        }
        self.decoder = decoder
        self.depth = depth
        self.ownPath = ownPath
        count = Int(token.count)
        element = array + 1
    }

    var codingPath: [any CodingKey] { ownPath ?? Array(decoder.path.prefix(depth)) }

    var isAtEnd: Bool { currentIndex >= count! }

    private var elementPath: [any CodingKey] { codingPath + [JSONKey(intValue: currentIndex)] }

    /// The element's token, or the error `JSONDecoder` throws past the end.
    private func current(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
        }
        return element
    }

    private func advance() {
        element = decoder.tokens[element].next(after: element)
        currentIndex += 1
    }

    func decodeNil() throws -> Bool {
        guard decoder.tokens[try current(Any?.self)].kind == .null else { return false }
        advance()
        return true
    }

    func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try decoder.bool(at: $0, path: $1()) } }
    func decode(_ type: String.Type) throws -> String { try next(type) { try decoder.string(at: $0, path: $1()) } }
    func decode(_ type: Double.Type) throws -> Double { try next(type) { try decoder.double(at: $0, path: $1()) } }
    func decode(_ type: Float.Type) throws -> Float { try next(type) { try decoder.float(at: $0, path: $1()) } }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    @inline(__always)
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try next(type) { try decoder.integer(type, at: $0, path: $1()) }
    }

    /// The element read by `read` (given its token and its coding path, made only if asked for), then the next.
    @inline(__always)
    private func next<T>(_ type: T.Type, _ read: (Int, () -> [any CodingKey]) throws -> T) throws -> T {
        let value = try read(try current(type)) { elementPath }
        advance()
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decoder.decode(
            type, at: try current(type), key: JSONKey(intValue: currentIndex), depth: depth, ownPath: ownPath)
        advance()
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let object = try current(KeyedDecodingContainer<NestedKey>.self)
        let path = elementPath
        try decoder.open(object, path: path)
        advance()
        return KeyedDecodingContainer(
            JSONKeyedReader<NestedKey>(decoder: decoder, depth: path.count, object: object, ownPath: path))
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONUnkeyedReader(
            decoder: decoder, array: try current((any UnkeyedDecodingContainer).self), depth: 0, ownPath: elementPath)
        advance()
        return container
    }

    func superDecoder() throws -> any Decoder {
        let value = try current((any Decoder).self)
        let decoder = JSONDecoding(sharing: decoder, value: value, path: elementPath)
        advance()
        return decoder
    }
}
