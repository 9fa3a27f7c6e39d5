/// The tokens of strict, flat JSON, read in place: what the fast readers of log events (``Event/init(flatJSON:)``)
/// and of Varlink calls (PaceProtocol's call scanner) are made of. Every method returns `nil` or `false` to give
/// up, and a reader that gives up leaves the bytes to the reference decoder (`JSONDecoder`), so the cursor only
/// ever accepts a token the reference reads the same way.
package struct FlatJSONCursor {
    /// A number token: an integer, `-0`, or anything with a fraction or an exponent.
    package enum Number: Equatable {
        /// Written without fraction or exponent, in Int64 range (not `-0`).
        case integer(Int64)
        /// `-0`, which the reference reads as 0 into an integer and as -0.0 into a Double.
        case minusZero
        /// Written with a fraction or an exponent: a finite Double, parsed by the standard library (correctly
        /// rounded, like the reference).
        case double(Double)

        /// The value as the reference reads it into an integer; `nil` for a fraction or an exponent.
        package var integer: Int64? {
            switch self {
            case .integer(let value): value
            case .minusZero: 0
            case .double: nil
            }
        }

        /// The value as the reference reads it into a Double.
        package var double: Double {
            switch self {
            case .integer(let value): Double(value)
            case .minusZero: -0.0
            case .double(let value): value
            }
        }
    }

    private let bytes: UnsafeRawBufferPointer
    /// Where the next token starts.
    package private(set) var index = 0

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Every byte has been read.
    package var isAtEnd: Bool { index == bytes.count }

    /// The next byte, if any, without reading it.
    package var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Reads `byte` if it comes next.
    package mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Reads `word` (`true`, `false`, `null`) if it comes next.
    package mutating func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// The bounds of the contents of a string without escapes or control characters.
    private mutating func stringBounds() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<index - 1
            }
            // An escape, or a control character (which JSON forbids unescaped): the reference decides.
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// A string without escapes. Its bytes are checked to be UTF-8 unless the caller has checked the whole input.
    package mutating func string(inputIsValidUTF8: Bool = false) -> String? {
        guard let bounds = stringBounds() else { return nil }
        let contents = UnsafeRawBufferPointer(rebasing: bytes[bounds])
        return inputIsValidUTF8
            ? String(decoding: contents, as: UTF8.self) : String(validating: contents, as: UTF8.self)
    }

    /// The index in `keys` of the quoted key that comes next, compared byte by byte.
    package mutating func key(in keys: [[UInt8]]) -> Int? {
        guard let bounds = stringBounds() else { return nil }
        for (number, key) in keys.enumerated() where key.count == bounds.count {
            var equal = true
            for offset in 0..<key.count where bytes[bounds.lowerBound + offset] != key[offset] {
                equal = false
                break
            }
            if equal { return number }
        }
        return nil
    }

    /// A JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. Integers beyond Int64 and numbers longer
    /// than 32 characters (rare; their rounding is the reference's business) give up.
    package mutating func number() -> Number? {
        let start = index
        let negative = take(UInt8(ascii: "-"))
        let integerStart = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            overflow = overflow || overflow1 || overflow2
            magnitude = sum
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        var integral = true
        if take(UInt8(ascii: ".")) {
            integral = false
            guard skipDigits() else { return nil }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            integral = false
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard skipDigits() else { return nil }
        }
        if integral {
            guard !overflow else { return nil }
            if negative {
                if magnitude == 0 { return .minusZero }
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            return magnitude <= UInt64(Int64.max) ? .integer(Int64(magnitude)) : nil
        }
        guard index - start <= 32 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return .double(value)
    }

    /// Reads one or more digits.
    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index > start
    }
}
