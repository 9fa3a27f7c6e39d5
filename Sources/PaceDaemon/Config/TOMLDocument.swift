import TOMLKit

/// Reads TOML text with TOMLKit (toml++ underneath) into plain ``ConfigurationValue``s.
///
/// The only file that imports TOMLKit: its types hold C pointers and stay here.
enum TOMLDocument {
    /// The text is not valid TOML.
    struct SyntaxError: Error, Equatable {
        /// toml++'s own words, such as `Error while parsing key-value pair: expected '='`.
        var message: String
        /// 1-based line and column where the parser stopped.
        var line: Int
        var column: Int
    }

    /// Parses `text` into its top-level table.
    /// - Throws: ``SyntaxError`` with the position toml++ reports.
    static func parse(_ text: String) throws(SyntaxError) -> [String: ConfigurationValue] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SyntaxError(
                message: error.description, line: error.source.begin.line, column: error.source.begin.column)
        } catch {
            throw SyntaxError(message: "\(error)", line: 1, column: 1)
        }
        return entries(of: table)
    }

    private static func entries(of table: TOMLTable) -> [String: ConfigurationValue] {
        var entries: [String: ConfigurationValue] = [:]
        for key in table.keys {
            if let value = table[key] { entries[key] = convert(value) }
        }
        return entries
    }

    private static func convert(_ value: any TOMLValueConvertible) -> ConfigurationValue {
        switch value.type {
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? .nan)
        case .bool: return .boolean(value.bool ?? false)
        case .string: return .string(value.string ?? "")
        case .time:
            let time = value.time ?? TOMLTime(hour: 0, minute: 0, second: 0, nanoSecond: 0)
            return .time(hour: time.hour, minute: time.minute, second: time.second, nanosecond: time.nanoSecond)
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        case .table: return .table(value.table.map(entries(of:)) ?? [:])
        case .date: return .other(kind: "date", text: value.debugDescription)
        case .dateTime: return .other(kind: "date and time", text: value.debugDescription)
        }
    }
}
