import FoundationEssentials
import PaceJSON

/// What a decoding gave, in a form two decoders' answers can be compared in: the value, or the error's kind and the
/// coding path it names (the parts a caller acts on; the wording is each decoder's own).
enum Outcome<Value: Equatable>: Equatable, CustomStringConvertible {
    case value(Value)
    case error(String)

    init(_ body: () throws -> Value) {
        do {
            self = .value(try body())
        } catch {
            self = .error(Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a DecodingError: \(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context): return "typeMismatch at \(path(context))"
        case .valueNotFound(_, let context): return "valueNotFound at \(path(context))"
        case .keyNotFound(let key, let context): return "keyNotFound \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "dataCorrupted at \(path(context))"
        @unknown default: return "unknown"
        }
    }

    var description: String {
        switch self {
        case .value(let value): "\(value)"
        case .error(let error): error
        }
    }

    /// `type` decoded from `bytes` by the reader under test.
    static func reader(_ type: Value.Type, _ bytes: [UInt8]) -> Outcome where Value: Decodable {
        Outcome { try JSONReader().decode(type, from: bytes) }
    }

    /// `type` decoded from `bytes` by the reference, Foundation's `JSONDecoder`.
    static func reference(_ type: Value.Type, _ bytes: [UInt8]) -> Outcome where Value: Decodable {
        Outcome { try JSONDecoder().decode(type, from: Data(bytes)) }
    }
}

extension Outcome: Sendable where Value: Sendable {}
