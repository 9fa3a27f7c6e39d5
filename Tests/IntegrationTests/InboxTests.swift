import Foundation
import Glibc
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 17's inbox against the real paced: files a sync tool delivers (a temporary name written in pieces, then
/// renamed into place) are imported without a keystroke, once; a refused file is reported and not tried again.
@Suite(.timeLimit(.minutes(3))) struct InboxTests {
    /// A daemon whose inbox is `~/Sync/pace-inbox` (not there yet), files over 1 MiB refused.
    static func daemon() throws -> (DaemonProcess, inbox: String) {
        let daemon = try DaemonProcess()
        let config = daemon.root.appending("config/pace")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try Data(
            """
            [reminders]
            morning_checkin = "off"
            [import]
            inbox = "~/Sync/pace-inbox"
            size_limit_mb = 1

            """.utf8
        ).write(to: URL(filePath: config + "/config.toml"))
        return (daemon, daemon.root.appending("home/Sync/pace-inbox"))
    }

    /// Writes `text` as Syncthing does: `.syncthing.NAME.tmp` in two pieces, closed, renamed to `NAME`.
    static func deliver(_ text: String, as name: String, into inbox: String) throws {
        let temporary = inbox + "/.syncthing.\(name).tmp"
        let bytes = Array(text.utf8)
        #expect(FileManager.default.createFile(atPath: temporary, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: temporary))
        try handle.write(contentsOf: bytes[..<(bytes.count / 2)])
        try handle.synchronize()
        try handle.write(contentsOf: bytes[(bytes.count / 2)...])
        try handle.close()
        #expect(rename(temporary, inbox + "/" + name) == 0)
    }

    static func inboxHealth(_ daemon: DaemonProcess) throws -> PaceAPI.InboxHealth? {
        try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetHealth.self, NoParameters()).health.inbox
    }

    @Test func filesDeliveredBySyncAreImportedOnceAndRefusedOnesAreReportedNotRetried() throws {
        let (daemon, inbox) = try Self.daemon()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)

        // Not there yet: said, and followed once it appears (with its parents).
        let missing = try #require(try Self.inboxHealth(daemon))
        #expect(missing.directory == inbox)
        #expect(!missing.watching)
        #expect(missing.problem?.contains("does not exist") == true)
        let waiting = try daemon.pace("doctor")
        #expect(waiting.standardOutput.contains("! import inbox \(inbox): it does not exist"), "\(waiting)")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        #expect(waitUntil(timeoutMilliseconds: 20_000) { (try? Self.inboxHealth(daemon))??.watching == true })

        let before = try client.call(PaceAPI.GetEvents.self, .init()).events.count
        let walk = SampleImportTests.gpx(minutes: 20, endedMinutesAgo: 30)
        try Self.deliver(walk, as: "walk.gpx", into: inbox)
        #expect(waitUntil(timeoutMilliseconds: 60_000) { (try? Self.inboxHealth(daemon))??.imported == 1 })
        let events = try client.call(PaceAPI.GetEvents.self, .init()).events
        #expect(events.count == before + 1)
        let text = String(decoding: try JSONEncoder().encode(try #require(events.last)), as: UTF8.self)
        #expect(text.contains("imported") && text.contains("walk"), "\(text)")
        let first = try #require(try Self.inboxHealth(daemon)?.recent.first)
        #expect(first.name == "walk.gpx" && first.outcome == "imported" && first.detail == "1 events added", "\(first)")
        #expect(daemon.process?.standardError.contains("inbox: imported walk.gpx: 1 events added") == true)

        // The same samples under another name (another computer's copy): nothing twice.
        try Self.deliver(walk, as: "walk-copy.gpx", into: inbox)
        #expect(waitUntil(timeoutMilliseconds: 60_000) { (try? Self.inboxHealth(daemon))??.imported == 2 })
        #expect(try Self.inboxHealth(daemon)?.recent.first?.detail == "0 events added, 1 already there")
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == before + 1)

        // Entities, and a file over the limit: refused with the reason, nothing recorded.
        let laughs =
            #"<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><gpx>&b;</gpx>"#
        try Self.deliver(laughs, as: "laughs.gpx", into: inbox)
        #expect(waitUntil(timeoutMilliseconds: 60_000) { (try? Self.inboxHealth(daemon))??.refused == 1 })
        let refused = try #require(try Self.inboxHealth(daemon)?.recent.first)
        #expect(refused.name == "laughs.gpx" && refused.outcome == "refused", "\(refused)")
        #expect(refused.detail.contains("entities"), "\(refused)")
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains("! import inbox \(inbox): laughs.gpx was refused:"), "\(doctor)")
        try Self.deliver(String(repeating: "x", count: 1024 * 1024 + 1), as: "huge.csv", into: inbox)
        #expect(waitUntil(timeoutMilliseconds: 60_000) { (try? Self.inboxHealth(daemon))??.refused == 2 })
        #expect(try Self.inboxHealth(daemon)?.recent.first?.detail.contains("larger than the limit of 1 MiB") == true)
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == before + 1)

        // Restarted: what was handled is not read again (the refused files neither), what is new is.
        #expect(daemon.stop() == .exited(0))
        try daemon.start()
        try Self.deliver(SampleImportTests.gpx(minutes: 15, endedMinutesAgo: 120), as: "earlier.gpx", into: inbox)
        #expect(waitUntil(timeoutMilliseconds: 60_000) { (try? Self.inboxHealth(daemon))??.imported == 1 })
        let after = try #require(try Self.inboxHealth(daemon))
        #expect(after.refused == 0 && after.recent.map(\.name) == ["earlier.gpx"], "\(after)")
        let restarted = try PaceClient(socketPath: daemon.socketPath)
        #expect(try restarted.call(PaceAPI.GetEvents.self, .init()).events.count == before + 2)
        #expect(daemon.stop() == .exited(0))
    }
}
