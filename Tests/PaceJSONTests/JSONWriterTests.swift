import FoundationEssentials
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

/// ``JSONWriter``'s bytes must be exactly those of Foundation's `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` (what the log and the wire have always held), for every kind of value.
@Suite struct JSONWriterTests {
    static func reference(_ value: some Encodable) throws -> [UInt8] { try ReferenceJSON.encode(value) }

    static func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try JSONWriter().encode(value)
        let expected = try reference(value)
        #expect(
            String(decoding: fast, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            sourceLocation: sourceLocation)
    }

    @Test func randomValuesAreWrittenAsTheReferenceWritesThem() throws {
        var random = SplitMix(seed: 10)
        for _ in 0..<2000 { try Self.expectSame(RandomJSON.value(&random, depth: 4)) }
    }

    /// Whole hundredths take their own way (``JSONText``): the same text as the reference, which writes
    /// `description`, near them and far from them, up to 10^13 and past it, and for every hundredth below 1,000.
    @Test func hundredthsAreWrittenAsDescriptionWritesThem() throws {
        var random = SplitMix(seed: 100)
        var values: [Double] = [0, -0.0, 0.01, -0.01, 0.1, 0.5, 1, 100, 9_999_999_999_999.99, 1e13, 1e15, 1e16, 1e17]
        values += (0..<100_000).map { Double($0) / 100 }
        for _ in 0..<20_000 {
            let hundredths =
                Int64(random.int(0..<Int.max)) % [1_000, 1_000_000, 10_000_000_000, 1 << 53][random.int(0..<4)]
            let value = Double(hundredths) / 100
            // Beside it: the next doubles up and down, and a third, which are no whole hundredths.
            values += [value, -value, value.nextUp, value.nextDown, Double(hundredths) / 300]
        }
        for value in values {
            let written = String(decoding: try JSONWriter().encode([value]), as: UTF8.self)
            var expected = value.description
            if expected.hasSuffix(".0") { expected.removeLast(2) }
            #expect(written == "[\(expected)]", "\(value)")
        }
    }

    @Test func whatIsWrittenReadsBackAsTheSameValue() throws {
        var random = SplitMix(seed: 12)
        for _ in 0..<1000 {
            let value = RandomJSON.value(&random, depth: 4)
            let text = try JSONWriter().encode(value)
            // A whole double is written without a fraction and reads back as an integer, by either reader, so the
            // reference is what to compare with.
            #expect(
                try JSONReader().decode(JSONValue.self, from: text)
                    == JSONDecoder().decode(JSONValue.self, from: Data(text)))
        }
    }

    /// Members in declaration order that is not key order, a key set twice, and one value that writes nothing.
    struct Unsorted: Encodable {
        var zebra = 1
        var apple = [3, 1]
        var mango: String? = "m"
        var none: String?
        var empty = Empty()
        struct Empty: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
    }

    @Test func everyKindOfValueAndContainerIsWrittenAsTheReferenceWritesIt() throws {
        try Self.expectSame(Unsorted())
        try Self.expectSame(Unsorted(zebra: -5, apple: [], mango: nil, none: "n"))
        try Self.expectSame([
            Float(1.1), Float(0.5), Float(-2), Float.leastNonzeroMagnitude, Float.greatestFiniteMagnitude,
        ])
        try Self.expectSame([Int8(-3), Int8.min, Int8.max])
        try Self.expectSame([Int16.min, Int16.max])
        try Self.expectSame([Int32.min, Int32.max])
        try Self.expectSame([Int64.min, Int64.max])
        try Self.expectSame([UInt8.max])
        try Self.expectSame([UInt16.max])
        try Self.expectSame([UInt32.max])
        try Self.expectSame([UInt64.max, 0])
        try Self.expectSame([UInt.max])
        try Self.expectSame(RandomJSON.doubles)
        try Self.expectSame(RandomJSON.strings)
        try Self.expectSame(["z": [1, 2], "a": []])
        try Self.expectSame([1: "one", 10: "ten", 2: "two"])
        try Self.expectSame(Nested())
        try Self.expectSame([String?.none, "x"])
        try Self.expectSame("top")
        try Self.expectSame(42)
        try Self.expectSame(Optional<Int>.none)
    }

    @Test func infinitiesAndNaNAreRefusedAsByTheReference() {
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try JSONWriter().encode([number]) }
            #expect(throws: EncodingError.self) { try JSONWriter().encode(["x": number]) }
            #expect(throws: EncodingError.self) { try JSONWriter().encode(Float(number)) }
        }
    }

    /// Uses nested, unkeyed, super and single-value containers, writes to a nested container after its parent has
    /// gone on, and sets a key twice.
    struct Nested: Encodable {
        enum Key: String, CodingKey { case z, a, m, list, later }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(1, forKey: .z)
            try c.encode(2, forKey: .z)
            var inner = c.nestedContainer(keyedBy: Key.self, forKey: .m)
            try inner.encodeNil(forKey: .a)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode("x")
            var deeper = list.nestedContainer(keyedBy: Key.self)
            try deeper.encode(true, forKey: .z)
            try list.encodeNil()
            var single = c.superEncoder(forKey: .a).singleValueContainer()
            try single.encode(1.5)
            var sup = c.superEncoder().unkeyedContainer()
            try sup.encode(3)
            var later = c.nestedContainer(keyedBy: Key.self, forKey: .later)
            try c.encode("after", forKey: .list)
            try later.encode([1, 2], forKey: .a)
            try inner.encode("late", forKey: .z)
            var again = encoder.container(keyedBy: Key.self)
            try again.encode(3, forKey: .z)
        }
    }
}
