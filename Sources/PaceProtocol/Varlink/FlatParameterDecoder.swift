import FoundationEssentials

/// Decodes a method's parameters from the flat object ``FlatCallScanner`` read, without `JSONDecoder`.
///
/// It gives what `JSONDecoder` gives for every parameters type made of keyed strings, integers, booleans,
/// doubles and string enums, optional or not; for everything else — a value of another type than asked, a
/// missing key, an integer out of range, a nested container, a type `JSONDecoder` treats specially — it throws,
/// and the caller asks `JSONDecoder`, which stays the reference (and names the parameter at fault).
struct FlatParameterDecoder: Decoder {
    /// Why the fast path gave up; never shown: the reference decides instead.
    struct GiveUp: Error {}

    let members: [(key: String, value: FlatScalar)]
    /// The one value a single-value container reads; `nil` for the parameters object itself.
    let value: FlatScalar?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(members: [(key: String, value: FlatScalar)]) {
        self.members = members
        self.value = nil
    }

    private init(value: FlatScalar) {
        self.members = []
        self.value = value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard value == nil else { throw GiveUp() }
        return KeyedDecodingContainer(Keyed<Key>(members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw GiveUp() }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard let value else { throw GiveUp() }
        return Single(value: value)
    }

    /// `value` as `T`, by `JSONDecoder`'s rules, or ``GiveUp``.
    static func decode<T: Decodable>(_ value: FlatScalar, as type: T.Type) throws -> T {
        if let primitive = T.self as? any FlatPrimitive.Type { return try primitive.flat(value) as! T }
        // Types JSONDecoder decodes in its own way: the reference decides.
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            throw GiveUp()
        }
        return try T(from: FlatParameterDecoder(value: value))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [(key: String, value: FlatScalar)]
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

        private func member(_ key: Key) -> FlatScalar? {
            let name = key.stringValue
            for member in members where member.key == name { return member.value }
            return nil
        }

        func contains(_ key: Key) -> Bool { member(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            guard let value = member(key) else { throw GiveUp() }
            return value == .null
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let value = member(key) else { throw GiveUp() }
            return try FlatParameterDecoder.decode(value, as: type)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let value = member(key), value != .null else { return nil }
            return try FlatParameterDecoder.decode(value, as: type)
        }

        // The primitive requirements, each through the generic one (which knows JSONDecoder's rules).
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw GiveUp() }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw GiveUp() }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw GiveUp() }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw GiveUp() }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw GiveUp() }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw GiveUp() }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw GiveUp() }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw GiveUp() }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw GiveUp() }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type, key) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { throw GiveUp() }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { throw GiveUp() }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { throw GiveUp() }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { throw GiveUp() }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { throw GiveUp() }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { throw GiveUp() }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { throw GiveUp() }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { throw GiveUp() }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { throw GiveUp() }

        private func decode<T: FlatPrimitive>(_ type: T.Type, _ key: Key) throws -> T {
            guard let value = member(key) else { throw GiveUp() }
            return try T.flat(value)
        }

        private func present<T: FlatPrimitive>(_ type: T.Type, _ key: Key) throws -> T? {
            guard let value = member(key), value != .null else { return nil }
            return try T.flat(value)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw GiveUp()
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw GiveUp() }
        func superDecoder() throws -> any Decoder { throw GiveUp() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw GiveUp() }
    }

    private struct Single: SingleValueDecodingContainer {
        let value: FlatScalar
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try Bool.flat(value) }
        func decode(_ type: String.Type) throws -> String { try String.flat(value) }
        func decode(_ type: Double.Type) throws -> Double { try Double.flat(value) }
        func decode(_ type: Int.Type) throws -> Int { try Int.flat(value) }
        func decode(_ type: Int64.Type) throws -> Int64 { try Int64.flat(value) }
        func decode(_ type: Float.Type) throws -> Float { throw GiveUp() }
        func decode(_ type: Int8.Type) throws -> Int8 { throw GiveUp() }
        func decode(_ type: Int16.Type) throws -> Int16 { throw GiveUp() }
        func decode(_ type: Int32.Type) throws -> Int32 { throw GiveUp() }
        func decode(_ type: UInt.Type) throws -> UInt { throw GiveUp() }
        func decode(_ type: UInt8.Type) throws -> UInt8 { throw GiveUp() }
        func decode(_ type: UInt16.Type) throws -> UInt16 { throw GiveUp() }
        func decode(_ type: UInt32.Type) throws -> UInt32 { throw GiveUp() }
        func decode(_ type: UInt64.Type) throws -> UInt64 { throw GiveUp() }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try FlatParameterDecoder.decode(value, as: type) }
    }
}

/// The primitives ``FlatParameterDecoder`` reads itself, each by `JSONDecoder`'s rules for a flat value.
protocol FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> Self
}

extension Bool: FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> Bool {
        guard case .bool(let flag) = value else { throw FlatParameterDecoder.GiveUp() }
        return flag
    }
}

extension String: FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> String {
        guard case .string(let text) = value else { throw FlatParameterDecoder.GiveUp() }
        return text
    }
}

extension Int: FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> Int {
        guard case .integer(let number) = value, let result = Int(exactly: number) else {
            throw FlatParameterDecoder.GiveUp()
        }
        return result
    }
}

extension Int64: FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> Int64 {
        guard case .integer(let number) = value else { throw FlatParameterDecoder.GiveUp() }
        return number
    }
}

extension Double: FlatPrimitive {
    static func flat(_ value: FlatScalar) throws -> Double {
        switch value {
        case .integer(let number): return Double(number)
        case .number(let number): return number
        default: throw FlatParameterDecoder.GiveUp()
        }
    }
}
