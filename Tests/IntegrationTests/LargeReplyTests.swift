import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Replies that list what the log holds come a page at a time, each page bounded in bytes: however long the notes,
/// `pace export`, `pace log dump` and `pace history` get everything, and paced never drops them as clients that do
/// not read their replies (issue 22, item 4: 700 check-ins with 1,894-character notes made all four exit 69).
@Suite struct LargeReplyTests {
    static let checkIns = 700
    static let noteLength = 1894

    /// Check-in `index`'s note: its number first, then text that CSV has to quote, up to ``noteLength`` characters.
    static func note(_ index: Int) -> String {
        let head = "note \(index): slept \"badly\", then walked; "
        return head + String(repeating: "x", count: noteLength - head.count)
    }

    /// A daemon with ``checkIns`` check-ins of long notes, all made today, sent in pipelined batches.
    static func daemonWithLongNotes() throws -> DaemonProcess {
        let daemon = try DaemonProcess()
        // The log holds the check-ins only, whatever the time the test runs at.
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        let batch = 50
        for start in stride(from: 0, to: checkIns, by: batch) {
            var bytes: [UInt8] = []
            for index in start..<(start + batch) {
                let call = try JSONSerialization.data(
                    withJSONObject: [
                        "method": "io.pace.Daemon.CheckIn", "parameters": ["pain": 3, "note": note(index)],
                    ])
                bytes += Array(call) + [0]
            }
            try client.send(bytes: bytes)
            for _ in 0..<batch {
                let reply = try #require(client.receiveJSON(timeoutMilliseconds: 30_000), "no reply to a check-in")
                try #require(reply["error"] == nil, "\(reply)")
            }
        }
        return daemon
    }

    @Test func exportDumpAndHistoryGetEveryLongCheckIn() throws {
        let daemon = try Self.daemonWithLongNotes()
        let notes = (0..<Self.checkIns).map(Self.note)

        // log dump: one line per event, each check-in's note in order.
        let dump = try daemon.pace("log", "dump")
        try #require(dump.status == 0, "\(dump.standardError)")
        let lines = dump.standardOutput.split(separator: "\n")
        #expect(lines.count == Self.checkIns)
        let dumped = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["note"] as? String
        }
        #expect(dumped == notes)

        // history: today's one day, split over several pages by paced, joined again by pace.
        let history = try daemon.pace("history", "--days", "1", "--json")
        try #require(history.status == 0, "\(history.standardError)")
        let reply = try JSONDecoder().decode(PaceAPI.GetHistory.Reply.self, from: Data(history.standardOutput.utf8))
        #expect(reply.days.count == 1)
        #expect(reply.days.flatMap(\.checkIns).map(\.note) == notes)
        let text = try daemon.pace("history")
        #expect(text.status == 0, "\(text.standardError)")

        // export, JSON: every event and every check-in of the day.
        let output = daemon.root.appending("output")
        let json = try daemon.pace("export", "--format", "json", "--output", output + "/export.json")
        try #require(json.status == 0, "\(json.standardError)")
        let document =
            try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(filePath: output + "/export.json"))) as? [String: Any]
        let events = try #require(document?["events"] as? [[String: Any]])
        #expect(events.compactMap { $0["note"] as? String } == notes)
        let days = try #require(document?["days"] as? [[String: Any]])
        let exportedCheckIns = days.flatMap { ($0["checkIns"] as? [[String: Any]]) ?? [] }
        #expect(exportedCheckIns.compactMap { $0["note"] as? String } == notes)

        // export, CSV: a header and a row per event, each note whole (quoted, quotes doubled).
        let csv = try daemon.pace("export", "--format", "csv", "--output", output + "/export.csv")
        try #require(csv.status == 0, "\(csv.standardError)")
        let table = try String(contentsOf: URL(filePath: output + "/export.csv"), encoding: .utf8)
        #expect(table.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == Self.checkIns + 1)
        for index in [0, Self.checkIns / 2, Self.checkIns - 1] {
            #expect(table.contains(CSVQuoting.quoted(Self.note(index))))
        }

        // Nobody was dropped for not reading.
        #expect(daemon.stop() == .exited(0))
        let log = daemon.process?.standardError ?? ""
        #expect(!log.contains("is not reading its replies"))
    }

    /// Pages are bounded in bytes: a page of long events is far below what paced keeps for a client, and paging by
    /// hand with `next` gets every event once.
    @Test func getEventsPagesAreBoundedInBytes() throws {
        let daemon = try Self.daemonWithLongNotes()
        let client = try PaceClient(socketPath: daemon.socketPath)
        var after: Int?
        var notes: [String] = []
        var pages = 0
        repeat {
            let reply = try client.call(PaceAPI.GetEvents.self, .init(after: after))
            pages += 1
            let size = try JSONEncoder().encode(reply).count
            #expect(size <= PaceAPI.pageBytes + 64 * 1024)
            for event in reply.events {
                if case .object(let fields) = event, case .string(let note)? = fields["note"] { notes.append(note) }
            }
            after = reply.next
        } while after != nil
        #expect(pages > 1)
        #expect(notes == (0..<Self.checkIns).map(Self.note))
        #expect(daemon.stop() == .exited(0))
    }
}

/// CSV quoting as RFC 4180 has it, for finding a field in a file.
enum CSVQuoting {
    static func quoted(_ field: String) -> String {
        "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
