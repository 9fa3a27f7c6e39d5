import FoundationEssentials
import PaceTestSupport
import Testing

@testable import PaceProtocol

/// Replies are written by ``CompactJSONEncoder``; its bytes must be exactly those of Foundation's `JSONEncoder` with
/// the settings Pace used before (`[.sortedKeys, .withoutEscapingSlashes]`), for every kind of value.
@Suite struct CompactJSONEncoderTests {
    static func reference(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    static func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try CompactJSONEncoder().encode(value)
        let expected = try reference(value)
        #expect(
            String(decoding: fast, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            sourceLocation: sourceLocation)
    }

    static let strings = [
        "", "walk", "a \"quoted\" word", #"back\slash"#, "s/l/ash", "tab\tnew\nline\r",
        "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}",
        "del\u{7F}", "café", "🧘", "\u{2028}\u{2029}", "2026-11-25T13:05:00Z", "<&>'",
    ]
    static let doubles: [Double] = [
        0, -0.0, 1, 1.8, 119.02, 0.1 + 0.2, 1e-7, 1e21, 1e15, 1e16, 123_456.789, .leastNonzeroMagnitude,
        1.7976931348623157e308, -42.5,
        9_007_199_254_740_992, 3e-5,
    ]

    /// A random JSON value up to `depth` levels deep, with keys that sort in interesting ways.
    static func randomValue(_ random: inout SplitMix, depth: Int) -> JSONValue {
        let keys = ["a", "B", "b", "A", "a10", "a9", "é", "e", "Z", "_", "aB", "ab", "flareUntil", "flareend", "x", ""]
        switch random.next() % (depth > 0 ? 7 : 5) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
        case 3: return .number(doubles[Int(random.next() % UInt64(doubles.count))])
        case 4: return .string(strings[Int(random.next() % UInt64(strings.count))])
        case 5: return .array((0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(random.next() % 6) {
                members[keys[Int(random.next() % UInt64(keys.count))]] = randomValue(&random, depth: depth - 1)
            }
            return .object(members)
        }
    }

    @Test func randomJSONValuesEncodeAsJSONEncoderDoes() throws {
        var random = SplitMix(seed: 10)
        for _ in 0..<2000 { try Self.expectSame(Self.randomValue(&random, depth: 4)) }
    }

    @Test func statusRepliesEncodeAsJSONEncoderDoes() throws {
        var random = SplitMix(seed: 11)
        func text() -> String { Self.strings[Int(random.next() % UInt64(Self.strings.count))] }
        func number() -> Double { Self.doubles[Int(random.next() % UInt64(Self.doubles.count))] }
        for _ in 0..<300 {
            let activity = PaceAPI.Activity(
                kind: text(), label: text(), intensity: .vigorous, startedAt: text(),
                endedAt: random.next() % 2 == 0 ? nil : text(), durationSeconds: Int(random.next() % 10_000),
                points: number(), limitAt: random.next() % 2 == 0 ? nil : text())
            let json = """
                {"version":"0.1.0","pid":42,"startedAt":"s","now":"n","pacingDay":"2026-11-25","dayStartHour":4,
                "stateDirectory":"/home/ana/.local/state/pace","mode":"normal","provisional":false,
                "calibrationDaysRecorded":7,"calibrationDaysNeeded":7,"base":\(number()),"budget":\(number()),
                "used":\(number()),"left":\(number()),"over":0,"referenceActivity":"walk","referenceLabel":"walking",
                "leftMinutes":66}
                """
            var status = try JSONDecoder().decode(PaceAPI.Status.self, from: Data(json.utf8))
            status.stateDirectory = text()
            if random.next() % 2 == 0 { status.activity = activity }
            if random.next() % 2 == 0 {
                status.rest = PaceAPI.Rest(startedAt: text(), plannedSeconds: 900, elapsedSeconds: 5, enoughAt: nil)
            }
            if random.next() % 2 == 0 { status.nextReminderAt = text() }
            if random.next() % 3 == 0 { status.snoozedUntil = text() }
            if random.next() % 3 == 0 { status.flareUntil = text() }
            if random.next() % 3 == 0 {
                status.rest = PaceAPI.Rest(
                    startedAt: text(), plannedSeconds: random.next() % 2 == 0 ? nil : Int(random.next() % 7200),
                    elapsedSeconds: Int(random.next() % 100_000), enoughAt: random.next() % 2 == 0 ? nil : text())
            }
            status.mode = PaceAPI.Mode.allCases[Int(random.next() % 3)]
            status.provisional = random.next() % 2 == 0
            status.pid = Int(truncatingIfNeeded: random.next())
            status.leftMinutes = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
            status.referenceLabel = text()
            status.version = text()
            try Self.expectSame(PaceAPI.GetStatus.Reply(status: status))
            try Self.expectSame(PaceAPI.ActivityReply(activity: activity, status: status))
            try Self.expectSame(PaceAPI.StatusReply(status: status))
            // Inside the envelope, as replies are sent.
            #expect(
                VarlinkReply.encode(PaceAPI.ActivityReply(activity: activity, status: status), continues: true)
                    == (try Self.reference(
                        VarlinkReplyShape(parameters: PaceAPI.ActivityReply(activity: activity, status: status)))) + [0]
            )
            // Infinities and NaN are refused, as JSONEncoder refuses them.
            var broken = status
            broken.used = [Double.infinity, -.infinity, .nan][Int(random.next() % 3)]
            #expect(throws: EncodingError.self) {
                try CompactJSONEncoder().encode(PaceAPI.GetStatus.Reply(status: broken))
            }
        }
    }

    @Test func errorsAndEveryContainerEncodeAsJSONEncoderDoes() throws {
        try Self.expectSame(VarlinkError.invalidParameter("from").parameters)
        try Self.expectSame(PaceAPI.Mode.flare)
        try Self.expectSame([Float(1.1), Float(0.5), Float(-2)])
        try Self.expectSame([Int8(-3)] + [Int8.max])
        try Self.expectSame([UInt64.max])
        try Self.expectSame(["z": [1, 2], "a": []])
        try Self.expectSame(Nested())
        try Self.expectSame([String?.none, "x"])
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
    }

    /// Uses nested, unkeyed, super and single-value containers and sets a key twice.
    struct Nested: Encodable {
        enum Key: String, CodingKey { case z, a, m, list }
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
        }
    }
}

/// A reply's envelope with `continues`, as the reference writes it.
struct VarlinkReplyShape<Parameters: Encodable>: Encodable {
    var parameters: Parameters
    var continues = true
}
