import PaceJSON
import PaceProtocol
import PaceTestSupport

/// Random JSON for the property tests: values, and texts spelling them in every way JSON allows.
enum RandomJSON {
    /// Strings that stress writers and readers: quotes, backslashes, slashes, control characters, non-ASCII,
    /// emoji, combining marks, the separators JSON allows unescaped.
    static let strings = [
        "", "walk", "a \"quoted\" word", #"back\slash"#, "s/l/ash", "tab\tnew\nline\r",
        "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}", "del\u{7F}", "café", "cafe\u{301}", "🧘", "\u{2028}\u{2029}",
        "2026-11-25T13:05:00Z", "<&>'", "\u{212A}", "K", String(repeating: "long ", count: 20),
    ]

    static let doubles: [Double] = [
        0, -0.0, 1, 1.8, 119.02, 0.1 + 0.2, 1e-7, 1e21, 1e15, 1e16, 123_456.789, .leastNonzeroMagnitude,
        1.7976931348623157e308, -42.5, 9_007_199_254_740_992, 3e-5, 2.04, 1.7999999999999998,
    ]

    /// Keys that sort in interesting ways (case, digits, accents, a prefix of another).
    static let keys = [
        "a", "B", "b", "A", "a10", "a9", "é", "e\u{301}", "e", "Z", "_", "aB", "ab", "flareUntil", "flareend", "x", "",
    ]

    static func pick<T>(_ list: [T], _ random: inout SplitMix) -> T { list[Int(random.next() % UInt64(list.count))] }

    /// A random value up to `depth` levels deep.
    static func value(_ random: inout SplitMix, depth: Int) -> JSONValue {
        switch random.next() % (depth > 0 ? 7 : 5) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
        case 3: return .number(pick(doubles, &random))
        case 4: return .string(pick(strings, &random))
        case 5: return .array((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(random.next() % 6) { members[pick(keys, &random)] = value(&random, depth: depth - 1) }
            return .object(members)
        }
    }

    /// Number spellings: plain, signed, fractions, exponents, at and beyond the limits of every type.
    static let numbers = [
        "0", "-0", "1", "-1", "7", "42", "255", "256", "-128", "-129", "32767", "65535", "65536", "2147483647",
        "-2147483649", "4294967296", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "99999999999999999999", "1.0", "-0.0", "1.5", "0.5", "1e2",
        "1E+2", "1e-2", "2.5e-3", "1e18", "1e19", "1e400", "-1e400", "1e-400", "0e400", "0.1e1", "1.8", "119.02",
        "0.30000000000000004", "1.0000000000000001", "9007199254740993.0", "9007199254740993",
        "12345678901234567890e-2", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "123456.789",
        "1764072300000", "1764072300000.0", "-18000", "3600", "100000000000000000000e-2", "0.000001",
        "1234567890123456.7", "-9.223372036854775808e18", "1.8446744073709551615e19", "-0e0", "5e-1", "25e-1",
    ]

    /// `value` as JSON text, spelled at random: whitespace, escapes where they may be, numbers as written.
    static func text(_ value: JSONValue, _ random: inout SplitMix) -> String {
        func space() -> String { pick(["", "", "", " ", "\n", "\t", " \r\n "], &random) }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number):
            var text = number.description
            if text.hasSuffix(".0") && random.next() % 2 == 0 { text.removeLast(2) }
            return text
        case .string(let string): return quoted(string, &random)
        case .array(let elements):
            let inner = elements.map { text($0, &random) }.joined(separator: space() + "," + space())
            return "[" + space() + inner + space() + "]"
        case .object(let members):
            // Members in an order drawn from `random`, not the dictionary's: that is decided by the hash seed, which
            // differs from process to process, and would make a seed's texts differ from run to run.
            var keys = members.keys.sorted()
            keys.shuffle(using: &random)
            let inner = keys.map { quoted($0, &random) + space() + ":" + space() + text(members[$0]!, &random) }
                .joined(separator: space() + "," + space())
            return "{" + space() + inner + space() + "}"
        }
    }

    /// `string` in quotes, each character escaped or not at random (those that must be, always).
    static func quoted(_ string: String, _ random: inout SplitMix) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            guard mustEscape || random.next() % 8 == 0 else {
                text.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "/": text += random.next() % 2 == 0 ? "\\/" : "/"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            default:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: random.next() % 2 == 0)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return text + "\""
    }

    /// `text` damaged at random: bytes changed, removed, inserted, cut off, repeated.
    static func damaged(_ text: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var bytes = text
        let pieces: [[UInt8]] = [
            Array(#"""#.utf8), Array("\\".utf8), Array(",".utf8), Array("}".utf8), Array("]".utf8), Array("{".utf8),
            Array(":".utf8), Array("-".utf8), Array(".".utf8), Array("e".utf8), Array("0".utf8), Array("\\u".utf8),
            Array("\\ud800".utf8), [0xFF], [0xC3], [0x1F], Array(" ".utf8), Array("null".utf8), Array("tru".utf8),
        ]
        for _ in 0..<(1 + Int(random.next() % 3)) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(contentsOf: pick(pieces, &random), at: position)
            case 2 where !bytes.isEmpty: bytes[position] = pick(pieces, &random)[0]
            case 3: bytes.removeLast(Int(random.next() % UInt64(bytes.count + 1)))
            default: bytes.insert(contentsOf: Array(bytes[position...].prefix(3)), at: position)
            }
        }
        return bytes
    }
}
