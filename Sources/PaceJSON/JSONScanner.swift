/// Reads JSON text into tokens (``JSONToken``) in one pass, checking it against the JSON grammar (RFC 8259).
///
/// It accepts what `JSONDecoder` accepts of valid JSON, and two things it accepts beyond it: one trailing comma in
/// an object or an array, and a UTF-8 byte-order mark before the value; containers nest at most 512 deep. Strings
/// are checked for their escapes and for control characters here; whether their bytes are UTF-8 (and their `\u`
/// escapes whole characters) is checked where a string is read, as `JSONDecoder` does, so that text nobody reads
/// costs nothing more.
struct JSONScanner {
    /// The deepest nesting of objects and arrays `JSONDecoder` reads.
    static let maximumDepth = 512

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0
    private var depth = 0
    private let tokens: UnsafeMutablePointer<JSONToken>
    private var tokenCount = 0

    private init(_ bytes: UnsafePointer<UInt8>, count: Int, tokens: UnsafeMutablePointer<JSONToken>) {
        self.bytes = bytes
        self.count = count
        self.tokens = tokens
    }

    /// The tokens of `bytes`, which must hold one JSON value and nothing else but whitespace.
    static func scan(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [JSONToken] {
        var failure: JSONSyntaxError?
        let tokens = [JSONToken](unsafeUninitializedCapacity: capacity(for: bytes)) { buffer, count in
            do throws(JSONSyntaxError) {
                count = try scan(bytes, into: buffer.baseAddress!)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return tokens
    }

    /// The most tokens `bytes` can hold: every token starts at a byte of its own.
    static func capacity(for bytes: UnsafeRawBufferPointer) -> Int { max(bytes.count, 1) }

    /// Scans `bytes`, which must hold one JSON value and nothing else but whitespace, into `tokens`, which must have
    /// room for ``capacity(for:)`` of them; returns how many it wrote.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, into tokens: UnsafeMutablePointer<JSONToken>
    ) throws(JSONSyntaxError) -> Int {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONSyntaxError(offset: 0, reason: "text longer than 4 GiB")
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONSyntaxError(offset: 0, reason: "unexpected end of text")
        }
        var scanner = JSONScanner(base.assumingMemoryBound(to: UInt8.self), count: bytes.count, tokens: tokens)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { scanner.index = 3 }
        try scanner.value()
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.unexpected("after the value") }
        return scanner.tokenCount
    }

    @inline(__always)
    private mutating func append(_ token: JSONToken) {
        (tokens + tokenCount).initialize(to: token)
        tokenCount += 1
    }

    // MARK: - Values

    private mutating func value() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < count else { throw JSONSyntaxError(offset: index, reason: "unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try container(.object)
        case UInt8(ascii: "["): try container(.array)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .true)
        case UInt8(ascii: "f"): try literal("false", .false)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw unexpected("where a value should be")
        }
    }

    /// An object or an array: the one loop over members and elements, each followed by a comma or the end.
    private mutating func container(_ kind: JSONToken.Kind) throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else {
            throw JSONSyntaxError(offset: index, reason: "objects and arrays nested more than 512 deep")
        }
        depth += 1
        let closing = kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let position = tokenCount
        append(JSONToken(kind: kind, flags: 0, count: 0, start: UInt32(index), end: 0))
        index += 1
        var members: UInt32 = 0
        skipWhitespace()
        if !take(closing) {
            while true {
                if kind == .object {
                    skipWhitespace()
                    guard index < count, bytes[index] == UInt8(ascii: "\"") else {
                        throw unexpected("where a key should be")
                    }
                    try string()
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { throw unexpected("after a key") }
                }
                try value()
                members += 1
                skipWhitespace()
                if take(UInt8(ascii: ",")) {
                    skipWhitespace()
                    // One trailing comma is allowed, as by JSONDecoder.
                    if take(closing) { break }
                    continue
                }
                guard take(closing) else { throw unexpected(kind == .object ? "in an object" : "in an array") }
                break
            }
        }
        tokens[position].count = members
        tokens[position].end = UInt32(tokenCount)
        depth -= 1
    }

    /// A string: its escapes must be well formed and control characters escaped.
    private mutating func string() throws(JSONSyntaxError) {
        let start = index + 1
        let lexed = Self.lexString(bytes, count: count, from: start)
        index = lexed.end
        if let failure = lexed.failure {
            guard let context = failure.context else {
                throw JSONSyntaxError(offset: failure.offset, reason: "unterminated string")
            }
            throw unexpected("\(context)")
        }
        append(JSONToken(kind: .string, flags: lexed.flags, count: 0, start: UInt32(start), end: UInt32(index)))
        index += 1
    }

    /// Where a lexed string or number ends, and what it holds; or where and why it is not one.
    struct Lexeme {
        /// Strings: the offset of the closing quote; numbers: after the last character; where the text is not one,
        /// the offset of the byte at fault.
        var end: Int
        /// Strings: ``JSONToken/escaped`` and ``JSONToken/nonASCII``; numbers: ``JSONToken/integral``.
        var flags: UInt8
        var failure: Failure?

        /// Why the text is not a string or a number.
        struct Failure {
            /// Where the error is reported.
            var offset: Int
            /// What the byte at ``offset`` is unexpected in (`nil`: the text ends inside a string).
            var context: StaticString?
        }
    }

    /// The string whose contents start at `start` (after the opening quote) in the `count` bytes at `bytes`: its
    /// escapes must be well formed and control characters escaped. Shared by the scanner and by
    /// ``JSONMemberScanner``, which reads values without tokens.
    @inline(__always)
    static func lexString(_ bytes: UnsafePointer<UInt8>, count: Int, from start: Int) -> Lexeme {
        var index = start
        var flags: UInt8 = 0
        while true {
            if index + 8 <= count {
                // Eight bytes at a time, on to the first that needs a look (most strings have one: the quote).
                let marks = Self.marks(
                    UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)))
                if marks == 0 {
                    index += 8
                    continue
                }
                index += marks.trailingZeroBitCount &>> 3
            } else if index >= count {
                return Lexeme(end: index, flags: flags, failure: .init(offset: start - 1, context: nil))
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return Lexeme(end: index, flags: flags, failure: nil) }
            if byte == UInt8(ascii: "\\") {
                flags |= JSONToken.escaped
                index += 1
                guard index < count else {
                    return Lexeme(end: index, flags: flags, failure: .init(offset: index, context: nil))
                }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    for _ in 0..<4 {
                        guard index < count, JSONString.hexValue(bytes[index]) != nil else {
                            return Lexeme(
                                end: index, flags: flags, failure: .init(offset: index, context: "in a \\u escape"))
                        }
                        index += 1
                    }
                default:
                    return Lexeme(end: index, flags: flags, failure: .init(offset: index, context: "after a backslash"))
                }
                continue
            }
            if byte < 0x20 {
                return Lexeme(
                    end: index, flags: flags,
                    failure: .init(offset: index, context: "in a string (a control character must be escaped)"))
            }
            if byte >= 0x80 { flags |= JSONToken.nonASCII }
            index += 1
        }
    }

    /// The high bit of each byte of `word` (the first in the lowest) that may be a quote, a backslash, a control
    /// character or 0x80 and above: the lowest one marked is one, those above it may be marked only because it is.
    @inline(__always)
    static func marks(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte of `x` is zero (here: equal to the one looked for) if it borrows into its high bit; a byte above
        // one that is may borrow too.
        func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let quote = zeros(word ^ (ones &* 0x22))
        let backslash = zeros(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highs
        return quote | backslash | control | word & highs
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number() throws(JSONSyntaxError) {
        let start = index
        let lexed = Self.lexNumber(bytes, count: count, from: start)
        index = lexed.end
        if let context = lexed.failure?.context { throw unexpected("\(context)") }
        append(JSONToken(kind: .number, flags: lexed.flags, count: 0, start: UInt32(start), end: UInt32(index)))
    }

    /// The number at `start` in the `count` bytes at `bytes`, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. No
    /// digit may follow a leading zero: the caller finds one where it expects a comma or the end.
    @inline(__always)
    static func lexNumber(_ bytes: UnsafePointer<UInt8>, count: Int, from start: Int) -> Lexeme {
        var index = start
        func take(_ byte: UInt8) -> Bool {
            guard index < count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func skipDigits() -> Bool {
            let first = index
            while index < count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index > first
        }
        func failure(_ context: StaticString) -> Lexeme {
            Lexeme(end: index, flags: 0, failure: .init(offset: index, context: context))
        }
        var flags = JSONToken.integral
        _ = take(UInt8(ascii: "-"))
        if !take(UInt8(ascii: "0")) {
            guard skipDigits() else { return failure("in a number") }
        }
        if take(UInt8(ascii: ".")) {
            flags = 0
            guard skipDigits() else { return failure("in a number (a digit must follow the point)") }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            flags = 0
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard skipDigits() else { return failure("in a number (a digit must follow the exponent)") }
        }
        return Lexeme(end: index, flags: flags, failure: nil)
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONToken.Kind) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard count - index >= length else { throw unexpected("in a literal") }
        for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
            index += offset
            throw unexpected("in a literal")
        }
        append(JSONToken(kind: kind, flags: 0, count: 0, start: UInt32(index), end: UInt32(index + length)))
        index += length
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func skipWhitespace() {
        index = Self.skippingWhitespace(bytes, count: count, from: index)
    }

    /// The index of the first byte at or after `start` that is not JSON whitespace (space, tab, line feed, carriage
    /// return), or `count`; shared with ``JSONMemberScanner``, as the lexers are.
    @inline(__always)
    static func skippingWhitespace(_ bytes: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int {
        var index = start
        while index < count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    @inline(__always)
    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func unexpected(_ context: String) -> JSONSyntaxError {
        guard index < count else { return JSONSyntaxError(offset: index, reason: "unexpected end of text") }
        let byte = bytes[index]
        let shown = (0x21..<0x7F).contains(byte) ? "`\(Character(Unicode.Scalar(byte)))`" : "byte \(byte)"
        return JSONSyntaxError(offset: index, reason: "unexpected \(shown) \(context)")
    }
}
