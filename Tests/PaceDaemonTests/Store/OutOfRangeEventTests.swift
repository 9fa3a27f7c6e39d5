import Logging
import PaceLog
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceCore
@testable import PaceDaemon

/// Issue 22, items 1 and 9, through the store: an event out of range is never written, one already in the log is
/// skipped at replay with a report (never a trap), and a snapshot whose checksums match but whose state no replay
/// makes is ignored for a replay.
@Suite @DaemonActor
struct OutOfRangeEventTests {
    let root = TemporaryDirectory()
    var directory: String { root.appending("pace") }
    let clock = FixedClock(Instant(rfc3339: "2026-12-07T10:00:00Z")!, utcOffsetSeconds: 0)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open() throws -> EventStore {
        try EventStore.open(stateDirectory: directory, settings: PaceSettings(), clock: clock, logger: Self.logger)
    }

    /// The reproduction: a walk logged with a duration of 2^62 seconds.
    var evil: Event {
        Event(
            at: clock.instant, utcOffsetSeconds: 0,
            .activityLogged(
                .init(
                    activity: "walk", intensity: .moderate, pointsPerMinute: 1.8,
                    start: clock.instant.adding(seconds: -120), durationSeconds: 1 << 62)))
    }

    func checkIn(_ energy: Int, minutesAgo: Int64) -> Event {
        Event(
            at: clock.instant.adding(seconds: -60 * minutesAgo), utcOffsetSeconds: 0, .checkIn(CheckIn(energy: energy)))
    }

    @Test func anEventOutOfRangeIsNeverWritten() throws {
        defer { root.remove() }
        let store = try open()
        store.onChange = { Issue.record("a refused event was announced") }
        do {
            try store.record([checkIn(4, minutesAgo: 1), evil])
            Issue.record("the event was recorded")
        } catch {
            guard case .outOfRange(let index, let refusal) = error else {
                Issue.record("refused as \(error)")
                return
            }
            #expect(index == 1)
            #expect(refusal.field == .durationSeconds)
        }
        #expect(store.log.recordCount == 0)
        #expect(store.state == PaceState())
    }

    /// A command's events pass the same check: with a clock past 2199 a check-in is refused naming `at`, as the
    /// Varlink error `InvalidValue` with that parameter, and nothing is written.
    @Test func aCommandStampedByABrokenClockIsRefusedNamingAt() throws {
        defer { root.remove() }
        let broken = FixedClock(Instant(rfc3339: "2200-01-01T00:00:00Z")!, utcOffsetSeconds: 0)
        let store = try EventStore.open(
            stateDirectory: directory, settings: PaceSettings(), clock: broken, logger: Self.logger)
        do {
            try store.perform(.checkIn(CheckIn(energy: 4)))
            Issue.record("the check-in was recorded")
        } catch {
            guard case .outOfRange(0, let refusal) = error else {
                Issue.record("refused as \(error)")
                return
            }
            #expect(refusal.field == .at)
            let reply = VarlinkError(error)
            #expect(reply.name == PaceAPI.InvalidValue.name)
            #expect(reply.typed(as: PaceAPI.InvalidValue.self)?.parameter == "at")
        }
        #expect(store.log.recordCount == 0)
    }

    @Test func anEventOutOfRangeInTheLogIsSkippedAndReported() throws {
        defer { root.remove() }
        // Planted as a valid record (checksums and all) between two good ones, as an unchecked import wrote it.
        let (log, _) = try EventLog.open(directory: EventLog.directory(inStateDirectory: directory))
        let good = [checkIn(3, minutesAgo: 10), checkIn(6, minutesAgo: 5)]
        for event in [good[0], evil, good[1]] { _ = try log.append([EventCodec.encode(event)], at: clock.instant) }
        let store = try open()
        #expect(try store.state == PaceState(replaying: good))
        #expect(store.unreadableEvents == 1)
        #expect(store.skippedRecords.count == 1)
        #expect(store.skippedRecords.first?.contains("durationSeconds") == true, "\(store.skippedRecords)")
        // `paced --check-log` lists it and exits 1.
        let check = try Executables.run(
            "paced", ["--check-log"],
            environment: ["XDG_STATE_HOME": root.path, "HOME": root.path, "PATH": "/usr/bin:/bin"])
        #expect(check.status == 1, "\(check)")
        #expect(check.standardOutput.contains("skipped: the record at"), "\(check)")
        #expect(check.standardOutput.contains("durationSeconds is 4611686018427387904"), "\(check)")
        #expect(check.standardOutput.contains("events: 2 replayed, 1 skipped"), "\(check)")
    }

    /// How item 9's snapshots were made wrong: values no replay makes, behind checksums that match.
    nonisolated static let insanities: [(String, @Sendable (inout PaceState) -> Void)] = [
        ("badDayAnswer NaN", { $0.badDayAnswer = .nan }),
        ("badDayAnswer 1e308", { $0.badDayAnswer = 1e308 }),
        ("badDayAnswer -inf", { $0.badDayAnswer = -.infinity }),
        ("bout rate NaN", { $0.activity?.pointsPerMinute = .nan }),
        ("bout rate 1e308", { $0.activity?.pointsPerMinute = 1e308 }),
        ("bout rate -inf", { $0.activity?.pointsPerMinute = -.infinity }),
        ("bout rate 1e9", { $0.activity?.pointsPerMinute = 1e9 }),
        ("no days", { $0.days = [] }),
        ("a day's load 1e300", { $0.days[0].load = 1e300 }),
    ]

    @Test(arguments: insanities.indices)
    func aSnapshotNoReplayMakesIsIgnoredForAReplay(index: Int) throws {
        defer { root.remove() }
        let (name, spoil) = Self.insanities[index]
        let events = [
            Event(
                at: clock.instant.adding(seconds: -2 * 86_400), utcOffsetSeconds: 0,
                .calibrationAnswered(.init(badDayMinutes: 30, pointsPerMinute: 1.8))),
            checkIn(4, minutesAgo: 24 * 60),
            Event(
                at: clock.instant.adding(seconds: -600), utcOffsetSeconds: 0,
                .activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8))),
        ].identified()
        let (log, _) = try EventLog.open(directory: EventLog.directory(inStateDirectory: directory))
        for event in events { _ = try log.append([EventCodec.encode(event)], at: clock.instant) }
        var state = try PaceState(replaying: events)
        spoil(&state)
        // The encoder writes what it is given; the checksums match.
        let payload = try StateSnapshot.encode(Ledger.alone(state))
        #expect(throws: StateSnapshot.DecodeError.self, "\(name)") { try StateSnapshot.decode(payload).state }
        try log.writeSnapshot(payload, at: log.endPosition)
        let store = try open()
        #expect(try store.state == PaceState(replaying: events), "\(name)")
        #expect(store.state.days.flatMap(\.checkIns) == [CheckIn(energy: 4)], "\(name)")
        let status = store.queryState(at: clock.instant, utcOffsetSeconds: 0).status(
            now: clock.instant, utcOffsetSeconds: 0)
        #expect(status.budget.points.isFinite && status.used.points.isFinite, "\(name)")
    }
}
