import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// CSV as RFC 4180 has it, events as a table and back, and every file shape `pace import` reads.
@Suite struct CLICSVTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        (" padded", "\" padded\""), ("", ""), ("ünïcödé", "ünïcödé"), ("cr\r", "\"cr\r\""),
        // What a spreadsheet would run as a formula is written as text (OWASP), a plain number as a number.
        ("=1+1", "'=1+1"), ("+49 170 0000", "'+49 170 0000"), ("-2 sore", "'-2 sore"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("=A1,B1", "\"'=A1,B1\""), ("-18000", "-18000"), ("-1.5", "-1.5"),
        ("+3", "+3"), ("-", "'-"), ("a=b", "a=b"),
    ])
    func fieldsAreQuotedOnlyWhenNeeded(value: String, expected: String) {
        #expect(CSV.field(value) == expected)
    }

    @Test func theFormulaGuardComesOffWhenReadBack() {
        for text in ["=1+1", "-2 sore", "@x", "\tx", "plain", "-18000", "'quoted"] {
            #expect(CSV.unguarded(CSV.guarded(text)) == text)
        }
        #expect(CSV.unguarded("'=1+1") == "=1+1")
        #expect(CSV.unguarded("'plain") == "'plain")
    }

    @Test func rowsEndInCRLF() {
        #expect(CSV.row(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test func whatIsWrittenReadsBackTheSame() throws {
        let rows = [
            ["date", "note", "empty", "quote"], ["2026-11-25", "tired, but ok\nwalked \"a bit\"", "", "\""],
            ["2026-11-26", " leading space", "", "x"],
        ]
        let text = rows.map(CSV.row).joined()
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == rows)
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func readsLFLineEndsABOMAndNoFinalNewline() throws {
        let records = try CSV.parse("\u{FEFF}a,b\nc,d")
        #expect(records == [CSV.Record(line: 1, fields: ["a", "b"]), CSV.Record(line: 2, fields: ["c", "d"])])
        #expect(try CSV.parse("a\r\n\r\nb\r\n").map(\.fields) == [["a"], ["b"]])
        #expect(try CSV.parse("\"\"\n").map(\.fields) == [[""]])
    }

    @Test func refusesBrokenQuoting() {
        #expect(throws: CSV.ParseError(line: 2, reason: "a quote that is never closed")) {
            try CSV.parse("a\n\"open,b\nc")
        }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("\"closed\"then,x") }
    }
}

@Suite struct CLIEventTableTests {
    let events: [JSONValue] = [
        .object([
            "type": .string("activityStarted"), "at": .string("2026-11-25T08:00:00Z"),
            "utcOffsetSeconds": .integer(3600),
            "kind": .string("walking"), "intensity": .string("moderate"),
        ]),
        .object([
            "type": .string("checkIn"), "at": .string("2026-11-25T07:30:00Z"), "energy": .integer(4),
            "note": .string("slept badly, \"sore\"\nlegs"), "flare": .bool(false), "weight": .number(0.8),
            "tags": .array([.string("a"), .string("b")]), "source": .object(["device": .string("laptop")]),
            "missing": .null,
        ]),
    ]

    /// The cell of `records`' row `row` in the column `name`.
    func cell(_ records: [CSV.Record], _ row: Int, _ name: String) -> String? {
        records[0].fields.firstIndex(of: name).map { records[row].fields[$0] }
    }

    @Test func headerLeadsWithTypeAndTimeAndEndsWithTheWholeEvent() throws {
        let csv = EventTable.csv(events)
        let records = try CSV.parse(csv)
        #expect(
            records[0].fields == [
                "type", "minutes", "points", "intensity", "energy", "flare", "note", "at", "kind", "missing",
                "source.device", "tags", "utcOffsetSeconds", "weight", "json",
            ])
        #expect(records.count == 3)
        #expect(records[2].fields[0] == "checkIn")
        #expect(cell(records, 2, "note") == "slept badly, \"sore\"\nlegs")
        #expect(cell(records, 2, "tags") == #"["a","b"]"#)
        #expect(csv.hasSuffix("\r\n"))
    }

    @Test func eventsAsTheLogHoldsThemGetATimeASpreadsheetReads() throws {
        let logged: [JSONValue] = [
            .object([
                "type": .string("activityLogged"), "at": .integer(1_764_079_500_000),
                "utcOffsetSeconds": .integer(3600),
                "activity": .string("yoga"), "intensity": .string("light"), "pointsPerMinute": .integer(1),
                "start": .integer(1_764_060_000_000), "durationSeconds": .integer(1800),
            ]),
            .object([
                "type": .string("checkIn"), "at": .integer(1_764_055_800_000), "utcOffsetSeconds": .integer(-18_000),
                "energy": .integer(4),
            ]),
        ]
        let records = try CSV.parse(EventTable.csv(logged))
        #expect(
            records[0].fields == [
                "type", "localTime", "minutes", "points", "activity", "intensity", "pointsPerMinute", "energy", "at",
                "durationSeconds", "start", "utcOffsetSeconds", "json",
            ])
        // The bout's own start, not when it was typed; the check-in's time at its own offset.
        #expect(records[1].fields[1] == "2025-11-25T09:40:00+01:00")
        #expect(records[1].fields[8] == "2025-11-25T15:05:00+01:00")
        #expect(records[2].fields[1] == "2025-11-25T02:30:00-05:00")
        #expect(records[2].fields[11] == "-18000")
        // The derived columns are not read back, even when edited.
        var edited = records
        edited[1].fields[1] = "yesterday"
        edited[1].fields[3] = "1000"
        #expect(try EventTable.events(from: edited).map(\.event) == logged)
    }

    /// Issue 21: what a clinician meets. Times in ISO 8601 at the event's own offset (a bout's own start), a bout's
    /// minutes and points, rates without binary noise, and a note that a spreadsheet would run as a formula shown as
    /// text; everything comes back exactly, from the json column or from the edited cells.
    @Test func aClinicianReadsTimesLengthsPointsAndNotesAsTheyWere() throws {
        let id = { (digit: Character) in String(repeating: digit, count: 32) }
        let day: [JSONValue] = [
            .object([
                "type": .string("activityStarted"), "at": .integer(1_795_590_000_000),
                "utcOffsetSeconds": .integer(3600),
                "activity": .string("walk"), "intensity": .string("moderate"),
                "pointsPerMinute": .number(1.7999999999999998), "id": .string(id("a")),
            ]),
            .object([
                "type": .string("activityStopped"), "at": .integer(1_795_591_500_000),
                "utcOffsetSeconds": .integer(3600),
                "id": .string(id("b")),
            ]),
            .object([
                "type": .string("activityLogged"), "at": .integer(1_795_604_400_000),
                "utcOffsetSeconds": .integer(3600),
                "activity": .string("walk"), "intensity": .string("light"),
                "pointsPerMinute": .number(1.2399999999999998), "start": .integer(1_795_597_200_000),
                "durationSeconds": .integer(1800), "id": .string(id("c")), "recordedAt": .integer(1_795_604_400_500),
            ]),
            .object([
                "type": .string("checkIn"), "at": .integer(1_795_612_800_000), "utcOffsetSeconds": .integer(-18_000),
                "note": .string("=HYPERLINK(\"http://x\",\"click\")"), "pain": .integer(6), "id": .string(id("d")),
            ]),
            .object([
                "type": .string("activityStarted"), "at": .integer(1_795_621_000_000),
                "utcOffsetSeconds": .integer(3600),
                "activity": .string("yoga"), "intensity": .string("light"), "pointsPerMinute": .integer(1),
                "id": .string(id("e")),
            ]),
        ]
        let text = EventTable.csv(day)
        let records = try CSV.parse(text)
        #expect(
            records[0].fields == [
                "type", "localTime", "minutes", "points", "activity", "intensity", "pointsPerMinute", "pain", "note",
                "at", "durationSeconds", "id", "recordedAt", "start", "utcOffsetSeconds", "json",
            ])
        #expect(
            records[1].fields.dropLast() == [
                "activityStarted", "2026-11-25T08:00:00+01:00", "25", "45", "walk", "moderate", "1.8", "", "",
                "2026-11-25T08:00:00+01:00", "", id("a"), "", "", "3600",
            ])
        // A bout logged afterwards: when it was, not when it was typed.
        #expect(cell(records, 3, "localTime") == "2026-11-25T10:00:00+01:00")
        #expect(cell(records, 3, "at") == "2026-11-25T12:00:00+01:00")
        #expect(cell(records, 3, "minutes") == "30")
        #expect(cell(records, 3, "points") == "37.2")
        #expect(cell(records, 3, "pointsPerMinute") == "1.24")
        // Milliseconds and binary noise stay in the json column only.
        for record in records.dropFirst() {
            #expect(
                !record.fields.dropLast().contains {
                    $0.contains("99999") || ($0.count == 13 && $0.allSatisfy(\.isNumber))
                })
        }
        // The note is written as text, the negative offset as a number; the bout still running has no length yet.
        #expect(text.contains(#","'=HYPERLINK(""http://x"",""click"")","#))
        #expect(cell(records, 4, "note") == #"'=HYPERLINK("http://x","click")"#)
        #expect(cell(records, 4, "utcOffsetSeconds") == "-18000")
        #expect(cell(records, 4, "localTime") == "2026-11-25T08:20:00-05:00")
        #expect(cell(records, 5, "minutes") == "")
        #expect(cell(records, 5, "points") == "")

        // Read back: the same events, exactly.
        #expect(try EventTable.events(from: records).map(\.event) == day)
        // Edited in a spreadsheet: a time in ISO 8601, a rate, a note with its guard or without.
        var edited = records
        let header = records[0].fields
        edited[1].fields[header.firstIndex(of: "at")!] = "2026-11-25T08:05:00+01:00"
        edited[1].fields[header.firstIndex(of: "pointsPerMinute")!] = "2"
        edited[4].fields[header.firstIndex(of: "note")!] = "'=1+1"
        edited[3].fields[header.firstIndex(of: "start")!] = "2026-11-25T11:00:00+01:00"
        let back = try EventTable.events(from: edited).map(\.event)
        guard case .object(let started) = back[0], case .object(let logged) = back[2],
            case .object(let checkIn) = back[3]
        else {
            Issue.record("events are not objects")
            return
        }
        #expect(started["at"] == .integer(1_795_590_300_000))
        #expect(started["pointsPerMinute"] == .integer(2))
        #expect(logged["start"] == .integer(1_795_597_200_000 + 3_600_000))
        #expect(checkIn["note"] == .string("=1+1"))
        #expect(back[1] == day[1] && back[4] == day[4])
    }

    @Test func eventsComeBackExactlyWithTheirTypes() throws {
        let back = try EventTable.events(from: try CSV.parse(EventTable.csv(events)))
        #expect(back.map(\.event) == events)
        #expect(back.map(\.line) == [2, 3])
    }

    @Test func editsMadeInASpreadsheetWinButKeepTheirType() throws {
        var records = try CSV.parse(EventTable.csv(events))
        let header = records[0].fields
        records[2].fields[header.firstIndex(of: "energy")!] = "5"
        records[2].fields[header.firstIndex(of: "note")!] = "rewritten"
        records[1].fields[header.firstIndex(of: "utcOffsetSeconds")!] = ""
        let back = try EventTable.events(from: records)
        guard case .object(let checkIn) = back[1].event, case .object(let started) = back[0].event else {
            Issue.record("events are not objects")
            return
        }
        #expect(checkIn["energy"] == .integer(5))
        #expect(checkIn["note"] == .string("rewritten"))
        #expect(started["utcOffsetSeconds"] == nil)
    }

    @Test func aHandMadeTableWithoutTheJSONColumnIsReadByItsLooks() throws {
        let records = try CSV.parse(
            "type,at,durationSeconds,weight,done,tags\r\nlogged,2026-11-25T09:00:00Z,1800,2.5,true,[1]\r\n")
        let back = try EventTable.events(from: records)
        #expect(
            back.map(\.event) == [
                .object([
                    "type": .string("logged"), "at": .integer(1_795_597_200_000), "durationSeconds": .integer(1800),
                    "weight": .number(2.5), "done": .bool(true), "tags": .array([.integer(1)]),
                ])
            ])
    }

    @Test func rowWithMoreFieldsThanTheHeaderIsRefusedWithItsLine() throws {
        let records = try CSV.parse("type,at\r\nx,y\r\nx,y,z\r\n")
        #expect(throws: EventTable.RowProblem(line: 3, reason: "3 fields, but the header names 2")) {
            try EventTable.events(from: records)
        }
    }

    @Test func dayTableHasOneRowPerDayWithISODates() throws {
        let records = try CSV.parse(DayTable.csv(CLIFixtures.twoWeeks))
        #expect(records[0].fields == DayTable.columns)
        #expect(records.count == 15)
        #expect(
            records[1].fields == [
                "2026-11-09", "normal", "false", "110", "60", "30", "false", "false", "true", "1", "5", "", "4", "",
                "", "", "", "", "",
            ])
        #expect(records[5].fields[1...6] == ["flare", "false", "55", "30", "15", "true"])
    }
}

@Suite struct CLIImportFileTests {
    let events: [JSONValue] = (0..<3).map {
        .object(["type": .string("checkIn"), "at": .string("2026-11-2\($0)T07:00:00Z"), "energy": .integer(Int64($0))])
    }

    @Test func readsAnExportDocument() throws {
        let document = ExportDocument(
            exportedAt: CLIFixtures.now, from: "2026-11-09", to: "2026-11-25", days: CLIFixtures.twoWeeks,
            events: events)
        let file = try ImportFile(Data(try JSONOutput.render(document).utf8))
        #expect(file.entries.map(\.event) == events)
        #expect(file.entries.map(\.place) == ["event 1", "event 2", "event 3"])
    }

    @Test func readsAnArrayJSONLinesAndCSV() throws {
        let array = try ImportFile(Data(try JSONOutput.render(events).utf8))
        #expect(array.entries.map(\.event) == events)
        let lines = try ImportFile(Data((events.map(EventTable.compactJSON).joined(separator: "\r\n") + "\n\n").utf8))
        #expect(lines.entries.map(\.event) == events)
        #expect(lines.entries.map(\.place) == ["line 1", "line 2", "line 3"])
        let csv = try ImportFile(Data(("\u{FEFF}" + EventTable.csv(events)).utf8))
        #expect(csv.entries.map(\.event) == events)
        #expect(csv.entries.map(\.place) == ["line 2", "line 3", "line 4"])
        #expect(try ImportFile(Data("  \n".utf8)).entries.isEmpty)
    }

    @Test(arguments: [
        (
            "hello\n",
            "it is not a Pace export (no \"type\" or \"json\" column) nor a CSV of samples (no \"time\" with \"steps\""
                + " or \"heart_rate\" column); export events with `pace export --format csv`"
        ),
        ("[1, 2", "it starts like a JSON array but is not valid JSON"),
        ("{\"a\": 1}\nnot json\n", "line 2 is not a JSON object"),
        ("{}\nnot json\n{}\nnor this\n", "line 2 is not a JSON object"),
        ("[1]", "event 1 is not a JSON object"),
        ("type,json\r\nx,\"[1]\"\r\n", "line 2: the json column is not a JSON object"),
        ("type\n\"open\n", "line 2 is not valid CSV: a quote that is never closed"),
    ])
    func saysWhatIsWrongAndWhere(text: String, reason: String) {
        #expect(throws: ImportFile.Problem(reason: reason)) { try ImportFile(Data(text.utf8)) }
    }

    @Test func jsonLinesEndAtEveryLineEndACharacterIsAndAreSentAsWritten() throws {
        let text = "{\"n\":1}\u{2028}{\"n\": 2}\u{85}\u{0B}{\"n\":3}\r{\"n\":4}\u{0C}\u{2029}\u{A0}\n{\"n\":5}"
        let file = try ImportFile(Data(text.utf8))
        #expect(file.entries.map(\.place) == ["line 1", "line 2", "line 4", "line 5", "line 8"])
        #expect(file.entries.map(\.event) == (1...5).map { .object(["n": .integer($0)]) })
        #expect(file.entries.map { String(decoding: $0.text, as: UTF8.self) }[0...1] == [#"{"n":1}"#, #"{"n": 2}"#])
    }

    /// Files `pace export` wrote before issue 21 (at a39efca: times in milliseconds, `localTime` the typing time,
    /// rates in full, no ids in version 1), read as the events they hold.
    @Test func readsTheExportsOfAnOlderPace() throws {
        let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Fixtures")
        let document = try JSONDecoder().decode(
            ExportDocument.self, from: Data(contentsOf: fixtures.appending(path: "export-a39efca.json")))
        #expect(document.version == 2)
        #expect(document.events.count == 5)
        let json = try ImportFile(Data(contentsOf: fixtures.appending(path: "export-a39efca.json")))
        #expect(json.entries.map(\.event) == document.events)
        let csv = try ImportFile(Data(contentsOf: fixtures.appending(path: "export-a39efca-events.csv")))
        #expect(csv.entries.map(\.event) == document.events)
        // Version 1 (before ids): the same events without them.
        let version1 = try ImportFile(Data(contentsOf: fixtures.appending(path: "export-version1.json")))
        let withoutIDs = document.events.map { event -> JSONValue in
            guard case .object(var members) = event else { return event }
            members["id"] = nil
            return .object(members)
        }
        #expect(version1.entries.map(\.event) == withoutIDs)
        // Written again in today's shape, they read back the same.
        let again = try ImportFile(Data(EventTable.csv(document.events).utf8))
        #expect(again.entries.map(\.event) == document.events)
    }

    @Test func batchesStayUnderTheDaemonsMessageLimit() throws {
        let big: [JSONValue] = (0..<2000).map {
            .object([
                "type": .string("note"), "at": .string("2026-11-25T07:00:00Z"), "n": .integer(Int64($0)),
                "text": .string(String(repeating: "x", count: 100)),
            ])
        }
        let file = try ImportFile(Data(try JSONOutput.render(big).utf8))
        let batches = file.batches()
        #expect(batches.count > 1)
        #expect(batches.map(\.count).reduce(0, +) == 2000)
        for batch in batches {
            let message = try JSONOutput.line(PaceAPI.ImportEvents.Parameters(events: batch.map(\.event)))
            #expect(message.utf8.count < 64 * 1024 - 200)
        }
        #expect(file.batches(maximumBytes: 10).count == 2000)
    }

    @Test func refusedEventIsNamedByItsPlaceInTheFile() {
        let file = ImportFile.Entry(event: .null, place: "line 7")
        let batch = ([ImportFile.Entry(event: .null, place: "line 6"), file])[...]
        let message = ImportCommand.invalidEventMessage(
            .invalidEvent(index: 1, reason: "unknown type"), batch: batch, file: "old.csv", alreadyImported: 0)
        #expect(
            message
                == "line 7 of old.csv was refused (unknown type); fix or remove it and import again; nothing was imported."
        )
        let later = ImportCommand.invalidEventMessage(
            .invalidEvent(index: 0, reason: "bad time"), batch: batch, file: "old.csv", alreadyImported: 500)
        #expect(
            later.hasSuffix("the 500 events before its batch were imported, and importing them again changes nothing."))
    }

    @Test func exportDocumentRoundTrips() throws {
        let document = ExportDocument(
            exportedAt: CLIFixtures.now, from: "2026-11-09", to: "2026-11-22", days: CLIFixtures.twoWeeks,
            events: events)
        let text = try JSONOutput.render(document)
        #expect(try JSONDecoder().decode(ExportDocument.self, from: Data(text.utf8)) == document)
        #expect(text.contains("\"format\" : \"pace-export\""))
        #expect(text.contains("\"version\" : 2"))
    }

    @Test func earliestEventTimeIsFoundWhateverTheFieldIsCalled() {
        let mixed: [JSONValue] = [
            .object(["type": .string("x"), "startedAt": .string("2026-11-20T10:00:00+01:00")]),
            .object(["type": .string("y"), "at": .string("2026-11-21T00:00:00Z"), "note": .string("2026-01-01")]),
        ]
        #expect(EventTimes.earliest(in: mixed) == Instant(rfc3339: "2026-11-20T09:00:00Z"))
        let stored: [JSONValue] = [
            .object(["type": .string("checkIn"), "at": .integer(1_764_055_800_000), "energy": .integer(4)]),
            .object([
                "type": .string("activityLogged"), "at": .integer(1_764_079_500_000),
                "start": .integer(1_764_000_000_000), "durationSeconds": .integer(1_764_100_000),
            ]),
        ]
        #expect(EventTimes.earliest(in: stored) == Instant(millisecondsSinceEpoch: 1_764_000_000_000))
        #expect(EventTimes.earliest(in: []) == nil)
    }
}

/// Documents written a piece at a time (`pace export --format json`, `pace history --json`) are the very text the
/// whole document renders to, with arrays empty, short or long.
@Suite struct CLIStreamedJSONTests {
    let events: [JSONValue] = (0..<3).map {
        .object(["type": .string("checkIn"), "at": .integer(Int64($0) * 1000), "note": .string("a \"b\"\n\($0)")])
    }

    /// The text `body` writes through an ``OutputFile`` into a fresh file, which appears only once finished.
    func written(_ body: (OutputFile) throws -> Void) throws -> String {
        let directory = TemporaryDirectory(prefix: "pace-streamed")
        defer { directory.remove() }
        let path = directory.appending("out.json")
        let file = try OutputFile(path)
        try body(file)
        #expect(!FileManager.default.fileExists(atPath: path))
        try file.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.json"])
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test(arguments: [(0, 0), (1, 0), (0, 1), (14, 3)])
    func anExportIsTheDocumentRendered(days: Int, events: Int) throws {
        let document = ExportDocument(
            exportedAt: CLIFixtures.now, from: "2026-11-09", to: "2026-11-25",
            days: Array(CLIFixtures.twoWeeks.prefix(days)), events: Array(self.events.prefix(events)))
        let text = try written { file in
            var skeleton = document
            skeleton.days = []
            skeleton.events = []
            let streamed = try StreamedJSON(skeleton, arrays: ["days", "events"], to: file)
            for day in document.days { try streamed.add(day) }
            try streamed.endArray()
            for event in document.events { try streamed.add(event) }
            try streamed.endArray()
        }
        #expect(text == (try JSONOutput.render(document)))
    }

    @Test(arguments: [0, 1, 14])
    func aHistoryIsTheReplyRendered(days: Int) throws {
        let reply = PaceAPI.GetHistory.Reply(days: Array(CLIFixtures.twoWeeks.prefix(days)))
        let text = try written { file in
            let streamed = try StreamedJSON(PaceAPI.GetHistory.Reply(days: []), arrays: ["days"], to: file)
            for day in reply.days { try streamed.add(day) }
            try streamed.endArray()
        }
        #expect(text == (try JSONOutput.render(reply)))
    }

    @Test func anUnfinishedFileIsRemoved() throws {
        let directory = TemporaryDirectory(prefix: "pace-streamed")
        defer { directory.remove() }
        do {
            let file = try OutputFile(directory.appending("out.csv"))
            try file.write("half")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
