import Logging
import PaceCore
import PaceLog
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// Start-up through ``EventStore``: a good snapshot is loaded and only the tail replayed; a snapshot whose
/// payload is damaged, cut short, of another format version or made with other settings is ignored, and the
/// state is the full replay's.
@Suite struct SnapshotStartupTests {
    let root = TemporaryDirectory()
    /// The state directory, where `paced` looks for it with `XDG_STATE_HOME` = `root`.
    var directory: String { root.appending("pace") }
    let history = RandomHistory(seed: 42)

    /// Writes the history's events to the log, and a snapshot with `payload` at the log's end after `cut`
    /// of them.
    func writeLog(snapshotAfter cut: Int, payload: (PaceState) throws -> [UInt8]) throws {
        let (log, _) = try EventLog.open(directory: EventLog.directory(inStateDirectory: directory))
        let time = Instant(millisecondsSinceEpoch: 1_764_000_000_000)
        for event in history.events[..<cut] { _ = try log.append([EventCodec.encode(event)], at: time) }
        let state = try PaceState(settings: history.settings, replaying: history.events[..<cut])
        try log.writeSnapshot(try payload(state), at: log.endPosition)
        for event in history.events[cut...] { _ = try log.append([EventCodec.encode(event)], at: time) }
    }

    /// The state `paced` starts with on this directory, at the time of the history's last event (none is past the
    /// horizon).
    func startState(settings: PaceSettings? = nil) throws -> PaceState {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let clock = FixedClock(try #require(history.events.map(\.at).max()), utcOffsetSeconds: 0)
        return try onDaemonLoop {
            try EventStore.open(
                stateDirectory: directory, settings: settings ?? history.settings, clock: clock, logger: logger
            ).state
        }
    }

    @Test func aGoodSnapshotIsLoadedAndOnlyTheTailReplayed() throws {
        defer { root.remove() }
        let cut = history.events.count / 2
        try #require(cut >= 2)
        // The snapshot holds a state that differs from replaying the first half (the last of those events is left
        // out): the start-up state shows whether it was loaded.
        try writeLog(snapshotAfter: cut) { _ in
            try StateSnapshot.encode(
                Ledger.alone(try PaceState(settings: history.settings, replaying: history.events[..<(cut - 1)])))
        }
        var expected = try PaceState(settings: history.settings, replaying: history.events[..<(cut - 1)])
        for event in history.events[cut...] { try expected.apply(event) }
        #expect(try startState() == expected)
    }

    @Test(arguments: ["damaged", "cut short", "older JSON", "older version", "newer version", "empty"])
    func anUnusableSnapshotPayloadMeansAFullReplay(_ kind: String) throws {
        defer { root.remove() }
        let cut = history.events.count * 2 / 3
        try writeLog(snapshotAfter: cut) { state in
            var payload = try StateSnapshot.encode(Ledger.alone(state))
            switch kind {
            case "damaged": payload[payload.count / 2] ^= 0x10
            case "cut short": payload.removeLast(payload.count / 3)
            case "older JSON": payload = Array(#"{"settings":{},"days":[]}"#.utf8)
            // The version before this one (3: reminder ids as text, absolute instants) read as this one would
            // misread every day: it is refused by its number.
            case "older version": payload[8] = UInt8(StateSnapshot.version - 1)
            case "newer version": payload[8] = UInt8(StateSnapshot.version + 1)
            default: payload = []
            }
            return payload
        }
        #expect(try startState() == history.state, "\(kind)")
        // `paced --check-log` says so too, rather than calling the snapshot usable because its frame is whole.
        let check = try Executables.run(
            "paced", ["--check-log"],
            environment: ["XDG_STATE_HOME": root.path, "HOME": root.path, "PATH": "/usr/bin:/bin"])
        #expect(check.standardOutput.contains("snapshot: ignored (paced replays the whole log)"), "\(check)")
    }

    @Test func checkLogCallsAGoodSnapshotUsable() throws {
        defer { root.remove() }
        try writeLog(snapshotAfter: history.events.count / 2) { state in try StateSnapshot.encode(Ledger.alone(state)) }
        let check = try Executables.run(
            "paced", ["--check-log"],
            environment: ["XDG_STATE_HOME": root.path, "HOME": root.path, "PATH": "/usr/bin:/bin"])
        #expect(check.standardOutput.contains("snapshot: usable"), "\(check)")
    }

    @Test func aSnapshotMadeWithOtherSettingsMeansAFullReplay() throws {
        defer { root.remove() }
        var other = history.settings
        other.dayStartHour = (other.dayStartHour + 5) % 24
        try writeLog(snapshotAfter: history.events.count / 2) { state in try StateSnapshot.encode(Ledger.alone(state)) }
        #expect(try startState(settings: other) == (try PaceState(settings: other, replaying: history.events)))
    }
}
