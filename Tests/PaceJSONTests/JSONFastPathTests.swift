import FoundationEssentials
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

/// The fast paths beside `Decodable` and `Encodable` (``JSONObjectFields``, ``JSONOutput``) must give what the
/// `Codable` reader and writer give, or give up where they do not decide: never a different value.
@Suite struct JSONFastPathTests {
    /// One member, `v`, of type `T`, read as a synthesized conformance reads it.
    struct One<T: Decodable & Equatable>: Decodable, Equatable {
        var v: T
    }

    /// One optional member, `v`.
    struct MaybeOne<T: Decodable & Equatable>: Decodable, Equatable {
        var v: T?
    }

    /// What the `Codable` reader makes of `text` as `One<T>`, or `nil` where it throws.
    static func reference<T: Decodable & Equatable>(_ type: T.Type, _ text: [UInt8]) -> T? {
        try? JSONReader().decode(One<T>.self, from: text).v
    }

    static func optionalReference<T: Decodable & Equatable>(_ type: T.Type, _ text: [UInt8]) -> T?? {
        guard let read = try? JSONReader().decode(MaybeOne<T>.self, from: text) else { return nil }
        return .some(read.v)
    }

    /// Reads `text` with `body`, and whether every member was read.
    static func read<T>(_ text: [UInt8], _ body: (inout JSONObjectFields) -> T) -> (value: T, allRead: Bool)? {
        var result: (T, Bool)?
        text.withUnsafeBytes { bytes in
            JSONReader().withObject(bytes) { fields in result = (body(&fields), fields.allRead) }
        }
        return result
    }

    /// Random objects with a member `v` (and sometimes others, or `v` twice): each reading gives the reference's
    /// value or gives up, and says whether anything went unread.
    @Test func everyReadingGivesTheCodableReadersValueOrGivesUp() throws {
        var random = SplitMix(seed: 50)
        var decided = 0
        for _ in 0..<3000 {
            var members = [("v", RandomJSON.value(&random, depth: 2))]
            if random.int(0..<4) == 0 { members.append(("w", .null)) }
            if random.int(0..<8) == 0 { members.append(("v", .integer(1))) }
            if random.int(0..<3) == 0 { members.append(("v", .string(RandomJSON.pick(RandomJSON.strings, &random)))) }
            if random.int(0..<3) == 0 { members.append(("v", .array([.string("a"), .string("b\\/")]))) }
            let spelled = members.map { "\"\($0.0)\":\(RandomJSON.text($0.1, &random))" }
            let text = Array(("{" + spelled.joined(separator: ",") + "}").utf8)
            let complete = members.count == 1
            func check<T: Decodable & Equatable>(_ type: T.Type, _ body: (inout JSONObjectFields) -> T?) {
                guard let (value, allRead) = Self.read(text, body) else {
                    Issue.record("not read as an object: \(String(decoding: text, as: UTF8.self))")
                    return
                }
                guard let value else { return }
                decided += 1
                #expect(value == Self.reference(type, text), "\(String(decoding: text, as: UTF8.self))")
                #expect(allRead == complete)
            }
            check(String.self) { $0.string("v") }
            check(Int.self) { $0.int("v") }
            check(Int64.self) { $0.int64("v") }
            check(Double.self) { $0.double("v") }
            check(Bool.self) { $0.bool("v") }
            check([String].self) { $0.strings("v") }
            func checkOptional<T: Decodable & Equatable>(_ type: T.Type, _ body: (inout JSONObjectFields) -> T??) {
                guard let (value, _) = Self.read(text, body), let value else { return }
                decided += 1
                #expect(value == Self.optionalReference(type, text), "\(String(decoding: text, as: UTF8.self))")
            }
            checkOptional(String.self) { $0.optionalString("v") }
            checkOptional(Int.self) { $0.optionalInt("v") }
            checkOptional(Double.self) { $0.optionalDouble("v") }
            checkOptional(Bool.self) { $0.optionalBool("v") }
            checkOptional([String].self) { $0.optionalStrings("v") }
        }
        #expect(decided > 3000, "most objects should be read")
    }

    @Test func anAbsentOptionalIsNilAndAnAbsentRequiredOneGivesUp() throws {
        let text = Array(#"{"a":1,"c":null}"#.utf8)
        let read = try #require(
            Self.read(text) { fields in (fields.optionalInt("b"), fields.int("b"), fields.optionalInt("c")) })
        #expect(read.value.0 == .some(nil))
        #expect(read.value.1 == nil)
        #expect(read.value.2 == .some(nil))
        #expect(!read.allRead, "a is unread")
    }

    @Test func aChoiceIsTheIndexOfTheNameTheStringIs() throws {
        let names: [StaticString] = ["light", "moderate", "vigorous"]
        for (text, expected) in [
            (#"{"i":"moderate"}"#, 1), (#"{"i":"vigorous"}"#, 2), (#"{"i":"heavy"}"#, nil), (#"{"i":"Light"}"#, nil),
            (#"{"i":"mod\u0065rate"}"#, nil), (#"{"i":1}"#, nil),
        ] as [(String, Int?)] {
            let read = try #require(Self.read(Array(text.utf8)) { $0.choice("i", among: names) })
            #expect(read.value == expected, "\(text)")
        }
        // The tag is found wherever it is, and the others are still read in order.
        let tagged = try #require(
            Self.read(Array(#"{"a":1,"b":2,"type":"vigorous"}"#.utf8)) { fields in
                (fields.tag("type", among: names), fields.int("a"), fields.int("b"))
            })
        #expect(tagged.value.0 == 2 && tagged.value.1 == 1 && tagged.value.2 == 2 && tagged.allRead)
    }

    @Test func textThatIsNotAnObjectIsNotRead() {
        for text in ["[1]", "1", #""a""#, "{", #"{"a":}"#, ""] {
            #expect(Self.read(Array(text.utf8)) { _ in 0 } == nil, "\(text)")
        }
    }

    /// Values written by ``JSONOutput`` through ``JSONWritable``: the bytes of `JSONEncoder` with sorted keys.
    @Test func writtenValuesAreTheReferencesBytes() throws {
        let random = RandomValueDecoder(seed: 51)
        var randomSplit = SplitMix(seed: 52)
        for _ in 0..<500 {
            let value = try random.make([String: [Double?]].self)
            let text = try #require(JSONOutput.text(of: value))
            #expect(
                String(decoding: text, as: UTF8.self)
                    == String(decoding: try ReferenceJSON.encode(value), as: UTF8.self))
            let strings = try random.make([String].self)
            #expect(JSONOutput.text(of: strings) == (try ReferenceJSON.encode(strings)))
            let json = RandomJSON.value(&randomSplit, depth: 3)
            #expect(JSONOutput.text(of: json) == (try ReferenceJSON.encode(json)))
        }
        #expect(JSONOutput.text(of: [1.0, .infinity]) == nil)
    }
}
