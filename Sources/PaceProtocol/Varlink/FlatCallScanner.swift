/// A fast path for reading calls: one strict scan of the common shape of a Varlink call —
/// `{"method":"…","parameters":{…flat…},"oneway":…,"more":…,"upgrade":…}` — that yields the envelope and the
/// parameters together, so a call is read once instead of twice by `JSONDecoder` (the envelope, then the
/// parameters).
///
/// It understands exactly that shape — the envelope's five keys each at most once, a `parameters` object whose
/// values are strings without escapes, plain numbers, `true`, `false` or `null`, keys without escapes, each once —
/// and returns `nil` for anything else (escapes, arrays, nested objects, unknown envelope keys, duplicate keys,
/// integers beyond 64 bits, malformed JSON), so the caller falls back to `JSONDecoder`, which stays the reference:
/// whenever this returns a call, the reference reads the same envelope from the same bytes, and
/// ``FlatParameterDecoder`` gives the same parameters or defers to it (property tests check both).
struct FlatCallScanner {
    /// One call, as scanned.
    struct Call {
        var method: String
        var oneway: Bool?
        var more: Bool?
        var upgrade: Bool?
        /// The members of `parameters` in the order they came; empty when it is absent or `null`.
        var parameters: [(key: String, value: FlatScalar)]
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Scans `bytes`, which must be valid UTF-8 (the caller checks the whole message first).
    /// - Returns: The call, or `nil` when the reference decoder must decide (it may still succeed).
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Call? {
        var scanner = FlatCallScanner(bytes)
        return scanner.call()
    }

    private mutating func call() -> Call? {
        var method: String?
        var flags: [Bool?] = [nil, nil, nil]
        var parameters: [(key: String, value: FlatScalar)] = []
        var seen: UInt8 = 0
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipWhitespace()
                guard let key = envelopeKey() else { return nil }
                let bit: UInt8 = 1 << UInt8(key)
                guard seen & bit == 0 else { return nil }
                seen |= bit
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                switch key {
                case 0:
                    guard let name = string() else { return nil }
                    method = name
                case 1, 2, 3:
                    guard let value = scalar() else { return nil }
                    switch value {
                    case .bool(let flag): flags[key - 1] = flag
                    case .null: flags[key - 1] = nil
                    default: return nil
                    }
                default:
                    if !matches("null") {
                        guard let members = object() else { return nil }
                        parameters = members
                    }
                }
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipWhitespace()
        guard index == bytes.count, let method else { return nil }
        return Call(method: method, oneway: flags[0], more: flags[1], upgrade: flags[2], parameters: parameters)
    }

    private static let envelopeKeys: [[UInt8]] = ["method", "oneway", "more", "upgrade", "parameters"].map {
        Array($0.utf8)
    }

    /// The index in ``envelopeKeys`` of the quoted key here.
    private mutating func envelopeKey() -> Int? {
        guard let (start, end) = stringBounds() else { return nil }
        let length = end - start
        for (number, key) in Self.envelopeKeys.enumerated() where key.count == length {
            var equal = true
            for offset in 0..<length where bytes[start + offset] != key[offset] {
                equal = false
                break
            }
            if equal { return number }
        }
        return nil
    }

    /// A flat object: keys once each (as Swift compares strings, as the reference's dictionary does), scalar values.
    private mutating func object() -> [(key: String, value: FlatScalar)]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: FlatScalar)] = []
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return members }
        repeat {
            skipWhitespace()
            // Past a few dozen members (no method has that many parameters) the reference reads it: the check for
            // repeated keys is quadratic, and a 64 KiB call can hold thousands.
            guard members.count < 64, let key = string(), !members.contains(where: { $0.key == key }) else {
                return nil
            }
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            guard let value = scalar() else { return nil }
            members.append((key, value))
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? members : nil
    }

    private mutating func scalar() -> FlatScalar? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string().map(FlatScalar.string)
        case UInt8(ascii: "t"): return matches("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return matches("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return matches("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// The bounds of the contents of a string without escapes or control characters.
    private mutating func stringBounds() -> (Int, Int)? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start, index - 1)
            }
            // An escape, or a control character (which JSON forbids unescaped): the reference decides.
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private mutating func string() -> String? {
        guard let (start, end) = stringBounds() else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A JSON number: an integer in Int64 range as ``FlatScalar/integer(_:)``, anything else with a fraction or an
    /// exponent as ``FlatScalar/number(_:)`` (a finite Double, parsed by the standard library, correctly rounded).
    private mutating func number() -> FlatScalar? {
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
            let fractionStart = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > fractionStart else { return nil }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            integral = false
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            let exponentStart = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > exponentStart else { return nil }
        }
        if integral {
            guard !overflow else { return nil }
            if negative {
                // -0 is an integer to the reference but -0.0 as a Double: let the number say it.
                if magnitude == 0 { return .number(-0.0) }
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            return magnitude <= UInt64(Int64.max) ? .integer(Int64(magnitude)) : nil
        }
        // Long numbers are rare; leave them, and their rounding, to the reference.
        guard index - start <= 32 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return .number(value)
    }
}

/// One value of a flat parameters object.
enum FlatScalar: Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent, in Int64 range.
    case integer(Int64)
    /// A number written with a fraction or an exponent.
    case number(Double)
    case string(String)
}
