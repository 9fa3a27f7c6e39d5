import PaceCore
import PaceProtocol

/// Events (any JSON objects, as the daemon stores them) as a table a person can read, and back.
///
/// After `type` come three columns made for people from the event's fields, never read back:
/// - `localTime`: when it happened, on the person's clock, in ISO 8601 with its UTC offset
///   (`2026-11-25T08:00:00+01:00`): a bout's own start (`start`, for one logged afterwards), otherwise `at`;
/// - `minutes`: a bout's length: `durationSeconds`, or for a started bout the time to the next event of the record
///   that ends a running bout (a stop, another start, a rest; ``BoutLengths``), empty while it runs;
/// - `points`: `minutes` × `pointsPerMinute`, the bout's effort as recorded (what a day counted, with overlaps once
///   and a forgotten bout cut at the longest bout, is the days table's).
///
/// Then every field, nested ones as `a.b`: those people read first (activity, intensity, rate, ratings, note), the
/// others in alphabetical order. Times (``instantFields``) are ISO 8601 at the event's offset, not milliseconds;
/// fractional numbers (rates) have at most two decimals. A last `json` column holds the whole event, exact, so an
/// import restores every field with its type even after a spreadsheet has been through the file. A field edited in
/// the spreadsheet wins over the `json` column; an edited time is read in ISO 8601 (or milliseconds).
enum EventTable {
    /// Fields that lead the table when present; the rest follow in alphabetical order.
    static let leadingColumns = [
        "type", "localTime", "minutes", "points", "activity", "intensity", "pointsPerMinute", "energy", "fatigue",
        "pain", "sleepQuality", "stress", "flare", "note",
    ]

    /// Columns made for people from other fields, never read back.
    static let derivedColumns: Set<String> = ["localTime", "minutes", "points"]

    /// The fields that hold an instant in milliseconds since 1970 (docs/events.md), shown in ISO 8601.
    static let instantFields: Set<String> = ["at", "start", "recordedAt", "until", "targetAt"]

    /// The name of the column that holds the whole event.
    static let jsonColumn = "json"

    /// The events as CSV, header first.
    static func csv(_ events: [JSONValue]) -> String {
        var lengths = BoutLengths()
        for event in events { lengths.note(event) }
        let seconds = lengths.seconds()
        let columns = columns(for: Set(events.flatMap { cells(of: $0).keys }))
        return events.reduce(CSV.row(columns)) { text, event in
            text + row(event, columns: columns, startedBoutSeconds: seconds)
        }
    }

    /// The columns of a table whose events have, together, the fields `names` (``cells(of:startedBoutSeconds:)``'
    /// keys): the leading ones, the others in alphabetical order, then ``jsonColumn``. The first row of the CSV.
    static func columns(for names: Set<String>) -> [String] {
        leadingColumns.filter(names.contains) + names.subtracting(leadingColumns).sorted() + [jsonColumn]
    }

    /// The cells `event` fills, by column: every leaf (``flatten(_:)``), its times in ISO 8601, and the derived
    /// columns; a bout has `minutes` and `points`, empty when unknown. `startedBoutSeconds` are the lengths of the
    /// started bouts by id (``BoutLengths/seconds()``).
    static func cells(of event: JSONValue, startedBoutSeconds: [String: Int64] = [:]) -> [String: String] {
        var fields = flatten(event)
        guard case .object(let members) = event else { return fields }
        var offset = 0
        if case .integer(let seconds)? = members["utcOffsetSeconds"], abs(seconds) <= 86_400 { offset = Int(seconds) }
        for name in instantFields {
            if case .integer(let milliseconds)? = members[name] {
                fields[name] = localTime(milliseconds, offsetSeconds: offset)
            }
        }
        if case .integer(let happened)? = members["start"] ?? members["at"] {
            fields["localTime"] = localTime(happened, offsetSeconds: offset)
        }
        guard case .string(let type)? = members["type"],
            ["activityStarted", "activityLogged", "amended"].contains(type)
        else { return fields }
        var seconds: Int64?
        if case .integer(let logged)? = members["durationSeconds"] {
            seconds = logged
        } else if type == "activityStarted", case .string(let id)? = members["id"] {
            seconds = startedBoutSeconds[id]
        }
        var rate: Double?
        switch members["pointsPerMinute"] {
        case .integer(let value)?: rate = Double(value)
        case .number(let value)?: rate = value
        default: rate = nil
        }
        let minutes = seconds.map { Double($0) / 60 }
        fields["minutes"] = minutes.map { NumberText.decimal($0, places: 1) } ?? ""
        fields["points"] = minutes.flatMap { minutes in rate.map { NumberText.decimal(minutes * $0, places: 1) } } ?? ""
        return fields
    }

    /// `event`'s row of a table with `columns` (``columns(for:)``), with its CRLF.
    static func row(_ event: JSONValue, columns: [String], startedBoutSeconds: [String: Int64] = [:]) -> String {
        let fields = cells(of: event, startedBoutSeconds: startedBoutSeconds)
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

    /// `2026-11-25T08:00:00+01:00`: `milliseconds` since 1970 at the UTC offset `offsetSeconds`, to the second.
    static func localTime(_ milliseconds: Int64, offsetSeconds: Int) -> String {
        ClockText.rfc3339(Instant(millisecondsSinceEpoch: milliseconds), offsetSeconds: offsetSeconds)
    }

    /// One value as a cell: strings as they are, integers and booleans as JSON writes them, other numbers with at
    /// most two decimals, null empty.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number):
            // At most two decimals (a rate of 1.7999999999999998 reads 1.8); the json column keeps it exact.
            return abs(number) < 1e12 ? NumberText.decimal(number, places: 2) : String(number)
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
            // What this table would show for the event: a field shown so is not edited, and the json column wins.
            // Older tables showed times in milliseconds and rates in full, which are read back as the same values.
            let shown = cells(of: event)
            for (index, name) in header.fields.enumerated()
            where index != jsonIndex && !name.isEmpty && !derivedColumns.contains(name) {
                let written = index < record.fields.count ? record.fields[index] : ""
                if let cell = shown[name], CSV.guarded(cell) == written { continue }
                let text = CSV.unguarded(written)
                let path = name.split(separator: ".").map(String.init)
                let existing = value(at: path, in: event)
                if existing == nil && text.isEmpty { continue }
                if instantFields.contains(name), let instant = Instant(rfc3339: text) {
                    set(.integer(instant.millisecondsSinceEpoch), at: path, in: &event)
                } else {
                    set(text.isEmpty ? nil : typed(text, like: existing), at: path, in: &event)
                }
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
