/// Makes random values of any `Decodable` type by decoding them from nothing: each value it is asked for is made up
/// (strings that need escapes and strings that do not, numbers at their limits, optionals present and absent, short
/// arrays and dictionaries, an enum's cases), so a property test can hold every generated type's hand-written or
/// generated code to its `Codable` conformance without writing a generator per type.
package final class RandomValueDecoder: Decoder {
    private var random: SplitMix
    package var codingPath: [any CodingKey] = []
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Strings that JSON writes plainly, escaped, or with characters beyond ASCII.
    package static let strings = [
        "", "walk", "a \"quoted\" word", #"back\slash"#, "s/l/ash", "tab\tnew\nline\r", "\u{0}\u{1F}\u{7F}", "café",
        "🧘", "e\u{301}", "\u{2028}", "2026-11-25T13:05:00Z", "bout:1764072300000",
    ]
    /// Doubles JSON writes in each of its forms.
    package static let doubles: [Double] = [
        0, -0.0, 1, 1.8, 119.02, 0.1 + 0.2, 1e-7, 1e21, 1e16, 123_456.789, -42.5, .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
    ]

    package init(seed: UInt64) { random = SplitMix(seed: seed) }

    /// A random value of `type`.
    package func make<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }

    fileprivate func chance(_ percent: Int) -> Bool { random.int(0..<100) < percent }
    fileprivate func count() -> Int { random.int(0..<4) }

    fileprivate func string() -> String { Self.strings[random.int(0..<Self.strings.count)] }

    fileprivate func double() -> Double {
        chance(50) ? Self.doubles[random.int(0..<Self.doubles.count)] : Double(random.int(-100_000..<100_000)) / 64
    }

    fileprivate func integer<T: FixedWidthInteger>(_ type: T.Type) -> T {
        switch random.int(0..<4) {
        case 0: T.min
        case 1: T.max
        case 2: T(truncatingIfNeeded: random.int(-10..<100))
        default: T(truncatingIfNeeded: random.next())
        }
    }

    /// A value of `type`: one of an enum's cases, or what its `Decodable` conformance makes of random answers.
    fileprivate func value<T: Decodable>(_ type: T.Type) throws -> T {
        if let cases = T.self as? any (CaseIterable & Decodable).Type, let value = pick(cases) as? T { return value }
        return try T(from: self)
    }

    private func pick<C: CaseIterable>(_ type: C.Type) -> Any? {
        let all = Array(C.allCases)
        return all.isEmpty ? nil : all[random.int(0..<all.count)]
    }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        // A dictionary asks for its keys; a struct asks for its own.
        let keys = (0..<count()).compactMap { _ in Key(stringValue: string()) }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, allKeys: keys))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(decoder: self, count: count()) }
    package func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: RandomValueDecoder
        let allKeys: [Key]
        var codingPath: [any CodingKey] { [] }

        func contains(_ key: Key) -> Bool { decoder.chance(60) }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.value(type) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try decoder.container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder.unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: RandomValueDecoder
        let count: Int?
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var isAtEnd: Bool { currentIndex >= count ?? 0 }

        mutating func decodeNil() throws -> Bool {
            // An element that may be `null` is asked for here first: sometimes it is.
            guard decoder.chance(20) else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            currentIndex += 1
            return try decoder.value(type)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            currentIndex += 1
            return try decoder.container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            currentIndex += 1
            return try decoder.unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { decoder }
    }

    private struct Single: SingleValueDecodingContainer {
        let decoder: RandomValueDecoder
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { decoder.chance(10) }
        func decode(_ type: Bool.Type) throws -> Bool { decoder.chance(50) }
        func decode(_ type: String.Type) throws -> String { decoder.string() }
        func decode(_ type: Double.Type) throws -> Double { decoder.double() }
        func decode(_ type: Float.Type) throws -> Float { Float(decoder.double() / 1e300) }
        func decode(_ type: Int.Type) throws -> Int { decoder.integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { decoder.integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { decoder.integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { decoder.integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { decoder.integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { decoder.integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { decoder.integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { decoder.integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { decoder.integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { decoder.integer(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.value(type) }
    }
}
