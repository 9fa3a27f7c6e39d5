import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceDaemon

/// The binary coder under the snapshot, on shapes of `Codable` that `PaceState` does not all use today but a
/// future field might: every primitive at its extremes, nesting, enums with payloads, dictionaries, `super`,
/// keys decoded out of order or missing.
@Suite struct BinaryCodingTests {
    struct Primitives: Codable, Equatable {
        var bool: Bool
        var int: Int
        var int8: Int8
        var int16: Int16
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var uint8: UInt8
        var uint16: UInt16
        var uint32: UInt32
        var uint64: UInt64
        var double: Double
        var float: Float
        var string: String
        var optional: Int?
        var optionalString: String?
        var list: [Double?]
        var nested: [[String]]
        var map: [String: Int]
        var numbered: [Int: String]
        var choice: Choice
    }

    enum Choice: Codable, Equatable {
        case none
        case one(Int)
        case labelled(name: String, at: [Int64])
    }

    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        let bytes = try BinaryStateEncoder().encode(value)
        return try bytes.withUnsafeBytes { try BinaryStateDecoder().decode(T.self, from: $0) }
    }

    static func random(_ seed: UInt64) -> Primitives {
        var random = SplitMix(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[random.int(0..<values.count)] }
        return Primitives(
            bool: random.chance(2), int: pick([0, 1, -1, .max, .min, random.int(-1000..<1000)]),
            int8: pick([.max, .min, 0]), int16: pick([.max, .min, -3]), int32: pick([.max, .min, 77]),
            int64: pick([.max, .min, 1 << 40]), uint: pick([.max, 0, 300]), uint8: pick([.max, 0]),
            uint16: pick([.max, 1]), uint32: pick([.max, 2]), uint64: pick([.max, 0, 1 << 63]),
            double: pick([
                0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e-300,
            ]),
            float: pick([0, .infinity, 1.5, -.leastNormalMagnitude]),
            string: pick(["", "a", "ünï©ødé 🧶", String(repeating: "x", count: 300), "\u{0}", "\"{}[]\\"]),
            optional: random.chance(2) ? nil : random.int(-5..<5), optionalString: random.chance(2) ? nil : "s",
            list: (0..<random.int(0..<6)).map { _ in random.chance(3) ? nil : Double(random.int(-9..<9)) / 4 },
            nested: [[], ["a", "b"], [pick(["c", "é"])]], map: ["one": 1, "": 0, "ß": random.int(0..<9)],
            numbered: [1: "a", -7: "b"],
            choice: pick([.none, .one(random.int(-3..<3)), .labelled(name: "n", at: [1, -1, .max])]))
    }

    @Test func randomValuesOfEveryPrimitiveAndShapeRoundTrip() async throws {
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            let value = Self.random(seed)
            let decoded = try Self.roundTrip(value)
            #expect(decoded == value || (decoded.double.isNaN && value.double.isNaN), "seed \(seed)")
        }
        let nan = try Self.roundTrip([Double.nan, -.nan])
        #expect(nan.allSatisfy { $0.isNaN })
    }

    struct Written: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(1, forKey: AnyKey("a"))
            try c.encode("two", forKey: AnyKey("b"))
            try c.encodeIfPresent(Int?.none, forKey: AnyKey("gone"))
            var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("n"))
            try c.encode(3.5, forKey: AnyKey("c"))
            // Filled after its sibling `c`, as Codable allows.
            try nested.encode(true, forKey: AnyKey("x"))
            let parent = c.superEncoder()
            var single = parent.singleValueContainer()
            try single.encode(Int8(-8))
            try c.encode(9, forKey: AnyKey("a"))
        }
    }

    struct Read: Decodable, Equatable {
        var a: Int
        var b: String
        var c: Double
        var x: Bool
        var parent: Int8
        var gone: Int?
        var absent: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            // Backwards, unlike the writing order.
            self.c = try c.decode(Double.self, forKey: AnyKey("c"))
            absent = try c.decodeIfPresent(String.self, forKey: AnyKey("absent"))
            parent = try c.superDecoder().singleValueContainer().decode(Int8.self)
            x = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("n")).decode(Bool.self, forKey: AnyKey("x"))
            gone = try c.decodeIfPresent(Int.self, forKey: AnyKey("gone"))
            b = try c.decode(String.self, forKey: AnyKey("b"))
            a = try c.decode(Int.self, forKey: AnyKey("a"))
            #expect(c.contains(AnyKey("gone")))
            #expect(!c.contains(AnyKey("absent")))
            #expect(Set(c.allKeys.map(\.stringValue)) == ["a", "b", "gone", "n", "c", "super"])
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    @Test func keysMayBeReadInAnyOrderAndTheLastValueOfAKeyWins() throws {
        let bytes = try BinaryStateEncoder().encode(Written())
        let read = try bytes.withUnsafeBytes { try BinaryStateDecoder().decode(Read.self, from: $0) }
        #expect(read.a == 9 && read.b == "two" && read.c == 3.5 && read.x && read.parent == -8)
        #expect(read.gone == nil && read.absent == nil)
    }

    @Test func aValueOfTheWrongTypeOrRangeIsRefused() throws {
        func decode<T: Decodable>(_ type: T.Type, from value: some Encodable) throws -> T {
            let bytes = try BinaryStateEncoder().encode(value)
            return try bytes.withUnsafeBytes { try BinaryStateDecoder().decode(T.self, from: $0) }
        }
        #expect(throws: (any Error).self) { try decode(Int8.self, from: 300) }
        #expect(throws: (any Error).self) { try decode(UInt.self, from: -1) }
        #expect(throws: (any Error).self) { try decode(String.self, from: 1) }
        #expect(throws: (any Error).self) { try decode(Double.self, from: "1") }
        #expect(throws: (any Error).self) { try decode(Bool.self, from: 1) }
        #expect(throws: (any Error).self) { try decode([Int].self, from: ["a": 1]) }
        #expect(throws: (any Error).self) { try decode(Read.self, from: [1, 2]) }
        #expect(throws: (any Error).self) { try decode(Int.self, from: Int?.none) }
        #expect(try decode(Int.self, from: UInt64(5)) == 5)
        #expect(try decode(Int?.self, from: Int?.none) == nil)
    }
}
