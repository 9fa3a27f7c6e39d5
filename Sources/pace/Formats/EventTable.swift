import PaceCore
import PaceProtocol

/// Events (any JSON objects, as the daemon stores them) as a table: one column per field, nested fields as
/// `a.b`, and a last `json` column with the whole event, so an import restores every field with its type even
/// after a spreadsheet has been through the file. Fields edited in the spreadsheet win over the `json` column.
///
/// A `localTime` column reads `at` as the person's clock showed it (`2026-11-25 14:20:00`, from `at` and
/// `utcOffsetSeconds`), because a spreadsheet cannot read milliseconds since 1970; import ignores it.
enum EventTable {
    /// Fields that lead the table when present; the rest follow in alphabetical order.
    static let leadingColumns = [
        "type", "localTime", "at", "utcOffsetSeconds", "activity", "intensity", "start", "durationSeconds",
    ]

    /// Columns made for people from other fields, never read back.
    static let derivedColumns: Set<String> = ["localTime"]

    /// The name of the column that holds the whole event.
    static let jsonColumn = "json"

    /// The events as CSV, header first.
    static func csv(_ events: [JSONValue]) -> String {
        let columns = columns(for: Set(events.flatMap { cells(of: $0).keys }))
        return events.reduce(CSV.row(columns)) { text, event in text + row(event, columns: columns) }
    }

    /// The columns of a table whose events have, together, the fields `names` (``cells(of:)``' keys): the
    /// leading ones, the others in alphabetical order, then ``jsonColumn``. The first row of the CSV.
    static func columns(for names: Set<String>) -> [String] {
        leadingColumns.filter(names.contains) + names.subtracting(leadingColumns).sorted() + [jsonColumn]
    }

    /// The cells `event` fills, by column: every leaf (``flatten(_:)``) and ``localTime(of:)``.
    static func cells(of event: JSONValue) -> [String: String] {
        var fields = flatten(event)
        if let time = localTime(of: event) { fields["localTime"] = time }
        return fields
    }

    /// `event`'s row of a table with `columns` (``columns(for:)``), with its CRLF.
    static func row(_ event: JSONValue, columns: [String]) -> String {
        let fields = cells(of: event)
        return CSV.row(columns.dropLast().map { fields[$0] ?? "" } + [compactJSON(event)])
    }

    /// Every leaf of `event` as text, keyed by its dotted path; arrays stay whole, as JSON.
    static func flatten(_ event: JSONValue) -> [String: String] {
        var fields: [String: String] = [:]
        func visit(_ value: JSONValue, _ path: String) {
            if case .object(let members) = value {
                for (key, member) in members { visit(member, path.isEmpty ? key : path + "." + key) }
            } else if !path.isEmpty {
                fields[path] = cell(value)
            }
        }
        visit(event, "")
        return fields
    }

    /// `2026-11-25 14:20:00` for an event whose `at` (ms) and `utcOffsetSeconds` are numbers.
    static func localTime(of event: JSONValue) -> String? {
        guard case .object(let members) = event, case .integer(let at)? = members["at"],
            case .integer(let offset)? = members["utcOffsetSeconds"]
        else { return nil }
        let text = Instant(millisecondsSinceEpoch: at + offset * 1000).rfc3339
        return String(text.dropLast()).replacingFirst("T", with: " ")
    }

    /// One value as a cell: strings as they are, numbers and booleans as JSON writes them, null empty.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .array, .object: return compactJSON(value)
        }
    }

    /// A row that is not an event.
    struct RowProblem: Error, Equatable {
        var line: Int
        var reason: String
    }

    /// The events of a CSV table made by ``csv(_:)`` (or by hand, with a header row).
    ///
    /// - Returns: Each event with the line it starts on.
    /// - Throws: ``RowProblem``.
    static func events(from records: [CSV.Record]) throws(RowProblem) -> [(line: Int, event: JSONValue)] {
        guard let header = records.first else { return [] }
        let jsonIndex = header.fields.firstIndex(of: jsonColumn)
        var events: [(Int, JSONValue)] = []
        for record in records.dropFirst() {
            guard record.fields.count <= header.fields.count else {
                throw RowProblem(
                    line: record.line,
                    reason: "\(record.fields.count) fields, but the header names \(header.fields.count)")
            }
            var event = JSONValue.object([:])
            if let jsonIndex, jsonIndex < record.fields.count, !record.fields[jsonIndex].isEmpty {
                guard let decoded = decodeJSON(record.fields[jsonIndex]), case .object = decoded else {
                    throw RowProblem(line: record.line, reason: "the json column is not a JSON object")
                }
                event = decoded
            }
            for (index, name) in header.fields.enumerated()
            where index != jsonIndex && !name.isEmpty && !derivedColumns.contains(name) {
                let text = index < record.fields.count ? record.fields[index] : ""
                let path = name.split(separator: ".").map(String.init)
                let existing = value(at: path, in: event)
                if let existing, cell(existing) == text { continue }
                if existing == nil && text.isEmpty { continue }
                set(text.isEmpty ? nil : typed(text, like: existing), at: path, in: &event)
            }
            events.append((record.line, event))
        }
        return events
    }

    /// `text` as the JSON type of `existing`, or the type it looks like when there is none.
    static func typed(_ text: String, like existing: JSONValue?) -> JSONValue {
        switch existing {
        case .string?: return .string(text)
        case .integer?, .number?:
            if let integer = Int64(text) { return .integer(integer) }
            if let number = Double(text) { return .number(number) }
            return .string(text)
        case .bool?:
            if text == "true" || text == "false" { return .bool(text == "true") }
            return .string(text)
        case .array?, .object?: return decodeJSON(text) ?? .string(text)
        case .null?, nil:
            if let integer = Int64(text) { return .integer(integer) }
            if let number = Double(text), number.isFinite { return .number(number) }
            if text == "true" || text == "false" { return .bool(text == "true") }
            if text.hasPrefix("[") || text.hasPrefix("{"), let decoded = decodeJSON(text) { return decoded }
            return .string(text)
        }
    }

    private static func value(at path: [String], in value: JSONValue) -> JSONValue? {
        guard let key = path.first else { return value }
        guard case .object(let members) = value, let member = members[key] else { return nil }
        return self.value(at: Array(path.dropFirst()), in: member)
    }

    private static func set(_ newValue: JSONValue?, at path: [String], in value: inout JSONValue) {
        guard let key = path.first else { return }
        var members: [String: JSONValue] = [:]
        if case .object(let existing) = value { members = existing }
        if path.count == 1 {
            members[key] = newValue
        } else {
            var child = members[key] ?? .object([:])
            set(newValue, at: Array(path.dropFirst()), in: &child)
            members[key] = child
        }
        value = .object(members)
    }

    static func compactJSON(_ value: JSONValue) -> String {
        (try? JSONOutput.line(value)) ?? "null"
    }

    static func decodeJSON(_ text: String) -> JSONValue? {
        try? JSONInput.decode(JSONValue.self, from: text)
    }
}

extension String {
    /// The string with its first `target` character replaced.
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
