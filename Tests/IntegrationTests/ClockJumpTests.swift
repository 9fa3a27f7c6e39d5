import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// A real `paced` whose wall clock is stepped by the test hook while its `CLOCK_BOOTTIME` runs on (issue 22, item
/// 3): a jump that comes back never moves the pacing day, and a restart does not bring it back.
@Suite struct ClockJumpIntegrationTests {
    private static let year: Int64 = 365 * 86_400

    /// A daemon at noon UTC today (its clock), with `pace` against it.
    private struct Session {
        let daemon: DaemonProcess
        let clock: TestClock

        init() throws {
            daemon = try DaemonProcess(clockAtUTCHour: 12)
            clock = try #require(daemon.clock)
            try daemon.start()
        }

        func json<Reply: Decodable>(_ type: Reply.Type, _ arguments: String...) throws -> Reply {
            let result = try Executables.run("pace", arguments + ["--json"], environment: daemon.environment)
            #expect(result.status == 0, "pace \(arguments.joined(separator: " ")): \(result.standardError)")
            return try JSONDecoder().decode(type, from: Data(result.standardOutput.utf8))
        }

        /// Checks in with `arguments` and returns the pacing day of the reply's status.
        func checkIn(_ arguments: String...) throws -> String {
            let result = try Executables.run(
                "pace", ["checkin"] + arguments + ["--json"], environment: daemon.environment)
            #expect(result.status == 0, "pace checkin: \(result.standardError)")
            return try JSONDecoder().decode(PaceAPI.StatusReply.self, from: Data(result.standardOutput.utf8)).status
                .pacingDay
        }

        func pacingDay() throws -> String {
            try json(PaceAPI.GetStatus.Reply.self, "status").status.pacingDay
        }

        /// Every event in the log, as `pace log dump` prints them: its type and its `at`.
        func events() throws -> [(type: String, at: Instant)] {
            let result = try Executables.run("pace", ["log", "dump"], environment: daemon.environment)
            #expect(result.status == 0, "pace log dump: \(result.standardError)")
            return try result.standardOutput.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let at = try #require((object["at"] as? NSNumber)?.int64Value)
                return (try #require(object["type"] as? String), Instant(millisecondsSinceEpoch: at))
            }
        }

        /// How many check-ins the log holds.
        func checkInCount() throws -> Int {
            try events().filter { $0.type == "checkIn" }.count
        }

        /// Waits until the daemon has said `text` on standard error `count` times in all.
        func waitForLog(_ text: String, count: Int = 1) -> Bool {
            waitUntil(timeoutMilliseconds: 30_000) {
                (daemon.process?.standardError.components(separatedBy: text).count ?? 0) > count
            }
        }

        func restart() throws {
            #expect(daemon.stop() != nil)
            try daemon.start()
        }
    }

    @Test func aYearAheadAndBackLeavesTheDayAndTheCheckInsLandToday() throws {
        let session = try Session()
        defer { session.daemon.stop() }
        let today = try session.checkIn("--energy", "5")
        let endOfToday = try #require(Instant(rfc3339: "\(today)T00:00:00Z")).adding(seconds: 86_400 + 4 * 3600)

        try session.clock.step(toSeconds: Self.year)
        #expect(session.waitForLog("s ahead of the time paced keeps"))
        #expect(try session.checkIn("--pain", "4") == today)
        #expect(try session.pacingDay() == today)

        try session.clock.step(toSeconds: 0)
        #expect(session.waitForLog("the test clock offset moved", count: 2))
        #expect(try session.checkIn("--fatigue", "6") == today)
        #expect(try session.checkInCount() == 3)
        #expect(try session.events().allSatisfy { $0.at < endOfToday })

        try session.restart()
        #expect(try session.pacingDay() == today)
        let history = try session.json(PaceAPI.GetHistory.Reply.self, "history", "--days", "1").days
        #expect(history.map(\.date) == [today])
    }

    /// The issue's walk: a 3-day step while it runs records no reminder at the future time, and the stop counts
    /// the minutes walked, not the 240 a 3-day bout would be capped at.
    @Test func aThreeDayStepDuringAWalkRecordsNothingAheadAndTheStopCountsMinutes() throws {
        let session = try Session()
        defer { session.daemon.stop() }
        let today = try session.checkIn("--energy", "5")
        let endOfToday = try #require(Instant(rfc3339: "\(today)T00:00:00Z")).adding(seconds: 86_400 + 4 * 3600)
        _ = try session.json(PaceAPI.ActivityReply.self, "start", "walk")
        try session.clock.step(toSeconds: 3 * 86_400)
        #expect(session.waitForLog("s ahead of the time paced keeps"))
        #expect(try session.pacingDay() == today)
        let stopped = try session.json(PaceAPI.ActivityReply.self, "stop")
        #expect(stopped.activity.durationSeconds < 600)
        #expect(try session.events().allSatisfy { $0.at < endOfToday })
    }

    /// A step that held long enough is followed, and what is recorded then is stamped with it; when the clock goes
    /// back and that holds too, the day is today's again (those events are left out of the state, not dropped),
    /// and after a restart as well.
    @Test func aFollowedJumpThatGoesBackUnpinsTheDayAndARestartKeepsItSo() throws {
        let session = try Session()
        defer { session.daemon.stop() }
        let today = try session.checkIn("--energy", "5")
        let hold = TrustedTime.holdSeconds

        try session.clock.step(toSeconds: Self.year)
        #expect(session.waitForLog("s ahead of the time paced keeps"))
        // Time passes (CLOCK_BOOTTIME with it) until the step has held: the daemon follows it.
        try session.clock.advance(seconds: hold + 60)
        #expect(waitUntil(timeoutMilliseconds: 30_000) { (try? session.pacingDay()) != today })
        let ahead = try session.checkIn("--pain", "7")
        #expect(ahead > today)

        try session.clock.step(toSeconds: 0)
        #expect(session.waitForLog("s back; paced follows it"))
        try session.clock.advance(seconds: hold + 60)
        #expect(waitUntil(timeoutMilliseconds: 30_000) { (try? session.pacingDay()) == today })
        #expect(try session.checkIn("--fatigue", "3") == today)
        // Nothing was dropped from the log.
        #expect(try session.checkInCount() == 3)

        try session.restart()
        #expect(try session.pacingDay() == today)
        #expect(session.waitForLog("event(s) stamped after"))
        #expect(try session.checkIn("--stress", "2") == today)
    }
}
