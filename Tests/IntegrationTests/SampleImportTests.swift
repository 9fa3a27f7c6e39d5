import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 17 against the real paced: a GPX track and a TCX lap written here become bouts of source `imported`, with
/// ids from the device and the samples' times, so importing the file again adds nothing.
@Suite struct SampleImportTests {
    /// `minutes` of track points, one every 20 s, ending `endedMinutesAgo` minutes ago, in UTC.
    static func gpx(minutes: Int, endedMinutesAgo: Int, backwards: Bool = false) -> String {
        let end = (Int64(time(nil)) / 60 - Int64(endedMinutesAgo)) * 60
        let start = end - Int64(minutes) * 60
        var points: [String] = []
        for second in stride(from: start, to: end, by: 20) {
            points.append(point(second, hr: 95))
            if backwards && second == start + 120 { points.append(point(start - 3600, hr: 95)) }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="Test Watch 1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
            <trk><type>walking</type><trkseg>
            \(points.joined(separator: "\n"))
            </trkseg></trk></gpx>
            """
    }

    static func point(_ second: Int64, hr: Int) -> String {
        #"<trkpt lat="1" lon="2"><time>\#(Timestamp.text(second))</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>\#(hr)</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>"#
    }

    @Test func aGPXTrackIsImportedOnceAsAWalk() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let file = daemon.root.appending("walk.gpx")
        try Data(Self.gpx(minutes: 20, endedMinutesAgo: 30, backwards: true).utf8).write(to: URL(filePath: file))

        // --dry-run: what would be added, and nothing recorded.
        let countBefore = try client.call(PaceAPI.GetEvents.self, .init()).events.count
        let dry = try daemon.pace("import", "--dry-run", file)
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.standardOutput.contains("Would import 1 event from"), "\(dry)")
        #expect(dry.standardOutput.contains("the bout of 20 min at"), "\(dry)")
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == countBefore)

        let first = try daemon.pace("import", file, "--json")
        #expect(first.status == 0, "\(first)")
        #expect(first.standardError.contains("1 points earlier than the one before them were left out"), "\(first)")
        let reply = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(first.standardOutput.utf8))
        #expect(reply.imported == 1)
        let events = try client.call(PaceAPI.GetEvents.self, .init()).events
        let walk = try #require(events.last)
        let text = String(decoding: try JSONEncoder().encode(walk), as: UTF8.self)
        #expect(text.contains("imported"), "\(text)")
        #expect(text.contains("walk"), "\(text)")

        let dryAgain = try daemon.pace("import", "--dry-run", file)
        #expect(dryAgain.standardOutput.contains("Would import 0 events from"), "\(dryAgain)")
        #expect(dryAgain.standardOutput.contains("1 are already there"), "\(dryAgain)")

        // Again: nothing twice.
        let again = try daemon.pace("import", file, "--json")
        #expect(again.status == 0, "\(again)")
        let second = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(again.standardOutput.utf8))
        #expect(second.imported == 0)
        #expect(second.skipped == 1)
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == events.count)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aCSVOfSamplesBecomesBoutsOnceAndABadRowIsRefusedWithItsLine() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let before = try client.call(PaceAPI.GetEvents.self, .init()).events.count
        // Twenty minutes of brisk walking an hour ago, a band's 0 and 255 bpm among them, a row out of order.
        let start = (Int64(time(nil)) / 60 - 80) * 60
        var rows = ["device,time,steps,heart_rate,kind"]
        for minute in 0..<20 {
            let rate = minute == 3 ? "0" : minute == 4 ? "255" : "100"
            rows.append("band-1,\(Timestamp.text(start + Int64(minute) * 60)),112,\(rate),walking")
            if minute == 10 { rows.append("band-1,\(Timestamp.text(start - 600)),50,,walking") }
        }
        rows.append("band-1,\(start + 40 * 60),0,60,")
        let file = daemon.root.appending("samples.csv")
        try Data(rows.joined(separator: "\n").utf8).write(to: URL(filePath: file))

        let first = try daemon.pace("import", file, "--json")
        #expect(first.status == 0, "\(first)")
        #expect(first.standardError.contains("1 rows earlier than the one before them were left out"), "\(first)")
        let reply = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(first.standardOutput.utf8))
        #expect(reply.imported == 1)
        let events = try client.call(PaceAPI.GetEvents.self, .init()).events
        #expect(events.count == before + 1)
        let text = String(decoding: try JSONEncoder().encode(try #require(events.last)), as: UTF8.self)
        #expect(text.contains("imported") && text.contains("\"walk\"") && text.contains("1200"), "\(text)")

        let again = try daemon.pace("import", file, "--json")
        let second = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(again.standardOutput.utf8))
        #expect(second.imported == 0 && second.skipped == 1, "\(again)")

        let bad = daemon.root.appending("bad.csv")
        try Data("time,steps\n\(Timestamp.text(start)),10\nyesterday,12\n".utf8).write(to: URL(filePath: bad))
        let refused = try daemon.pace("import", bad)
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.standardError.contains("line 3: \"yesterday\" is not a time"), "\(refused)")
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == before + 1)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let file = daemon.root.appending("big.gpx")
        try Data(String(repeating: " ", count: 2 * 1024 * 1024).utf8).write(to: URL(filePath: file))
        let refused = try daemon.pace("import", "--size-limit", "1", file)
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.standardError.contains("it is 2 MiB, larger than the limit of 1 MiB"), "\(refused)")
        let usage = try daemon.pace("import", "--size-limit", "0", file)
        #expect(usage.status == 64, "\(usage)")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func entitiesAreRefusedAndNothingChanges() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let before = try client.call(PaceAPI.GetEvents.self, .init()).events
        let file = daemon.root.appending("laughs.gpx")
        let laughs =
            #"<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><gpx>&b;</gpx>"#
        try Data(laughs.utf8).write(to: URL(filePath: file))
        let refused = try daemon.pace("import", file)
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.standardError.contains("entities"), "\(refused)")
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events == before)
        #expect(daemon.stop() == .exited(0))
    }
}

extension Timestamp {
    /// `second` in ISO 8601, UTC.
    static func text(_ second: Int64) -> String {
        let date = CivilDate(daysSinceEpoch: second / 86400)
        let inDay = Int(second % 86400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.iso8601)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))Z"
    }
}
