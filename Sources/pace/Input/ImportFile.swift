import FoundationEssentials
import PaceJSON
import PaceProtocol
import PaceSystem

/// The events in a file given to `pace import`: a `pace export` JSON document, a JSON array of events, JSON
/// lines (`pace log dump`), the events CSV of `pace export --format csv`, or the bouts of a GPX or TCX file
/// (``SampleFile``). The format is told from the
/// content, not the file name.
struct ImportFile {
    /// One event and where it came from, for messages (`line 18`, `event 3`).
    struct Entry: Sendable {
        var event: JSONValue
        var place: String
        /// The event's JSON text as it is sent: a JSON line as it was read (its value is read the same from it),
        /// any other event as ``event`` writes itself.
        var text: [UInt8]

        init(event: JSONValue, place: String, text: [UInt8]? = nil) {
            self.event = event
            self.place = place
            // `null` for what JSON cannot write, as `EventTable.compactJSON` writes it.
            self.text = text ?? PaceJSON.JSONOutput.text(of: event) ?? Array("null".utf8)
        }
    }

    /// The parameters of one `ImportEvents` call: what `PaceAPI.ImportEvents.Parameters` writes for these
    /// entries, each event's ``Entry/text`` passed through rather than its value written again.
    struct Call: JSONWritable {
        var entries: ArraySlice<Entry>
        var more: Bool?

        func write(to output: inout PaceJSON.JSONOutput) {
            output.beginObject()
            output.member("events")
            output.beginArray()
            for entry in entries { output.text(entry.text) }
            output.endArray()
            if let more {
                output.member("more")
                output.bool(more)
            }
            output.endObject()
        }
    }

    var entries: [Entry]
    /// What was left out of a file of samples, and why.
    var notes: [String] = []

    /// A file that holds no events Pace can read.
    struct Problem: Error, Equatable {
        var reason: String
    }

    /// The events given (of a database read elsewhere).
    init(entries: [Entry], notes: [String]) {
        self.entries = entries
        self.notes = notes
    }

    /// Reads `data`.
    ///
    /// - Throws: ``Problem`` saying what is wrong and where.
    init(_ data: Data, samples context: SampleFile.Context? = nil) throws(Problem) {
        if let context, SampleFile.isXML(data.prefix(16)) {
            let file = try SampleFile(xml: data, context: context)
            entries = file.entries
            notes = file.notes
            return
        }
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
            if let header = records.first?.fields, SampleCSV.isSamples(header), let context {
                (entries, notes) = try SampleCSV.read(records, context: context)
                return
            }
            guard let header = records.first?.fields, header.contains(EventTable.jsonColumn) || header.contains("type")
            else {
                throw Problem(
                    reason: "it is not a Pace export (no \"type\" or \"json\" column) nor a CSV of samples (no "
                        + "\"time\" with \"steps\" or \"heart_rate\" column); export events with `pace export --format csv`"
                )
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

    /// One event a line, lines ending at any line end a `Character` is (`\n`, `\r\n`, `\r`, `\u{0B}`, `\u{0C}`,
    /// `\u{85}`, `\u{2028}`, `\u{2029}`), blank lines skipped. The text is read as bytes, a line at a time: its
    /// `Character`s are never made. The lines are read on two threads, half each (a file of 100,000 events takes
    /// about half a second to read on one, while the daemon waits).
    private static func jsonLines(_ text: String) throws(Problem) -> [Entry] {
        let lines = withBytes(of: text) { bytes in
            var lines: [Range<Int>] = []
            var start = 0
            while start <= bytes.count {
                let (end, next) = lineEnd(in: bytes, from: start)
                lines.append(start..<end)
                start = next
            }
            return lines
        }
        let half = lines.count / 2
        let (second, first) = ForkJoin.run(
            { entries(of: lines[half...], in: text) }, while: { entries(of: lines[..<half], in: text) })
        if let refused = first.refused ?? second.refused {
            throw Problem(reason: "line \(refused) is not a JSON object")
        }
        return first.entries + second.entries
    }

    /// The entries of `lines` (line `n` is `lines[n - 1]`) of `text`, up to the first line that is neither blank
    /// nor a JSON value, and that line's number.
    private static func entries(of lines: ArraySlice<Range<Int>>, in text: String) -> (entries: [Entry], refused: Int?)
    {
        withBytes(of: text) { bytes in
            var entries: [Entry] = []
            entries.reserveCapacity(lines.count)
            for index in lines.indices {
                let line = UnsafeRawBufferPointer(rebasing: bytes[lines[index]])
                guard let event = JSONInput.read(JSONValue.self, from: line) else {
                    if isBlank(line) { continue }
                    return (entries, index + 1)
                }
                entries.append(Entry(event: event, place: "line \(index + 1)", text: Array(line)))
            }
            return (entries, nil)
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text`.
    private static func withBytes<T>(of text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBytes(body)
    }

    /// Where the line from `start` ends, and where the next begins (past the end of `bytes` after the last line).
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, next: Int) {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A, 0x0B, 0x0C:
                return (index, index + 1)
            case 0x0D:
                let crlf = index + 1 < bytes.count && bytes[index + 1] == 0x0A
                return (index, index + (crlf ? 2 : 1))
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85:
                return (index, index + 2)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] & 0xFE) == 0xA8:
                return (index, index + 3)
            default:
                index += 1
            }
        }
        return (bytes.count, bytes.count + 1)
    }

    /// Whether a line holds nothing but white space (any a `Character` is, not only JSON's).
    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        String(decoding: line, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    /// Splits the entries into batches whose JSON stays under `maximumBytes`, so no request exceeds the
    /// daemon's message limit (64 KiB; the call's envelope takes about 100 bytes besides its events). Each batch
    /// is a call and an `fdatasync`, so batches are as large as that allows.
    func batches(maximumBytes: Int = 63 * 1024) -> [ArraySlice<Entry>] {
        var batches: [ArraySlice<Entry>] = []
        var start = 0
        var size = 0
        for (index, entry) in entries.enumerated() {
            let entrySize = entry.text.count + 1
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
