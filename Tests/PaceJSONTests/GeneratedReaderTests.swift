import FoundationEssentials
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

/// Every reader of a wire type (``JSONReadable``: generated from the interface descriptions, read without `Decoder`)
/// must give what the type's `Decodable` conformance gives, or give up: never a different value. Foundation's
/// `JSONDecoder` is the reference and PaceJSON's reader must agree with it too. The texts are the reference's own for
/// random values of every method's parameters and reply, and the same values spelled every way JSON allows and then
/// changed: members unknown, written twice, missing, `null` or of another type, numbers at the limits of their types
/// and with fractions or exponents, strings and keys with escapes.
@Suite struct GeneratedReaderTests {
    /// What `T`'s reader makes of `text`, or `nil` where it gives up (or the text is not JSON).
    static func read<T: JSONReadable>(_ type: T.Type, _ text: [UInt8]) -> T? {
        guard let document = try? JSONDocument(text) else { return nil }
        return document.read(T.read)
    }

    @Test func everyGeneratedReaderReadsAsTheDecodableConformanceOrGivesUp() throws {
        for method in PaceAPI.methods + VarlinkService.methods {
            let (decided, changed) = try Self.check(method)
            // Many changed texts are still ones the readers decide (the others are left to the conformance).
            #expect(decided * 5 > changed, "\(method.name): \(decided) of \(changed) changed texts read")
        }
    }

    /// Checks `Method`'s parameters and reply; how many changed texts were read, of how many.
    static func check<Method: VarlinkMethod>(_: Method.Type) throws -> (decided: Int, changed: Int) {
        let parameters = try check(Method.Parameters.self, seed: 60)
        let reply = try check(Method.Reply.self, seed: 61)
        return (parameters.decided + reply.decided, parameters.changed + reply.changed)
    }

    /// Values are compared by the reference's text of them (the methods' types are not all `Equatable` to generic
    /// code): the same value, the same bytes.
    static func check<T: Codable & JSONReadable>(_ type: T.Type, seed: UInt64) throws
        -> (decided: Int, changed: Int)
    {
        let values = RandomValueDecoder(seed: seed)
        var random = SplitMix(seed: seed)
        var decided = 0
        var changed = 0
        for _ in 0..<150 {
            let value = try values.make(T.self)
            let text = try ReferenceJSON.encode(value)
            // What the wire carries, the reference's own text, is always read, as the value written.
            let read = try #require(Self.read(T.self, text), "\(T.self): \(String(decoding: text, as: UTF8.self))")
            #expect(try ReferenceJSON.encode(read) == text, "\(T.self): \(String(decoding: text, as: UTF8.self))")
            let json = try JSONReader().decode(JSONValue.self, from: text)
            for attempt in 0..<6 {
                // Half of the texts only spelled otherwise, half changed too.
                let spelled = Array(Self.changed(json, &random, changing: attempt % 2 == 1).utf8)
                changed += 1
                guard let read = Self.read(T.self, spelled) else { continue }
                decided += 1
                let description = "\(T.self): \(String(decoding: spelled, as: UTF8.self))"
                let written = try ReferenceJSON.encode(read)
                let reference = try? ReferenceJSON.encode(try JSONDecoder().decode(T.self, from: Data(spelled)))
                #expect(written == reference, "\(description)")
                let reader = try? ReferenceJSON.encode(try JSONReader().decode(T.self, from: spelled))
                #expect(written == reader, "\(description)")
            }
        }
        return (decided, changed)
    }

    /// `value` spelled at random (``RandomJSON/text(_:_:)``: members shuffled, strings with escapes), and when
    /// `changing`, changed now and then: a key escaped; a member added that may be unknown or written twice, one
    /// dropped, one made `null` or anything else; an array's element `null`; a number spelled as another, at the
    /// limits of the integer types or beyond them, with a fraction or an exponent.
    static func changed(_ value: JSONValue, _ random: inout SplitMix, changing: Bool) -> String {
        func chance(_ oneIn: UInt64) -> Bool { changing && random.next() % oneIn == 0 }
        switch value {
        case .object(let members):
            // Shuffled from the keys' sorted order, not the dictionary's, which the per-process hash seed decides.
            var list = members.keys.sorted().map { ($0, members[$0]!) }
            list.shuffle(using: &random)
            if chance(12) {
                list.append((RandomJSON.pick(RandomJSON.keys, &random), RandomJSON.value(&random, depth: 1)))
            }
            if !list.isEmpty {
                let index = Int(random.next() % UInt64(list.count))
                switch changing ? random.next() % 40 : 40 {
                case 0: list.append(list[index])
                case 1: list.append((list[index].0, RandomJSON.value(&random, depth: 1)))
                case 2: list.remove(at: index)
                case 3: list[index].1 = .null
                case 4: list[index].1 = RandomJSON.value(&random, depth: 1)
                default: break
                }
            }
            var spelled: [String] = []
            for (key, value) in list {
                // Keys as they are written on the wire, escaped only when changing (which readers leave alone).
                let plain = key.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != 0x5C }
                let quoted = plain && !chance(2) ? "\"\(key)\"" : RandomJSON.quoted(key, &random)
                spelled.append(quoted + ":" + changed(value, &random, changing: changing))
            }
            return "{" + spelled.joined(separator: ",") + "}"
        case .array(var elements):
            if !elements.isEmpty && chance(20) { elements[Int(random.next() % UInt64(elements.count))] = .null }
            return "[" + elements.map { changed($0, &random, changing: changing) }.joined(separator: ",") + "]"
        case .integer, .number:
            return chance(8) ? RandomJSON.pick(RandomJSON.numbers, &random) : RandomJSON.text(value, &random)
        default:
            return RandomJSON.text(value, &random)
        }
    }

    /// Any JSON, read as a Varlink `object` (``JSONValue``): as its `Decodable` conformance reads it, or not at all.
    @Test func anyValueReadsAsTheDecodableConformanceOrGivesUp() {
        var random = SplitMix(seed: 62)
        var decided = 0
        for _ in 0..<3000 {
            var text = Array(RandomJSON.text(RandomJSON.value(&random, depth: 3), &random).utf8)
            if random.next() % 4 == 0 { text = Array(RandomJSON.pick(RandomJSON.numbers, &random).utf8) }
            guard let read = Self.read(JSONValue.self, text) else { continue }
            decided += 1
            #expect(
                Outcome.value(read) == Outcome.reference(JSONValue.self, text),
                "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(decided > 2500)
    }

    /// Edge cases spelled by hand: each reads as the reference reads it, or not at all; those marked read.
    @Test func edgeCasesReadAsTheReferenceReadsThem() throws {
        typealias Rest = PaceAPI.Rest
        let cases: [(String, Bool)] = [
            (#"{"startedAt":"a","elapsedSeconds":1}"#, true),
            (#"{"startedAt":"a","elapsedSeconds":1,"plannedSeconds":null,"enoughAt":null}"#, true),
            (#"{"elapsedSeconds":1.0,"startedAt":"\u0061\/\"\\\n"}"#, true),
            (#"{"startedAt":"a","elapsedSeconds":1e2}"#, true),
            (#"{"startedAt":"a","elapsedSeconds":-9223372036854775808}"#, true),
            (#"{"startedAt":"a","elapsedSeconds":9223372036854775808}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":1.5}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":null}"#, false),
            (#"{"startedAt":"a"}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":1,"unknown":2}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":1,"elapsedSeconds":2}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":1,"st\u0061rtedAt":"b"}"#, false),
            (#"{"startedAt":"a","elapsedSeconds":"1"}"#, false),
            (#"[{"startedAt":"a","elapsedSeconds":1}]"#, false),
            ("null", false),
        ]
        for (text, reads) in cases {
            let bytes = Array(text.utf8)
            let read = Self.read(Rest.self, bytes)
            #expect((read != nil) == reads, "\(text)")
            if let read { #expect(Outcome.value(read) == Outcome.reference(Rest.self, bytes), "\(text)") }
        }
        // An enum's name is compared byte by byte: one written with an escape is left to the conformance.
        #expect(Self.read(PaceAPI.Mode.self, Array(#""flare""#.utf8)) == .flare)
        #expect(Self.read(PaceAPI.Mode.self, Array(#""fl\u0061re""#.utf8)) == nil)
        #expect(Self.read(PaceAPI.Mode.self, Array(#""Flare""#.utf8)) == nil)
        // Arrays of optionals, dictionaries (two keys the same string are left to the conformance).
        #expect(Self.read([Int?].self, Array("[1,null,2.0]".utf8)) == [1, nil, 2])
        #expect(Self.read([String: Int].self, Array(#"{"a":1,"b":2}"#.utf8)) == ["a": 1, "b": 2])
        #expect(Self.read([String: Int].self, Array(#"{"a":1,"\u0061":2}"#.utf8)) == nil)
        #expect(Self.read(NoParameters.self, Array("{}".utf8)) == NoParameters())
    }
}
