import FoundationEssentials
import Glibc
import PaceDaemon
import PaceTestSupport
import Testing

/// paced's journal handler against a real systemd-journald of the test's own (see ``PrivateJournal``), read
/// back with `journalctl -o json`.
@Suite(.enabled(if: PrivateJournal.isAvailable, "needs root, systemd-journald and unshare"))
struct JournalTests {
    static let probe = Executables.path("JournalProbe")

    @Test func entriesCarryTheStandardFieldsAndEveryPriority() throws {
        let journal = PrivateJournal()
        let levels = [
            "trace": "7", "debug": "7", "info": "6", "notice": "5", "warning": "4", "error": "3", "critical": "2",
        ]
        let lines = levels.keys.sorted().map { #"{"level":"\#($0)","message":"at \#($0)"}"# }
        let result = try journal.run(Self.probe, lines, environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        let entries = try journal.entries(["SYSLOG_IDENTIFIER=paced"])
        #expect(entries.count == levels.count, "\(result.standardError)")
        for entry in entries {
            let level = try #require(entry["MESSAGE"]?.split(separator: " ").last.map(String.init))
            #expect(entry["PRIORITY"] == levels[level], "\(level)")
            #expect(entry["_TRANSPORT"] == "journal")
            #expect(entry["CODE_FILE"] == "JournalProbe/main.swift")
            #expect(entry["CODE_LINE"].flatMap { Int($0) }.map { $0 > 0 } == true)
            #expect(entry["CODE_FUNC"]?.isEmpty == false)
            #expect(entry["PACE_LOGGER"] == nil)
        }
    }

    @Test func metadataBecomesPaceFieldsWithConvertedNamesAndNothingIsDropped() throws {
        let journal = PrivateJournal()
        let line = #"""
            {"level":"info","message":"with metadata","error":"disk full",
             "metadata":{"budgetLeft":"42","pace.event":"reminder","PACE_KIND":"walk","weird key!":"w",
                         "_PID":"1","MESSAGE":"not the message","lower_case":"l","Grüße":"g","":"empty",
                         "list":["a","b"],"nested":{"inner":"i","deeper":{"x":"1"}},"multi":"one\ntwo",
                         "MESSAGE_ID":"not-an-id"}}
            """#
        let result = try journal.run(Self.probe, [line], environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        let entry = try #require(try journal.entries(["SYSLOG_IDENTIFIER=paced"]).first, "\(result.standardError)")
        #expect(entry["MESSAGE"] == "with metadata")
        #expect(entry["PACE_ERROR"] == "disk full")
        let expected: [String: [String]] = [
            "PACE_BUDGET_LEFT": ["42"], "PACE_EVENT": ["reminder"], "PACE_KIND": ["walk"], "PACE_WEIRD_KEY": ["w"],
            "PACE_PID": ["1"], "PACE_MESSAGE": ["not the message"], "PACE_LOWER_CASE": ["l"], "PACE_GR_E": ["g"],
            "PACE_UNNAMED": ["empty"], "PACE_LIST": ["a", "b"], "PACE_NESTED_INNER": ["i"],
            "PACE_NESTED_DEEPER_X": ["1"], "PACE_MULTI": ["one\ntwo"], "PACE_MESSAGE_ID": ["not-an-id"],
        ]
        for (name, values) in expected {
            #expect(entry.fields[name] == values, "\(name)")
        }
        // The trusted _PID is journald's, not the metadata's; MESSAGE_ID is set only from a well-formed id.
        #expect(entry["_PID"] != "1")
        #expect(entry["MESSAGE_ID"] == nil)
        // Every metadata key arrived as a field: nothing was dropped.
        #expect(entry.fields.keys.filter { $0.hasPrefix("PACE_") }.count == expected.count + 1)
    }

    @Test func fixedMessageIDsMarkRemindersFlaresAndRecoveredCorruption() throws {
        let journal = PrivateJournal()
        let lines = MessageID.all.map { name, id in
            #"{"level":"notice","message":"\#(name)","metadata":{"MESSAGE_ID":"\#(id.hex)"}}"#
        }
        let result = try journal.run(Self.probe, lines, environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        for (name, id) in MessageID.all {
            let found = try journal.entries(["MESSAGE_ID=\(id.hex)"])
            #expect(found.map { $0["MESSAGE"] } == [name], "\(result.standardError)")
            #expect(found.first?.fields["PACE_MESSAGE_ID"] == nil)
        }
        #expect(Set(MessageID.all.map(\.id.hex)).count == MessageID.all.count)
    }

    @Test func withoutJournaldMessagesGoToStandardError() throws {
        let journal = PrivateJournal()
        let line = #"{"level":"warning","message":"nobody listens","metadata":{"kind":"walk"}}"#
        let result = try journal.run(Self.probe, [line], environment: [:], journald: false)
        #expect(result.status == 0)
        #expect(result.standardError.contains("]: warning: nobody listens kind=walk\n"))
    }

    @Test func pacedWritesToTheJournalWhenStderrIsTheJournalStream() throws {
        let journal = PrivateJournal()
        let daemon = try DaemonProcess()
        let config = try writeConfig(daemon, "[day]\nstart_hour = 6\n")
        try journal.start(
            "/usr/bin/systemd-cat", ["-t", "paced-stderr"] + Self.withJournalStream(), environment: daemon.environment)
        let pid = try #require(journal.commandPID)
        try #require(ready(daemon), "\(journal.process?.standardError ?? "")")
        try writeConfig(daemon, "[day]\nstart_hour = 66\n")
        kill(pid, SIGHUP)
        try #require(ready(daemon), "\(journal.process?.standardError ?? "")")
        kill(pid, SIGTERM)
        #expect(journal.process?.wait(timeoutMilliseconds: 10_000) == .exited(0))

        let entries = try journal.entries(["SYSLOG_IDENTIFIER=paced"])
        #expect(entries.allSatisfy { $0["_TRANSPORT"] == "journal" })
        let serving = try #require(entries.first { $0["MESSAGE"]?.hasPrefix("serving on ") == true })
        #expect(serving["PRIORITY"] == "6")
        #expect(serving["CODE_FILE"] == "PaceDaemon/Daemon.swift")
        let problem = try #require(entries.first { $0["PACE_CONFIG_KEY"] != nil })
        #expect(problem["PRIORITY"] == "3")
        #expect(problem["PACE_CONFIG_FILE"] == config)
        #expect(problem["PACE_CONFIG_LINE"] == "2")
        #expect(problem["PACE_CONFIG_KEY"] == "day.start_hour")
        #expect(problem["PACE_CONFIG_PROBLEM"] == "bad value")
        #expect(problem["MESSAGE"] == "\(config):2: day.start_hour: expected a whole number from 0 to 23, found 66")
        let kept = entries.first { $0["MESSAGE"]?.hasPrefix("configuration not reloaded") == true }
        #expect(kept?["PRIORITY"] == "4")
        // Nothing went through the stderr stream.
        #expect(try journal.entries(["SYSLOG_IDENTIFIER=paced-stderr"]).isEmpty)
    }

    @Test func pacedWritesLinesWhenJournalStreamNamesAnotherStream() throws {
        let journal = PrivateJournal()
        let daemon = try DaemonProcess(extraEnvironment: ["JOURNAL_STREAM": "1:2"])
        try journal.start(
            "/usr/bin/systemd-cat", ["-t", "paced-stderr", Executables.path("paced")], environment: daemon.environment)
        try #require(ready(daemon), "\(journal.process?.standardError ?? "")")
        kill(try #require(journal.commandPID), SIGTERM)
        #expect(journal.process?.wait(timeoutMilliseconds: 10_000) == .exited(0))
        #expect(try journal.entries(["SYSLOG_IDENTIFIER=paced"]).isEmpty)
        let lines = try journal.entries(["SYSLOG_IDENTIFIER=paced-stderr"]).compactMap { $0["MESSAGE"] }
        #expect(lines.contains { $0.hasPrefix("paced[") && $0.contains("]: serving on ") })
    }

    private func ready(_ daemon: DaemonProcess) -> Bool {
        daemon.notify.receive(until: "READY=1", timeoutMilliseconds: 10_000).last?.contains("READY=1") == true
    }

    /// `paced`, started by a shell that sets `JOURNAL_STREAM` to its standard error, as systemd would.
    private static func withJournalStream() -> [String] {
        [
            "/bin/sh", "-c", #"JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); export JOURNAL_STREAM; exec "$0""#,
            Executables.path("paced"),
        ]
    }
}
