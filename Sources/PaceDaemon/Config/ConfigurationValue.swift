/// A value as the config file wrote it, independent of the TOML library that read it.
///
/// The typed parsers (``ValueParser``) work on this, so they are tested without a TOML document and the TOML
/// library stays in one file (``TOMLDocument``).
package enum ConfigurationValue: Equatable, Sendable {
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case string(String)
    /// A TOML local time (`22:00:00`, unquoted).
    case time(hour: Int, minute: Int, second: Int, nanosecond: Int)
    case array([ConfigurationValue])
    case table([String: ConfigurationValue])
    /// A date or date-time: valid TOML that no key accepts yet, kept as its text for messages.
    case other(kind: String, text: String)

    /// The value as a person would recognise it in a message: `25`, `the string "5"`, `a table`.
    package var described: String {
        switch self {
        case .integer(let value): return "\(value)"
        case .float(let value): return "\(value)"
        case .boolean(let value): return "\(value)"
        case .string(let value): return "the string \"\(value)\""
        case .time(let hour, let minute, let second, _):
            return "the time \(pad(hour)):\(pad(minute)):\(pad(second))"
        case .array: return "a list"
        case .table: return "a table"
        case .other(let kind, let text): return "the \(kind) \(text)"
        }
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
