import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceLog

/// `paced --dump-log` and `paced --check-log`, run as a person would, against a log in a temporary state
/// directory.
@Suite struct LogInspectionTests {
    /// A state directory with a log of three events, one of them not JSON.
    static func stateWithLog() throws -> (LogFixture, [String: String]) {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        try log.append([event(1), Array("not json\n".utf8)], at: instant(2026, 11, 25))
        try log.append([event(2)], at: instant(2026, 12, 1))
        let environment = ["XDG_STATE_HOME": fixture.root.path, "HOME": fixture.root.path, "PATH": "/usr/bin:/bin"]
        // The fixture's log lives in <root>/state/log; paced looks in $XDG_STATE_HOME/pace/log.
        try Syscall.rename(fixture.root.appending("state"), to: fixture.root.appending("pace"))
        return (fixture, environment)
    }

    @Test func dumpPrintsEveryEventAsAJSONLineOldestFirst() throws {
        let (fixture, environment) = try Self.stateWithLog()
        let result = try Executables.run("paced", ["--dump-log"], environment: environment)
        withExtendedLifetime(fixture) {}
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 4)
        #expect(lines[0] == #"{"kind":"boutStarted","n":1}"#)
        #expect(lines[1].hasPrefix(#"{"unreadablePayload":{"position":"2026-11.log@"#))
        #expect(lines[1].contains(#""time":"2026-11-25T00:00:00Z","hex":"6e6f74206a736f6e0a"}}"#))
        #expect(lines[2] == #"{"kind":"boutStarted","n":2}"#)
        #expect(lines[3] == "")
        #expect(result.standardError.isEmpty)
    }

    @Test func dumpAndCheckChangeNothingAndReportWhatTheyFind() throws {
        let (fixture, environment) = try Self.stateWithLog()
        let segment = fixture.root.appending("pace/log/2026-12.log")
        let torn = Files.read(segment) + RecordFrame.marker
        Files.write(segment, torn)
        let november = fixture.root.appending("pace/log/2026-11.log")
        Files.flipBit(november, offset: 40, bit: 1)

        let dump = try Executables.run("paced", ["--dump-log"], environment: environment)
        #expect(dump.status == 0)
        let lines = dump.standardOutput.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix(#"{"unreadablePayload""#))
        #expect(lines.last == #"{"kind":"boutStarted","n":2}"#)
        #expect(dump.standardError.contains("\(november): skipped"))
        #expect(dump.standardError.contains("paced will cut it off when it starts"))

        let check = try Executables.run("paced", ["--check-log"], environment: environment)
        #expect(check.status == 1)
        #expect(check.standardOutput.contains("read 2 events from 2 segments"))
        #expect(check.standardOutput.contains("damage: \(november): skipped"))
        #expect(check.standardOutput.contains("notice: \(segment): an incomplete record at the end"))
        #expect(check.standardOutput.contains("snapshot: none"))
        #expect(Files.read(segment) == torn)
    }

    @Test func anUnreadableLogIsOneLineAndStatus74() throws {
        let (fixture, environment) = try Self.stateWithLog()
        let segment = fixture.root.appending("pace/log/2026-11.log")
        chmod(segment, 0o644)
        let dump = try Executables.run("paced", ["--dump-log"], environment: environment)
        #expect(dump.status == 74)
        #expect(dump.standardError.contains("chmod 600 \(segment)"))
        #expect(dump.standardOutput.isEmpty)
    }

    /// Runs `paced` with `arguments`; a run that has not finished after 30 s (one blocked in `open` on a FIFO) is
    /// killed and fails the test.
    static func runPaced(_ arguments: [String], environment: [String: String]) throws -> Executables.Result {
        do {
            return try Executables.run("paced", arguments, environment: environment)
        } catch let error as ChildTimedOut {
            Issue.record("\(error): blocked")
            throw error
        }
    }

    @Test func aFIFOInPlaceOfASegmentIsReportedWithoutBlocking() throws {
        // The reproduction: a FIFO at the newest segment's name blocked `open` for ever.
        let (fixture, environment) = try Self.stateWithLog()
        let fifo = fixture.root.appending("pace/log/2027-01.log")
        try #require(mkfifo(fifo, 0o600) == 0)
        let check = try Self.runPaced(["--check-log"], environment: environment)
        #expect(check.status == 1)
        #expect(check.standardOutput.contains("read 3 events from 2 segments"))
        #expect(check.standardOutput.contains("damage: \(fifo) is a FIFO, not a regular file"))
        let dump = try Self.runPaced(["--dump-log"], environment: environment)
        #expect(dump.status == 0)
        #expect(dump.standardOutput.split(separator: "\n").count == 3)
        #expect(dump.standardError.contains("\(fifo) is a FIFO, not a regular file"))
        #expect(Files.isFIFO(fifo))
    }

    @Test func anAbsurdlyLargeSegmentIsReportedWithoutBeingRead() throws {
        // The reproduction: a 32 GiB sparse segment made the log allocate all of it and abort.
        let (fixture, environment) = try Self.stateWithLog()
        let huge = fixture.root.appending("pace/log/2027-01.log")
        Files.write(huge, [])
        try #require(truncate(huge, 32 << 30) == 0)
        let check = try Self.runPaced(["--check-log"], environment: environment)
        #expect(check.status == 1, "\(check.standardError)")
        #expect(check.standardOutput.contains("damage: \(huge) is 32 GiB, more than a log file may be (1 GiB)"))
        let dump = try Self.runPaced(["--dump-log"], environment: environment)
        #expect(dump.status == 0, "\(dump.standardError)")
        #expect(dump.standardOutput.split(separator: "\n").count == 3)
        #expect(Files.size(huge) == 32 << 30)
    }
}
