// The fuzzer (`make fuzz`, FUZZ_SOURCES in the Makefile) compiles this file into one module with the cursor's own
// source file, where there is no PaceCore to import.
#if canImport(PaceCore)
import PaceCore
#endif

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

    private var cursor: FlatJSONCursor

    private init(_ bytes: UnsafeRawBufferPointer) { cursor = FlatJSONCursor(bytes) }

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
        cursor.skipWhitespace()
        guard cursor.take(UInt8(ascii: "{")) else { return nil }
        cursor.skipWhitespace()
        if !cursor.take(UInt8(ascii: "}")) {
            repeat {
                cursor.skipWhitespace()
                guard let key = cursor.key(in: Self.envelopeKeys) else { return nil }
                let bit: UInt8 = 1 << UInt8(key)
                guard seen & bit == 0 else { return nil }
                seen |= bit
                cursor.skipWhitespace()
                guard cursor.take(UInt8(ascii: ":")) else { return nil }
                cursor.skipWhitespace()
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
                    if !cursor.matches("null") {
                        guard let members = object() else { return nil }
                        parameters = members
                    }
                }
                cursor.skipWhitespace()
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "}")) else { return nil }
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd, let method else { return nil }
        return Call(method: method, oneway: flags[0], more: flags[1], upgrade: flags[2], parameters: parameters)
    }

    private static let envelopeKeys: [[UInt8]] = ["method", "oneway", "more", "upgrade", "parameters"].map {
        Array($0.utf8)
    }

    /// A flat object: keys once each (as Swift compares strings, as the reference's dictionary does), scalar values.
    private mutating func object() -> [(key: String, value: FlatScalar)]? {
        guard cursor.take(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: FlatScalar)] = []
        cursor.skipWhitespace()
        if cursor.take(UInt8(ascii: "}")) { return members }
        repeat {
            cursor.skipWhitespace()
            // Past a few dozen members (no method has that many parameters) the reference reads it: the check for
            // repeated keys is quadratic, and a 64 KiB call can hold thousands.
            guard members.count < 64, let key = string(), !members.contains(where: { $0.key == key }) else {
                return nil
            }
            cursor.skipWhitespace()
            guard cursor.take(UInt8(ascii: ":")) else { return nil }
            cursor.skipWhitespace()
            guard let value = scalar() else { return nil }
            members.append((key, value))
            cursor.skipWhitespace()
        } while cursor.take(UInt8(ascii: ","))
        return cursor.take(UInt8(ascii: "}")) ? members : nil
    }

    private mutating func scalar() -> FlatScalar? {
        switch cursor.next {
        case nil: return nil
        case UInt8(ascii: "\""): return string().map(FlatScalar.string)
        case UInt8(ascii: "t"): return cursor.matches("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return cursor.matches("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return cursor.matches("null") ? .null : nil
        default:
            switch cursor.number() {
            case nil: return nil
            case .integer(let value): return .integer(value)
            // An integer to the reference, but -0.0 as a Double: let the number say it (Int refuses it, so the
            // reference reads an integer parameter written so).
            case .minusZero: return .number(-0.0)
            case .double(let value): return .number(value)
            }
        }
    }

    /// A string; the whole message was checked to be UTF-8 before the scan.
    private mutating func string() -> String? { cursor.string(inputIsValidUTF8: true) }
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
