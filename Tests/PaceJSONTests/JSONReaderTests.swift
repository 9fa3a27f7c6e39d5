import FoundationEssentials
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

/// ``JSONReader`` must read what Foundation's `JSONDecoder` reads, the same way: the same values from the same
/// text, and where the reference refuses, a refusal of the same kind naming the same place (the Varlink layer names
/// the parameter at fault from it). The cases where they differ on purpose are at the end.
@Suite struct JSONReaderTests {
    static func expectSame<T: Decodable & Equatable>(
        _ type: T.Type, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let fast = Outcome.reader(type, bytes)
        let reference = Outcome.reference(type, bytes)
        #expect(
            fast == reference, "\(String(decoding: bytes, as: UTF8.self)): \(fast) ≠ reference \(reference)",
            sourceLocation: sourceLocation)
    }

    @Test func randomValuesSpelledEveryWayReadAsTheReferenceReadsThem() {
        var random = SplitMix(seed: 20)
        for _ in 0..<3000 {
            let value = RandomJSON.value(&random, depth: 4)
            let text = Array(RandomJSON.text(value, &random).utf8)
            Self.expectSame(JSONValue.self, text)
        }
    }

    @Test func damagedTextIsRefusedExactlyWhereTheReferenceRefusesIt() {
        var random = SplitMix(seed: 21)
        var refused = 0
        for _ in 0..<4000 {
            let value = RandomJSON.value(&random, depth: 3)
            let text = RandomJSON.damaged(Array(RandomJSON.text(value, &random).utf8), &random)
            // A JSONValue reads every value but the later ones of a key written twice, which both skip (both keep
            // the first), so both find every other fault: the same value, or both refuse. (The error may differ:
            // the reader refuses a malformed number as malformed text, where the reference finds it only when it
            // tries to read it as each kind of value in turn.)
            let fast = Outcome.reader(JSONValue.self, text)
            let reference = Outcome.reference(JSONValue.self, text)
            let isJSON = StrictJSON.isValid(text)
            if !isJSON, case .value = fast {
                Issue.record("read text that is not JSON: \(String(decoding: text, as: UTF8.self))")
            }
            switch (fast, reference) {
            case (.value(let a), .value(let b)): #expect(a == b, "\(String(decoding: text, as: UTF8.self))")
            case (.error, .error): refused += 1
            // Text that is not JSON whose fault is in a repeated key's later value, as in `{"":1,"":1-2}` (damage
            // that drops the letter of a one-letter key repeats the empty key): the reference never reads that value,
            // so it reads the rest, where the reader refuses the text wherever the fault is (the difference on
            // purpose, below). What the text is decides this, not the order anything is read in.
            case (.error, .value) where !isJSON: refused += 1
            default: Issue.record("\(String(decoding: text, as: UTF8.self)): \(fast) ≠ reference \(reference)")
            }
        }
        #expect(refused > 1000, "the damage should break most texts")
    }

    /// Every field kind a Pace type has, optional, so that random members of random types exercise every check.
    struct Probe: Codable, Equatable {
        enum Mode: String, Codable { case light, moderate }
        struct Inner: Codable, Equatable {
            var a: Int
            var b: [String]
            var c: Mode
        }
        var int: Int?
        var int8: Int8?
        var uint8: UInt8?
        var int64: Int64?
        var uint64: UInt64?
        var double: Double?
        var float: Float?
        var string: String?
        var bool: Bool?
        var list: [Int]?
        var nested: Inner?
        var map: [String: Double]?
        var mode: Mode?
        var strings: [String?]?
    }

    static let probeKeys = [
        "int", "int8", "uint8", "int64", "uint64", "double", "float", "string", "bool", "list", "nested", "map", "mode",
        "strings",
    ]

    /// A value of a random kind, often the kind the key wants.
    static func member(_ key: String, _ random: inout SplitMix) -> String {
        let numbers = RandomJSON.numbers
        let wanted: [String]
        switch key {
        case "int", "int8", "uint8", "int64", "uint64", "double", "float": wanted = numbers
        case "string": wanted = [#""walk""#, #""café""#, #""a\nb""#, #""\ud83e\uddd8""#, #""\ud800""#]
        case "bool": wanted = ["true", "false"]
        case "list": wanted = ["[]", "[1,2,3]", "[1,2.5]", "[1,null]", "[1,]", #"[1,"x"]"#]
        case "nested":
            wanted = [
                #"{"a":1,"b":["x"],"c":"light"}"#, #"{"a":1,"b":[],"c":"hard"}"#, #"{"a":1,"c":"light"}"#,
                #"{"a":null,"b":[],"c":"light"}"#, #"{"a":1,"b":[2],"c":"light"}"#, #"{"b":["x"],"c":"light","a":1e2}"#,
            ]
        case "map":
            wanted = [#"{}"#, #"{"x":1.5,"y":-2}"#, #"{"x":"1"}"#, #"{"x":1,"x":"y"}"#, #"{"é":1,"e\u0301":2}"#]
        case "mode": wanted = [#""light""#, #""moderate""#, #""Light""#, "1"]
        default: wanted = [#"["a",null,"b"]"#, "[]", "[1]", "null"]
        }
        let anything = ["null", "true", "0", #""x""#, "[]", "{}", "1.5", #"{"a":1}"#]
        return random.next() % 4 == 0 ? RandomJSON.pick(anything, &random) : RandomJSON.pick(wanted, &random)
    }

    @Test func typedValuesAndTheirErrorsReadAsTheReferenceReadsThem() {
        var random = SplitMix(seed: 22)
        for _ in 0..<4000 {
            var members: [String] = []
            for key in Self.probeKeys where random.next() % 3 == 0 {
                members.append("\"\(key)\":\(Self.member(key, &random))")
            }
            if random.next() % 10 == 0 { members.append(#""unknown":[1,{"x":null}]"#) }
            if random.next() % 10 == 0, let first = members.first { members.append(first) }
            members.shuffle(using: &random)
            Self.expectSame(Probe.self, Array(("{" + members.joined(separator: ",") + "}").utf8))
        }
    }

    /// All fields required, to meet `keyNotFound` and `valueNotFound` at every depth.
    struct Required: Codable, Equatable {
        var id: String
        var days: [Day]
        struct Day: Codable, Equatable {
            var date: String
            var checkIns: [CheckIn]
        }
        struct CheckIn: Codable, Equatable {
            var energy: Int
            var note: String?
        }
    }

    @Test func missingAndNullValuesAreNamedByTheirPathAsTheReferenceNamesThem() {
        let texts = [
            #"{"id":"x","days":[]}"#,
            #"{"days":[]}"#,
            #"{"id":null,"days":[]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":3},{"note":"n"}]}]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":3},{"energy":null}]}]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":"3"}]}]}"#,
            #"{"id":"x","days":[{"date":"d"}]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":{}}]}"#,
            #"{"id":"x","days":[null]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":300000000000000000000}]}]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":1.5}]}]}"#,
            #"{"id":"x","days":[{"date":"d","checkIns":[{"energy":1,"note":"\ud800"}]}]}"#,
            #"[]"#, "null", #""x""#,
        ]
        for text in texts { Self.expectSame(Required.self, Array(text.utf8)) }
    }

    @Test func numbersReadAsTheReferenceReadsThemIntoEveryType() {
        for number in RandomJSON.numbers {
            let text = Array(number.utf8)
            Self.expectSame(Int.self, text)
            Self.expectSame(Int8.self, text)
            Self.expectSame(UInt8.self, text)
            Self.expectSame(Int32.self, text)
            Self.expectSame(Int64.self, text)
            Self.expectSame(UInt64.self, text)
            Self.expectSame(UInt.self, text)
            // Bit patterns, so that -0.0 and 0.0 differ.
            let fast = try? JSONReader().decode(Double.self, from: text)
            let reference = try? JSONDecoder().decode(Double.self, from: Data(text))
            #expect(fast?.bitPattern == reference?.bitPattern, "\(number): \(String(describing: fast))")
            let fastFloat = try? JSONReader().decode(Float.self, from: text)
            let referenceFloat = try? JSONDecoder().decode(Float.self, from: Data(text))
            #expect(fastFloat?.bitPattern == referenceFloat?.bitPattern, "\(number) as Float")
        }
    }

    @Test func randomDecimalNumbersRoundAsTheReferenceRoundsThem() {
        var random = SplitMix(seed: 23)
        for _ in 0..<5000 {
            let digits = (0..<Int(1 + random.next() % 19)).map { _ in String(random.next() % 10) }.joined()
            let point = Int(random.next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if text.hasSuffix(".") { text += "0" }
            while text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { text.removeFirst() }
            if random.next() % 2 == 0 { text = "-" + text }
            let fast = try? JSONReader().decode(Double.self, from: Array(text.utf8))
            let reference = try? JSONDecoder().decode(Double.self, from: Data(text.utf8))
            #expect(fast != nil && fast?.bitPattern == reference?.bitPattern, "\(text)")
        }
    }

    @Test func stringsEscapesSurrogatesAndBadUTF8ReadAsTheReferenceReadsThem() {
        let texts: [[UInt8]] =
            [
                #""\u00e9""#, #""\uD834\uDD1E""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#,
                #""\u0000""#, #""a\/b""#, #""\"\\\b\f\n\r\t""#, #""\x""#, #""\u12G4""#, "\"\u{7F}\"", "\"\t\"",
            ].map { Array($0.utf8) } + [
                [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC3, 0xA9, 0x22],
                [0x22, 0xF0, 0x9F, 0xA7, 0x98, 0x22],
            ]
        for text in texts { Self.expectSame(String.self, text) }
    }

    /// Keys `Ka` (which the Kelvin sign spells too, as a Swift string) and `a`.
    struct Kelvin: Codable, Equatable {
        var kelvinA: Int?
        var a: Int?

        enum CodingKeys: String, CodingKey {
            case kelvinA = "Ka"
            case a
        }
    }

    @Test func keysMatchAsSwiftStringsAndTheFirstOfARepeatedKeyIsRead() {
        let texts = [
            #"{"a":1,"a":2}"#, #"{"a":"x","a":2}"#, #"{"a":2,"a":"x"}"#, #"{"\u0061":5}"#, #"{"\u212Aa":1}"#,
            #"{"\u212Aa":1,"Ka":2}"#, #"{"Ka":1,"\u212Aa":2}"#, #"{"K\u0061":3}"#, #"{"a":1,"\ud800":1}"#,
            #"{"a":1,"z":{"\ud800":1}}"#,
        ]
        for text in texts { Self.expectSame(Kelvin.self, Array(text.utf8)) }
        // Many keys are looked up through an index, with the same rules.
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        for text in [#"{"#, #"{"a":9,"#, #"{"\u212Aa":7,"#] {
            Self.expectSame(Kelvin.self, Array((text + many + #","a":1}"#).utf8))
        }
        Self.expectSame([String: Int].self, Array(#"{"a":2,"a":"x"}"#.utf8))
        Self.expectSame([String: Int].self, Array(#"{"a":"x","a":2}"#.utf8))
    }

    @Test func structureAsTheReferenceReadsIt() {
        let texts = [
            #"{"a":5,}"#, "{,}", #"{"a":5,,}"#, #"{,"a":5}"#, #"{"a":5 , }"#, "{\"a\":5\u{0C}}", "{}", "{ }",
            #"{"a":5}//x"#, #"{'a':5}"#, "{a:5}", #"{"a":-}"#, #"{"a":NaN}"#, #"{"a":0x10}"#, #"{"a":1}}"#, #"{"a":1"#,
            #"{"a"}"#, #"{"a":}"#, #" {"a":5} "#, "\u{FEFF}{\"a\":1}", "\u{FEFF}\u{FEFF}{}", " \u{FEFF}{}", "[1,]",
            "[,]", "[1,,2]", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":tru}"#, #"{"a":nul}"#,
            "", " ", #"{"a":1} x"#,
        ]
        for text in texts { Self.expectSame(Kelvin.self, Array(text.utf8)) }
        for text in ["[1,]", "[,]", "[1,,2]", "[ ]", "[1 , ]", "[1]]", "[", "[null]", "[1,2] "] {
            Self.expectSame([Int].self, Array(text.utf8))
        }
    }

    @Test func nestingDeeperThan512IsRefusedAsByTheReference() {
        for depth in [510, 511, 512, 513] {
            let text =
                #"{"a":1,"z":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                + "}"
            Self.expectSame(Kelvin.self, Array(text.utf8))
        }
    }

    @Test func aDocumentScannedOnceDecodesItsValuesAsOftenAsAsked() throws {
        let document = try JSONDocument(Array(#"{"a":1,"Ka":2,"more":[1,2]}"#.utf8))
        #expect(try document.decode(Kelvin.self) == Kelvin(kelvinA: 2, a: 1))
        #expect(try document.decode(JSONValue.self) == JSONReader().decode(JSONValue.self, from: document.bytes))
        #expect(throws: DecodingError.self) { try JSONDocument(Array("{".utf8)) }
    }

    /// Where the reader differs from the reference on purpose: it refuses malformed JSON wherever it is, where the
    /// reference lets it pass inside a value it does not read: a member nobody asks for, or the later value of a key
    /// written twice (which it skips even where every value is read, as in a dictionary or a `JSONValue`).
    @Test func malformedValuesThatNobodyReadsAreStillRefused() {
        for text in [
            #"{"a":1,"b":1.2.3}"#, #"{"a":1,"b":--}"#, #"{"a":1,"b":"\x"}"#, "{\"a\":1,\"b\":\"\t\"}",
            #"{"a":1,"a":1-2}"#,
        ] {
            #expect(Outcome.reference(Kelvin.self, Array(text.utf8)) == .value(Kelvin(a: 1)))
            #expect(Outcome.reader(Kelvin.self, Array(text.utf8)) == .error("dataCorrupted at "))
        }
        let repeated = Array(#"{"":1.5,"":465555004528-51686,"Z":-1}"#.utf8)
        #expect(Outcome.reference(JSONValue.self, repeated) == .value(.object(["": .number(1.5), "Z": .integer(-1)])))
        #expect(Outcome.reader(JSONValue.self, repeated) == .error("dataCorrupted at "))
        #expect(Outcome.reference([String: Int].self, Array(#"{"a":1,"a":1-2}"#.utf8)) == .value(["a": 1]))
        #expect(Outcome.reader([String: Int].self, Array(#"{"a":1,"a":1-2}"#.utf8)) == .error("dataCorrupted at "))
    }
}
