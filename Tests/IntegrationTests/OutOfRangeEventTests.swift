import FoundationEssentials
import Glibc
import PaceCore
import PaceLog
import PaceTestSupport
import Testing

/// Issue 22, item 1, against the real paced: an event out of range is refused naming its field and never written,
/// so paced starts again as before; one already in a log (planted with valid checksums, as an unchecked import of
/// an older Pace wrote it) is skipped with a report, never a trap, and `paced --check-log` reports it.
@Suite struct OutOfRangeEventIntegrationTests {
    /// Milliseconds since the epoch, now.
    static var now: Int64 { Int64(time(nil)) * 1000 }

    /// The reproductions, as lines of an import file, with the field each must be refused for.
    static func reproductions() -> [(line: String, field: String)] {
        let now = Self.now
        func walk(_ fields: String, at: Int64 = now) -> String {
            #"{"type":"activityLogged","at":\#(at),"utcOffsetSeconds":0,"activity":"walk","intensity":"moderate","#
                + fields + "}"
        }
        let started =
            #"{"type":"activityStarted","at":\#(now),"utcOffsetSeconds":0,"activity":"walk","#
            + #""intensity":"moderate","pointsPerMinute":"#
        return [
            (
                walk(#""pointsPerMinute":1.8,"start":\#(now - 120_000),"durationSeconds":4611686018427387904"#),
                "durationSeconds"
            ),
            (
                walk(#""pointsPerMinute":1.8,"start":\#(now - 120_000),"durationSeconds":-9223372036854775808"#),
                "durationSeconds"
            ),
            (
                walk(#""pointsPerMinute":1.8,"start":\#(now - 120_000),"durationSeconds":9007199254740992"#),
                "durationSeconds"
            ),
            (walk(#""pointsPerMinute":1.8,"start":\#(now - 120_000),"durationSeconds":120"#, at: .min), "at"),
            (walk(#""pointsPerMinute":1e308,"start":\#(now - 120_000),"durationSeconds":120"#), "pointsPerMinute"),
            (walk(#""pointsPerMinute":-1e308,"start":\#(now - 120_000),"durationSeconds":120"#), "pointsPerMinute"),
            (walk(#""pointsPerMinute":1.8,"start":-9223372036854775808,"durationSeconds":120"#), "start"),
            (walk(#""pointsPerMinute":1.8,"start":-62135596800000,"durationSeconds":120"#), "start"),
            (started + "1e308}", "pointsPerMinute"),
            (
                #"{"type":"restStarted","at":\#(now),"utcOffsetSeconds":0,"plannedSeconds":9223372036854775807}"#,
                "plannedSeconds"
            ),
            (#"{"type":"checkIn","at":-6373000000000000000,"utcOffsetSeconds":0,"energy":4}"#, "at"),
            (#"{"type":"checkIn","at":\#(now),"utcOffsetSeconds":0,"energy":4611686018427387904}"#, "energy"),
        ]
    }

    @Test func everyReproductionIsRefusedNamingItsFieldAndPacedStartsAgain() throws {
        let daemon = try DaemonProcess()
        // The log holds this test's events only (`--check-log` counts them), whatever the time it runs at.
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let file = daemon.root.appending("evil.jsonl")
        for (line, field) in Self.reproductions() {
            try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let result = try daemon.pace("import", file)
            // 65: refused data (EX_DATAERR); before, paced trapped after writing it and pace said 69.
            #expect(result.status == 65, "\(line): \(result)")
            #expect(result.standardError.contains(field), "\(line): \(result.standardError)")
        }
        #expect(try daemon.pace("status").status == 0)
        #expect(daemon.stop() == .exited(0))
        // Nothing was written: paced starts as before, and the log is clean.
        try daemon.start()
        #expect(try daemon.pace("checkin", "--energy", "4").status == 0)
        let check = try Executables.run("paced", ["--check-log"], environment: daemon.environment)
        #expect(check.status == 0, "\(check)")
        #expect(check.standardOutput.contains("events: 1 replayed, 0 skipped"), "\(check)")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func anEventOutOfRangeInTheLogIsSkippedWithAReportNotATrap() throws {
        let daemon = try DaemonProcess()
        // The log holds this test's events only (`--check-log` counts them), whatever the time it runs at.
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        #expect(try daemon.pace("checkin", "--energy", "3").status == 0)
        #expect(daemon.stop() == .exited(0))
        // Planted as a whole record with valid checksums, followed by a good event.
        let (evil, _) = try #require(Self.reproductions().first)
        let good = #"{"at":\#(Self.now),"energy":6,"type":"checkIn","utcOffsetSeconds":0}"#
        do {
            let (log, _) = try EventLog.open(directory: daemon.stateDirectory + "/log")
            let time = Instant(millisecondsSinceEpoch: Self.now)
            for payload in [evil, good] { _ = try log.append([Array(payload.utf8)], at: time) }
        }

        try daemon.start()
        #expect(try daemon.pace("status").status == 0)
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains("durationSeconds is 4611686018427387904"), "\(doctor)")
        // The good event after it is applied: today's check-ins are 3 and 6.
        let history = try daemon.pace("history", "--days", "1", "--json")
        for energy in ["3", "6"] {
            #expect(history.standardOutput.contains(#""energy" : \#(energy)"#), "\(history)")
        }
        let check = try Executables.run("paced", ["--check-log"], environment: daemon.environment)
        #expect(check.status == 1, "\(check)")
        #expect(check.standardOutput.contains("skipped: the record at"), "\(check)")
        #expect(check.standardOutput.contains("events: 2 replayed, 1 skipped"), "\(check)")
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("skipped the record at") == true)
        // And again at the next start: still skipped, never a trap.
        try daemon.start()
        #expect(try daemon.pace("status").status == 0)
        #expect(daemon.stop() == .exited(0))
    }
}
