import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

/// The one-pass reader of an object's members (``JSONMemberScanner``, what the generated event decoder reads the
/// log with) must give what the `Codable` reader gives, or give up where it does not decide: never a different value.
@Suite struct JSONMemberScannerTests {
    /// Reads the object `text` holds with a member `v` read by `read` (`null` as `.some(nil)` when `optional`), as a
    /// generated reader does: any other key, `v` twice, or text left after the object gives up (`nil`).
    static func read<T>(_ text: [UInt8], optional: Bool = false, _ read: (inout JSONMemberScanner) -> T?) -> T?? {
        text.withUnsafeBytes { bytes -> T?? in
            guard var members = JSONMemberScanner(bytes) else { return nil }
            var value: T?? = optional ? .some(nil) : nil
            var seen = false
            while let key = members.nextKey() {
                guard key.count == 1, key.head == UInt64(UInt8(ascii: "v")), !seen else { return nil }
                seen = true
                if optional && members.null() { continue }
                guard let read = read(&members) else { return nil }
                value = .some(read)
            }
            guard members.endsText, let value else { return nil }
            return .some(value)
        }
    }

    /// Random objects with a member `v` (and sometimes others, or `v` twice), spelled every way JSON allows: each
    /// reading gives the `Codable` reader's value or gives up.
    @Test func everyReadingGivesTheCodableReadersValueOrGivesUp() {
        var random = SplitMix(seed: 60)
        var decided = 0
        for _ in 0..<3000 {
            var members = [("v", RandomJSON.value(&random, depth: 2))]
            if random.int(0..<6) == 0 { members.append(("w", .null)) }
            if random.int(0..<8) == 0 { members.append(("v", .integer(1))) }
            let spelled = members.map { "\"\($0.0)\":\(RandomJSON.text($0.1, &random))" }
            var text = "{" + spelled.joined(separator: ",") + "}"
            if random.int(0..<8) == 0 { text = " \n" + text + "\t " }
            if random.int(0..<16) == 0 { text += "x" }
            let bytes = Array(text.utf8)
            func check<T: Decodable & Equatable>(_ type: T.Type, _ body: (inout JSONMemberScanner) -> T?) {
                guard let value = Self.read(bytes, body) else { return }
                decided += 1
                #expect(value == JSONFastPathTests.reference(type, bytes), "\(text)")
            }
            check(String.self) { $0.string() }
            check(Int.self) { $0.int() }
            check(Int64.self) { $0.int64() }
            check(Double.self) { $0.double() }
            check(Bool.self) { $0.bool() }
            check([String].self) { $0.strings() }
            func checkOptional<T: Decodable & Equatable>(_ type: T.Type, _ body: (inout JSONMemberScanner) -> T?) {
                guard let value = Self.read(bytes, optional: true, body) else { return }
                decided += 1
                #expect(value == JSONFastPathTests.optionalReference(type, bytes), "\(text)")
            }
            checkOptional(String.self) { $0.string() }
            checkOptional(Int.self) { $0.int() }
            checkOptional(Double.self) { $0.double() }
            checkOptional([String].self) { $0.strings() }
        }
        #expect(decided > 3000, "most objects should be read")
    }

    /// A key as read, and the value after it as text.
    struct Read: Equatable {
        var head: UInt64
        var count: Int
        var tail: Bool
        var value: String
    }

    @Test func keysComeInTheirOrderWithTheirBytes() {
        let text = Array(#" { "at" : 1 ,"pointsPerMinute":2.5, "a":true}  "#.utf8)
        let read = text.withUnsafeBytes { bytes -> [Read] in
            guard var members = JSONMemberScanner(bytes) else { return [] }
            var keys: [Read] = []
            while let key = members.nextKey() {
                var value = "?"
                if let number = members.double() {
                    value = "\(number)"
                } else if let bool = members.bool() {
                    value = "\(bool)"
                }
                keys.append(Read(head: key.head, count: key.count, tail: key.hasTail("rMinute"), value: value))
            }
            return members.endsText ? keys : []
        }
        #expect(
            read == [
                Read(head: 0x7461, count: 2, tail: false, value: "1.0"),
                Read(head: 0x6550_7374_6E69_6F70, count: 15, tail: true, value: "2.5"),
                Read(head: 0x61, count: 1, tail: false, value: "true"),
            ])
        let tails = Array(#"{"pointsPerMinutes":1}"#.utf8).withUnsafeBytes { bytes -> [Bool] in
            guard var members = JSONMemberScanner(bytes), let key = members.nextKey() else { return [] }
            return [key.hasTail("rMinute"), key.hasTail("rMinutes"), key.hasTail("rMinutf")]
        }
        #expect(tails == [false, true, false])
    }

    /// What a generated reader must leave to the `Codable` reader: the scanner stops without reaching the end.
    @Test func whatItDoesNotDecideStopsItShortOfTheEnd() {
        for text in [
            #"{"a":1,}"#, #"{"\u0061":1}"#, #"{"é":1}"#, #"{"a":1"#, #"{"a" 1}"#, #"{"a":1 "b":2}"#, #"{,"a":1}"#,
            "\u{FEFF}{\"a\":1}", #"{"a":01}"#, #"{"a":1}x"#, #"{"a":1}{}"#, #"{"a":"x"#, #"{"a":"\x"}"#,
            "{\"a\":\"\u{1}\"}", #"{"a":tru}"#, #"{"a":-}"#, #"{"a":1.}"#, #"{"a":[1,]}"#,
        ] {
            let reached = Array(text.utf8).withUnsafeBytes { bytes -> Bool in
                guard var members = JSONMemberScanner(bytes) else { return false }
                while let key = members.nextKey() {
                    guard key.count == 1, members.null() || members.int() != nil || members.string() != nil
                    else { return false }
                }
                return members.endsText
            }
            #expect(!reached, "\(text)")
        }
    }

    @Test func textThatIsNotAnObjectHasNoMembers() {
        for text in ["[1]", "1", #""a""#, "", "  "] {
            #expect(Array(text.utf8).withUnsafeBytes { JSONMemberScanner($0) } == nil, "\(text)")
        }
    }
}
