import Foundation
import Glibc
import PaceCore
import PaceLog
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 14 (the record contract) against the real paced: an import into a log that already has events is a union by
/// id. Events written before ids have the id the log reader derives from their time, place and bytes; an old export
/// of them, without ids, is given the same ids on import, so it adds nothing.
@Suite struct ImportUnionTests {
    /// A check-in as a Pace before ids wrote it (canonical bytes: keys in order, no id), `minutes` ago.
    static func oldCheckIn(minutesAgo minutes: Int, energy: Int) -> String {
        let at = Int64(time(nil)) * 1000 - Int64(minutes) * 60_000
        return #"{"at":\#(at),"energy":\#(energy),"type":"checkIn","utcOffsetSeconds":0}"#
    }

    @Test func anOldExportOfEventsTheLogHoldsAddsNothing() throws {
        let daemon = try DaemonProcess()
        // The log holds only the planted events and what the test imports, whatever the time it runs at.
        try daemon.turnMorningCheckInOff()
        let old = [Self.oldCheckIn(minutesAgo: 30, energy: 4), Self.oldCheckIn(minutesAgo: 20, energy: 6)]
        do {
            let (log, _) = try EventLog.open(directory: daemon.stateDirectory + "/log")
            let now = Instant(millisecondsSinceEpoch: Int64(time(nil)) * 1000)
            _ = try log.append(old.map { Array($0.utf8) }, at: now)
        }
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let before = try client.call(PaceAPI.GetEvents.self, .init()).events
        #expect(before.count == 2)

        // The same two events, id-less as an old export has them: nothing is added.
        let file = daemon.root.appending("old.jsonl")
        try Data(old.map { $0 + "\n" }.joined().utf8).write(to: URL(filePath: file))
        // --dry-run derives the same ids paced does for events without one.
        let dry = try daemon.pace("import", "--dry-run", file, "--json")
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.standardOutput.contains(#""imported" : 0"#), "\(dry)")
        #expect(dry.standardOutput.contains(#""skipped" : 2"#), "\(dry)")
        let again = try daemon.pace("import", file, "--json")
        #expect(again.status == 0, "\(again)")
        let reply = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(again.standardOutput.utf8))
        #expect(reply.imported == 0)
        #expect(reply.skipped == 2)
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events == before)

        // With one event the log does not hold, earlier than everything there: that one is added, folded at its
        // time (today's check-ins: three).
        let earlier = Self.oldCheckIn(minutesAgo: 40, energy: 2)
        try Data(([earlier] + old).map { $0 + "\n" }.joined().utf8).write(to: URL(filePath: file))
        let union = try daemon.pace("import", file, "--json")
        #expect(union.status == 0, "\(union)")
        let added = try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(union.standardOutput.utf8))
        #expect(added.imported == 1)
        #expect(added.skipped == 2)
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == 3)
        #expect(daemon.stop() == .exited(0))
    }
}
