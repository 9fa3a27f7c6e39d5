import FoundationEssentials
import PaceProtocol

/// The events in a file given to `pace import`: a `pace export` JSON document, a JSON array of events, JSON
/// lines (`pace log dump`), or the events CSV of `pace export --format csv`. The format is told from the
/// content, not the file name.
struct ImportFile {
    /// One event and where it came from, for messages (`line 18`, `event 3`).
    struct Entry {
        var event: JSONValue
        var place: String
    }

    var entries: [Entry]

    /// A file that holds no events Pace can read.
    struct Problem: Error, Equatable {
        var reason: String
    }

    /// Reads `data`.
    ///
    /// - Throws: ``Problem`` saying what is wrong and where.
    init(_ data: Data) throws(Problem) {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let start = text.first { !$0.isWhitespace }
        switch start {
        case nil:
            entries = []
        case "{"?:
            if let document = try? JSONInput.decode(DocumentEvents.self, from: text) {
                entries = document.events.enumerated().map { Entry(event: $1, place: "event \($0 + 1)") }
            } else {
                entries = try Self.jsonLines(text)
            }
        case "["?:
            guard let events = try? JSONInput.decode([JSONValue].self, from: text) else {
                throw Problem(reason: "it starts like a JSON array but is not valid JSON")
            }
            entries = events.enumerated().map { Entry(event: $1, place: "event \($0 + 1)") }
        default:
            let records: [CSV.Record]
            do {
                records = try CSV.parse(text)
            } catch {
                throw Problem(reason: "line \(error.line) is not valid CSV: \(error.reason)")
            }
            guard let header = records.first?.fields, header.contains(EventTable.jsonColumn) || header.contains("type")
            else {
                throw Problem(
                    reason: "it is not a Pace export (no \"type\" or \"json\" column); "
                        + "export events with `pace export --format csv`")
            }
            do {
                entries = try EventTable.events(from: records).map { Entry(event: $0.event, place: "line \($0.line)") }
            } catch {
                throw Problem(reason: "line \(error.line): \(error.reason)")
            }
        }
        for entry in entries {
            guard case .object = entry.event else {
                throw Problem(reason: "\(entry.place) is not a JSON object")
            }
        }
    }

    private struct DocumentEvents: Decodable {
        var events: [JSONValue]
    }

    private static func jsonLines(_ text: String) throws(Problem) -> [Entry] {
        var entries: [Entry] = []
        // `\r\n` is one Character in Swift, so split on any line end rather than on "\n".
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line
            guard trimmed.contains(where: { !$0.isWhitespace }) else { continue }
            guard let event = try? JSONInput.decode(JSONValue.self, from: String(trimmed)) else {
                throw Problem(reason: "line \(index + 1) is not a JSON object")
            }
            entries.append(Entry(event: event, place: "line \(index + 1)"))
        }
        return entries
    }

    /// Splits the entries into batches whose JSON stays under `maximumBytes`, so no request exceeds the
    /// daemon's message limit (64 KiB).
    func batches(maximumBytes: Int = 48 * 1024) -> [ArraySlice<Entry>] {
        var batches: [ArraySlice<Entry>] = []
        var start = 0
        var size = 0
        for (index, entry) in entries.enumerated() {
            let entrySize = EventTable.compactJSON(entry.event).utf8.count + 1
            if index > start && size + entrySize > maximumBytes {
                batches.append(entries[start..<index])
                start = index
                size = 0
            }
            size += entrySize
        }
        if start < entries.count { batches.append(entries[start...]) }
        return batches
    }
}
