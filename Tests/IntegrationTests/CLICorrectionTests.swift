import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// `pace events`, `pace undo`, `pace delete` and `pace edit` against a real paced.
@Suite(.serialized)
struct CLICorrectionTests {
    /// A daemon whose clock reads 18:00 UTC today (the tests run in UTC), and `pace` against it.
    let daemon: DaemonProcess

    init() throws {
        daemon = try DaemonProcess(clockAtUTCHour: 18)
        try daemon.start()
    }

    @discardableResult
    func run(_ arguments: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Executables.Result
    {
        let result = try Executables.run("pace", arguments, environment: daemon.environment)
        #expect(
            result.status == status, "pace \(arguments.joined(separator: " ")): \(result.standardError)",
            sourceLocation: sourceLocation)
        return result
    }

    func json<Reply: Decodable>(_ type: Reply.Type, _ arguments: [String]) throws -> Reply {
        let result = try run(arguments + ["--json"])
        return try JSONDecoder().decode(type, from: Data(result.standardOutput.utf8))
    }

    func used() throws -> Double {
        try json(PaceAPI.GetStatus.Reply.self, ["status"]).status.used
    }

    @Test func aMistypedWalkIsListedTakenBackAndBroughtBack() throws {
        defer { daemon.stop() }
        try run(["log", "walk", "5h", "--at", "08:00", "--yes"])
        let walked = try used()
        #expect(walked > 0)

        let listed = try run(["events"]).standardOutput
        let events = try json(PaceAPI.ListEvents.Reply.self, ["events"]).events
        #expect(events.map(\.type) == ["activityLogged"])
        let short = try #require(events.first?.short)
        #expect(short.count == 8)
        #expect(listed == "\(short)  08:00  walking, 5 h (until 13:00)\n")

        let undone = try run(["undo"]).standardOutput
        #expect(undone.hasPrefix("Took back: walking, 5 h from 08:00.\n"), "\(undone)")
        #expect(try used() == 0)
        #expect(try run(["status"]).standardOutput.contains("0 of "))
        #expect(try run(["events"]).standardOutput == "Nothing recorded today.\n")

        // The undo is the latest thing typed: undoing it brings the walk back.
        try run(["undo"])
        #expect(try used() == walked)
    }

    @Test func theRecordOfAReminderShownIsListedOnlyWithAll() throws {
        defer { daemon.stop() }
        try run(["log", "walk", "30m", "--at", "08:00"])
        // paced records a reminder when its desktop side shows one; here the record comes through an import.
        let at = TestClock.todayUTC(hour: 9)
        let shown = daemon.root.appending("shown.jsonl")
        try #"{"type":"reminderShown","at":\#(at),"utcOffsetSeconds":0,"reminder":"bout:1"}"#
            .write(toFile: shown, atomically: true, encoding: .utf8)
        #expect(try json(PaceAPI.ImportEvents.Reply.self, ["import", shown]).imported == 1)

        let listed = try run(["events"]).standardOutput.split(separator: "\n")
        #expect(listed.count == 2, "\(listed)")
        #expect(listed.first?.hasSuffix("08:00  walking, 30 min (until 08:30)") == true, "\(listed)")
        #expect(listed.last == "(1 reminder shown, not listed: --all lists them)")
        #expect(try json(PaceAPI.ListEvents.Reply.self, ["events"]).events.map(\.type) == ["activityLogged"])

        let all = try run(["events", "--all"]).standardOutput.split(separator: "\n")
        #expect(all.count == 2 && all.last?.hasSuffix("09:00  reminder shown (bout:1)") == true, "\(all)")
        #expect(
            try json(PaceAPI.ListEvents.Reply.self, ["events", "--all"]).events.map(\.type)
                == ["activityLogged", "reminderShown"])
    }

    @Test func editAndDeleteTakeAShortIdAndAnUnknownIdIsExit65() throws {
        defer { daemon.stop() }
        try run(["log", "walk", "5h", "--at", "08:00", "--yes"])
        let walked = try used()
        let short = try #require(try json(PaceAPI.ListEvents.Reply.self, ["events"]).events.first?.short)

        let edited = try run(["edit", short, "--length", "30m"]).standardOutput
        #expect(edited.hasPrefix("Changed: walking, 30 min from 08:00.\n"), "\(edited)")
        #expect(abs(try used() - walked / 10) < 0.1)

        try run(["delete", String(short.prefix(5))])
        #expect(try used() == 0)
        let again = try run(["delete", short], status: 65)
        #expect(again.standardError.contains("taken back already"), "\(again.standardError)")

        let unknown = short.hasPrefix("0000") ? "ffff0000" : "0000ffff"
        let missing = try run(["delete", unknown], status: 65)
        #expect(missing.standardError.hasPrefix("pace: no event has the id \(unknown);"), "\(missing.standardError)")
        #expect(!missing.standardError.dropLast().contains("\n"))
        try run(["edit", "not-an-id", "--length", "10m"], status: 65)
    }
}
