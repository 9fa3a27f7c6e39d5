/// An independent judge of whether bytes are JSON text, for property tests that compare PaceJSON's reader with
/// Foundation's `JSONDecoder`: the reference lets malformed JSON pass where it never reads (a repeated key's later
/// value, a member nobody asks for), so its success does not say the text is JSON.
///
/// The grammar of RFC 8259, with what `JSONDecoder` adds: one trailing comma in an object or an array, a byte-order
/// mark first, nesting up to 512 deep. Whether strings are UTF-8 is left out: both readers check that only where they
/// read a string. Written as plainly as possible, for confidence rather than speed.
package enum StrictJSON {
    /// Whether `bytes` hold one JSON value and nothing else but whitespace.
    package static func isValid(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        guard value(&rest, depth: 0) else { return false }
        space(&rest)
        return rest.isEmpty
    }

    private static func space(_ rest: inout ArraySlice<UInt8>) {
        while let byte = rest.first, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { rest = rest.dropFirst() }
    }

    private static func eat(_ text: String, _ rest: inout ArraySlice<UInt8>) -> Bool {
        guard rest.starts(with: text.utf8) else { return false }
        rest = rest.dropFirst(text.utf8.count)
        return true
    }

    private static func value(_ rest: inout ArraySlice<UInt8>, depth: Int) -> Bool {
        space(&rest)
        guard let first = rest.first else { return false }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < 512 else { return false }
            let isObject = first == UInt8(ascii: "{")
            rest = rest.dropFirst()
            space(&rest)
            if eat(isObject ? "}" : "]", &rest) { return true }
            while true {
                if isObject {
                    space(&rest)
                    guard string(&rest) else { return false }
                    space(&rest)
                    guard eat(":", &rest) else { return false }
                }
                guard value(&rest, depth: depth + 1) else { return false }
                space(&rest)
                if eat(isObject ? "}" : "]", &rest) { return true }
                guard eat(",", &rest) else { return false }
                space(&rest)
                if eat(isObject ? "}" : "]", &rest) { return true }
            }
        case UInt8(ascii: "\""): return string(&rest)
        case UInt8(ascii: "t"): return eat("true", &rest)
        case UInt8(ascii: "f"): return eat("false", &rest)
        case UInt8(ascii: "n"): return eat("null", &rest)
        default: return number(&rest)
        }
    }

    private static func string(_ rest: inout ArraySlice<UInt8>) -> Bool {
        guard eat("\"", &rest) else { return false }
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "\"") { return true }
            if byte < 0x20 { return false }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = rest.popFirst() else { return false }
                if escaped == UInt8(ascii: "u") {
                    let hex = rest.prefix(4)
                    guard hex.count == 4, hex.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else {
                        return false
                    }
                    rest = rest.dropFirst(4)
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    return false
                }
            }
        }
        return false
    }

    private static func number(_ rest: inout ArraySlice<UInt8>) -> Bool {
        func digits() -> Int {
            let count = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            rest = rest.dropFirst(count)
            return count
        }
        _ = eat("-", &rest)
        if !eat("0", &rest) {
            guard let first = rest.first, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else { return false }
            _ = digits()
        }
        if eat(".", &rest) { guard digits() > 0 else { return false } }
        if eat("e", &rest) || eat("E", &rest) {
            if !eat("+", &rest) { _ = eat("-", &rest) }
            guard digits() > 0 else { return false }
        }
        return true
    }
}
