/// The members of one JSON object read in one pass over its text, with no tokens: each key as it comes, then its
/// value by code that knows what the key's value should be (a switch on the key), for a document read so often
/// that scanning it into tokens and then looking each member up (``JSONObjectFields``) is most of the work: a
/// replay's events (the decoder `make schema` generates).
///
/// What it reads is what ``JSONReader`` reads from the same text, or it gives up (`nil`) and the caller decodes the
/// text with ``JSONReader``, which decides. It gives up on a key with an escape or a byte of 0x80 or more, a trailing
/// comma, a byte-order mark, any text that is not JSON, and a value not of the type asked for; the caller gives up
/// on a key it does not know and a key written twice. Strings and numbers are checked and converted by the
/// scanner's own rules (``JSONScanner/lexString(_:count:from:)``, ``JSONString``, ``JSONNumber``).
package struct JSONMemberScanner {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    /// The next byte to read.
    private var index: Int
    /// Whether the object's closing brace has been read.
    package private(set) var ended = false

    /// A scanner at the object that `text` starts with (after whitespace); `nil` where it starts with anything
    /// else.
    package init?(_ text: UnsafeRawBufferPointer) {
        guard let base = text.baseAddress, text.count < Int(UInt32.max) else { return nil }
        bytes = base.assumingMemoryBound(to: UInt8.self)
        count = text.count
        index = 0
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return nil }
    }

    /// Whether the object has been read to its closing brace and only whitespace follows it: the whole of a
    /// document that holds one object.
    package var endsText: Bool {
        guard ended else { return false }
        var copy = self
        copy.skipWhitespace()
        return copy.index == count
    }

    /// The key of the next member, the scanner then at its value; `nil` after the last member (``ended``), or where
    /// the text is not what this reads (the caller then gives up).
    package mutating func nextKey() -> JSONKeyText? {
        guard !ended else { return nil }
        // Compact text, as the log holds it, takes the first branch of each step; whitespace the second.
        if members > 0 && index < count && bytes[index] == UInt8(ascii: ",") {
            index += 1
        } else {
            skipWhitespace()
            if take(UInt8(ascii: "}")) {
                ended = true
                return nil
            }
            // A comma, then the key: after a trailing comma, which the scanner takes, the reader decides.
            if members > 0 && !take(UInt8(ascii: ",")) { return nil }
        }
        if index < count && bytes[index] != UInt8(ascii: "\"") { skipWhitespace() }
        guard index < count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var head: UInt64 = 0
        let length: Int
        if start + 8 <= count {
            // The first eight bytes at once: most keys end in them, at the first byte marked.
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + start).loadUnaligned(as: UInt64.self))
            let marks = JSONScanner.marks(word)
            if marks != 0 {
                length = marks.trailingZeroBitCount &>> 3
                // A backslash, a control character or a byte of 0x80 or more: not a key this reads.
                guard bytes[start + length] == UInt8(ascii: "\"") else { return nil }
                if length > 0 { head = word & (UInt64.max &>> UInt64(64 - 8 * length)) }
            } else {
                let lexed = JSONScanner.lexString(bytes, count: count, from: start + 8)
                guard lexed.failure == nil, lexed.flags == 0 else { return nil }
                length = lexed.end - start
                head = word
            }
        } else {
            // Fewer than eight bytes left in the text: one at a time.
            let lexed = JSONScanner.lexString(bytes, count: count, from: start)
            guard lexed.failure == nil, lexed.flags == 0 else { return nil }
            length = lexed.end - start
            for offset in 0..<min(length, 8) { head |= UInt64(bytes[start + offset]) &<< UInt64(8 * offset) }
        }
        index = start + length + 1
        if index < count && bytes[index] == UInt8(ascii: ":") {
            index += 1
        } else {
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
        }
        if index < count && bytes[index] <= 0x20 { skipWhitespace() }
        members += 1
        return JSONKeyText(bytes + start, count: length, head: head)
    }

    /// Members whose keys have been read.
    private var members = 0

    // MARK: - Values

    /// Reads `null` if it is the value.
    package mutating func null() -> Bool {
        guard index < count, bytes[index] == UInt8(ascii: "n") else { return false }
        return literal("null")
    }

    /// A string, its escapes decoded.
    package mutating func string() -> String? {
        guard let (contents, flags) = stringContents() else { return nil }
        return JSONString.decode(contents, flags: flags)
    }

    /// An integer, as ``JSONReader`` reads one (a whole number written with a fraction or an exponent too).
    package mutating func int() -> Int? { integer(Int.self) }
    /// An integer, as ``int()`` reads one.
    package mutating func int64() -> Int64? { integer(Int64.self) }

    /// A number, as ``JSONReader`` reads a `Double`.
    package mutating func double() -> Double? {
        guard let (text, _) = number() else { return nil }
        return JSONNumber.double(text)
    }

    /// `true` or `false`.
    package mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// The index of the name in `names` the string is, for an enum: a string without escapes, in plain ASCII,
    /// compared byte by byte (any other is left to the `Decodable` reader, which compares it as a Swift string).
    package mutating func choice(among names: [StaticString]) -> Int? {
        guard let (contents, flags) = stringContents(), flags == 0 else { return nil }
        for (choice, name) in names.enumerated()
        where JSONBytes.equal(contents, UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) {
            return choice
        }
        return nil
    }

    /// An array of strings.
    package mutating func strings() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var elements: [String] = []
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return elements }
        while true {
            skipWhitespace()
            guard let element = string() else { return nil }
            elements.append(element)
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return elements }
            // A trailing comma, which the scanner takes, is left to the reader.
            guard take(UInt8(ascii: ",")) else { return nil }
        }
    }

    // MARK: - Text

    /// The contents of the string at the scanner (between its quotes) and its flags (``JSONToken``).
    private mutating func stringContents() -> (UnsafeRawBufferPointer, UInt8)? {
        guard index < count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        let lexed = JSONScanner.lexString(bytes, count: count, from: start)
        guard lexed.failure == nil else { return nil }
        index = lexed.end + 1
        return (UnsafeRawBufferPointer(start: bytes + start, count: lexed.end - start), lexed.flags)
    }

    /// The text of the number at the scanner, and whether it is written without fraction or exponent.
    private mutating func number() -> (UnsafeRawBufferPointer, Bool)? {
        guard index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] &- UInt8(ascii: "0") < 10 else {
            return nil
        }
        let start = index
        let lexed = JSONScanner.lexNumber(bytes, count: count, from: start)
        guard lexed.failure == nil else { return nil }
        index = lexed.end
        return (UnsafeRawBufferPointer(start: bytes + start, count: index - start), lexed.flags != 0)
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        if let small = smallInteger() { return T(exactly: small) }
        guard let (text, integral) = number() else { return nil }
        return JSONNumber.integer(text, integral: integral, as: T.self)
    }

    /// An integer of at most 16 digits, without fraction or exponent, read in the one pass over its digits: most
    /// numbers in the log (times in milliseconds have 13). `nil`, having read nothing, for any other number (and
    /// anything else), which the general reading then reads.
    @inline(__always)
    private mutating func smallInteger() -> Int64? {
        var at = index
        let negative = at < count && bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        let first = at
        var value: Int64 = 0
        while at < count && at - first < 17 {
            let digit = bytes[at] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            at += 1
        }
        let digits = at - first
        // No digit; perhaps more than 16; a leading zero before another digit, which the scanner refuses.
        guard digits > 0 && digits < 17 && (digits == 1 || bytes[first] != UInt8(ascii: "0")) else { return nil }
        if at < count {
            let next = bytes[at]
            guard next != UInt8(ascii: ".") && next != UInt8(ascii: "e") && next != UInt8(ascii: "E") else {
                return nil
            }
        }
        index = at
        return negative ? -value : value
    }

    /// Reads `word` if it is next; the byte after it is checked by whatever reads on (a comma, a brace).
    private mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard count - index >= length else { return false }
        for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += length
        return true
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        index = JSONScanner.skippingWhitespace(bytes, count: count, from: index)
    }

    @inline(__always)
    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}

/// A key of an object member, read by ``JSONMemberScanner``: plain ASCII, no escapes.
package struct JSONKeyText {
    private let start: UnsafePointer<UInt8>
    /// Its length in bytes.
    package let count: Int
    /// Its first eight bytes (fewer for a shorter key, the rest zero), the first in the lowest: what a generated
    /// reader switches on, then checking ``count`` and, for a longer key, the rest (``hasTail(_:)``).
    package let head: UInt64

    init(_ start: UnsafePointer<UInt8>, count: Int, head: UInt64) {
        self.start = start
        self.count = count
        self.head = head
    }

    /// Whether the key's bytes after its eighth are `tail`.
    package func hasTail(_ tail: StaticString) -> Bool {
        count == 8 + tail.utf8CodeUnitCount
            && JSONBytes.equal(
                UnsafeRawBufferPointer(start: start + 8, count: count - 8),
                UnsafeRawBufferPointer(start: tail.utf8Start, count: tail.utf8CodeUnitCount))
    }
}
